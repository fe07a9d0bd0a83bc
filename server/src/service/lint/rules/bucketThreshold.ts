import type { LintRule } from '../lintRule';

/*
 * instrumentation/bucket-threshold: an alert or recording rule compares `histogram_quantile(…,
 * x_bucket…)` with a number that is not one of the buckets the code defines for x, or that lies
 * above its largest finite bucket. A cross-file finding: quantileThresholds.ts finds the
 * comparisons and judges a threshold, bucketThresholds.ts joins the rule files and the code and
 * reports on both.
 */

export const bucketThreshold: LintRule = {
  code: 'instrumentation/bucket-threshold',
  defaultSeverity: 'info',
  description: 'A rule compares `histogram_quantile` of a histogram defined in the workspace\'s code with a threshold that is not one of its buckets (the quantile is interpolated there), or above its largest finite bucket (the quantile is clamped there).',
  summary: 'a quantile threshold off the code\'s buckets',
  documentation: [
    'Finds an alerting or recording rule that compares `histogram_quantile(φ, … x_bucket …)` with a number (`> 0.3`) when the workspace\'s code defines the histogram `x` (with its buckets, or prometheus_client\'s defaults), and the number is not one of them or lies above the largest finite one. Reported on the comparison\'s number in the rule file and on the `buckets` in the code (on the name, with the defaults). prom-client\'s defaults, and comparisons of arithmetic on the quantile (`* 1000 > 300`), are not checked.',
    'Why: between two bucket boundaries `histogram_quantile` interpolates linearly, so a threshold inside a bucket compares an estimate that can be off by the width of the bucket; above the largest finite bucket the quantile is clamped to that bucket\'s bound, so `> threshold` never fires.',
    'Fix: add the threshold to the histogram\'s buckets, or move the threshold to a bucket boundary.',
  ].join('\n\n'),
  liveData: 'none',
  precision: 'none found (the real-world code and rules of ../shared/realworld hold no pair)',
  appliesTo: ['alerting rules', 'recording rules', 'code'],
  example: {
    language: 'yaml',
    beside: {
      path: 'app/metrics.py',
      language: 'python',
      text: 'from prometheus_client import Histogram\n\nLATENCY = Histogram("http_request_duration_seconds", "Request latency.", buckets=(0.1, 0.25, 0.5, 1.0))\n',
    },
    reported: 'groups:\n  - name: api\n    rules:\n      - alert: SlowRequests\n        expr: histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 0.3\n        for: 10m\n',
    fixed: 'groups:\n  - name: api\n    rules:\n      - alert: SlowRequests\n        expr: histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 0.25\n        for: 10m\n',
  },
};

