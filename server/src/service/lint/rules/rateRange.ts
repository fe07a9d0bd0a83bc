import { formatDuration } from '../../promql/duration';
import type { LintRule } from '../lintRule';
import { jobOf, RATE_FUNCTIONS, rangeSelectorOf } from '../queryFacts';

/* promql/rate-range: a rate's range too short to hold two samples of the job's scrape interval. */

export const rateRange: LintRule = {
  code: 'promql/rate-range',
  defaultSeverity: 'warning',
  description: 'A `rate`, `irate`, `increase` or `deriv` range shorter than twice the scrape interval of the workspace configuration: it often holds fewer than two samples.',
  summary: 'a rate range shorter than twice the scrape interval',
  documentation: [
    'Finds a `rate`, `irate`, `increase` or `deriv` range shorter than twice the scrape interval of the job the selector reads (its `job="…"` matcher), or of the global `scrape_interval`, from the workspace\'s `prometheus.yml`.',
    'Why: these functions need two samples in the range; with a range under two intervals, a missed or late scrape leaves one, and the series disappears from the result.',
    'Fix: use a range of at least two scrape intervals, ideally four (the quick fix).',
  ].join('\n\n'),
  quickFix: 'use four scrape intervals',
  liveData: 'required',
  precision: 'live only',
  appliesTo: ['queries'],
  example: {
    language: 'promql',
    reported: 'rate(http_requests_total[1m])\n',
    fixed: 'rate(http_requests_total[4m])\n',
  },
  promql: {
    Call(node, walk) {
      if (!RATE_FUNCTIONS.has(node.name) && node.name !== 'deriv') return;
      const arg = node.args[0];
      const read = rangeSelectorOf(node);
      if (!read || arg?.kind !== 'MatrixSelector' || arg.duration.kind !== 'NumberLiteral') return;
      const interval = walk.context.scrapeInterval?.(jobOf(read.selector));
      if (interval === undefined || arg.duration.value >= 2 * interval) return;
      const suggested = formatDuration(4 * interval);
      walk.report({
        code: rateRange,
        range: arg.duration.range,
        message: `[${arg.duration.text}] is shorter than twice the scrape interval (${formatDuration(interval)}): ${node.name}() needs two samples in the range; use at least [${formatDuration(2 * interval)}], ideally [${suggested}]`,
        fixes: [{ title: `Use [${suggested}]`, safe: false, changes: [{ range: arg.duration.range, newText: suggested }] }],
      });
    },
  },
};
