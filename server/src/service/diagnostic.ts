import type { TextRange } from './promql/syntaxTree';
import type { DiagnosticCode, Severity } from './diagnosticCode';
import type { QuickFix } from './quickFix';
import { LINT_CODES } from './lint/lintRegistry';

/*
 * Diagnostics are data: a stable code, a severity, a range (offsets into the document) and a message.
 * lsp/toLsp.ts turns them into LSP diagnostics; the CLI prints them in its own formats.
 */

export type { DiagnosticCode, Severity } from './diagnosticCode';
export type { QuickFix, TextChange } from './quickFix';

/** Every diagnostic code the service emits, in one table: the lint rules come from their registry. */
export const DIAGNOSTIC_CODES = {
  syntax: { code: 'promql/syntax', defaultSeverity: 'error', description: 'PromQL that Prometheus cannot parse.' },
  unsupported: { code: 'promql/unsupported', defaultSeverity: 'warning', description: 'A function, aggregation or syntax that the configured Prometheus server does not support: too old a version, or a feature flag it was not started with (the message names the version or the flag).' },
  metricsql: { code: 'promql/metricsql', defaultSeverity: 'warning', description: 'A MetricsQL function in a rule file read in the vmalert dialect: vmalert runs it, Prometheus does not know it.' },
  type: { code: 'promql/type', defaultSeverity: 'error', description: "PromQL that parses but breaks Prometheus' type rules (argument types, arity, operator rules)." },
  rules: { code: 'rules/invalid', defaultSeverity: 'error', description: 'A rule file that `promtool check rules` rejects: unknown fields, missing record/alert/expr, invalid names, durations and labels, repeated groups.' },
  config: { code: 'config/invalid', defaultSeverity: 'error', description: 'A configuration that `promtool check config` rejects: unknown keys, wrong types, invalid durations, sizes, URLs, label names, regexes and enum values, conflicting settings, duplicate job names.' },
  noMatch: { code: 'config/no-match', defaultSeverity: 'warning', description: 'A rule_files, scrape_config_files or file_sd_configs pattern that matches no file (Prometheus silently loads nothing from it), or a credentials or TLS file that does not exist here.' },
  ruleTests: { code: 'ruletests/invalid', defaultSeverity: 'error', description: 'A rule unit-test file that promtool test rules cannot read: unknown fields, wrong types, missing required fields.' },
  ruleTestFailed: { code: 'ruletests/failed', defaultSeverity: 'error', description: 'A test case that `promtool test rules` failed when Run tests ran it; the message holds promtool\'s expected and got values.' },
  yamlSyntax: { code: 'yaml/syntax', defaultSeverity: 'error', description: 'YAML that cannot be parsed (or has duplicate keys).' },
  ...LINT_CODES,
} as const satisfies Record<string, DiagnosticCode>;

export interface Problem {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  /** Offsets into the document's text, end exclusive. */
  readonly range: TextRange;
  readonly message: string;
  /** Shown faded by editors (an unused recording rule). */
  readonly unnecessary?: boolean;
  readonly fixes?: readonly QuickFix[];
  /** Details shown with the problem, each at a place in the same document (a target's offending metrics). */
  readonly related?: readonly { readonly range: TextRange; readonly message: string }[];
}
