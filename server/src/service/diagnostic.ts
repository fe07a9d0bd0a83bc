import { Diagnostic as LspDiagnostic, DiagnosticSeverity, DiagnosticTag, type TextEdit } from 'vscode-languageserver-types';
import { lineRange } from './documents/textRanges';
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
  metricsql: { code: 'promql/metricsql', defaultSeverity: 'warning', description: 'A MetricsQL function in a rule file read in the vmalert dialect: vmalert runs it, Prometheus does not know it.' },
  type: { code: 'promql/type', defaultSeverity: 'error', description: "PromQL that parses but breaks Prometheus' type rules (argument types, arity, operator rules)." },
  rules: { code: 'rules/invalid', defaultSeverity: 'error', description: 'A rule file that `promtool check rules` rejects: unknown fields, missing record/alert/expr, invalid names, durations and labels, repeated groups.' },
  config: { code: 'config/invalid', defaultSeverity: 'error', description: 'A configuration that `promtool check config` rejects: unknown keys, wrong types, invalid durations, sizes, URLs, label names, regexes and enum values, conflicting settings, duplicate job names.' },
  noMatch: { code: 'config/no-match', defaultSeverity: 'warning', description: 'A rule_files, scrape_config_files or file_sd_configs pattern that matches no file (Prometheus silently loads nothing from it), or a credentials or TLS file that does not exist here.' },
  ruleTests: { code: 'ruletests/invalid', defaultSeverity: 'error', description: 'A rule unit-test file that promtool test rules cannot read: unknown fields, wrong types, missing required fields.' },
  droppedLabel: { code: 'rules/dropped-label', defaultSeverity: 'warning', description: "An alert template reads $labels.x where the alert's expression cannot carry x (for example $labels.instance after sum by (job)): it would always be empty. This covers `absent()`, whose result carries only the labels of its equality matchers." },
  duplicateRule: { code: 'rules/duplicate', defaultSeverity: 'warning', description: 'A recording rule recorded twice in a file with the same labels (promtool lints it).' },
  recordName: { code: 'rules/record-name', defaultSeverity: 'hint', description: 'A recording rule name that does not follow level:metric:operations (job:http_requests:rate5m).' },
  evaluationOrder: { code: 'rules/evaluation-order', defaultSeverity: 'info', description: 'An expression reads a recording rule that is written later in its own group: it reads the value of the previous evaluation.' },
  unusedRecordingRule: { code: 'rules/unused', defaultSeverity: 'hint', description: 'A recording rule that no rule, test or query of the workspace reads, and that no other text file of the workspace (dashboards, jsonnet, docs, code) names.' },
  ruleCycle: { code: 'rules/cycle', defaultSeverity: 'warning', description: 'Recording rules whose expressions read each other in a cycle (Prometheus loads and evaluates them: each reads the others\' previous values).' },
  yamlSyntax: { code: 'yaml/syntax', defaultSeverity: 'error', description: 'YAML that cannot be parsed (or has duplicate keys).' },
  // Lint rules: naming and cardinality (promlint's rules and beyond), PromQL smells (pint's level).
  counterTotal: { code: 'naming/counter-total', defaultSeverity: 'warning', description: 'A counter whose name lacks `_total`, `_total` on something that is not a counter, or a query that names a counter without its `_total` when the live catalog has it.' },
  baseUnit: { code: 'naming/base-unit', defaultSeverity: 'warning', description: 'A non-base unit or unit abbreviation in a metric or recording-rule name (`_ms`, `_milliseconds`, `_kb`, `_percent`, …): use `_seconds`, `_bytes`, `_ratio`.' },
  nameStyle: { code: 'naming/style', defaultSeverity: 'warning', description: 'A metric or label name in camelCase, or with characters outside [a-zA-Z0-9_:] that older Prometheus versions and most tooling cannot query unquoted.' },
  reservedSuffix: { code: 'naming/reserved-suffix', defaultSeverity: 'warning', description: 'A gauge or counter named with a suffix Prometheus reserves for histograms and summaries (`_count`, `_sum`, `_bucket`).' },
  unitPosition: { code: 'naming/unit-position', defaultSeverity: 'info', description: 'A unit that is not at the end of the name (before `_total` for counters): `http_request_duration_seconds`, not `http_request_seconds_duration`.' },
  colon: { code: 'naming/colon', defaultSeverity: 'warning', description: 'A colon in the name of an exported metric: colons are reserved for recording rules.' },
  helpMissing: { code: 'naming/help', defaultSeverity: 'info', description: 'An exported metric without HELP text.' },
  cardinalityLabel: { code: 'cardinality/label', defaultSeverity: 'warning', description: 'A label that is unbounded by its name (`request_id`, `user_id`, `trace_id`, `email`, `path`, …) or, in live data, by its number of values: used for grouping or matching, or carried by an exported metric.' },
  cardinalitySeries: { code: 'cardinality/series', defaultSeverity: 'warning', description: 'A selector with no narrowing matcher over a metric with more live series than the threshold, or a regex matcher that matches everything (`=~".*"`).' },
  rateNonCounter: { code: 'promql/rate-non-counter', defaultSeverity: 'warning', description: '`rate`, `irate`, `increase` or `resets` over a gauge (by TYPE, or by name when no type is known); `deriv`, `delta`, `predict_linear` or `idelta` over a counter.' },
  histogramLe: { code: 'promql/histogram-le', defaultSeverity: 'warning', description: '`histogram_quantile` over buckets whose `le` label was aggregated away, over buckets that are not `rate`d, or with a quantile outside [0, 1].' },
  rateRange: { code: 'promql/rate-range', defaultSeverity: 'warning', description: 'A `rate`, `irate`, `increase` or `deriv` range shorter than twice the scrape interval of the workspace configuration: it often holds fewer than two samples.' },
  rateOfAggregation: { code: 'promql/rate-of-aggregation', defaultSeverity: 'warning', description: '`rate` (or `increase`) over an aggregation (`rate(sum(x)[5m:])`): counter resets of single series are lost; aggregate the rates instead (`sum(rate(x[5m]))`).' },
  counterWithoutRate: { code: 'promql/counter-without-rate', defaultSeverity: 'warning', description: 'A counter aggregated, compared or used in arithmetic without `rate` or `increase`: its raw value only says how long the process has run.' },
  regexLiteral: { code: 'promql/regex-literal', defaultSeverity: 'info', description: 'A regex matcher whose regex is a plain string (`=~"api"`): an equality matcher says the same and is cheaper.' },
  regexAnchors: { code: 'promql/regex-anchors', defaultSeverity: 'info', description: 'A regex with `^` or `$` anchors: Prometheus anchors every label regex already.' },
  contradictoryMatchers: { code: 'promql/contradictory-matchers', defaultSeverity: 'warning', description: 'Matchers on one label that no value satisfies together (`job="api", job=~"web.*"`, `job="a", job="b"`), or a regex no label value can match: the selector matches nothing.' },
  vectorMatching: { code: 'promql/vector-matching', defaultSeverity: 'warning', description: 'A binary operation whose `on (…)` labels one side cannot have (they were aggregated away), so the two sides never match.' },
  unknownMetric: { code: 'promql/unknown-metric', defaultSeverity: 'info', description: 'A metric that no series of the configured Prometheus-API server has, and that no recording rule of the workspace records (a typo, or a metric that is not scraped); a label matcher on a label the metric never carries.' },
  alertCondition: { code: 'rules/alert-condition', defaultSeverity: 'info', description: 'An alerting rule whose expression has no comparison (or `absent`-like function): it fires for every series it returns.' },
  forInterval: { code: 'rules/for-interval', defaultSeverity: 'info', description: "An alert's `for` shorter than its group's evaluation interval: it waits no evaluation at all." },
  alertFor: { code: 'rules/alert-for', defaultSeverity: 'hint', description: 'An alert without `for`: it fires on the first evaluation that returns a series, so a single blip pages someone.' },
  targetLint: { code: 'target/lint', defaultSeverity: 'warning', description: 'A scrape target of prometheus.yml whose live /metrics breaks naming or cardinality rules; the related information lists each metric with its rule.' },
} as const satisfies Record<string, DiagnosticCode>;

/** A change of the document's text: offsets, end exclusive. */
export interface TextChange {
  readonly range: TextRange;
  readonly newText: string;
}

/**
 * A mechanical fix of a problem (an LSP quick fix; `check --fix` applies it when `safe`: when it
 * cannot change what the query returns beyond what the message says).
 */
export interface QuickFix {
  readonly title: string;
  readonly changes: readonly TextChange[];
  readonly safe: boolean;
}

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

/** What an LSP diagnostic carries in `data`: its fixes, in LSP ranges. */
export interface DiagnosticData {
  readonly fixes: readonly { readonly title: string; readonly safe: boolean; readonly edits: readonly TextEdit[] }[];
}

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(document: TextDocument, problem: Problem): LspDiagnostic {
  return {
    range: lineRange(document, problem.range),
    severity: LSP_SEVERITY[problem.severity],
    code: problem.code.code,
    source: 'prometheus',
    message: problem.message,
    ...(problem.unnecessary ? { tags: [DiagnosticTag.Unnecessary] } : {}),
    ...(problem.fixes && problem.fixes.length > 0 ? { data: dataOf(document, problem.fixes) } : {}),
    ...(problem.related && problem.related.length > 0
      ? { relatedInformation: problem.related.map((r) => ({ location: { uri: document.uri, range: lineRange(document, r.range) }, message: r.message })) }
      : {}),
  };
}

function dataOf(document: TextDocument, fixes: readonly QuickFix[]): DiagnosticData {
  return {
    fixes: fixes.map((fix) => ({
      title: fix.title,
      safe: fix.safe,
      edits: fix.changes.map((c) => ({ range: lineRange(document, c.range), newText: c.newText })),
    })),
  };
}
