import type { LintRule } from '../lintRule';

/*
 * instrumentation/reserved-label: a label name the library keeps for itself: `le` on a Histogram,
 * `quantile` on a Summary, a name starting with `__`. Both client libraries refuse such a
 * definition when it runs, so it is an error.
 */

export const instrumentationReservedLabel: LintRule = {
  code: 'instrumentation/reserved-label',
  defaultSeverity: 'error',
  description: 'A label name the client library reserves: `le` in a Histogram\'s, `quantile` in a Summary\'s label names, or a name starting with `__`: the definition raises at run time.',
  summary: '`le`, `quantile`, `__` labels',
  documentation: [
    'Finds `le` among a Histogram\'s label names, `quantile` among a Summary\'s, and (prometheus_client) any label name starting with `__`.',
    'Why: the library writes these labels itself (the bucket bound, the quantile; `__` names are Prometheus\' own); prometheus_client raises `ValueError: Reserved label metric name` and prom-client throws when the definition runs.',
    'Fix: rename the label.',
  ].join('\n\n'),
  liveData: 'none',
  precision: 'on code: 0 wrong of 0 (51 real Python files, the seeds); an error: the library raises',
  appliesTo: ['code'],
  example: {
    language: 'python',
    reported: 'from prometheus_client import Histogram\n\nLATENCY = Histogram("job_duration_seconds", "Job duration.", ["queue", "le"])\n',
    fixed: 'from prometheus_client import Histogram\n\nLATENCY = Histogram("job_duration_seconds", "Job duration.", ["queue", "level"])\n',
  },
};
