import type { LintRule } from '../lintRule';
import { metricOfInput } from '../queryFacts';
import { unboundedLabelReason } from '../unboundedLabels';

/*
 * cardinality/label: grouping or matching on a label with no bound on its values. In queries here;
 * on the labels of exported metrics in targetLint.ts.
 */

export const cardinalityLabel: LintRule = {
  code: 'cardinality/label',
  defaultSeverity: 'warning',
  description: 'A label that is unbounded by its name (`request_id`, `user_id`, `trace_id`, `email`, `path`, …) or, in live data, by its number of values: used for grouping or matching, or carried by an exported metric.',
  summary: 'grouping or matching on an unbounded label',
  documentation: [
    'Finds grouping (`by`) or matching (`on`, `group_left`, `group_right`) on a label that is unbounded, and such a label on a metric a scrape target exports.',
    'A label is unbounded by its name only when the name cannot mean anything bounded: `request_id`, `trace_id`, `span_id`, `session_id`, `user_id`, `uuid`, `email`, `client_ip`, `user_agent`, … and the names of `prometheus.lint.unboundedLabels`. Any other label, the ambiguous names included (`path`, `url`, `ip`, `user`, `username`: on real rules a queue directory, a remote-write target, a configured user), only when live data shows more values than `prometheus.lint.maxLabelValues`.',
    'In code, on such a name among a metric\'s label names, and on a `.labels(...)` value with no bound whatever the label\'s name: the raw request path (`request.url.path`), an exception\'s text (`str(exc)`), an f-string with an id, a UUID, the clock.',
    'Why: every value of such a label is a series of its own: memory and query cost grow without bound.',
    'Fix: keep the value in logs or traces, and group by a bounded label.',
  ].join('\n\n'),
  settings: ['prometheus.lint.unboundedLabels', 'prometheus.lint.maxLabelValues (default 100)'],
  liveData: 'sharpens',
  precision: '0 of 0 (13 of 13 before ambiguous names needed live values); on code: 0 wrong of 4',
  appliesTo: ['queries', 'scrape targets', 'code'],
  example: {
    language: 'promql',
    reported: 'sum by (request_id) (rate(http_requests_total[5m]))\n',
    fixed: 'sum by (job) (rate(http_requests_total[5m]))\n',
  },
  promql: {
    Aggregation(node, walk) {
      if (!node.grouping || node.grouping.keyword !== 'by') return;
      // The input's metric narrows the live label values; without live data only names count.
      const metric = walk.context.catalog ? metricOfInput(node.args[node.args.length - 1]) : undefined;
      for (const label of node.grouping.labels) {
        const reason = unboundedLabelReason(label.value, metric, walk.context);
        if (reason) walk.report({ code: cardinalityLabel, range: label.range, message: `grouping by "${label.value}" makes a series per value: ${reason}` });
      }
    },
    BinaryExpr(node, walk) {
      const matching = node.matching;
      if (!matching) return;
      const metric = walk.context.catalog ? metricOfInput(node.lhs) ?? metricOfInput(node.rhs) : undefined;
      for (const label of [...(matching.matchingKeyword === 'on' ? matching.matchingLabels : []), ...(matching.include ?? [])]) {
        const reason = unboundedLabelReason(label.value, metric, walk.context);
        if (reason) walk.report({ code: cardinalityLabel, range: label.range, message: `matching on "${label.value}": ${reason}` });
      }
    },
  },
};
