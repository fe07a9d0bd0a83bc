import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';
import type { DiagnosticData } from '../../service/diagnostic';
import type { CheckedFile } from './workspaceCheck';

/*
 * `--fix`: the quick fixes the service marks `safe` (they cannot change what a query returns beyond
 * what the message says), taken from each diagnostic's `data.fixes` exactly as an editor gets them.
 * One fix per diagnostic, the first safe one; a fix whose edits overlap an edit already taken waits
 * for the next pass (the caller checks again and repeats).
 */

export interface FixedText {
  /** The file's text with the fixes applied. */
  readonly text: string;
  /** How many diagnostics were fixed. */
  readonly fixed: number;
}

/** The file's text after its safe fixes, or null when it has none that apply. */
export function applySafeFixes(file: CheckedFile): FixedText | null {
  const { document } = file;
  const taken: { start: number; end: number }[] = [];
  const edits: TextEdit[] = [];
  let fixed = 0;
  for (const diagnostic of file.diagnostics) {
    const fix = (diagnostic.data as DiagnosticData | undefined)?.fixes?.find((f) => f.safe);
    if (!fix || fix.edits.length === 0) continue;
    const spans = fix.edits.map((e) => ({ start: document.offsetAt(e.range.start), end: document.offsetAt(e.range.end) }));
    if (spans.some((s) => taken.some((t) => overlaps(s, t)))) continue;
    taken.push(...spans);
    edits.push(...fix.edits);
    fixed++;
  }
  if (fixed === 0) return null;
  const text = TextDocument.applyEdits(document, edits);
  return text === document.getText() ? null : { text, fixed };
}

/** Two replaced spans that share a character, or two insertions at the same place (their order would be arbitrary). */
function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return (a.start < b.end && b.start < a.end) || a.start === b.start;
}
