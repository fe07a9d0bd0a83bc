import type { Finding } from './findings';
import { summaryLine, type RunSummary } from './summary';

/*
 * `--format text`: one line per problem, `file:line:col severity rule-id message` with 1-based line
 * and column (what editors and terminals turn into links), then the summary.
 */

export function formatText(findings: readonly Finding[], summary: RunSummary): string {
  let out = '';
  for (const f of findings) {
    out += `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.code} ${oneLine(f.message)}\n`;
  }
  if (findings.length > 0) out += '\n';
  return out + summaryLine(summary);
}

/** A message on one line: its line breaks become spaces. */
export function oneLine(message: string): string {
  return message.replace(/\s*\r?\n\s*/g, ' ');
}
