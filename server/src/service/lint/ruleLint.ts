import { isMap, isScalar, isSeq, type Node, type Scalar, type YAMLMap } from 'yaml';
import { DIAGNOSTIC_CODES, type Problem, type QuickFix } from '../diagnostic';
import { isEdited, queryOf, type EmbeddedQuery, type YamlDocumentModel } from '../documents/yamlDocument';
import { movedProblem, NodeMemo } from '../documents/nodeMemo';
import type { PromQLAnalysis } from '../promql/analysis';
import { parseDuration } from '../promql/duration';
import { forEachPreOrder, type Expr } from '../promql/syntaxTree';
import { checkMetricName } from './metricNames';

/*
 * Lints of rule files beyond what Prometheus rejects: recording-rule names (base units, style,
 * `_total` after a rate), alerts without a condition, `for` against the evaluation interval.
 * Problems are placed in the document; fixes rename or rewrite through the scalars' source maps.
 */

const RATE_LIKE = new Set(['rate', 'irate', 'increase', 'deriv', 'delta', 'idelta']);
const CONDITION_OPS = new Set(['==', '!=', '>', '<', '>=', '<=', 'and', 'unless', 'or']);
/** Alert expressions that fire by design without a comparison: absent-style checks, and the always-on watchdog. */
const CONDITION_CALLS = new Set(['absent', 'absent_over_time', 'vector']);

/** @param evaluationInterval the workspace configuration's global evaluation_interval (seconds), when there is one */
export function lintRules(model: YamlDocumentModel, evaluationInterval: number | undefined): Problem[] {
  if (model.kind !== 'rules') return [];
  const problems: Problem[] = [];
  for (const document of model.documents) {
    const edited = isEdited(document);
    for (const group of groupsOf(document.contents)) {
      const interval = seconds(scalarText(group.get('interval', true))) ?? evaluationInterval;
      for (const rule of itemsOf(group.get('rules', true))) {
        if (!isMap(rule)) continue;
        const query = queryOf(model, rule.get('expr', true));
        // A rule an edit did not touch gives what it gave, moved with it (nodeMemo.ts).
        const start = edited ? rule.range?.[0] : undefined;
        if (start === undefined) lintRule(model.text, rule, query, interval, problems);
        else problems.push(...RULE_FINDINGS.results(rule, start, { analysis: query?.analysis, interval }, () => lintRule(model.text, rule, query, interval, [])));
      }
    }
  }
  return problems;
}

/** The findings of one rule, added to `problems` (which it returns). */
function lintRule(text: string, rule: YAMLMap, query: EmbeddedQuery | undefined, interval: number | undefined, problems: Problem[]): Problem[] {
  const record = rule.get('record', true);
  const alert = rule.get('alert', true);
  if (isScalar(record) && typeof record.value === 'string') problems.push(...recordNameProblems(text, record as Scalar<string>, query));
  if (isScalar(alert) && query) problems.push(...alertProblems(text, rule, alert, query, interval));
  return problems;
}

/** The findings of each rule, by rule node, for the analysis of its `expr` and its group's interval. */
const RULE_FINDINGS = new NodeMemo<{ readonly analysis: PromQLAnalysis | undefined; readonly interval: number | undefined }, Problem>(
  (a, b) => a.analysis === b.analysis && a.interval === b.interval,
  movedProblem,
);

function recordNameProblems(text: string, record: Scalar<string>, query: EmbeddedQuery | undefined): Problem[] {
  const name = record.value;
  const nameRange = nameRangeOf(text, record);
  if (!nameRange) return [];
  const problems: Problem[] = [];
  for (const finding of checkMetricName(name, undefined, 'recorded')) {
    // `:node_memory_MemAvailable_bytes:sum` repeats the camelCase of the metric it reads: not the rule's fault.
    if (finding.code === DIAGNOSTIC_CODES.nameStyle && query && camelWords(name).every((w) => query.analysis.text.includes(w))) continue;
    const fixes: QuickFix[] = [];
    if (finding.suggestion) {
      const changes = [{ range: nameRange, newText: finding.suggestion }];
      let title = `Rename to ${finding.suggestion}`;
      if (finding.scale !== undefined && finding.scale !== 1 && query && query.map.exact && query.analysis.syntaxProblems.length === 0) {
        const scaling = finding.scale < 1 ? ` / ${1 / finding.scale}` : ` * ${finding.scale}`;
        const valueEnd = query.map.value.trimEnd().length;
        changes.push({ range: point(query.map.toDocumentOffset(0)), newText: '(' }, { range: point(query.map.toDocumentOffset(valueEnd - 1) + 1), newText: `)${scaling}` });
        title += ` and scale the value (${scaling.trim()})`;
      }
      fixes.push({ title, safe: false, changes });
    }
    problems.push({ code: finding.code, severity: finding.code.defaultSeverity, range: nameRange, message: `recording rule "${name}": ${finding.message}`, ...(fixes.length ? { fixes } : {}) });
  }
  if (query && query.analysis.syntaxProblems.length === 0 && /_total(:|$)/.test(name) && isRateOfCounter(query.analysis.expr)) {
    const stripped = name.replace(/_total(?=:|$)/, '');
    problems.push({
      code: DIAGNOSTIC_CODES.counterTotal,
      severity: DIAGNOSTIC_CODES.counterTotal.defaultSeverity,
      range: nameRange,
      message: `"${name}" records a rate, not a counter: drop "_total" (${stripped})`,
      fixes: [{ title: `Rename to ${stripped}`, safe: false, changes: [{ range: nameRange, newText: stripped }] }],
    });
  }
  return problems;
}

function camelWords(name: string): string[] {
  return name.split(/[_:]/).filter((w) => /[a-z][A-Z]/.test(w));
}

/** Whether the expression is a rate() or irate() of something, maybe aggregated: the rule records a rate. */
function isRateOfCounter(expr: Expr): boolean {
  let node = expr;
  for (;;) {
    if (node.kind === 'ParenExpr') node = node.expr;
    else if (node.kind === 'Aggregation') node = node.args[node.args.length - 1] ?? node;
    else break;
    if (node.kind === 'Aggregation' && node.args.length === 0) return false;
  }
  // Prometheus' recording-rule guide strips `_total` after rate() and irate() only: an increase keeps the counter's name.
  return node.kind === 'Call' && (node.name === 'rate' || node.name === 'irate');
}

function alertProblems(text: string, rule: YAMLMap, alert: Node, query: EmbeddedQuery, interval: number | undefined): Problem[] {
  const problems: Problem[] = [];
  const analysis = query.analysis;
  const alertRange = rangeOf(alert);
  if (analysis.syntaxProblems.length === 0 && !hasCondition(analysis.expr)) {
    problems.push({
      code: DIAGNOSTIC_CODES.alertCondition,
      severity: DIAGNOSTIC_CODES.alertCondition.defaultSeverity,
      range: query.range,
      message: 'this alert has no comparison: it fires for every series the expression returns (add a threshold such as `> 0.05`, or `absent(…)` for missing data)',
    });
  }
  const forNode = rule.get('for', true);
  const forSeconds = seconds(scalarText(forNode));
  if (isScalar(forNode) && forSeconds !== undefined && forSeconds > 0 && interval !== undefined && forSeconds < interval) {
    problems.push({
      code: DIAGNOSTIC_CODES.forInterval,
      severity: DIAGNOSTIC_CODES.forInterval.defaultSeverity,
      range: rangeOf(forNode) ?? query.range,
      message: `for: ${scalarText(forNode)} is shorter than the group's evaluation interval (${formatSeconds(interval)}): the alert fires on its first evaluation anyway`,
    });
  }
  if (forNode === undefined && alertRange && analysis.syntaxProblems.length === 0 && readsShortRate(analysis.expr)) {
    const insertion = forInsertion(text, rule);
    problems.push({
      code: DIAGNOSTIC_CODES.alertFor,
      severity: DIAGNOSTIC_CODES.alertFor.defaultSeverity,
      range: alertRange,
      message: 'this alert over a short rate window has no `for:`, so one noisy evaluation pages someone; `for: 5m` waits until the condition holds for five minutes',
      ...(insertion ? { fixes: [{ title: 'Add for: 5m', safe: false, changes: [insertion] }] } : {}),
    });
  }
  return problems;
}

/** Whether the expression takes a rate over a short window (≤ 5m), whose single evaluations are noisy. */
function readsShortRate(expr: Expr): boolean {
  let found = false;
  forEachPreOrder(expr, (node) => {
    if (node.kind !== 'Call' || !RATE_LIKE.has(node.name)) return;
    const arg = node.args[0];
    if (arg?.kind === 'MatrixSelector' && arg.duration.kind === 'NumberLiteral' && arg.duration.value <= 300) found = true;
  });
  return found;
}

function hasCondition(expr: Expr): boolean {
  let found = expr.kind === 'NumberLiteral';
  forEachPreOrder(expr, (node) => {
    // `iface_info{operstate="down"}`: the series exist only in the state alerted on, an existence check.
    if (node.kind === 'VectorSelector' && node.matchers.some((m) => m.op !== null && m.name && !['__name__', 'job', 'instance'].includes(m.name.value))) found = true;
    if (node.kind === 'BinaryExpr' && CONDITION_OPS.has(node.op)) found = true;
    if (node.kind === 'Call' && CONDITION_CALLS.has(node.name)) found = true;
    // `ALERTS{…}` and other series that exist only when something fires.
    if (node.kind === 'VectorSelector' && node.name && /^(ALERTS|ALERTS_FOR_STATE)$/.test(node.name.value)) found = true;
  });
  return found;
}

/** A `for: 5m` line after the rule's `expr` entry (or its last entry), at the indentation of its keys. */
function forInsertion(text: string, rule: YAMLMap): { range: { start: number; end: number }; newText: string } | null {
  const pairs = rule.items;
  const first = pairs[0]?.key as Node | undefined;
  const exprPair = pairs.find((p) => isScalar(p.key) && p.key.value === 'expr') ?? pairs[pairs.length - 1];
  const end = (exprPair?.value as Node | undefined)?.range?.[2] ?? (exprPair?.value as Node | undefined)?.range?.[1];
  if (!first?.range || end === undefined || rule.flow) return null;
  const lineStart = text.lastIndexOf('\n', first.range[0] - 1) + 1;
  const indent = ' '.repeat(first.range[0] - lineStart);
  // Insert at the start of the line after the expression's value.
  const nextLine = text.indexOf('\n', end - 1 < 0 ? 0 : end - 1);
  const at = text[end - 1] === '\n' ? end : nextLine === -1 ? text.length : nextLine + 1;
  const prefix = at === text.length && !text.endsWith('\n') ? '\n' : '';
  return { range: point(at), newText: `${prefix}${indent}for: 5m\n` };
}

// --- YAML helpers --------------------------------------------------------------------------

function groupsOf(root: unknown): YAMLMap[] {
  if (!isMap(root)) return [];
  const spec = root.get('spec', true);
  const groups = isMap(spec) ? spec.get('groups', true) : root.get('groups', true);
  return itemsOf(groups).filter((g): g is YAMLMap => isMap(g));
}

function itemsOf(node: unknown): unknown[] {
  return isSeq(node) ? node.items : [];
}

function scalarText(node: unknown): string | undefined {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') ? String(node.value) : undefined;
}

function seconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const parsed = parseDuration(text);
  return 'seconds' in parsed ? parsed.seconds : undefined;
}

function formatSeconds(value: number): string {
  return value % 60 === 0 ? `${value / 60}m` : `${value}s`;
}

function rangeOf(node: unknown): { start: number; end: number } | undefined {
  const range = (node as Node | undefined)?.range;
  return range ? { start: range[0], end: range[1] } : undefined;
}

/** The characters of a name scalar, without its quotes. */
function nameRangeOf(text: string, scalar: Scalar<string>): { start: number; end: number } | undefined {
  if (!scalar.range) return undefined;
  const [start, end] = scalar.range;
  const quoted = text[start] === '"' || text[start] === "'";
  const range = quoted ? { start: start + 1, end: end - 1 } : { start, end };
  return text.slice(range.start, range.end) === scalar.value ? range : undefined;
}

function point(offset: number): { start: number; end: number } {
  return { start: offset, end: offset };
}
