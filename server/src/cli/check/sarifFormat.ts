import { pathToFileURL } from 'node:url';
import { DIAGNOSTIC_CODES, type DiagnosticCode, type Severity } from '../../service/diagnostic';
import type { Finding } from './findings';

/*
 * `--format sarif`: a SARIF 2.1.0 log for code-scanning tools (GitHub code scanning, Azure DevOps,
 * IDE viewers). One run; the tool's rules are the diagnostic codes of the service, each with its
 * description and default level; file locations are relative to the working folder (%SRCROOT%)
 * when inside it. Columns count UTF-16 code units, as LSP positions do.
 */

const LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

const SRCROOT = '%SRCROOT%';

const RULES_BY_ID = new Map<string, DiagnosticCode>(Object.values(DIAGNOSTIC_CODES).map((c) => [c.code, c]));

export function formatSarif(findings: readonly Finding[], version: string, cwd = process.cwd()): string {
  const ruleIds = [...new Set([...RULES_BY_ID.keys(), ...findings.map((f) => f.code)])];
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'prometheus-lsp',
          version,
          rules: ruleIds.map((id) => {
            const rule = RULES_BY_ID.get(id);
            return {
              id,
              shortDescription: { text: firstSentence(rule?.description ?? id) },
              ...(rule ? { fullDescription: { text: rule.description } } : {}),
              defaultConfiguration: { level: LEVELS[rule?.defaultSeverity ?? 'warning'] },
            };
          }),
        },
      },
      originalUriBaseIds: { [SRCROOT]: { uri: `${pathToFileURL(cwd).toString().replace(/\/$/, '')}/` } },
      columnKind: 'utf16CodeUnits',
      results: findings.map((f) => ({
        ruleId: f.code,
        ruleIndex: ruleIndex.get(f.code),
        level: LEVELS[f.severity],
        message: { text: f.message },
        locations: [{
          physicalLocation: {
            artifactLocation: artifactLocationOf(f.file),
            region: {
              startLine: f.range.start.line + 1,
              startColumn: f.range.start.character + 1,
              endLine: f.range.end.line + 1,
              endColumn: f.range.end.character + 1,
            },
          },
        }],
      })),
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** A relative display path becomes a relative URI against %SRCROOT%; an absolute one, a file: URI. */
function artifactLocationOf(file: string): { uri: string; uriBaseId?: string } {
  if (file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file)) return { uri: pathToFileURL(file).toString() };
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function firstSentence(text: string): string {
  const end = text.search(/[.:](\s|$)/);
  return end > 0 ? text.slice(0, end + 1).replace(/:$/, '.') : text;
}
