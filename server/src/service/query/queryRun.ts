import type { TextRange } from '../promql/syntaxTree';
import { explainNodes, type ExplainNode } from './explainTree';
import { queryCost, type QueryCost } from './queryCost';
import type { ApiFailure, QueryExecutor } from './queryExecutor';
import { shapeQueryData, type ShapedResult } from './queryResult';
import { autoStep } from './queryTime';
import { serverErrorRange } from './serverErrorPosition';
import { substituteVariables, type Substitution } from './templateVariables';
import { plainText } from '../remoteText/plainText';
import { analyzePromQL } from '../promql/analysis';

/*
 * One run of a query: Grafana variables substituted (for `.promql` files), the query sent as an
 * instant or a range query, the answer shaped, and what the server said about it (its error, its
 * warnings and infos) placed on the query as written. And Explain: every sub-expression run on its
 * own at the same instant.
 *
 * The server is an interface (QueryExecutor): this module does no I/O of its own.
 */

export type QueryKind = 'instant' | 'range';

export interface RunOptions {
  readonly kind: QueryKind;
  /** Instant: the evaluation time; range: the end. Unix seconds; absent: now. */
  readonly time?: number;
  /** A range run's range (and `$__range`), seconds. */
  readonly rangeSeconds: number;
  /** A range run's step, seconds; absent: about 250 points. */
  readonly step?: number;
  /** Series kept in the result. */
  readonly maxSeries: number;
  /** Substitute Grafana variables (`.promql` files): their values, and the scrape interval for `$__rate_interval`. Absent: the text is sent as is. */
  readonly templates?: { readonly variables: Readonly<Record<string, string>>; readonly scrapeIntervalSeconds: number };
  readonly signal?: AbortSignal;
  /** The clock, Unix seconds (tests fix it). */
  readonly now?: () => number;
}

/** A message of the server about the query, placed on the text as written when it gave a position. */
export interface ServerNote {
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  /** In the query as written; absent: the whole query. */
  readonly range?: TextRange;
}

export interface QueryRunResult extends Partial<Omit<ShapedResult, 'summary'>> {
  readonly ok: boolean;
  readonly kind: QueryKind;
  /** The server's name. */
  readonly server: string;
  /** The query as sent (variables substituted). */
  readonly query: string;
  /** Instant: the evaluation time, Unix seconds. */
  readonly time?: number;
  /** Range: start, end (Unix seconds) and step (seconds). */
  readonly start?: number;
  readonly end?: number;
  readonly step?: number;
  /** `3 series · max 0.42 · 18 ms`, or the error sentence. */
  readonly summary: string;
  /** The round trip, milliseconds. */
  readonly elapsedMs: number;
  readonly error?: {
    /** `api` (the server's verdict, verbatim), `timeout`, `cancelled`, `unreachable`, `too-large`, `protocol`. */
    readonly kind: ApiFailure['kind'];
    readonly message: string;
    readonly errorType?: string;
    /** Where in the query as written the server's error points. */
    readonly range?: TextRange;
  };
  readonly warnings: readonly string[];
  readonly infos: readonly string[];
  /** Every message placed on the query: the error, warnings and infos. */
  readonly notes: readonly ServerNote[];
  readonly substitutions: readonly Substitution[];
  /** `substituted $__range = 1h; no value for $env (prometheus.templateVariables)`. */
  readonly templateNote?: string;
}

const SORTING_FUNCTIONS = new Set(['sort', 'sort_desc', 'sort_by_label', 'sort_by_label_desc']);

export async function runQuery(text: string, executor: QueryExecutor, options: RunOptions): Promise<QueryRunResult> {
  const now = options.now?.() ?? Date.now() / 1000;
  const step = options.step ?? autoStep(options.rangeSeconds);
  const substituted = options.templates
    ? substituteVariables(text, { variables: options.templates.variables, rangeSeconds: options.rangeSeconds, intervalSeconds: step, scrapeIntervalSeconds: options.templates.scrapeIntervalSeconds })
    : null;
  const query = substituted ? substituted.text : text;
  const toOriginal = (range: TextRange): TextRange => originalRange(range, substituted);
  const end = options.time ?? now;
  const timing = options.kind === 'instant' ? { time: options.time } : { start: end - options.rangeSeconds, end, step };
  const answer = options.kind === 'instant'
    ? await executor.instant({ query, time: options.time, stats: true }, options.signal)
    : await executor.range({ query, start: end - options.rangeSeconds, end, step, stats: true }, options.signal);
  const base = {
    kind: options.kind,
    server: executor.name,
    query,
    ...timing,
    elapsedMs: answer.elapsedMs,
    warnings: answer.warnings,
    infos: answer.infos,
    substitutions: substituted?.substitutions ?? [],
    ...(substituted?.note ? { templateNote: substituted.note } : {}),
  };
  const notes: ServerNote[] = [
    ...answer.warnings.map((m) => note('warning', m, query, toOriginal)),
    ...answer.infos.map((m) => note('info', m, query, toOriginal)),
  ];
  if (!answer.ok) {
    const range = answer.kind === 'api' ? serverErrorRange(answer.message, query) : null;
    const error = { kind: answer.kind, message: answer.message, ...(answer.errorType ? { errorType: answer.errorType } : {}), ...(range ? { range: toOriginal(range) } : {}) };
    if (answer.kind === 'api') notes.unshift({ severity: 'error', message: answer.message, ...(error.range ? { range: error.range } : {}) });
    return { ...base, ok: false, summary: errorSummary(answer), error, notes };
  }
  const shaped = shapeQueryData(answer.data, { maxSeries: options.maxSeries, elapsedMs: answer.elapsedMs, keepOrder: sortsItself(query) });
  if (!shaped) {
    const message = `${executor.name} answered without a query result`;
    return { ...base, ok: false, summary: message, error: { kind: 'protocol', message }, notes };
  }
  return { ...base, ...shaped, ok: true, notes };
}

/** The error as one line for an inline preview: plain, without control characters, cut to what a line shows. */
function errorSummary(failure: ApiFailure): string {
  switch (failure.kind) {
    case 'api':
      return plainText(`error: ${failure.message}`, SUMMARY_MAX_CHARS, true);
    case 'cancelled':
      return 'cancelled';
    default:
      return plainText(failure.message, SUMMARY_MAX_CHARS, true);
  }
}

/** Longest error summary (the inline preview, the CLI's first line); the whole error stays in `error.message`. */
const SUMMARY_MAX_CHARS = 300;

/** Prometheus 2.45+ ends a warning or info with the position it is about: `… "foo" (1:6)`. */
function note(severity: 'warning' | 'info', message: string, query: string, toOriginal: (r: TextRange) => TextRange): ServerNote {
  const at = /\((\d+):(\d+)\)\s*$/.exec(message);
  const range = at ? serverErrorRange(`${at[1]}:${at[2]}: parse error`, query) : null;
  return { severity, message, ...(range ? { range: toOriginal(range) } : {}) };
}

function sortsItself(query: string): boolean {
  const root = analyzePromQL(query).expr;
  let node = root;
  while (node.kind === 'ParenExpr') node = node.expr;
  return node.kind === 'Call' && SORTING_FUNCTIONS.has(node.name);
}

export interface ExplainedNode extends ExplainNode {
  readonly ok: boolean;
  readonly seriesCount?: number;
  readonly resultType?: string;
  /** Label names of the node's result with their number of distinct values (over the series kept). */
  readonly labels?: readonly { readonly name: string; readonly values: number }[];
  readonly summary: string;
  readonly elapsedMs: number;
  readonly error?: string;
  /** The node's range in the query as written. */
  readonly queryRange: TextRange;
}

export interface ExplainResult {
  readonly ok: boolean;
  readonly server: string;
  /** The evaluation time of every node, Unix seconds. */
  readonly time: number;
  readonly query: string;
  readonly nodes: readonly ExplainedNode[];
  /** Nodes past the limit, not run. */
  readonly omitted: number;
  readonly summary: string;
  readonly templateNote?: string;
  readonly error?: string;
  /** What the query costs (queryCost.ts): series per selector, samples, time; absent when the query did not run. */
  readonly cost?: QueryCost;
}

export interface ExplainOptions {
  readonly time?: number;
  readonly rangeSeconds: number;
  readonly maxSeries: number;
  readonly templates?: RunOptions['templates'];
  readonly signal?: AbortSignal;
  readonly now?: () => number;
  /** Queries in flight at once. */
  readonly concurrency?: number;
}

/**
 * Runs the query and each of its sub-expressions as instant queries at one time. The tree comes
 * from the substituted text, so that each node is valid PromQL on its own.
 */
export async function explainQuery(text: string, executor: QueryExecutor, options: ExplainOptions): Promise<ExplainResult> {
  const time = options.time ?? options.now?.() ?? Date.now() / 1000;
  const substituted = options.templates
    ? substituteVariables(text, { variables: options.templates.variables, rangeSeconds: options.rangeSeconds, intervalSeconds: autoStep(options.rangeSeconds), scrapeIntervalSeconds: options.templates.scrapeIntervalSeconds })
    : null;
  const query = substituted ? substituted.text : text;
  const analysis = analyzePromQL(query);
  const base = { server: executor.name, time, query, ...(substituted?.note ? { templateNote: substituted.note } : {}) };
  if (analysis.syntaxProblems.length > 0) {
    const problem = analysis.syntaxProblems[0];
    return { ...base, ok: false, nodes: [], omitted: 0, summary: `cannot explain a query with a syntax error: ${problem.message}`, error: problem.message };
  }
  const { nodes, omitted } = explainNodes(analysis.expr);
  const results: ExplainedNode[] = new Array<ExplainedNode>(nodes.length);
  let rootRun: { stats?: QueryRunResult['stats']; elapsedMs: number } | undefined;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < nodes.length) {
      const node = nodes[next++];
      if (options.signal?.aborted) {
        results[node.id] = { ...node, ok: false, summary: 'cancelled', elapsedMs: 0, error: 'cancelled', queryRange: originalRange(node.range, substituted) };
        continue;
      }
      const run = await runQuery(node.query, executor, { kind: 'instant', time, rangeSeconds: options.rangeSeconds, maxSeries: Math.max(options.maxSeries, 1000), signal: options.signal, now: () => time });
      if (node.id === 0 && run.ok) rootRun = { stats: run.stats, elapsedMs: run.elapsedMs };
      results[node.id] = {
        ...node,
        ok: run.ok,
        summary: run.summary,
        elapsedMs: run.elapsedMs,
        queryRange: originalRange(node.range, substituted),
        ...(run.ok ? { seriesCount: run.seriesCount ?? (run.resultType === 'scalar' || run.resultType === 'string' ? 1 : 0), resultType: run.resultType, labels: labelSummary(run.series ?? []) } : { error: run.error?.message ?? run.summary }),
      };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, () => worker()));
  const failed = results.filter((r) => !r.ok);
  const root = results[0];
  const summary = failed.length > 0
    ? `${failed.length} of ${results.length} parts failed${root && !root.ok ? `: ${root.summary}` : ''}`
    : `${results.length} parts · ${root ? root.summary : 'nothing to run'}`;
  // What the whole query costs, from its run's stats and a count of each selector's series.
  const cost = rootRun && !options.signal?.aborted ? await queryCost(query, executor, { time, run: rootRun, signal: options.signal }) : undefined;
  return { ...base, ok: failed.length === 0, nodes: results, omitted, summary, ...(cost ? { cost } : {}) };
}

function originalRange(range: TextRange, substituted: ReturnType<typeof substituteVariables> | null): TextRange {
  if (!substituted) return range;
  const start = substituted.toOriginal(range.start);
  const end = range.end > range.start ? substituted.toOriginal(range.end - 1) + 1 : start;
  return { start, end: Math.max(start, end) };
}

function labelSummary(series: readonly { readonly metric: Readonly<Record<string, string>> }[]): { name: string; values: number }[] {
  const values = new Map<string, Set<string>>();
  for (const s of series) {
    for (const [name, value] of Object.entries(s.metric)) {
      let set = values.get(name);
      if (!set) values.set(name, (set = new Set()));
      set.add(value);
    }
  }
  return [...values].map(([name, set]) => ({ name, values: set.size })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
