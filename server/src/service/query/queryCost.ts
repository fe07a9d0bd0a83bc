import { analyzePromQL } from '../promql/analysis';
import { printNodes } from '../promql/printer';
import { forEachPreOrder, type Expr, type TextRange } from '../promql/syntaxTree';
import type { QueryExecutor } from './queryExecutor';
import { statsOf, type QueryStats } from './queryResult';

/*
 * What a query costs the server: how many series each of its selectors selects at the evaluation
 * time (`count(<selector>)`, `count(last_over_time(<range selector>))`: the server counts, nothing
 * but the number travels), how many samples the whole query processed (`stats=all`,
 * `totalQueryableSamples`) and how long it took. Explain shows it and the `query/cost` lint rule
 * compares it with the `prometheus.cost` thresholds.
 */

export interface SelectorCost {
  /** The selector as written in the query (with its range and modifiers). */
  readonly text: string;
  /** In the query's text. */
  readonly range: TextRange;
  /** Series it selects at the evaluation time; absent when the count failed (`error`). */
  readonly series?: number;
  readonly error?: string;
}

export interface QueryCost {
  /** Unix seconds. */
  readonly time: number;
  readonly selectors: readonly SelectorCost[];
  /** Every selector's series, added up. */
  readonly series: number;
  /** `stats.samples.totalQueryableSamples` of the whole query, when the server gives stats. */
  readonly samples?: number;
  readonly peakSamples?: number;
  /** The server's evaluation time, seconds. */
  readonly evalSeconds?: number;
  /** The query's round trip, milliseconds. */
  readonly elapsedMs?: number;
  /** `selects 12,400 series (node_cpu_seconds_total 12,000, up 400) · 3,204,112 samples · 0.41 s`. */
  readonly summary: string;
}

export interface QueryCostOptions {
  /** Unix seconds. */
  readonly time: number;
  /** The whole query's stats and round trip when the caller already ran it (Explain does); else it is run here. */
  readonly run?: { readonly stats?: QueryStats; readonly elapsedMs: number };
  readonly signal?: AbortSignal;
}

/** Selectors counted at most: past it a query is not worth the extra requests. */
const MAX_SELECTORS = 32;

export async function queryCost(text: string, executor: QueryExecutor, options: QueryCostOptions): Promise<QueryCost> {
  const analysis = analyzePromQL(text);
  const printed = printNodes(analysis.expr);
  const selectors: { text: string; count: string; range: TextRange }[] = [];
  const seen = new Set<string>();
  forEachPreOrder(analysis.expr, (node: Expr, parent: Expr | null) => {
    if (node.kind === 'MatrixSelector' || (node.kind === 'VectorSelector' && parent?.kind !== 'MatrixSelector')) {
      const written = printed.get(node) ?? text.slice(node.range.start, node.range.end);
      if (seen.has(written) || selectors.length >= MAX_SELECTORS) return;
      seen.add(written);
      selectors.push({ text: written, count: node.kind === 'MatrixSelector' ? `count(last_over_time(${written}))` : `count(${written})`, range: node.range });
    }
  });
  const counted = await Promise.all(selectors.map(async (s): Promise<SelectorCost> => {
    const answer = await executor.instant({ query: s.count, time: options.time }, options.signal);
    if (!answer.ok) return { text: s.text, range: s.range, error: answer.message };
    return { text: s.text, range: s.range, series: countOf(answer.data) };
  }));
  let run = options.run;
  if (!run) {
    const answer = await executor.instant({ query: text, time: options.time, stats: true }, options.signal);
    run = { elapsedMs: answer.elapsedMs, ...(answer.ok ? { stats: statsOf((answer.data as { stats?: unknown } | null)?.stats) } : {}) };
  }
  const series = counted.reduce((n, s) => n + (s.series ?? 0), 0);
  const stats = run.stats;
  const cost: Omit<QueryCost, 'summary'> = {
    time: options.time,
    selectors: counted,
    series,
    ...(stats?.samples !== undefined ? { samples: stats.samples } : {}),
    ...(stats?.peakSamples !== undefined ? { peakSamples: stats.peakSamples } : {}),
    ...(stats?.evalSeconds !== undefined ? { evalSeconds: stats.evalSeconds } : {}),
    elapsedMs: run.elapsedMs,
  };
  return { ...cost, summary: costSummary(cost) };
}

/** The one line of figures: series per selector, samples, time. */
export function costSummary(cost: Omit<QueryCost, 'summary'>): string {
  const per = cost.selectors.filter((s) => s.series !== undefined).map((s) => `${s.text} ${count(s.series!)}`);
  const parts = [`selects ${count(cost.series)} series${cost.selectors.length > 1 && per.length > 0 ? ` (${per.join(', ')})` : ''}`];
  if (cost.samples !== undefined) parts.push(`${count(cost.samples)} samples`);
  if (cost.evalSeconds !== undefined) parts.push(`evaluated in ${seconds(cost.evalSeconds)}`);
  else if (cost.elapsedMs !== undefined) parts.push(`${seconds(cost.elapsedMs / 1000)}`);
  return parts.join(' · ');
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function seconds(s: number): string {
  return s < 1 ? `${(s * 1000).toFixed(1)} ms` : `${s.toFixed(2)} s`;
}

/** The value of `count(…)`: one sample, or none when nothing matched. */
function countOf(data: unknown): number {
  const result = (data as { result?: unknown } | null)?.result;
  if (!Array.isArray(result) || result.length === 0) return 0;
  const value = (result[0] as { value?: [number, string] }).value;
  return value ? Number(value[1]) : 0;
}
