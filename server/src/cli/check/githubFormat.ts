import type { Severity } from '../../service/diagnostic';
import type { Finding } from './findings';
import { summaryLine, type RunSummary } from './summary';

/*
 * `--format github`: GitHub Actions workflow commands, which the Actions runner turns into
 * annotations on the pull request's files:
 * `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=rule-id::message` (1-based).
 */

const COMMANDS: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

export function formatGithub(findings: readonly Finding[], summary: RunSummary): string {
  let out = '';
  for (const f of findings) {
    const properties = [
      `file=${escapeProperty(f.file)}`,
      `line=${f.range.start.line + 1}`,
      `col=${f.range.start.character + 1}`,
      `endLine=${f.range.end.line + 1}`,
      `endColumn=${f.range.end.character + 1}`,
      `title=${escapeProperty(f.code)}`,
    ];
    out += `::${COMMANDS[f.severity]} ${properties.join(',')}::${escapeData(f.message)}\n`;
  }
  return out + summaryLine(summary);
}

/** The runner's escaping of a command's message (toolkit's escapeData, written out: no dependency for three replacements). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** The runner's escaping of a property value (toolkit's escapeProperty). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
