import type { TextChange } from '../../service/diagnostic';
import type { CheckedFile } from './workspaceCheck';

/*
 * `--fix`: the quick fixes the service marks `safe` (they cannot change what a query returns beyond
 * what the message says), the same fixes an editor gets with each diagnostic.
 * One fix per problem, the first safe one; a fix whose edits overlap an edit already taken waits
 * for the next pass (the caller checks again and repeats).
 */

export interface FixedText {
  /** The file's text with the fixes applied. */
  readonly text: string;
  /** How many problems were fixed. */
  readonly fixed: number;
}

/** The file's text after its safe fixes, or null when it has none that apply. */
export function applySafeFixes(file: CheckedFile): FixedText | null {
  const original = file.document.getText();
  const taken: TextChange[] = [];
  let fixed = 0;
  for (const problem of file.problems) {
    const fix = problem.fixes?.find((f) => f.safe);
    if (!fix || fix.changes.length === 0) continue;
    if (fix.changes.some((c) => taken.some((t) => overlaps(c.range, t.range)))) continue;
    taken.push(...fix.changes);
    fixed++;
  }
  if (fixed === 0) return null;
  // From the end backwards, so that each change's offsets still hold (none overlap).
  let text = original;
  for (const change of [...taken].sort((a, b) => b.range.start - a.range.start)) {
    text = text.slice(0, change.range.start) + change.newText + text.slice(change.range.end);
  }
  return text === original ? null : { text, fixed };
}

/** Two replaced spans that share a character, or two insertions at the same place (their order would be arbitrary). */
function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return (a.start < b.end && b.start < a.end) || a.start === b.start;
}
