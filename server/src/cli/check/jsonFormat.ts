import type { Finding } from './findings';

/*
 * `--format json`: an array of `{file, range, severity, code, message}`, with 0-based LSP positions
 * (end exclusive), for scripts.
 */

export function formatJson(findings: readonly Finding[]): string {
  const rows = findings.map((f) => ({
    file: f.file,
    range: { start: { line: f.range.start.line, character: f.range.start.character }, end: { line: f.range.end.line, character: f.range.end.character } },
    severity: f.severity,
    code: f.code,
    message: f.message,
  }));
  return `${JSON.stringify(rows, null, 2)}\n`;
}
