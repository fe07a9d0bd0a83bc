import { COUNTER_FUNCTIONS } from '../promql/functions';
import { DIAGNOSTIC_CODES, type DiagnosticCode, type QuickFix, type Severity } from '../diagnostic';
import type { MetricCatalog } from '../catalog/metricCatalog';
import type { MetricType } from '../exposition/expositionParser';
import type { PromQLAnalysis } from '../promql/analysis';
import { formatDuration } from '../promql/duration';
import { isDropped, labelFlow, type LabelSet } from '../promql/labelFlow';
import { quoteString } from '../promql/stringLiteral';
import { regexMatches } from '../promql/regexSyntax';
import { forEachPreOrder, type Aggregation, type BinaryExpr, type Call, type Expr, type LabelMatcher, type TextRange, type VectorSelector } from '../promql/syntaxTree';
import type { LintSettings } from './lintSettings';
import { unboundedLabelReason } from './unboundedLabels';
import { closestMetric } from '../catalog/closestMetric';

/*
 * Lints of one PromQL expression: the mistakes of metric types, histograms, rate ranges, regexes,
 * vector matching and cardinality that Prometheus accepts but that give wrong or costly answers.
 * What the live catalog knows (types, series and value counts) sharpens them; without it, the
 * checks that need it stay silent and the others go by naming conventions. Ranges and fixes are
 * offsets into the expression's text.
 */

export interface LintFinding {
  readonly code: DiagnosticCode;
  readonly range: TextRange;
  readonly message: string;
  readonly fixes?: readonly QuickFix[];
  /** Below the rule's default when only a naming convention, not live data, backs the finding. */
  readonly severity?: Severity;
}

export interface PromQLLintContext {
  readonly settings: LintSettings;
  readonly catalog?: MetricCatalog;
  /** Scrape interval (seconds) of the job a selector reads, from the workspace configuration; undefined when unknown. */
  readonly scrapeInterval?: (job: string | undefined) => number | undefined;
  /**
   * The Prometheus-API server whose series the catalog holds in full, when one answered: only then
   * does a name missing from the catalog mean a metric that does not exist.
   */
  readonly server?: string;
  /** Whether a recording rule of the workspace records this name. */
  readonly isRecorded?: (name: string) => boolean;
}

const RATE_FUNCTIONS = new Set(['rate', 'irate', 'increase']);
const GAUGE_FUNCTIONS: ReadonlyMap<string, string> = new Map([['deriv', 'rate'], ['delta', 'increase'], ['idelta', 'irate'], ['predict_linear', '']]);
/** Aggregations whose result over raw counter values means little. */
const VALUE_AGGREGATIONS = new Set(['sum', 'avg', 'min', 'max', 'stddev', 'stdvar', 'quantile']);
const COMPARISONS = new Set(['==', '!=', '>', '<', '>=', '<=']);
const COUNTER_SUFFIXES = ['_total', '_count', '_sum', '_bucket'];

export function lintPromQL(analysis: PromQLAnalysis, context: PromQLLintContext): LintFinding[] {
  if (analysis.syntaxProblems.length > 0) return [];
  const findings: LintFinding[] = [];
  const text = analysis.text;
  // The labels of each node's series, worked out for the few checks that read them.
  let flowMap: ReadonlyMap<Expr, LabelSet> | undefined;
  const flow = (): ReadonlyMap<Expr, LabelSet> => (flowMap ??= labelFlow(analysis.expr));
  // Filled as the walk goes: a node's ancestors are visited before it.
  const parents = new Map<Expr, Expr | null>();
  const typeOf = (name: string): MetricType | undefined => context.catalog?.metric(name)?.type;

  forEachPreOrder(analysis.expr, (node, parent) => {
    parents.set(node, parent);
    switch (node.kind) {
      case 'VectorSelector':
        findings.push(...selectorFindings(node, text, context, parents));
        break;
      case 'Call':
        findings.push(...callFindings(node, text, context, typeOf, flow));
        break;
      case 'Aggregation':
        findings.push(...groupingFindings(node, context));
        break;
      case 'BinaryExpr':
        findings.push(...matchingFindings(node, context, flow));
        break;
      default:
        break;
    }
  });
  return findings;
}

// --- selectors -------------------------------------------------------------------------------

function selectorFindings(node: VectorSelector, text: string, context: PromQLLintContext, parents: ReadonlyMap<Expr, Expr | null>): LintFinding[] {
  const findings: LintFinding[] = [];
  const name = metricNameOf(node);
  const catalog = context.catalog;
  if (name && node.name && catalog && catalog.size > 0 && !catalog.metric(name) && catalog.metric(`${name}_total`)?.type === 'counter') {
    const fixed = `${name}_total`;
    findings.push({
      code: DIAGNOSTIC_CODES.counterTotal,
      range: node.name.range,
      message: `no live source has "${name}"; the counter is "${fixed}"`,
      fixes: [{ title: `Use ${fixed}`, safe: true, changes: [{ range: node.name.range, newText: fixed }] }],
    });
  }
  for (const matcher of node.matchers) findings.push(...matcherFindings(matcher));
  findings.push(...contradictions(node.matchers));
  const metric = name ? catalog?.metric(name) : undefined;
  findings.push(...existenceFindings(node, name, context));
  findings.push(...typoFindings(node, name, context));
  const narrowing = node.matchers.filter((m) => m.op !== null && m.name && m.name.value !== '__name__' && !matchesEverything(m));
  if (metric?.seriesCount !== undefined && metric.seriesCount > context.settings.maxSeries && narrowing.length === 0) {
    findings.push({
      code: DIAGNOSTIC_CODES.cardinalitySeries,
      range: node.range,
      message: `"${name}" has ${metric.seriesCount} series in live data (over the ${context.settings.maxSeries} threshold) and nothing narrows this selector: add a label matcher`,
    });
  }
  const counter = name ? isCounter(name, catalog) : false;
  if (counter && name) {
    const use = rawCounterUse(node, parents);
    // Exporters name gauges `…_total` too (cAdvisor's container_fs_inodes_total, django's
    // django_migrations_applied_total): 3 of 4 by-name findings on real rules were gauges. The
    // live TYPE makes it a warning; the name alone, a note.
    const byNameOnly = catalog?.metric(name)?.type !== 'counter';
    if (use) {
      const rangeText = formatDuration(Math.max(4 * (context.scrapeInterval?.(jobOf(node)) ?? 15), 300));
      const original = text.slice(node.range.start, node.range.end);
      findings.push({
        code: DIAGNOSTIC_CODES.counterWithoutRate,
        range: node.range,
        message: byNameOnly
          ? `"${name}" is named like a counter, ${use} without rate() or increase(): if it is one, its raw value only grows, and resets when the process restarts`
          : `"${name}" is a counter, ${use} without rate() or increase(): its raw value only grows, and resets when the process restarts`,
        ...(byNameOnly ? { severity: 'info' as const } : {}),
        fixes: node.offset === null && node.at === null
          ? [{ title: `Wrap in rate(…[${rangeText}])`, safe: false, changes: [{ range: node.range, newText: `rate(${original}[${rangeText}])` }] }]
          : undefined,
      });
    }
  }
  return findings;
}

/**
 * A name no live source has, close to one a source has: "did you mean". Where the configured
 * server answers for every name, the existence check says it instead (with the same fix).
 */
function typoFindings(node: VectorSelector, name: string | undefined, context: PromQLLintContext): LintFinding[] {
  const catalog = context.catalog;
  if (!name || !node.name || context.server || !catalog || catalog.size === 0 || catalog.metric(name) || catalog.metric(`${name}_total`) || context.isRecorded?.(name)) return [];
  const suggestion = closestMetric(catalog, name);
  if (!suggestion) return [];
  return [{ code: DIAGNOSTIC_CODES.unknownMetric, range: node.name.range, message: `no live source has "${name}": did you mean "${suggestion}"?`, fixes: [useName(node.name.range, suggestion)] }];
}

function useName(range: TextRange, name: string): QuickFix {
  return { title: `Use ${name}`, safe: false, changes: [{ range, newText: name }] };
}

function existenceFindings(node: VectorSelector, name: string | undefined, context: PromQLLintContext): LintFinding[] {
  const catalog = context.catalog;
  // Past 200,000 names a server's list is cut (prometheusApiSource asks no more): absence proves nothing.
  if (!name || !context.server || !catalog || catalog.size === 0 || catalog.size >= 200_000 || context.isRecorded?.(name)) return [];
  const metric = catalog.metric(name);
  const range = node.name?.range ?? node.range;
  if (!metric) {
    // The _total counter case has its own rule and fix.
    if (catalog.metric(`${name}_total`)) return [];
    const suggestion = node.name ? closestMetric(catalog, name) : null;
    if (suggestion && node.name) {
      return [{ code: DIAGNOSTIC_CODES.unknownMetric, range, message: `${context.server} has no series of "${name}", and no recording rule of the workspace records it: did you mean "${suggestion}"?`, fixes: [useName(node.name.range, suggestion)] }];
    }
    return [{ code: DIAGNOSTIC_CODES.unknownMetric, range, message: `${context.server} has no series of "${name}", and no recording rule of the workspace records it` }];
  }
  if (!catalog.hasLabelNames(name)) return [];
  const labels = new Set(catalog.labelNames(name));
  const findings: LintFinding[] = [];
  for (const m of node.matchers) {
    if (!m.name || m.op === null || m.name.value === '__name__' || labels.has(m.name.value)) continue;
    // `label=""` and `label!~".+"` ask for series without the label: true of every series here.
    const value = m.value?.value ?? '';
    if ((m.op === '=' && value === '') || (m.op === '!=' && value !== '') || m.op === '!~') continue;
    // `label=~".*"` matches the empty value, so every series without the label too: the selector
    // matches (cardinality/series says it narrows nothing; "matches nothing" would contradict it).
    if (m.op === '=~' && matchesRegex(value, '', true) !== false) continue;
    findings.push({ code: DIAGNOSTIC_CODES.unknownMetric, range: m.name.range, message: `"${name}" has no label "${m.name.value}" on ${context.server} (its labels: ${[...labels].filter((l) => l !== '__name__').sort().join(', ') || 'none'}): this selector matches nothing` });
  }
  return findings;
}

function matcherFindings(matcher: LabelMatcher): LintFinding[] {
  if (!matcher.name || !matcher.value || !matcher.opRange || (matcher.op !== '=~' && matcher.op !== '!~')) return [];
  const regex = matcher.value.value;
  const findings: LintFinding[] = [];
  if (matchesEverything(matcher)) {
    findings.push({
      code: DIAGNOSTIC_CODES.cardinalitySeries,
      range: matcher.range,
      message: `${matcher.name.value}=~"${regex}" matches every series (even those without the label): it narrows nothing`,
    });
    return findings;
  }
  if (!/[.^$*+?()[\]{}|\\]/.test(regex)) {
    const op = matcher.op === '=~' ? '=' : '!=';
    findings.push({
      code: DIAGNOSTIC_CODES.regexLiteral,
      range: matcher.range,
      message: `"${regex}" has no regex syntax: ${matcher.name.value}${op}"${regex}" says the same without a regex`,
      fixes: [{ title: `Use ${op}`, safe: true, changes: [{ range: matcher.opRange, newText: op }] }],
    });
    return findings;
  }
  const stripped = withoutEdgeAnchors(regex);
  if (stripped !== regex) {
    findings.push({
      code: DIAGNOSTIC_CODES.regexAnchors,
      range: matcher.value.range,
      message: `Prometheus anchors label regexes at both ends already: "${regex}" is "${stripped}"`,
      fixes: [{ title: 'Remove the anchors', safe: true, changes: [{ range: matcher.value.range, newText: quoteString(stripped) }] }],
    });
  }
  return findings;
}

/**
 * The regex without the `^` that opens and the `$` that closes each of its top-level alternatives
 * (`^a|^b$` → `a|b`): Prometheus wraps the whole regex in `^(?:…)$`, so those anchors say nothing,
 * and removing them keeps the meaning. Anchors inside groups are left: there they do matter.
 */
function withoutEdgeAnchors(regex: string): string {
  const branches: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < regex.length; i++) {
    const c = regex[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      // `[]a]` and `[^]a]`: a `]` first in a class is a literal.
      if (regex[i + 1] === '^') i++;
      if (regex[i + 1] === ']') i++;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      branches.push(regex.slice(start, i));
      start = i + 1;
    }
  }
  branches.push(regex.slice(start));
  return branches.map((branch) => {
    let out = branch.startsWith('^') ? branch.slice(1) : branch;
    if (out.endsWith('$') && !endsEscaped(out)) out = out.slice(0, -1);
    return out;
  }).join('|');
}

/** Whether the last character is escaped (an odd run of backslashes before it). */
function endsEscaped(text: string): boolean {
  let backslashes = 0;
  for (let i = text.length - 2; i >= 0 && text[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

/**
 * Matchers on the same label that cannot all hold. Regexes are tried with JavaScript's engine, fully
 * anchored as Prometheus anchors them, only when they use the syntax both engines read alike;
 * others are left alone rather than guessed at.
 */
function contradictions(matchers: readonly LabelMatcher[]): LintFinding[] {
  // A label matched once cannot contradict itself: most selectors.
  if (!hasRepeatedLabel(matchers)) return [];
  const findings: LintFinding[] = [];
  const byLabel = new Map<string, LabelMatcher[]>();
  for (const m of matchers) {
    if (!m.name || !m.op || !m.value) continue;
    const list = byLabel.get(m.name.value);
    if (list) list.push(m);
    else byLabel.set(m.name.value, [m]);
  }
  for (const [label, list] of byLabel) {
    const equal = list.filter((m) => m.op === '=');
    const values = new Set(equal.map((m) => m.value!.value));
    if (values.size > 1) {
      findings.push({ code: DIAGNOSTIC_CODES.contradictoryMatchers, range: equal[1].range, message: `${label} cannot equal both ${[...values].map((v) => JSON.stringify(v)).join(' and ')}: this selector matches nothing` });
      continue;
    }
    if (values.size !== 1) continue;
    const value = [...values][0];
    for (const m of list) {
      if (m.op === '=') continue;
      const pattern = m.value!.value;
      const holds = m.op === '!=' ? value !== pattern : matchesRegex(pattern, value, m.op === '=~');
      if (holds === false) {
        findings.push({ code: DIAGNOSTIC_CODES.contradictoryMatchers, range: m.range, message: `${label}="${value}" does not satisfy ${label}${m.op}${JSON.stringify(pattern)}: this selector matches nothing` });
      }
    }
  }
  return findings;
}

function hasRepeatedLabel(matchers: readonly LabelMatcher[]): boolean {
  for (let i = 1; i < matchers.length; i++) {
    const name = matchers[i].name?.value;
    if (name === undefined) continue;
    for (let j = 0; j < i; j++) if (matchers[j].name?.value === name) return true;
  }
  return false;
}

/** Whether `value` satisfies the matcher (RE2, linear time), or undefined when the regex is invalid. */
function matchesRegex(pattern: string, value: string, positive: boolean): boolean | undefined {
  const matched = regexMatches(pattern, value);
  return matched === undefined ? undefined : matched === positive;
}

function matchesEverything(matcher: LabelMatcher): boolean {
  return matcher.op === '=~' && matcher.value !== null && /^(\^?\.\*\$?|\(\.\*\))$/.test(matcher.value.value);
}

/** Functions and aggregations after which a raw counter's value no longer matters (counting, rating, existence). */
const COUNTER_SAFE_CALLS = new Set(['rate', 'irate', 'increase', 'resets', 'changes', 'absent', 'absent_over_time', 'present_over_time', 'timestamp', 'count_over_time']);
const COUNTER_SAFE_AGGREGATIONS = new Set(['count', 'group', 'count_values']);

/** How a raw counter is used in a way that needs a rate, or null when it is not. */
function rawCounterUse(node: VectorSelector, parents: ReadonlyMap<Expr, Expr | null>): string | null {
  for (let up = parents.get(node) ?? null; up; up = parents.get(up) ?? null) {
    if ((up.kind === 'Call' && COUNTER_SAFE_CALLS.has(up.name)) || (up.kind === 'Aggregation' && COUNTER_SAFE_AGGREGATIONS.has(up.op))) return null;
  }
  let child: Expr = node;
  let parent = parents.get(node) ?? null;
  while (parent?.kind === 'ParenExpr') {
    child = parent;
    parent = parents.get(parent) ?? null;
  }
  if (!parent) return null;
  if (parent.kind === 'Aggregation' && VALUE_AGGREGATIONS.has(parent.op) && parent.args[parent.args.length - 1] === child) {
    return comparedWithZero(parent, parents) ? null : `aggregated by ${parent.op}`;
  }
  if (parent.kind === 'BinaryExpr' && COMPARISONS.has(parent.op)) {
    const other = parent.lhs === child ? parent.rhs : parent.lhs;
    // `x_total > 0` asks whether anything was ever counted: a fair question of a raw counter.
    if (isZero(other)) return null;
    return `compared with ${parent.op}`;
  }
  return null;
}

/**
 * Whether an aggregation of raw counters is only compared with 0 (`sum by (job) (x_total) > 0`,
 * through parentheses and further sums): whether anything was ever counted, a fair question.
 */
function comparedWithZero(aggregation: Expr, parents: ReadonlyMap<Expr, Expr | null>): boolean {
  let child = aggregation;
  let parent = parents.get(aggregation) ?? null;
  while (parent && (parent.kind === 'ParenExpr' || (parent.kind === 'Aggregation' && VALUE_AGGREGATIONS.has(parent.op)))) {
    child = parent;
    parent = parents.get(parent) ?? null;
  }
  if (parent?.kind !== 'BinaryExpr' || !COMPARISONS.has(parent.op)) return false;
  return isZero(parent.lhs === child ? parent.rhs : parent.lhs);
}

function isZero(node: Expr): boolean {
  const inner = unwrap(node);
  return inner.kind === 'NumberLiteral' && inner.value === 0;
}

// --- calls -----------------------------------------------------------------------------------

function callFindings(node: Call, text: string, context: PromQLLintContext, typeOf: (name: string) => MetricType | undefined, flow: () => ReadonlyMap<Expr, LabelSet>): LintFinding[] {
  const findings: LintFinding[] = [];
  const arg = node.args[0];
  const selector = arg?.kind === 'MatrixSelector' ? unwrap(arg.selector) : null;
  const name = selector?.kind === 'VectorSelector' ? metricNameOf(selector) : undefined;

  if (COUNTER_FUNCTIONS.has(node.name) && name && selector?.kind === 'VectorSelector') {
    const type = typeOf(name);
    const byName = type === undefined && !name.includes(':') && !COUNTER_SUFFIXES.some((s) => name.endsWith(s)) && !context.catalog?.metric(name) && !byNameSilenced(name, context);
    if (type === 'gauge' || (byName && context.catalog !== undefined && context.catalog.size > 0)) {
      const replacement = node.name === 'increase' ? 'delta' : node.name === 'resets' ? '' : 'deriv';
      findings.push({
        code: DIAGNOSTIC_CODES.rateNonCounter,
        range: node.nameRange,
        message: `${node.name}() is for counters, and "${name}" is ${type === 'gauge' ? 'a gauge' : 'not a counter by its name (no _total)'}${replacement ? `: use ${replacement}()` : ''}`,
        fixes: replacement && node.name !== 'irate' ? [{ title: `Use ${replacement}()`, safe: false, changes: [{ range: node.nameRange, newText: replacement }] }] : undefined,
      });
    }
  }
  const gaugeReplacement = GAUGE_FUNCTIONS.get(node.name);
  if (gaugeReplacement !== undefined && name && (typeOf(name) === 'counter' || (typeOf(name) === undefined && name.endsWith('_total')))) {
    findings.push({
      code: DIAGNOSTIC_CODES.rateNonCounter,
      range: node.nameRange,
      message: `${node.name}() is for gauges, and "${name}" is a counter: its resets make ${node.name}() jump${gaugeReplacement ? `; use ${gaugeReplacement}()` : ''}`,
      fixes: gaugeReplacement ? [{ title: `Use ${gaugeReplacement}()`, safe: false, changes: [{ range: node.nameRange, newText: gaugeReplacement }] }] : undefined,
    });
  }
  if ((RATE_FUNCTIONS.has(node.name) || node.name === 'deriv') && arg?.kind === 'MatrixSelector' && arg.duration.kind === 'NumberLiteral' && selector?.kind === 'VectorSelector') {
    const interval = context.scrapeInterval?.(jobOf(selector));
    if (interval !== undefined && arg.duration.value < 2 * interval) {
      const suggested = formatDuration(4 * interval);
      findings.push({
        code: DIAGNOSTIC_CODES.rateRange,
        range: arg.duration.range,
        message: `[${arg.duration.text}] is shorter than twice the scrape interval (${formatDuration(interval)}): ${node.name}() needs two samples in the range; use at least [${formatDuration(2 * interval)}], ideally [${suggested}]`,
        fixes: [{ title: `Use [${suggested}]`, safe: false, changes: [{ range: arg.duration.range, newText: suggested }] }],
      });
    }
  }
  if (RATE_FUNCTIONS.has(node.name) && arg?.kind === 'Subquery') {
    const inner = unwrap(arg.expr);
    if (inner.kind === 'Aggregation' && VALUE_AGGREGATIONS.has(inner.op)) {
      findings.push({
        code: DIAGNOSTIC_CODES.rateOfAggregation,
        range: node.range,
        message: `${node.name}() over ${inner.op}(): a reset of any one series looks like a drop of the ${inner.op}, and the rate is wrong; take the ${node.name}() first, then ${inner.op} (${inner.op}(${node.name}(x[…])))`,
      });
    }
  }
  if (node.name === 'histogram_quantile') findings.push(...histogramFindings(node, text, flow()));
  return findings;
}

/**
 * When the by-name verdict of rate-non-counter ("no _total: not a counter") would contradict what
 * another rule says of the same name: a source knows its `_total` counter (naming/counter-total
 * gives that name), a recording rule of the workspace records it (its type is the rule's), or the
 * server's full list lacks it (promql/unknown-metric says it does not exist).
 */
function byNameSilenced(name: string, context: PromQLLintContext): boolean {
  const catalog = context.catalog;
  if (catalog?.metric(`${name}_total`)) return true;
  if (context.isRecorded?.(name)) return true;
  return context.server !== undefined && catalog !== undefined && catalog.size > 0 && catalog.size < 200_000;
}

function histogramFindings(node: Call, text: string, flow: ReadonlyMap<Expr, LabelSet>): LintFinding[] {
  const findings: LintFinding[] = [];
  const [quantile, input] = node.args;
  const value = numberValue(quantile);
  if (quantile && value !== undefined && (value < 0 || value > 1)) {
    findings.push({ code: DIAGNOSTIC_CODES.histogramLe, range: quantile.range, message: `the quantile ${value} is outside [0, 1]: histogram_quantile returns ${value < 0 ? '-Inf' : '+Inf'} (0.99 is the 99th percentile)` });
  }
  if (!input) return findings;
  const buckets: VectorSelector[] = [];
  forEachPreOrder(input, (n) => {
    if (n.kind === 'VectorSelector' && metricNameOf(n)?.endsWith('_bucket')) buckets.push(n);
  });
  // Native histograms have no `le`: only classic `_bucket` series are checked.
  if (buckets.length === 0) return findings;
  const set = flow.get(input);
  if (set && isDropped(set, 'le')) {
    const dropper = aggregationDropping(input, 'le', flow);
    const fix = dropper?.grouping && dropper.grouping.keyword === 'by' && dropper.grouping.listRange ? addLabelFix(dropper.grouping.labels, dropper.grouping.listRange, 'le', text) : undefined;
    findings.push({
      code: DIAGNOSTIC_CODES.histogramLe,
      range: dropper?.grouping?.range ?? dropper?.opRange ?? input.range,
      message: 'histogram_quantile needs the "le" label of the buckets, and this aggregation drops it: keep "le" (sum by (le, …))',
      fixes: fix ? [fix] : undefined,
    });
  }
  for (const bucket of buckets) {
    if (!insideRangeFunction(bucket, input)) {
      findings.push({
        code: DIAGNOSTIC_CODES.histogramLe,
        range: bucket.range,
        message: `"${metricNameOf(bucket)}" is a counter per bucket: take rate(…[5m]) of the buckets, or the quantile is of everything since the process started`,
      });
    }
  }
  return findings;
}

function addLabelFix(labels: readonly { value: string }[], listRange: TextRange, label: string, text: string): QuickFix {
  const inner = text.slice(listRange.start + 1, listRange.end - 1);
  const newText = labels.length === 0 ? `(${label})` : `(${inner.trimEnd().replace(/,$/, '')}, ${label})`;
  return { title: `Add "${label}" to the grouping`, safe: true, changes: [{ range: listRange, newText }] };
}

/** The aggregation (in `root`) whose grouping removes `label`, outermost first. */
function aggregationDropping(root: Expr, label: string, flow: ReadonlyMap<Expr, LabelSet>): Aggregation | undefined {
  let found: Aggregation | undefined;
  forEachPreOrder(root, (n) => {
    if (found || n.kind !== 'Aggregation') return;
    const set = flow.get(n);
    const inputSet = flow.get(n.args[n.args.length - 1]);
    if (set && isDropped(set, label) && !(inputSet && isDropped(inputSet, label))) found = n;
  });
  return found;
}

function insideRangeFunction(target: Expr, root: Expr): boolean {
  let inside = false;
  forEachPreOrder(root, (n) => {
    if (inside || n.kind !== 'Call') return;
    const takesRange = n.func?.parameters.some((p) => p.type === 'matrix');
    if (!takesRange) return;
    if (n.range.start <= target.range.start && target.range.end <= n.range.end) inside = true;
  });
  return inside;
}

// --- grouping and matching ----------------------------------------------------------------

function groupingFindings(node: Aggregation, context: PromQLLintContext): LintFinding[] {
  if (!node.grouping || node.grouping.keyword !== 'by') return [];
  // The input's metric narrows the live label values; without live data only names count.
  const metric = context.catalog ? metricOfInput(node.args[node.args.length - 1]) : undefined;
  const findings: LintFinding[] = [];
  for (const label of node.grouping.labels) {
    const reason = unboundedLabelReason(label.value, metric, context);
    if (reason) findings.push({ code: DIAGNOSTIC_CODES.cardinalityLabel, range: label.range, message: `grouping by "${label.value}" makes a series per value: ${reason}` });
  }
  return findings;
}

function matchingFindings(node: BinaryExpr, context: PromQLLintContext, flow: () => ReadonlyMap<Expr, LabelSet>): LintFinding[] {
  const matching = node.matching;
  if (!matching) return [];
  const findings: LintFinding[] = [];
  const metric = context.catalog ? metricOfInput(node.lhs) ?? metricOfInput(node.rhs) : undefined;
  for (const label of [...(matching.matchingKeyword === 'on' ? matching.matchingLabels : []), ...(matching.include ?? [])]) {
    const reason = unboundedLabelReason(label.value, metric, context);
    if (reason) findings.push({ code: DIAGNOSTIC_CODES.cardinalityLabel, range: label.range, message: `matching on "${label.value}": ${reason}` });
  }
  if (matching.matchingKeyword === 'on' && !['and', 'or', 'unless'].includes(node.op)) {
    for (const label of matching.matchingLabels) {
      const sides = [['left', flow().get(node.lhs)], ['right', flow().get(node.rhs)]] as const;
      for (const [side, set] of sides) {
        if (set && isDropped(set, label.value)) {
          findings.push({ code: DIAGNOSTIC_CODES.vectorMatching, range: label.range, message: `the ${side} side cannot have "${label.value}" (it was aggregated away), so no series match on it and the result is empty` });
          break;
        }
      }
    }
  }
  return findings;
}

// --- helpers ---------------------------------------------------------------------------------

function unwrap(node: Expr): Expr {
  let current = node;
  while (current.kind === 'ParenExpr') current = current.expr;
  return current;
}

function numberValue(node: Expr | undefined): number | undefined {
  if (!node) return undefined;
  const inner = unwrap(node);
  if (inner.kind === 'NumberLiteral' && !inner.isDuration) return inner.value;
  if (inner.kind === 'UnaryExpr') {
    const v = numberValue(inner.expr);
    return v === undefined ? undefined : inner.op === '-' ? -v : v;
  }
  return undefined;
}

export function metricNameOf(node: VectorSelector): string | undefined {
  if (node.name) return node.name.value;
  const matcher = node.matchers.find((m) => (m.op === null || (m.op === '=' && m.name?.value === '__name__')) && m.value);
  if (matcher?.op === null) return matcher.name?.value;
  return matcher?.value?.value;
}

function jobOf(node: VectorSelector): string | undefined {
  return node.matchers.find((m) => m.op === '=' && m.name?.value === 'job')?.value?.value;
}

/** The metric an aggregation or operand reads, when it reads exactly one. */
function metricOfInput(node: Expr | undefined): string | undefined {
  if (!node) return undefined;
  const names = new Set<string>();
  forEachPreOrder(node, (n) => {
    if (n.kind === 'VectorSelector') {
      const name = metricNameOf(n);
      if (name) names.add(name);
    }
  });
  return names.size === 1 ? [...names][0] : undefined;
}

function isCounter(name: string, catalog: MetricCatalog | undefined): boolean {
  const type = catalog?.metric(name)?.type;
  if (type !== undefined) return type === 'counter';
  return name.endsWith('_total') && !name.includes(':');
}
