import type { LintRule } from '../lintRule';

/*
 * instrumentation/unexposed-name: a query reads a metric by the name the workspace's code writes in
 * its definition, where the client library exposes it under another (`Counter('request_count')`
 * exposes `request_count_total`). Cross-file, checked in service/instrumentation/unexposedNames.ts.
 */

export const unexposedName: LintRule = {
  code: 'instrumentation/unexposed-name',
  defaultSeverity: 'warning',
  description: 'A query reads a metric by the name the workspace\'s code gives its definition, but the client library exposes it under another name (a prometheus_client Counter\'s `_total`, an Info\'s `_info`, a Histogram\'s `_bucket`, `_sum`, `_count`): the query finds no series.',
  summary: 'a query reads a name the code does not expose',
  documentation: [
    'Finds a metric name in a query, rule or rule test that no definition of the workspace\'s code exposes, no live source has and no recording rule records, while a definition in the code is written with that name: `Counter(\'request_count\')` (exposed as `request_count_total` and `request_count_created`) queried as `request_count`, a Histogram queried by its family name. The message says what the library exposes.',
    'Why: the name in the code is not the name in Prometheus; the query returns nothing, which an alert reads as "all is well".',
    'Fix: query the exposed name (the quick fix uses the Counter\'s `_total` or the Info\'s `_info`).',
  ].join('\n\n'),
  quickFix: 'use the exposed name',
  liveData: 'none',
  precision: 'on code: 0 wrong of 0 (the real-world code and rules of ../shared/realworld hold no pair)',
  appliesTo: ['queries', 'recording rules', 'alerting rules', 'code'],
  example: {
    language: 'yaml',
    beside: {
      path: 'app/metrics.py',
      language: 'python',
      text: 'from prometheus_client import Counter\n\nREQUESTS = Counter("request_count", "Requests served.", ["status"])\n',
    },
    reported: 'groups:\n  - name: api\n    rules:\n      - alert: ServerErrors\n        expr: sum(rate(request_count{status=~"5.."}[5m])) > 1\n        for: 10m\n',
    fixed: 'groups:\n  - name: api\n    rules:\n      - alert: ServerErrors\n        expr: sum(rate(request_count_total{status=~"5.."}[5m])) > 1\n        for: 10m\n',
  },
};
