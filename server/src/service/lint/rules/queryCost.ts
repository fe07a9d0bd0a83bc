import type { LintRule } from '../lintRule';
import type { QueryCost } from '../../query/queryCost';
import type { TextRange } from '../../promql/syntaxTree';

/*
 * query/cost: a query that, measured on a server (Explain, Preview), selects more series or
 * processes more samples than the `prometheus.cost` thresholds. The figures come from
 * query/queryCost.ts; this file declares the rule and turns a measure into its finding.
 */

export const queryCost: LintRule = {
  code: 'query/cost',
  defaultSeverity: 'info',
  description: 'A query that, run by Explain or Preview, selected more series or processed more samples than the prometheus.cost thresholds; the message gives the series per selector, the samples and the time.',
  summary: 'a query measured above `prometheus.cost`',
  documentation: [
    'Finds a query whose measured cost on the server is above `prometheus.cost.maxSeries` (series its selectors select at the evaluation time, counted with `count(<selector>)`) or `prometheus.cost.maxSamples` (samples the query processed, Prometheus\' `stats.samples.totalQueryableSamples` with `stats=all`). It is measured when Explain (or Preview) runs the query, and shown on the whole query with the figures: series per selector, samples, evaluation time. The finding holds while the query reads the same.',
    'Why: every evaluation of a rule, and every refresh of a dashboard, pays this cost; a query that reads 100,000 series every 30 s loads the server, and `query.max-samples` (50,000,000 by default) makes it fail outright as the data grows.',
    'Fix: narrow the selectors with label matchers, aggregate in a recording rule and read that, or shorten ranges.',
  ].join('\n\n'),
  settings: ['prometheus.cost.maxSeries (default 10000)', 'prometheus.cost.maxSamples (default 10000000)'],
  liveData: 'required',
  precision: 'live only',
  appliesTo: ['queries'],
};

/** The finding of a measured query above a threshold, on the whole query; null when it is within both. */
export function queryCostFinding(cost: QueryCost, thresholds: { readonly maxSeries: number; readonly maxSamples: number }, range: TextRange): { range: TextRange; message: string } | null {
  const over: string[] = [];
  if (cost.series > thresholds.maxSeries) over.push(`more series than prometheus.cost.maxSeries (${thresholds.maxSeries.toLocaleString('en-US')})`);
  if (cost.samples !== undefined && cost.samples > thresholds.maxSamples) over.push(`more samples than prometheus.cost.maxSamples (${thresholds.maxSamples.toLocaleString('en-US')})`);
  if (over.length === 0) return null;
  return { range, message: `costly query: ${cost.summary}; ${over.join(' and ')}` };
}
