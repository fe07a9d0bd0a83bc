import type { FileIndex, RuleDefinition } from '../rules/ruleIndex';
import type { TextRange } from '../promql/syntaxTree';
import { recordingRuleKey, type WorkspaceIndex } from '../workspace/workspaceIndex';

/*
 * The rule graph of the workspace, seen from one file: a recording rule read before it is written
 * in the same group (the only order Prometheus fixes: groups run independently, and an alert reading
 * a rule of another group, the layout of every mixin, is how rules are written), a recording rule
 * nothing in the workspace reads or names, and recording rules of one file that read each other in
 * a cycle (or one that reads itself).
 */

export interface GraphProblem {
  readonly kind: 'evaluation-order' | 'unused' | 'cycle' | 'self-read';
  readonly range: TextRange;
  readonly message: string;
}

export function ruleGraphProblems(file: FileIndex, index: WorkspaceIndex): GraphProblem[] {
  const problems: GraphProblem[] = [];
  // This file's own recording rules by name: the same-group test must not walk every file that
  // records the name.
  const ownRecords = new Map<string, RuleDefinition[]>();
  for (const d of file.definitions) {
    if (d.kind !== 'record') continue;
    const list = ownRecords.get(d.name);
    if (list) list.push(d);
    else ownRecords.set(d.name, [d]);
  }
  for (const use of file.uses) {
    if (!use.inRule) continue;
    const sameGroup = ownRecords.get(use.name)?.find((d) => d.groupIndex === use.inRule!.groupIndex);
    if (sameGroup && sameGroup.ruleIndex > use.inRule.ruleIndex) {
      problems.push({ kind: 'evaluation-order', range: use.range, message: `${use.name} is recorded later in this group: this expression reads the value of the previous evaluation` });
    }
  }
  const graph = index.recordingGraph();
  for (const definition of file.definitions) {
    if (definition.kind !== 'record') continue;
    if (!index.isRead(definition.name) && !index.mentions.has(definition.name)) {
      problems.push({ kind: 'unused', range: definition.range, message: `recording rule ${definition.name} is not used by any rule or query of the workspace, nor named in its other files` });
    }
    if (!graph.hasCycles) continue;
    const cycle = graph.cycleThrough(recordingRuleKey(definition.uri, definition.name))?.map((key) => key.slice(key.indexOf('\n') + 1));
    // A rule that reads only itself is an accumulator (`x + (x offset 1m or vector(0))`), written on purpose.
    if (cycle?.length === 2) problems.push({ kind: 'self-read', range: definition.range, message: `recording rule ${definition.name} reads its own previous value: an accumulator, if that is meant` });
    else if (cycle) problems.push({ kind: 'cycle', range: definition.range, message: `recording rules read each other in a cycle: ${cycle.join(' → ')}` });
  }
  return problems;
}
