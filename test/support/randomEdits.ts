/*
 * Seeded random edits of rule files, as a user types or deletes: the tests that compare what an
 * edit gives incrementally (a model re-read item by item, an index updated by difference) with
 * what a fresh start gives draw their edits here.
 */

/** A deterministic pseudo-random generator. */
export function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

/** What a user types or deletes: characters that keep YAML valid and some that break it, in and out of `expr:`. */
const INSERTIONS = ['x', ' ', '(', ')', '"', "'", ':', '\n', '- ', '#', '{', '}', '[5m]', ' + rate(up[5m])', '\n      - record: a:b:c\n        expr: up', '\t', '|', '  '];

/** One random edit: the text's [start, end) replaced by `text`. */
export interface RandomChange {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The text after one random edit: mostly at the end of an `expr:` line, as when typing a query; otherwise anywhere. */
export function randomEdit(text: string, next: () => number): string {
  const change = randomChange(text, next);
  return text.slice(0, change.start) + change.text + text.slice(change.end);
}

/** The edit randomEdit makes, as the range it replaces (a deletion may reach past the end: clamped). */
export function randomChange(text: string, next: () => number): RandomChange {
  let at = Math.floor(next() * (text.length + 1));
  if (next() < 0.6) {
    const expr = text.indexOf('expr:', at);
    if (expr !== -1) {
      const lineEnd = text.indexOf('\n', expr);
      at = lineEnd === -1 ? text.length : lineEnd;
    }
  }
  if (next() < 0.3) {
    const length = 1 + Math.floor(next() * 3);
    return { start: at, end: Math.min(text.length, at + length), text: '' };
  }
  return { start: at, end: at, text: INSERTIONS[Math.floor(next() * INSERTIONS.length)] };
}
