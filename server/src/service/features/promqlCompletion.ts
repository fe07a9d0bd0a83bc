import { codeBlock, escapeMarkdown, inlineCode } from '../remoteText/markdownText';
import { plainText } from '../remoteText/plainText';
import { bestMatches, bestNameMatches, charMask, pickMatches } from '../catalog/fuzzyMatch';
import type { CatalogMetric, MetricCatalog } from '../catalog/metricCatalog';
import { AGGREGATIONS, type PromQLAggregation } from '../promql/aggregations';
import { completionContextAt, enclosingCallAt, type CompletionContext } from '../promql/completionContext';
import { familyOfCreatedSeries } from '../catalog/createdSeries';
import { formatDuration } from '../promql/duration';
import { COUNTER_FUNCTIONS, FUNCTIONS, type PromQLFunction } from '../promql/functions';
import type { TextRange } from '../promql/syntaxTree';
import type { RuleDefinition } from '../rules/ruleIndex';
import type { PromQLAtOffset } from './promqlAtOffset';
import type { WorkspaceMetricNames } from '../workspace/workspaceMetricNames';
import { documentedType } from '../promql/valueType';
import type { CompletionAnswer, CompletionEntry } from './completionEntry';
import { codeMetricDetail, codeMetricDocumentation, definedInSuffix, type CodeMetricLookup } from './codeMetricText';
import { exposedLabelNames } from '../workspace/codeDefinitions';

/*
 * Completion inside PromQL: metric names (live catalog, the workspace's recording rules, names the
 * workspace's queries use), label names narrowed to the selector's metric, label values, grouping
 * labels narrowed to the labels of the expression grouped, functions and aggregations as snippets,
 * keywords, and durations. Long lists are capped and marked incomplete, so the editor asks again as
 * the user types instead of receiving 100,000 items.
 */

/** Most items in one answer. */
export const MAX_COMPLETION_ITEMS = 1000;

/** What completion reads besides the document. */
export interface PromQLCompletionSources {
  readonly catalog?: MetricCatalog;
  /**
   * The workspace's recording rules and the metric names its rules and queries read, with the names
   * read only inside `cursorToken` (document offsets): the word being typed is no use of its own.
   */
  readonly workspaceNames?: (cursorToken: TextRange) => { readonly list: WorkspaceMetricNames; readonly readOnlyAtCursor: ReadonlySet<string> };
  /** Whether the server the user queries supports a function or aggregation (absent: everything is). */
  readonly isAvailable?: (kind: 'function' | 'aggregation' | 'syntax', name: string) => boolean;
  /** The scrape interval (seconds) of the workspace's configuration, when there is one. */
  readonly scrapeInterval?: number;
  /** The metrics the workspace's code defines, and the URI of the document asked about (for "defined in"). */
  readonly code?: { readonly metrics: CodeMetricLookup; readonly uri: string };
}

/** Data a metric item carries to `completionItem/resolve`, which adds its documentation. */
export interface MetricItemData {
  readonly metric: string;
  /** The document completed in, when the workspace's code defines the metric too (its place is said from there). */
  readonly from?: string;
}

interface Candidate {
  readonly name: string;
  readonly build: (rank: number) => CompletionEntry;
}

const rankText = (rank: number): string => rank.toString().padStart(5, '0');

export function completePromQL(at: PromQLAtOffset, sources: PromQLCompletionSources): CompletionAnswer {
  const context = completionContextAt(at.text, at.offset, at.analysis.expr);
  if (context.kind === 'none') return { isIncomplete: false, items: [] };
  const range = at.toDocument(context.word);
  const typed = at.text.slice(context.word.start, context.word.end);
  const candidates = candidatesFor(context, sources, at, range, typed);
  let found: { items: { item: Candidate; score: number }[]; total: number };
  if (context.kind === 'expression') {
    const workspace = workspaceNamesAt(context, sources, at);
    const code = codeCandidates(sources, at, range, workspace);
    found = bestExpressionMatches(typed, [...code, ...candidates], workspace, sources.catalog, range, new Set(code.map((c) => c.name)));
  } else {
    found = bestMatches(typed, candidates, (c) => c.name, MAX_COMPLETION_ITEMS);
  }
  let matches = found.items.map((m) => ({ score: m.score, name: m.item.name, build: m.item.build }));
  let total = found.total;
  if (context.kind === 'expression' && sources.catalog) {
    const catalog = sources.catalog;
    // Where a counter is expected, a counter's `_created` timestamps are no candidate.
    const skip = counterExpectedAt(at) ? (name: string) => familyOfCreatedSeries(name, (n) => catalog.metric(n) !== undefined) !== null : () => false;
    // The catalog's metrics are scored in place: one candidate object per metric per keystroke would cost more than the scan.
    const metrics = catalog.search(typed, MAX_COMPLETION_ITEMS);
    total += metrics.total;
    // A candidate the catalog's answer names too is left to the catalog's item. Few candidates are
    // in the catalog at all: the set of its 1,000 names (0.7 ms) is built only when one is.
    if (matches.some((m) => catalog.metric(m.name) !== undefined)) {
      const catalogNames = new Set(metrics.items.map((m) => m.item.name));
      matches = matches.filter((m) => !catalogNames.has(m.name));
    }
    const code = sources.code;
    for (const m of metrics.items) {
      if (skip(m.item.name)) continue;
      const defined = code ? code.metrics.exposing(m.item.name) : [];
      matches.push({ score: m.score, name: m.item.name, build: (rank) => metricItem(m.item, range, rank, defined.length > 0 ? code!.uri : undefined, definedInSuffix(defined, code?.uri ?? '')) });
    }
    matches.sort((a, b) => b.score - a.score);
    if (matches.length > MAX_COMPLETION_ITEMS) matches.length = MAX_COMPLETION_ITEMS;
  }
  return { isIncomplete: total > matches.length || context.kind === 'labelValue', items: matches.map((m, i) => m.build(i)) };
}

/** The workspace's names, with those read only at the word under the cursor. */
function workspaceNamesAt(context: Extract<CompletionContext, { kind: 'expression' }>, sources: PromQLCompletionSources, at: PromQLAtOffset): ReturnType<NonNullable<PromQLCompletionSources['workspaceNames']>> | undefined {
  const word = context.word;
  const token = at.toDocument({ start: word.start, end: word.end + (/^[A-Za-z0-9_:]*/.exec(at.text.slice(word.end))?.[0].length ?? 0) });
  return sources.workspaceNames?.(token);
}

/**
 * The best candidates of an expression: the workspace's recording rules, then the names its queries
 * read (but those the catalog has, and those read only where the cursor is), then `others`, in that
 * order (which decides among equal scores). The workspace's names are scored by index, each
 * ruled out by its character set first: no object per name per keystroke, only per item answered.
 */
function bestExpressionMatches(typed: string, others: readonly Candidate[], workspace: ReturnType<NonNullable<PromQLCompletionSources['workspaceNames']>> | undefined,
  catalog: MetricCatalog | undefined, range: TextRange, inOthers: ReadonlySet<string>): { items: { item: Candidate; score: number }[]; total: number } {
  const names = workspace?.list.names ?? [];
  const count = names.length;
  const order = new Int32Array(count + others.length);
  const masks = new Int32Array(count + others.length);
  // The names scored, in `order`'s order: fuzzyMatch.ts's one loop reads them directly.
  const scored: string[] = [];
  // An empty catalog has none of the names: 10,000 look-ups per keystroke are saved.
  const inCatalog = catalog && catalog.size > 0 ? catalog : undefined;
  const skipped = (i: number, name: string): boolean =>
    i >= workspace!.list.records ? workspace!.readOnlyAtCursor.has(name) || inOthers.has(name) || inCatalog?.metric(name) !== undefined : inCatalog?.metric(name) !== undefined;
  // A name whose character set lacks one of the typed characters cannot match: one AND rules it out
  // before the look-ups of `skipped` and before it is collected (most of 10,000 names, per keystroke).
  const wanted = typed === '' ? 0 : charMask(typed);
  const nameMasks = workspace?.list.masks ?? [];
  let n = 0;
  for (let i = 0; i < count; i++) {
    if ((nameMasks[i] & wanted) !== wanted || skipped(i, names[i])) continue;
    scored.push(names[i]);
    order[n] = i;
    masks[n++] = nameMasks[i];
  }
  for (let j = 0; j < others.length; j++) {
    scored.push(others[j].name);
    order[n] = count + j;
    masks[n++] = typed === '' ? 0 : charMask(others[j].name);
  }
  // Nothing typed: every candidate scores alike and the best are the first ones, in order (as bestNameMatches would rank them), without scoring each.
  const found = typed === ''
    ? { items: Array.from(order.subarray(0, Math.min(n, MAX_COMPLETION_ITEMS)), (i) => ({ item: i, score: 0 })), total: n }
    : pickMatches(bestNameMatches(typed, scored, masks.subarray(0, n), MAX_COMPLETION_ITEMS), (k) => order[k]);
  const candidate = (i: number): Candidate => {
    if (i >= count) return others[i - count];
    const name = names[i];
    const rule = i < workspace!.list.records ? workspace!.list.record(name) : undefined;
    if (rule) return { name, build: (rank) => recordingRuleItem(rule, range, rank) };
    return { name, build: (rank) => ({ label: name, kind: 'variable', detail: 'used in this workspace', edit: { range, newText: name }, sortText: rankText(rank) }) };
  };
  return { items: found.items.map((m) => ({ item: candidate(m.item), score: m.score })), total: found.total };
}

/**
 * What the workspace's code defines, where neither the live catalog nor a recording rule says it (the
 * catalog's items name the place in code themselves). Ranked after the recording rules and before
 * the names queries read, which these replace with a fuller item.
 */
function codeCandidates(sources: PromQLCompletionSources, at: PromQLAtOffset, range: TextRange, workspace: ReturnType<NonNullable<PromQLCompletionSources['workspaceNames']>> | undefined): Candidate[] {
  if (!sources.code) return [];
  const { metrics, uri } = sources.code;
  const catalog = sources.catalog;
  const counterExpected = counterExpectedAt(at);
  const out: Candidate[] = [];
  for (const [name, defined] of metrics.all()) {
    if (catalog?.metric(name) || workspace?.list.record(name)) continue;
    const first = defined[0];
    if (counterExpected && name === `${first.exposed.family}_created`) continue;
    out.push({
      name,
      build: (rank) => ({
        label: name,
        kind: 'variable',
        detail: codeMetricDetail(first, uri),
        documentation: { markdown: codeMetricDocumentation(name, defined, uri) },
        edit: { range, newText: name },
        sortText: rankText(rank),
      }),
    });
  }
  return out;
}

/** Whether the cursor is in the first argument of rate() and the like. */
function counterExpectedAt(at: PromQLAtOffset): boolean {
  const call = enclosingCallAt(at.text, at.offset);
  return call !== null && call.kind === 'function' && call.argument === 0 && COUNTER_FUNCTIONS.has(call.name);
}

function candidatesFor(context: Exclude<CompletionContext, { kind: 'none' }>, sources: PromQLCompletionSources, at: PromQLAtOffset, range: TextRange, typed: string): Candidate[] {
  const catalog = sources.catalog;
  switch (context.kind) {
    case 'expression': {
      // The workspace's names come first (bestExpressionMatches), then these.
      const out: Candidate[] = [];
      for (const f of FUNCTIONS.values()) {
        if (sources.isAvailable && !sources.isAvailable('function', f.name)) continue;
        out.push({ name: f.name, build: (rank) => functionItem(f, range, rank) });
      }
      for (const a of AGGREGATIONS.values()) {
        if (sources.isAvailable && !sources.isAvailable('aggregation', a.name)) continue;
        out.push({ name: a.name, build: (rank) => aggregationItem(a, range, rank) });
      }
      if (context.afterBinaryOperator) for (const k of ['on', 'ignoring', 'bool', 'group_left', 'group_right']) out.push(keyword(k, range));
      return out;
    }
    case 'operator': {
      const words = ['and', 'or', 'unless', 'atan2', 'offset', 'on', 'ignoring', 'bool', 'group_left', 'group_right'];
      if (context.afterAggregation) words.unshift('by', 'without');
      if (context.afterRange && (!sources.isAvailable || sources.isAvailable('syntax', 'extended-range-selectors'))) words.push('anchored', 'smoothed');
      return words.map((k) => keyword(k, range));
    }
    case 'labelName': {
      const live = catalog ? (context.metric ? catalog.labelNames(context.metric) : catalog.labelNames()) : [];
      const fromCode = context.metric ? codeLabelNames(sources, context.metric) : [];
      const names = fromCode.length === 0 ? live : [...new Set([...live, ...fromCode])].sort();
      const metric = context.metric ? catalog?.metric(context.metric) ?? (fromCode.length > 0 ? { name: context.metric } : undefined) : undefined;
      return names.filter((n) => !context.used.includes(n) && n !== '__name__').map((name) => ({
        name,
        build: (rank) => ({
          label: name,
          kind: 'field',
          detail: metric ? `label of ${metric.name}` : 'label',
          edit: { range, newText: name },
          sortText: rankText(rank),
        }),
      }));
    }
    case 'groupingLabel': {
      const names = new Set<string>();
      const known = catalog ? context.metrics.filter((m) => catalog.hasLabelNames(m)) : [];
      const knownInCode = context.metrics.filter((m) => !known.includes(m) && codeLabelNames(sources, m).length > 0);
      if (catalog && known.length > 0) for (const m of known) for (const l of catalog.labelNames(m)) names.add(l);
      else if (catalog && knownInCode.length === 0) for (const l of catalog.labelNames()) names.add(l);
      for (const m of knownInCode) for (const l of codeLabelNames(sources, m)) names.add(l);
      known.push(...knownInCode);
      names.delete('__name__');
      return [...names].filter((n) => !context.used.includes(n)).map((name) => ({
        name,
        build: (rank) => ({
          label: name,
          kind: 'field',
          detail: known.length > 0 ? `label of ${known.join(', ')}` : 'label',
          edit: { range, newText: name },
          sortText: rankText(rank),
        }),
      }));
    }
    case 'labelValue': {
      const values = catalog?.labelValues(context.label, context.metric) ?? [];
      return values.map((value) => ({
        name: value,
        build: (rank) => ({
          // A server's value, shown as plain text on one line; the edit inserts it exactly (escaped).
          label: plainText(value, 200, true),
          kind: 'value',
          detail: `${context.label}${context.metric ? ` of ${context.metric}` : ''}`,
          filterText: value,
          edit: { range, newText: at.escape(labelValueText(value, context.quote, context.closed)) },
          sortText: rankText(rank),
        }),
      }));
    }
    case 'duration':
      return durationCandidates(sources, range).filter((c) => typed === '' || c.name.startsWith(typed));
    case 'atModifier': {
      if (sources.isAvailable && !sources.isAvailable('syntax', 'at-start-end')) return [];
      const preprocessor = (name: string, doc: string): Candidate => ({
        name,
        build: (rank) => ({ label: `${name}()`, kind: 'function', detail: doc, edit: { range, newText: `${name}()` }, sortText: rankText(rank) }),
      });
      return [preprocessor('start', 'evaluate at the start of the query range'), preprocessor('end', 'evaluate at the end of the query range')];
    }
  }
}

const DURATIONS: [string, string][] = [
  ['1m', '1 minute'], ['5m', '5 minutes'], ['10m', '10 minutes'], ['15m', '15 minutes'], ['30m', '30 minutes'],
  ['1h', '1 hour'], ['6h', '6 hours'], ['12h', '12 hours'], ['1d', '1 day'], ['7d', '7 days'],
];

/**
 * Durations for a range or subquery: four scrape intervals first when the workspace's configuration
 * tells them (what rate() needs to see at least two samples), the usual ones, and the duration
 * functions of duration expressions where the server has them.
 */
function durationCandidates(sources: PromQLCompletionSources, range: TextRange): Candidate[] {
  const unit = (d: string, doc: string): Candidate => ({
    name: d,
    build: (rank) => ({ label: d, kind: 'unit', detail: doc, edit: { range, newText: d }, sortText: rankText(rank) }),
  });
  const out: Candidate[] = [];
  if (sources.scrapeInterval !== undefined) {
    const four = formatDuration(4 * sources.scrapeInterval);
    out.push(unit(four, `4 × the scrape interval (${formatDuration(sources.scrapeInterval)}): rate() sees several samples`));
  }
  for (const [d, doc] of DURATIONS) if (!out.some((c) => c.name === d)) out.push(unit(d, doc));
  const available = (feature: string): boolean => !sources.isAvailable || sources.isAvailable('syntax', feature);
  const fn = (name: string, snippet: string, doc: string): Candidate => ({
    name,
    build: (rank) => ({ label: `${name}()`, kind: 'function', detail: doc, edit: { range, newText: snippet }, snippet: true, sortText: rankText(rank) }),
  });
  if (available('step-range-durations')) {
    out.push(fn('step', 'step()', 'the query step, as a duration'), fn('range', 'range()', 'the query range (end − start), as a duration'));
  }
  if (available('min-max-of-durations')) {
    out.push(fn('min_of', 'min_of(${1:5m}, ${2:step()})', 'the smaller of two durations'), fn('max_of', 'max_of(${1:5m}, ${2:4 * step()})', 'the larger of two durations'));
  }
  return out;
}

/** A label value as PromQL text: quoted unless the user opened the quote, with PromQL's escapes. */
function labelValueText(value: string, quote: string | null, closed: boolean): string {
  const q = quote ?? '"';
  const escaped = q === '`' ? value : value.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), `\\${q}`).replace(/\n/g, '\\n');
  if (quote) return closed ? escaped : `${escaped}${q}`;
  return `"${escaped}"`;
}

/** The label names the workspace's code gives a series name. */
function codeLabelNames(sources: PromQLCompletionSources, metric: string): string[] {
  const defined = sources.code?.metrics.exposing(metric) ?? [];
  return defined.length === 1 ? exposedLabelNames(defined[0]) : [...new Set(defined.flatMap(exposedLabelNames))].sort();
}

function keyword(word: string, range: TextRange): Candidate {
  return { name: word, build: (rank) => ({ label: word, kind: 'keyword', edit: { range, newText: word }, sortText: rankText(rank) }) };
}

function metricItem(metric: CatalogMetric, range: TextRange, rank: number, definedFrom: string | undefined, definedIn: string): CompletionEntry {
  const data: MetricItemData = definedFrom === undefined ? { metric: metric.name } : { metric: metric.name, from: definedFrom };
  return {
    // A server's name, as plain text on one line (a label is not rendered); the edit inserts it exactly.
    label: plainText(metric.name, 300, true),
    kind: 'variable',
    detail: metricDetail(metric) + definedIn,
    edit: { range, newText: metric.name },
    sortText: rankText(rank),
    data,
  };
}

export function metricDetail(metric: CatalogMetric): string {
  const type = metric.type && metric.type !== 'untyped' && metric.type !== 'unknown' ? metric.type : 'metric';
  // Plain text (a completion's detail is not rendered), on one line, as a server wrote it.
  return metric.help ? `${type} · ${plainText(metric.help, 80, true)}` : type;
}

/** The hover and resolve text of a metric. */
/** Markdown. */
export function metricDocumentation(metric: CatalogMetric, labelNames: readonly string[]): string {
  // Every part comes from a server or an exposition: escaped, or in code spans no backtick can close.
  const lines = [`**${escapeMarkdown(metric.name)}**${metric.type ? ` · ${escapeMarkdown(metric.type)}` : ''}${metric.unit ? ` · unit ${inlineCode(metric.unit)}` : ''}`];
  if (metric.help) lines.push('', escapeMarkdown(metric.help, undefined, true));
  if (metric.family && metric.family !== metric.name) lines.push('', `Series of the ${escapeMarkdown(metric.type ?? '')} ${inlineCode(metric.family)}.`);
  if (labelNames.length > 0) lines.push('', `Labels: ${labelNames.map((l) => inlineCode(l)).join(', ')}`);
  if (metric.seriesCount !== undefined) {
    const bySource = metric.seriesBySource ? ` (${metric.seriesBySource.map((c) => `${escapeMarkdown(c.source, 200)}: ${c.count.toLocaleString('en-US')}`).join(', ')})` : '';
    lines.push('', `Series: ${metric.seriesCount.toLocaleString('en-US')}${bySource}`);
  }
  if (metric.sources.length > 0) lines.push('', `Source: ${metric.sources.map((s) => escapeMarkdown(s, 200)).join(', ')}`);
  return lines.join('\n');
}

function recordingRuleItem(rule: RuleDefinition, range: TextRange, rank: number): CompletionEntry {
  return {
    label: rule.name,
    kind: 'variable',
    detail: `recording rule${rule.group ? ` · group ${rule.group}` : ''}`,
    documentation: { markdown: ruleDocumentation(rule) },
    edit: { range, newText: rule.name },
    sortText: rankText(rank),
  };
}

/**
 * A recording rule's documentation (its expression), by rule: an answer holds up to 1,000 rules, and
 * the index keeps most of them, the same objects, from keystroke to keystroke; each is escaped once.
 */
function ruleDocumentation(rule: RuleDefinition): string {
  let markdown = RULE_DOCUMENTATION.get(rule);
  if (markdown === undefined) {
    markdown = codeBlock(rule.expr.trim(), 'promql');
    RULE_DOCUMENTATION.set(rule, markdown);
  }
  return markdown;
}

const RULE_DOCUMENTATION = new WeakMap<RuleDefinition, string>();

export function functionSignature(f: PromQLFunction): string {
  const params = f.parameters.map((p, i) => {
    const optional = f.variadic !== 0 && i === f.parameters.length - 1;
    return `${p.name}${optional ? '?' : ''} ${documentedType(p.type)}${f.variadic < 0 && i === f.parameters.length - 1 ? ', …' : ''}`;
  });
  return `${f.name}(${params.join(', ')}) → ${documentedType(f.returnType)}`;
}

export function aggregationSignature(a: PromQLAggregation): string {
  const params = a.parameter ? [`${a.parameter.name} ${documentedType(a.parameter.type)}`, 'v instant vector'] : ['v instant vector'];
  return `${a.name} [by|without (labels)] (${params.join(', ')}) → instant vector`;
}

function functionItem(f: PromQLFunction, range: TextRange, rank: number): CompletionEntry {
  let n = 0;
  const args = f.parameters
    .filter((_, i) => f.variadic === 0 || i < f.parameters.length - 1)
    .map((p) => (p.type === 'matrix' ? `\${${++n}:${p.name}}[\${${++n}:5m}]` : `\${${++n}:${p.name}}`));
  return {
    label: f.name,
    kind: 'function',
    detail: functionSignature(f) + (f.experimental ? ' · experimental' : ''),
    documentation: { markdown: f.doc },
    snippet: true,
    edit: { range, newText: `${f.name}(${args.join(', ')})` },
    sortText: rankText(rank),
  };
}

function aggregationItem(a: PromQLAggregation, range: TextRange, rank: number): CompletionEntry {
  const args = a.parameter ? `\${1:${a.parameter.name}}, \${2:v}` : '${1:v}';
  return {
    label: a.name,
    kind: 'operator',
    detail: aggregationSignature(a) + (a.experimental ? ' · experimental' : ''),
    documentation: { markdown: a.doc },
    snippet: true,
    edit: { range, newText: `${a.name}(${args})` },
    sortText: rankText(rank),
  };
}
