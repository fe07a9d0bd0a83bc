import type { Problem } from '../diagnostic';
import { RULE_GRAPH_CHECKS } from '../lint/lintRegistry';
import type { LintFinding, RuleGraphQuestions } from '../lint/lintRule';
import type { FileIndex } from '../rules/ruleIndex';
import { recordingRuleKey, type WorkspaceIndex } from '../workspace/workspaceIndex';

/*
 * The rule graph of the workspace, seen from one file: the problems of the registry's rule-graph
 * rules (lint/rules/ruleGraph.ts: a recording rule read before it is written in its group, one
 * nothing in the workspace reads or names, recording rules of one file that read each other in a
 * cycle), each check run over the file's index entry, asking the workspace index what it needs.
 */

export function ruleGraphProblems(file: FileIndex, index: WorkspaceIndex): Problem[] {
  const problems: Problem[] = [];
  const report = (finding: LintFinding): void => {
    problems.push({
      code: finding.code,
      severity: finding.severity ?? finding.code.defaultSeverity,
      range: finding.range,
      message: finding.message,
      ...(finding.unnecessary ? { unnecessary: true } : {}),
    });
  };
  const graph = index.recordingGraph();
  const questions: RuleGraphQuestions = {
    isRead: (name) => index.isRead(name),
    isMentioned: (name) => index.mentions.has(name),
    // The graph's keys are a file's URI and a name (workspaceIndex.ts): the names are what a message shows.
    cycleThrough: (name) => (graph.hasCycles ? graph.cycleThrough(recordingRuleKey(file.uri, name))?.map((key) => key.slice(key.indexOf('\n') + 1)) ?? null : null),
  };
  for (const check of RULE_GRAPH_CHECKS) check(file, questions, report);
  return problems;
}
