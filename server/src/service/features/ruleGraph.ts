import type { FileIndex, RuleDefinition } from '../rules/ruleIndex';
import type { TextRange } from '../promql/syntaxTree';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';

/*
 * The rule graph of the workspace, seen from one file: a recording rule read before it is written
 * (later in the same group, or in another group or file, which Prometheus evaluates independently),
 * a recording rule nothing in the workspace reads, and recording rules that read each other in a
 * cycle.
 */

export interface GraphProblem {
  readonly kind: 'evaluation-order' | 'unused' | 'cycle';
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
    const records = index.records(use.name);
    if (records.length === 0) continue;
    const sameGroup = ownRecords.get(use.name)?.find((d) => d.groupIndex === use.inRule!.groupIndex);
    if (sameGroup) {
      if (sameGroup.ruleIndex > use.inRule.ruleIndex) {
        problems.push({ kind: 'evaluation-order', range: use.range, message: `${use.name} is recorded later in this group: this expression reads the value of the previous evaluation` });
      }
      continue;
    }
    const where = records[0];
    const place = where.uri === use.uri ? `group "${where.group}"` : `group "${where.group}" of ${fileName(where.uri)}`;
    problems.push({ kind: 'evaluation-order', range: use.range, message: `${use.name} is recorded in ${place}, which Prometheus evaluates independently of this group: this expression may read a value one evaluation old` });
  }
  const graph = index.recordingGraph();
  for (const definition of file.definitions) {
    if (definition.kind !== 'record') continue;
    if (index.uses(definition.name).length === 0) {
      problems.push({ kind: 'unused', range: definition.range, message: `recording rule ${definition.name} is not used by any rule or query of the workspace` });
    }
    const cycle = graph.cycleThrough(definition.name);
    if (cycle) problems.push({ kind: 'cycle', range: definition.range, message: `recording rules read each other in a cycle: ${cycle.join(' → ')}` });
  }
  return problems;
}

function fileName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}
