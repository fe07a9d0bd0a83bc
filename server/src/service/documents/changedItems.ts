/*
 * Where a list of a rule file's groups (their nodes, their index shares) changed since a copy kept
 * of it: the memos of groupQueryMemo.ts, rules/ruleIndex.ts and features/ruleGraph.ts keep what
 * they computed per group in arrays in the groups' order, and after a keystroke (one group re-read)
 * find the kept groups by comparing the two lists from both ends, then replace the span between.
 */

/** How many items at the start (`head`) and at the end (`tail`) of `items` are those of `old`, the two not overlapping. */
export function keptEnds<T>(items: readonly T[], old: readonly T[], same: (a: T, b: T) => boolean = (a, b) => a === b): { head: number; tail: number } {
  const count = items.length;
  const oldCount = old.length;
  let head = 0;
  while (head < count && head < oldCount && same(items[head], old[head])) head++;
  let tail = 0;
  while (tail < count - head && tail < oldCount - head && same(items[count - 1 - tail], old[oldCount - 1 - tail])) tail++;
  return { head, tail };
}

/** Replaces `removed` items of `list` at `start` by `items`, in place (a splice with a spread throws past some 10^5 arguments). */
export function replaceSpan<T>(list: T[], start: number, removed: number, items: readonly T[]): void {
  const rest = list.slice(start + removed);
  list.length = start;
  for (const item of items) list.push(item);
  for (const item of rest) list.push(item);
}
