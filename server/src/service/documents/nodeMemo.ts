import type { Problem } from '../diagnostic';
import { shiftRange } from './textRanges';

/*
 * Results computed from one YAML node (a rule), kept while the node lives. yamlItemReread.ts keeps
 * the nodes of the items an edit does not touch, moved by the edit's length: after a keystroke in a
 * file of 10,000 rules, a check memoized so computes the results of the rules of one group, and
 * moves the others' with their nodes. A node of a fresh parse is a new object: nothing is reused.
 * `key` holds what else the results depend on (the rule's query analysis, the dialect); results of
 * another key are computed again.
 */
export class NodeMemo<K, R> {
  private readonly entries = new WeakMap<object, { start: number; key: K; results: readonly R[] }>();

  constructor(private readonly sameKey: (a: K, b: K) => boolean, private readonly moveResult: (result: R, delta: number) => R) {}

  /** The results of `node`, which starts at `start`: computed once, moved since. `keep`: false when the node will not be seen again (a file `check` reads once). */
  results(node: object, start: number, key: K, compute: () => R[], keep = true): readonly R[] {
    if (!keep) return compute();
    const entry = this.entries.get(node);
    if (entry && this.sameKey(entry.key, key)) {
      const delta = start - entry.start;
      if (delta === 0) return entry.results;
      // Updated in place: most rules have no results, and a new entry per rule moved would be
      // thousands of objects (and weak-map writes) per keystroke for the collector.
      entry.start = start;
      entry.key = key;
      if (entry.results.length > 0) entry.results = entry.results.map((result) => this.moveResult(result, delta));
      return entry.results;
    }
    const results = compute();
    this.entries.set(node, { start, key, results });
    return results;
  }
}


/** A problem moved by `delta`, with its fixes and related places. */
export function movedProblem(problem: Problem, delta: number): Problem {
  return {
    ...problem,
    range: shiftRange(problem.range, delta),
    ...(problem.fixes ? { fixes: problem.fixes.map((fix) => ({ ...fix, changes: fix.changes.map((change) => ({ ...change, range: shiftRange(change.range, delta) })) })) } : {}),
    ...(problem.related ? { related: problem.related.map((related) => ({ ...related, range: shiftRange(related.range, delta) })) } : {}),
  };
}
