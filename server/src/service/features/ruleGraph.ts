import type { Problem } from '../diagnostic';
import { RULE_GRAPH_CHECKS } from '../lint/lintRegistry';
import type { LintFinding, RuleGraphCheck, RuleGraphFile, RuleGraphQuestions } from '../lint/lintRule';
import type { FileIndex, GroupShare } from '../rules/ruleIndex';
import { movedProblem } from '../documents/nodeMemo';
import type { RecordingRuleGraph } from '../workspace/recordingRuleGraph';
import { recordingRuleKey, type WorkspaceIndex } from '../workspace/workspaceIndex';

/*
 * The rule graph of the workspace, seen from one file: the problems of the registry's rule-graph
 * rules (lint/rules/ruleGraph.ts: a recording rule read before it is written in its group, one
 * nothing in the workspace reads or names, recording rules of one file that read each other in a
 * cycle), each check run over the file's index entry, asking the workspace index what it needs.
 *
 * After an edit, each check runs group by group (the checks are about one rule, or about the rules
 * of one group), and what a check found in a group is kept while the group's entries are (a
 * keystroke re-reads one group: ruleIndex.ts) and the answers it asked for are: the names it asked
 * about were not read or unread since (WorkspaceIndex.readNamesChangedSince), the mentions did not
 * change if it asked about them, the graph is the same if it asked for cycles. In a file of 10,000
 * rules this took 10–15 ms per keystroke over every rule, and now looks at one group.
 */

export function ruleGraphProblems(file: FileIndex, index: WorkspaceIndex): Problem[] {
  const graph = index.recordingGraph();
  if (file.groups) return problemsByGroup(file, file.groups, index, graph);
  const problems: Problem[] = [];
  const questions = questionsOf(file.uri, index, graph, null);
  for (const check of RULE_GRAPH_CHECKS) check(file, questions, (finding) => problems.push(problemOf(finding)));
  return problems;
}

function problemOf(finding: LintFinding): Problem {
  return {
    code: finding.code,
    severity: finding.severity ?? finding.code.defaultSeverity,
    // A copy: the index moves its entries' ranges in place (ruleIndex.ts), and a kept problem is moved here.
    range: { start: finding.range.start, end: finding.range.end },
    message: finding.message,
    ...(finding.unnecessary ? { unnecessary: true } : {}),
  };
}

/** What a check asked while it ran over a group. */
interface Asked {
  /** Names asked `isRead` or `isMentioned` about. */
  readonly names: Set<string>;
  mentions: boolean;
  cycles: boolean;
}

function questionsOf(uri: string, index: WorkspaceIndex, graph: RecordingRuleGraph, asked: Asked | null): RuleGraphQuestions {
  return {
    isRead: (name) => {
      asked?.names.add(name);
      return index.isRead(name);
    },
    isMentioned: (name) => {
      if (asked) {
        asked.names.add(name);
        asked.mentions = true;
      }
      return index.mentions.has(name);
    },
    // The graph's keys are a file's URI and a name (workspaceIndex.ts): the names are what a message shows.
    cycleThrough: (name) => {
      if (asked) asked.cycles = true;
      return graph.hasCycles ? graph.cycleThrough(recordingRuleKey(uri, name))?.map((key) => key.slice(key.indexOf('\n') + 1)) ?? null : null;
    },
  };
}

/** What one check found in one group, and what it depends on besides the group's entries. */
interface KeptCheck {
  problems: readonly Problem[];
  readonly asked: Asked;
  readonly index: WorkspaceIndex;
  readNames: number;
  readonly mentions: number;
  readonly graph: RecordingRuleGraph;
}

/** By GroupShare id: where the group started, and each check's findings in it. */
const KEPT = new WeakMap<object, { start: number; checks: (KeptCheck | undefined)[] }>();

function problemsByGroup(file: FileIndex, groups: readonly GroupShare[], index: WorkspaceIndex, graph: RecordingRuleGraph): Problem[] {
  const found: Problem[][] = RULE_GRAPH_CHECKS.map(() => []);
  const readNames = index.readNamesVersion;
  const mentions = index.mentions.version;
  /** The names read that came or went since a version (null: no longer known), once per version. */
  const changedSince = new Map<number, ReadonlySet<string> | null>();
  const stillTrue = (kept: KeptCheck): boolean => {
    if (kept.index !== index) return false;
    if (kept.asked.cycles && kept.graph !== graph) return false;
    if (kept.asked.mentions && kept.mentions !== mentions) return false;
    if (kept.readNames === readNames || kept.asked.names.size === 0) return true;
    let changed = changedSince.get(kept.readNames);
    if (changed === undefined) {
      const names = index.readNamesChangedSince(kept.readNames);
      changed = names && new Set(names);
      changedSince.set(kept.readNames, changed);
    }
    if (!changed) return false;
    for (const name of changed) if (kept.asked.names.has(name)) return false;
    kept.readNames = readNames;
    return true;
  };
  let definitionsAt = 0;
  let usesAt = 0;
  for (const group of groups) {
    let kept = KEPT.get(group.id);
    if (!kept) {
      kept = { start: group.start, checks: [] };
      KEPT.set(group.id, kept);
    }
    const delta = group.start - kept.start;
    kept.start = group.start;
    let share: RuleGraphFile | undefined;
    RULE_GRAPH_CHECKS.forEach((check, i) => {
      let one = kept.checks[i];
      if (one && stillTrue(one)) {
        if (delta !== 0 && one.problems.length > 0) one.problems = one.problems.map((problem) => movedProblem(problem, delta));
      } else {
        share ??= {
          definitions: file.definitions.slice(definitionsAt, definitionsAt + group.definitions),
          uses: file.uses.slice(usesAt, usesAt + group.uses),
        };
        one = runCheck(check, share, file.uri, index, graph, readNames, mentions);
        kept.checks[i] = one;
      }
      for (const problem of one.problems) found[i].push(problem);
    });
    definitionsAt += group.definitions;
    usesAt += group.uses;
  }
  return found.flat();
}

function runCheck(check: RuleGraphCheck, share: RuleGraphFile, uri: string, index: WorkspaceIndex, graph: RecordingRuleGraph, readNames: number, mentions: number): KeptCheck {
  const asked: Asked = { names: new Set(), mentions: false, cycles: false };
  const problems: Problem[] = [];
  check(share, questionsOf(uri, index, graph, asked), (finding) => problems.push(problemOf(finding)));
  return { problems, asked, index, readNames, mentions, graph };
}
