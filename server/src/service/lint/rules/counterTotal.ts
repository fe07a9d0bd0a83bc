import type { Expr } from '../../promql/syntaxTree';
import type { LintRule } from '../lintRule';
import { metricNameOf } from '../queryFacts';

/*
 * naming/counter-total: `_total` belongs to counters, and only to them. Checked in three places of
 * one rule: a query that names a counter without its `_total` and a recorded rate still named
 * `…_total…` (here), and an exported counter's name (naming.ts, with the other naming rules).
 */

export const counterTotal: LintRule = {
  code: 'naming/counter-total',
  defaultSeverity: 'warning',
  description: 'A counter whose name lacks `_total`, `_total` on something that is not a counter, or a query that names a counter without its `_total` when the live catalog has it.',
  summary: 'a counter without `_total`, `_total` on a gauge or on a recorded rate',
  documentation: [
    'Finds a counter whose name lacks `_total`; `_total` on a gauge or anything else that is not a counter; a recording rule that records a rate and is still named `…_total…`; and, in a query, `http_requests` where the live catalog only has the counter `http_requests_total`.',
    'In application code: a prom-client Counter whose name lacks `_total` (prom-client exposes the name as given and appends nothing, unless its registry writes OpenMetrics), and `_total` on a Gauge of either client library.',
    'Why: `_total` tells every reader (and `rate()`-suggesting tools) that a series only grows. Prometheus\' recording-rule guide drops `_total` after `rate` and `irate`, since the result is no counter; an `increase` keeps the name.',
    'Fix: use the `_total` name, or drop `_total` from a recorded rate (the quick fix renames).',
  ].join('\n\n'),
  quickFix: 'use the `_total` name / drop `_total`',
  liveData: 'sharpens',
  precision: '0 of 29 (12 of 41 before `…_total:increase1h` kept its name); on code: 0 wrong of 1 (Python); on prom-client code: 0 wrong of 4 (0 of 12 in 8 more projects)',
  appliesTo: ['queries', 'recording rules', 'scrape targets', 'code'],
  example: {
    language: 'yaml',
    reported: 'groups:\n  - name: api\n    rules:\n      - record: job:http_requests_total:rate5m\n        expr: sum by (job) (rate(http_requests_total[5m]))\n',
    fixed: 'groups:\n  - name: api\n    rules:\n      - record: job:http_requests:rate5m\n        expr: sum by (job) (rate(http_requests_total[5m]))\n',
  },
  promql: {
    VectorSelector(node, walk) {
      const name = metricNameOf(node);
      const catalog = walk.context.catalog;
      if (!name || !node.name || !catalog || catalog.size === 0 || catalog.metric(name) || catalog.metric(`${name}_total`)?.type !== 'counter') return;
      const fixed = `${name}_total`;
      walk.report({
        code: counterTotal,
        range: node.name.range,
        message: `no live source has "${name}"; the counter is "${fixed}"`,
        fixes: [{ title: `Use ${fixed}`, safe: true, changes: [{ range: node.name.range, newText: fixed }] }],
      });
    },
  },
  ruleFile: {
    recordingRule({ name, nameRange, query }, report) {
      if (!query || query.analysis.syntaxProblems.length > 0 || !/_total(:|$)/.test(name) || !isRateOfCounter(query.analysis.expr)) return;
      const stripped = name.replace(/_total(?=:|$)/, '');
      report({
        code: counterTotal,
        range: nameRange,
        message: `"${name}" records a rate, not a counter: drop "_total" (${stripped})`,
        fixes: [{ title: `Rename to ${stripped}`, safe: false, changes: [{ range: nameRange, newText: stripped }] }],
      });
    },
  },
};

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
