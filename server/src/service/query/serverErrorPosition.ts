import type { TextRange } from '../promql/syntaxTree';

/*
 * Where in the query a server's error points, in the forms servers write it:
 *
 * - Prometheus 2.x and 3.x: `1:14: parse error: …` (line and column, the column counted in UTF-8
 *   bytes from 1), often after `invalid parameter "query": `;
 * - Prometheus 1.x and some proxies: `parse error at line 2, char 5: …`, `parse error at char 14: …`;
 * - VictoriaMetrics (MetricsQL): `…; unparsed data: "rest of the query"` or `unparsed data left: "…"`
 *   (the error is where the rest begins), and `unknown func "name"`.
 *
 * The result is a range of the query text as sent: the token at that position (a name or number
 * as a whole, else one character), or an empty range at the end for an unexpected end of input.
 */

export function serverErrorRange(message: string, query: string): TextRange | null {
  const lineColumn = /(?:^|[\s:"])(\d+):(\d+): parse error/.exec(message);
  if (lineColumn) return tokenAt(query, indexOfLineByte(query, Number(lineColumn[1]), Number(lineColumn[2])));
  const lineChar = /at line (\d+), char (\d+)/.exec(message);
  if (lineChar) return tokenAt(query, indexOfLineChar(query, Number(lineChar[1]), Number(lineChar[2])));
  const char = /(?:at char|at position) (\d+)/.exec(message);
  if (char) return tokenAt(query, Math.min(query.length, Math.max(0, Number(char[1]) - 1)));
  const unparsed = /unparsed data(?: left)?: ("(?:[^"\\]|\\.)*")/.exec(message);
  if (unparsed) {
    const rest = unquote(unparsed[1]);
    if (rest !== null) {
      const trimmed = query.trimEnd();
      if (rest === '') return { start: trimmed.length, end: trimmed.length };
      const at = trimmed.endsWith(rest) ? trimmed.length - rest.length : query.lastIndexOf(rest);
      if (at >= 0) return tokenAt(query, at);
    }
  }
  const unknownFunction = /unknown func(?:tion)?(?: with name)? "([A-Za-z_][\w:]*)"/.exec(message);
  if (unknownFunction) {
    const call = new RegExp(`(?<![\\w:])${unknownFunction[1]}\\s*\\(`).exec(query);
    if (call) return { start: call.index, end: call.index + unknownFunction[1].length };
  }
  return null;
}

/** The index of the character at a 1-based line and a 1-based column counted in UTF-8 bytes. */
function indexOfLineByte(query: string, line: number, column: number): number {
  let index = lineStart(query, line);
  let bytes = 0;
  while (index < query.length && query[index] !== '\n' && bytes < column - 1) {
    const code = query.codePointAt(index)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    index += code > 0xffff ? 2 : 1;
  }
  return index;
}

function indexOfLineChar(query: string, line: number, char: number): number {
  const start = lineStart(query, line);
  const end = query.indexOf('\n', start);
  return Math.min(end < 0 ? query.length : end, start + Math.max(0, char - 1));
}

function lineStart(query: string, line: number): number {
  let index = 0;
  for (let l = 1; l < line; l++) {
    const next = query.indexOf('\n', index);
    if (next < 0) return query.length;
    index = next + 1;
  }
  return index;
}

/** The token at `index`: a name or number as a whole, a string literal, else one character; empty at the end. */
function tokenAt(query: string, index: number): TextRange {
  if (index >= query.length) return { start: query.length, end: query.length };
  const word = /[A-Za-z0-9_:.]+/y;
  word.lastIndex = index;
  const match = word.exec(query);
  if (match) return { start: index, end: index + match[0].length };
  const quote = query[index];
  if (quote === '"' || quote === "'" || quote === '`') {
    for (let i = index + 1; i < query.length; i++) {
      if (query[i] === '\\' && quote !== '`') i++;
      else if (query[i] === quote) return { start: index, end: i + 1 };
      else if (query[i] === '\n') break;
    }
  }
  return { start: index, end: index + 1 };
}

/** A Go `%q` string: JSON reads all but Go's `\x` and `\u`-less escapes; those give null. */
function unquote(quoted: string): string | null {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    try {
      return JSON.parse(quoted.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1')) as string;
    } catch {
      return null;
    }
  }
}
