import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextRange } from '../promql/syntaxTree';

/*
 * Ranges between the coordinates a query lives in: a query's own offsets, the document's offsets,
 * and the line/character positions editors speak. PromQL is analysed in its own text (a query of a
 * `.promql` file, the value of a YAML `expr:` scalar), and every range found there goes back to the
 * document through one of these, so that no feature places a range its own way.
 */

/** A range of a text that starts `by` characters into the document: a query of a `.promql` file. */
export function shiftRange(range: TextRange, by: number): TextRange {
  return { start: range.start + by, end: range.end + by };
}

/** Where each character of a query's text stands in the document: a YAML scalar's source map, a runnable query. */
export interface OffsetMap {
  /** The document offset of the character at `index` (`index === length`: the end). */
  toDocumentOffset(index: number): number;
}

/**
 * A range of a mapped text as document offsets, end exclusive: from its first character to just
 * after its last one, not to where the next character stands (in a block scalar that may be on
 * another line). An empty range stays empty, at its start.
 */
export function mapRange(map: OffsetMap, range: TextRange): TextRange {
  const start = map.toDocumentOffset(range.start);
  return range.end > range.start ? { start, end: map.toDocumentOffset(range.end - 1) + 1 } : { start, end: start };
}

/** A place as lines and characters (UTF-16 code units), both from 0: what editors, LSP and `check`'s output show. */
export interface LinePosition {
  readonly line: number;
  readonly character: number;
}

export interface LineRange {
  readonly start: LinePosition;
  readonly end: LinePosition;
}

/** Document offsets as the line/character range editors (LSP) and `check`'s output use. */
export function lineRange(document: Pick<TextDocument, 'positionAt'>, range: TextRange): LineRange {
  return { start: document.positionAt(range.start), end: document.positionAt(range.end) };
}
