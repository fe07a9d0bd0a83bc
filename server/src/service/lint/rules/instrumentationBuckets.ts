import type { LintRule } from '../lintRule';

/*
 * instrumentation/buckets: Histogram buckets the library accepts but that make a poor histogram:
 * a bound written twice, a negative bound for a duration or a size, or so many bounds that every
 * combination of the labels multiplies them into a cardinality problem.
 */

/** Finite bounds beyond which a histogram is costly whatever its labels. */
export const MAX_BUCKETS = 30;
/** Finite bounds beyond which a histogram with `MANY_LABELS` labels or more is costly. */
export const MAX_BUCKETS_WITH_LABELS = 15;
export const MANY_LABELS = 3;

export const instrumentationBuckets: LintRule = {
  code: 'instrumentation/buckets',
  defaultSeverity: 'warning',
  description: 'Histogram buckets with a bound written twice, a negative bound for a duration or size, or so many bounds that the labels multiply them into a cardinality problem.',
  summary: 'duplicate, negative, too many buckets',
  documentation: [
    `Finds, in a Histogram's \`buckets\`: a bound written twice; a negative bound on a metric named \`…_seconds\` or \`…_bytes\`; more than ${MAX_BUCKETS} finite bounds, or more than ${MAX_BUCKETS_WITH_LABELS} with ${MANY_LABELS} label names or more.`,
    'Why: a duplicated bound exposes two series with the same `le`, which Prometheus drops as duplicates; a duration or a size is never negative, so the bucket stays empty; every bound is a series per combination of label values (plus `_sum`, `_count` and `_created`), so a fine-grained histogram with labels is one of the costliest metrics a service can expose.',
    'Fix: remove the duplicate or the negative bound; keep about 10 bounds around the values that matter (the SLO thresholds).',
  ].join('\n\n'),
  liveData: 'none',
  precision: 'on code: 0 wrong of 0 (51 real Python files, the seeds)',
  appliesTo: ['code'],
  example: {
    language: 'python',
    reported: 'from prometheus_client import Histogram\n\nLATENCY = Histogram("request_duration_seconds", "Latency.", buckets=[0.1, 0.25, 0.25, 1])\n',
    fixed: 'from prometheus_client import Histogram\n\nLATENCY = Histogram("request_duration_seconds", "Latency.", buckets=[0.1, 0.25, 0.5, 1])\n',
  },
};
