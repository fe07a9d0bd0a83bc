/*
 * A quoted scalar whose continuation lines are not indented more than its key:
 *
 *     description: "first line
 *     continued here"
 *
 * YAML forbids it and the `yaml` package rejects it, but Prometheus' YAML decoder (go-yaml) reads
 * it, folding the line break as anywhere else. To read such a file as Prometheus does, the text is
 * read again with those lines indented one column past their key (which changes no value: leading
 * blanks of continuation lines are folded away), and the ranges of what is read are mapped back to
 * the text as written.
 */

export interface Reindented {
  /** The text with the continuation lines indented. */
  readonly text: string;
  /** Where an offset of the indented text is in the text as written. */
  toWritten(offset: number): number;
  /** The under-indented continuation lines, as ranges of the text as written. */
  readonly lines: readonly { start: number; end: number }[];
}

/** A key and the start of a quoted value on its line: `  - key: "…`. */
const QUOTED_VALUE = /^( *)((?:- +)*)(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"[\]{},&*!|>%@`-][^#]*?)[ \t]*:[ \t]+(["'])/;

/** The under-indented continuations of quoted values, indented; null when there are none. */
export function reindentQuotedContinuations(text: string): Reindented | null {
  const insertions: { at: number; count: number }[] = [];
  const lines: { start: number; end: number }[] = [];
  let offset = 0;
  while (offset < text.length) {
    const lineEnd = endOfLine(text, offset);
    const match = QUOTED_VALUE.exec(text.slice(offset, lineEnd));
    if (!match) {
      offset = nextLine(text, lineEnd);
      continue;
    }
    const keyColumn = match[1].length + match[2].length;
    const quote = match[3];
    let at = offset + match[0].length;
    let closed = false;
    let line = offset;
    while (at < text.length && !closed) {
      const ch = text[at];
      if (ch === '\n') {
        line = at + 1;
        const indent = /^[ \t]*/.exec(text.slice(line, endOfLine(text, line)))![0].length;
        const rest = text.slice(line + indent, endOfLine(text, line));
        if (rest !== '' && indent <= keyColumn) {
          if (/^(?:---|\.\.\.)(?:\s|$)/.test(text.slice(line, line + 4))) break;
          insertions.push({ at: line, count: keyColumn + 1 - indent });
          lines.push({ start: line + indent, end: endOfLine(text, line) });
        }
        at++;
      } else if (quote === '"' && ch === '\\') at += 2;
      else if (quote === "'" && ch === "'" && text[at + 1] === "'") at += 2;
      else if (ch === quote) closed = true;
      else at++;
    }
    offset = nextLine(text, endOfLine(text, Math.max(line, Math.min(at, text.length))));
  }
  if (insertions.length === 0) return null;
  let indented = '';
  let from = 0;
  for (const { at, count } of insertions) {
    indented += text.slice(from, at) + ' '.repeat(count);
    from = at;
  }
  indented += text.slice(from);
  return {
    text: indented,
    lines,
    toWritten(position: number): number {
      let shift = 0;
      for (const { at, count } of insertions) {
        const there = at + shift;
        if (position < there) break;
        if (position < there + count) return at;
        shift += count;
      }
      return position - shift;
    },
  };
}

function endOfLine(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

function nextLine(text: string, lineEnd: number): number {
  return lineEnd >= text.length ? text.length : lineEnd + 1;
}
