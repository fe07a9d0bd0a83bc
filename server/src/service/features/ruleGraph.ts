import type { FileIndex } from '../rules/ruleIndex';
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
  for (const use of file.uses) {
    if (!use.inRule) continue;
    const records = index.definitions(use.name).filter((d) => d.kind === 'record');
    if (records.length === 0) continue;
    const sameGroup = records.find((d) => d.uri === use.uri && d.groupIndex === use.inRule!.groupIndex);
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
  for (const definition of file.definitions) {
    if (definition.kind !== 'record') continue;
    if (index.uses(definition.name).length === 0) {
      problems.push({ kind: 'unused', range: definition.range, message: `recording rule ${definition.name} is not used by any rule or query of the workspace` });
    }
    const cycle = findCycle(definition.name, index);
    if (cycle) problems.push({ kind: 'cycle', range: definition.range, message: `recording rules read each other in a cycle: ${cycle.join(' → ')}` });
  }
  return problems;
}

/** A path of recording rules from `start` back to itself, if their expressions read each other. */
function findCycle(start: string, index: WorkspaceIndex): string[] | null {
  const path: string[] = [start];
  const seen = new Set<string>([start]);
  const visit = (name: string): string[] | null => {
    for (const definition of index.definitions(name)) {
      if (definition.kind !== 'record') continue;
      for (const next of index.readsOfRule(definition)) {
        if (next === start) return [...path, start];
        if (seen.has(next) || !index.definitions(next).some((d) => d.kind === 'record')) continue;
        seen.add(next);
        path.push(next);
        const found = visit(next);
        if (found) return found;
        path.pop();
      }
    }
    return null;
  };
  return visit(start);
}

function fileName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}
