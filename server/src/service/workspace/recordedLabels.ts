import { analyzePromQL } from '../promql/analysis';
import { labelFlow, type LabelSet } from '../promql/labelFlow';
import type { WorkspaceIndex } from './workspaceIndex';

/*
 * The labels of the series a recording rule of the workspace records: its expression's labels,
 * with the rules that expression reads followed in turn (`sum by (model)` in the rule → `model`
 * where an alert reads the rule). Label flow reads it where a selector names a recording rule.
 */

/** How deep a chain of recording rules is followed (a cycle stops at the first repeat). */
const MAX_DEPTH = 16;

/** A resolver over the index as it is now; it remembers what it worked out, so use one per request. */
export function recordedLabels(index: WorkspaceIndex): (name: string) => LabelSet | undefined {
  const known = new Map<string, LabelSet | undefined>();
  const resolving = new Set<string>();
  const resolve = (name: string): LabelSet | undefined => {
    if (known.has(name)) return known.get(name);
    const records = index.records(name);
    if (records.length === 0 || resolving.has(name) || resolving.size >= MAX_DEPTH) return undefined;
    resolving.add(name);
    const sets: LabelSet[] = [];
    for (const record of records) {
      const analysis = analyzePromQL(record.expr);
      if (analysis.syntaxProblems.length > 0) continue;
      const set = labelFlow(analysis.expr, resolve).get(analysis.expr);
      if (set) sets.push(set);
    }
    resolving.delete(name);
    const result = sets.length === 0 ? undefined : union(sets);
    known.set(name, result);
    return result;
  };
  return resolve;
}

/** What series recorded under one name by several rules carry: any rule's labels; exact only when every rule's are. */
function union(sets: readonly LabelSet[]): LabelSet {
  const labels = new Set<string>();
  for (const set of sets) for (const l of set.labels) labels.add(l);
  const dropped = new Set([...sets[0].dropped].filter((l) => sets.every((s) => s.dropped.has(l)) && !labels.has(l)));
  return { exact: sets.every((s) => s.exact), labels, dropped };
}
