import type { Problem } from '../diagnostic';
import { RULE_GRAPH_CHECKS } from '../lint/lintRegistry';
import type { LintFinding, RuleGraphFile, RuleGraphQuestions } from '../lint/lintRule';
import type { FileIndex, GroupShare } from '../rules/ruleIndex';
import { movedProblem } from '../documents/nodeMemo';
import { keptEnds, replaceSpan } from '../documents/changedItems';
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
  KEPT.get(index)?.delete(file.uri);
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

/*
 * What the checks found in a file's groups is kept per file, in arrays in the order of its groups,
 * beside the groups' shares as they were: the groups whose share is the same at both ends are
 * found by comparing the two lists, and a kept group is looked at only when it has problems (they
 * move with it) or when what its checks asked changed (a name read or unread, the mentions, the
 * cycles): the names asked are kept by name. A look at each check of each of 500 groups (a cache
 * miss each) cost about 2 ms per keystroke in the bench's file of 10,000 rules.
 */

/** What the checks found in one group and what they asked. */
interface KeptGroup {
  /** Where the group started when its problems were found or last moved. */
  start: number;
  /** By check. */
  problems: (readonly Problem[])[];
  readonly asked: Asked;
}

/** What is kept of one file's groups, by position. */
interface KeptFile {
  shares: readonly GroupShare[];
  readonly groups: KeptGroup[];
  /** How many problems each group has (all checks). */
  readonly counts: number[];
  /** How many definitions and uses the groups before each position hold (one more than the groups). */
  readonly definitionsBefore: number[];
  readonly usesBefore: number[];
  /** The versions of what was asked when every kept group was last brought up to it. */
  readNames: number;
  mentions: number;
  graph: RecordingRuleGraph;
  /** The groups that asked about a name, that asked about the mentions, that asked for cycles. */
  readonly askedName: Map<string, Set<KeptGroup>>;
  readonly askedMentions: Set<KeptGroup>;
  readonly askedCycles: Set<KeptGroup>;
}

/** By workspace index, by file URI. */
const KEPT = new WeakMap<WorkspaceIndex, Map<string, KeptFile>>();

function problemsByGroup(file: FileIndex, shares: readonly GroupShare[], index: WorkspaceIndex, graph: RecordingRuleGraph): Problem[] {
  let files = KEPT.get(index);
  if (!files) {
    files = new Map();
    KEPT.set(index, files);
  }
  const readNames = index.readNamesVersion;
  const mentions = index.mentions.version;
  let kept = files.get(file.uri);
  const changed = kept && kept.readNames !== readNames ? index.readNamesChangedSince(kept.readNames) : [];
  if (!kept || !changed) {
    kept = {
      shares: [], groups: [], counts: [], definitionsBefore: [0], usesBefore: [0], readNames, mentions, graph,
      askedName: new Map(), askedMentions: new Set(), askedCycles: new Set(),
    };
    files.set(file.uri, kept);
  }
  // The kept groups whose checks asked what changed since.
  const stale = new Set<KeptGroup>();
  for (const name of changed ?? []) for (const group of kept.askedName.get(name) ?? []) stale.add(group);
  if (kept.mentions !== mentions) for (const group of kept.askedMentions) stale.add(group);
  if (kept.graph !== graph) for (const group of kept.askedCycles) stale.add(group);

  const count = shares.length;
  const oldCount = kept.shares.length;
  const { head, tail } = keptEnds(shares, kept.shares, sameShare);
  const run = (i: number): KeptGroup => ({ start: shares[i].start, ...runChecks(file, kept, i, index, graph) });
  if (head + tail < count || oldCount !== count) {
    for (let i = head; i < oldCount - tail; i++) forget(kept, kept.groups[i]);
    // The counts before the groups at the end: shifted by what the changed groups hold now.
    const tailDefinitions = kept.definitionsBefore.slice(oldCount - tail).map((n) => n - kept.definitionsBefore[oldCount - tail]);
    const tailUses = kept.usesBefore.slice(oldCount - tail).map((n) => n - kept.usesBefore[oldCount - tail]);
    kept.definitionsBefore.length = head + 1;
    kept.usesBefore.length = head + 1;
    for (let i = head; i < count - tail; i++) {
      kept.definitionsBefore.push(kept.definitionsBefore[i] + shares[i].definitions);
      kept.usesBefore.push(kept.usesBefore[i] + shares[i].uses);
    }
    const definitionsAt = kept.definitionsBefore[count - tail];
    const usesAt = kept.usesBefore[count - tail];
    for (let k = 1; k < tailDefinitions.length; k++) {
      kept.definitionsBefore.push(definitionsAt + tailDefinitions[k]);
      kept.usesBefore.push(usesAt + tailUses[k]);
    }
    const fresh: KeptGroup[] = [];
    for (let i = head; i < count - tail; i++) fresh.push(run(i));
    replaceSpan(kept.groups, head, oldCount - tail - head, fresh);
    replaceSpan(kept.counts, head, oldCount - tail - head, fresh.map(problemCount));
    for (const group of fresh) remember(kept, group);
  }
  kept.shares = shares;
  for (const group of stale) {
    const i = kept.groups.indexOf(group);
    if (i < 0) continue;
    forget(kept, group);
    const again = run(i);
    kept.groups[i] = again;
    kept.counts[i] = problemCount(again);
    remember(kept, again);
  }
  kept.readNames = readNames;
  kept.mentions = mentions;
  kept.graph = graph;
  // The problems, check by check, group by group: those of the groups that moved moved with them.
  const found: Problem[] = [];
  RULE_GRAPH_CHECKS.forEach((_, c) => {
    for (let i = 0; i < count; i++) {
      if (kept.counts[i] === 0) continue;
      const group = kept.groups[i];
      const delta = shares[i].start - group.start;
      if (delta !== 0) {
        group.problems = group.problems.map((problems) => problems.map((problem) => movedProblem(problem, delta)));
        group.start = shares[i].start;
      }
      for (const problem of group.problems[c]) found.push(problem);
    }
  });
  return found;
}

function sameShare(a: GroupShare, b: GroupShare): boolean {
  return a === b || a.id === b.id;
}

function problemCount(group: KeptGroup): number {
  let count = 0;
  for (const problems of group.problems) count += problems.length;
  return count;
}

function remember(kept: KeptFile, group: KeptGroup): void {
  for (const name of group.asked.names) {
    const groups = kept.askedName.get(name);
    if (groups) groups.add(group);
    else kept.askedName.set(name, new Set([group]));
  }
  if (group.asked.mentions) kept.askedMentions.add(group);
  if (group.asked.cycles) kept.askedCycles.add(group);
}

function forget(kept: KeptFile, group: KeptGroup): void {
  for (const name of group.asked.names) {
    const groups = kept.askedName.get(name);
    groups?.delete(group);
    if (groups?.size === 0) kept.askedName.delete(name);
  }
  kept.askedMentions.delete(group);
  kept.askedCycles.delete(group);
}

/** Every check over the group at position `i` (its entries are the file's between the counts before it and after it). */
function runChecks(file: FileIndex, kept: KeptFile, i: number, index: WorkspaceIndex, graph: RecordingRuleGraph): { problems: Problem[][]; asked: Asked } {
  const share: RuleGraphFile = {
    definitions: file.definitions.slice(kept.definitionsBefore[i], kept.definitionsBefore[i + 1]),
    uses: file.uses.slice(kept.usesBefore[i], kept.usesBefore[i + 1]),
  };
  const asked: Asked = { names: new Set(), mentions: false, cycles: false };
  const questions = questionsOf(file.uri, index, graph, asked);
  const problems = RULE_GRAPH_CHECKS.map((check) => {
    const own: Problem[] = [];
    check(share, questions, (finding) => own.push(problemOf(finding)));
    return own;
  });
  return { problems, asked };
}
