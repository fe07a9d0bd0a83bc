import { Diagnostic as LspDiagnostic, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextRange } from './promql/syntaxTree';

/*
 * Diagnostics are data: a stable code, a severity, a range (offsets into the document) and a message.
 * One converter turns them into LSP diagnostics; the CLI and the LSP server both use it.
 */

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface DiagnosticCode {
  readonly code: string;
  readonly defaultSeverity: Severity;
  readonly description: string;
}

/** Every diagnostic code the service emits, in one table. */
export const DIAGNOSTIC_CODES = {
  syntax: { code: 'promql/syntax', defaultSeverity: 'error', description: 'PromQL that Prometheus cannot parse.' },
  unsupported: { code: 'promql/unsupported', defaultSeverity: 'warning', description: 'A function, aggregation or syntax that the configured Prometheus server does not support: too old a version, or a feature flag it was not started with (the message names the version or the flag).' },
  type: { code: 'promql/type', defaultSeverity: 'error', description: "PromQL that parses but breaks Prometheus' type rules (argument types, arity, operator rules)." },
  rules: { code: 'rules/invalid', defaultSeverity: 'error', description: 'A rule file that `promtool check rules` rejects: unknown fields, missing record/alert/expr, invalid names, durations and labels, repeated groups.' },
  config: { code: 'config/invalid', defaultSeverity: 'error', description: 'A configuration that `promtool check config` rejects: unknown keys, wrong types, invalid durations, sizes, URLs, label names, regexes and enum values, conflicting settings, duplicate job names.' },
  noMatch: { code: 'config/no-match', defaultSeverity: 'warning', description: 'A rule_files or scrape_config_files pattern that matches no file (Prometheus silently loads nothing from it), or a credentials file that does not exist here.' },
  ruleTests: { code: 'ruletests/invalid', defaultSeverity: 'error', description: 'A rule unit-test file that promtool test rules cannot read: unknown fields, wrong types, missing required fields.' },
  droppedLabel: { code: 'rules/dropped-label', defaultSeverity: 'warning', description: "An alert template reads $labels.x where the alert's expression cannot carry x (for example $labels.instance after sum by (job)): it would always be empty." },
  duplicateRule: { code: 'rules/duplicate', defaultSeverity: 'warning', description: 'A recording rule recorded twice in a file with the same labels (promtool lints it).' },
  recordName: { code: 'rules/record-name', defaultSeverity: 'hint', description: 'A recording rule name that does not follow level:metric:operations (job:http_requests:rate5m).' },
  evaluationOrder: { code: 'rules/evaluation-order', defaultSeverity: 'info', description: 'An expression reads a recording rule that is written later in its group, or in another group or file that Prometheus evaluates independently: it may read a value one evaluation old.' },
  unusedRecordingRule: { code: 'rules/unused', defaultSeverity: 'hint', description: 'A recording rule that no rule, test or query of the workspace reads (dashboards may still use it).' },
  ruleCycle: { code: 'rules/cycle', defaultSeverity: 'error', description: 'Recording rules whose expressions read each other in a cycle.' },
  yamlSyntax: { code: 'yaml/syntax', defaultSeverity: 'error', description: 'YAML that cannot be parsed (or has duplicate keys).' },
} as const satisfies Record<string, DiagnosticCode>;

export interface Problem {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  /** Offsets into the document's text, end exclusive. */
  readonly range: TextRange;
  readonly message: string;
  /** Shown faded by editors (an unused recording rule). */
  readonly unnecessary?: boolean;
}

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(document: TextDocument, problem: Problem): LspDiagnostic {
  return {
    range: { start: document.positionAt(problem.range.start), end: document.positionAt(problem.range.end) },
    severity: LSP_SEVERITY[problem.severity],
    code: problem.code.code,
    source: 'prometheus',
    message: problem.message,
    ...(problem.unnecessary ? { tags: [DiagnosticTag.Unnecessary] } : {}),
  };
}
