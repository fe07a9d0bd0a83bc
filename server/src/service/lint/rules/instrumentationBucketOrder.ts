import type { LintRule } from '../lintRule';

/*
 * instrumentation/bucket-order: Histogram buckets that prometheus_client refuses: not in ascending
 * order ("Buckets not in sorted order"), or fewer than two once `+Inf` is added ("Must have at
 * least two buckets"). The definition raises when it runs, so it is an error.
 */

export const instrumentationBucketOrder: LintRule = {
  code: 'instrumentation/bucket-order',
  defaultSeverity: 'error',
  description: 'Histogram buckets that are not in ascending order, or fewer than two with `+Inf`: prometheus_client raises when the definition runs.',
  summary: 'unsorted or too few buckets',
  documentation: [
    'Finds a Histogram\'s `buckets` whose bounds are not in ascending order, and a bucket list that has fewer than two bounds once `+Inf` is added (`buckets=[]`, `buckets=[float("inf")]`).',
    'Why: prometheus_client raises `ValueError: Buckets not in sorted order` or `Must have at least two buckets` when the definition runs.',
    'Fix: write the bounds in ascending order (the quick fix sorts them when they are plain numbers).',
  ].join('\n\n'),
  quickFix: 'sort the bounds',
  liveData: 'none',
  precision: 'on code: 0 wrong of 0 (51 real Python files, the seeds); an error: the library raises',
  appliesTo: ['code'],
  example: {
    language: 'python',
    reported: 'from prometheus_client import Histogram\n\nLATENCY = Histogram("request_duration_seconds", "Latency.", buckets=[0.1, 0.5, 0.25, 1])\n',
    fixed: 'from prometheus_client import Histogram\n\nLATENCY = Histogram("request_duration_seconds", "Latency.", buckets=[0.1, 0.25, 0.5, 1])\n',
  },
};
