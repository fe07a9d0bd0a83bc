import type { Finding } from './findings';
import { summaryLine, type RunSummary } from './summary';
import { escapeControlCharacters } from '../../service/remoteText/controlCharacters';

/*
 * `--format text`: one line per problem, `file:line:col severity rule-id message` with 1-based line
 * and column (what editors and terminals turn into links), then the summary. File names, label values
 * and a server's words may hold control characters (an ANSI escape that rewrites the terminal):
 * they are printed as visible escapes (`\x1b`).
 */

export function formatText(findings: readonly Finding[], summary: RunSummary): string {
  let out = '';
  for (const f of findings) {
    out += `${escapeControlCharacters(f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.code} ${escapeControlCharacters(oneLine(f.message))}\n`;
  }
  if (findings.length > 0) out += '\n';
  return out + summaryLine(summary);
}

/** A message on one line: its line breaks become spaces. */
export function oneLine(message: string): string {
  return message.replace(/\s*\r?\n\s*/g, ' ');
}
