import type { LintRule } from '../lintRule';

/*
 * instrumentation/bucket-overflow: a histogram whose live observations fall above its largest
 * finite bucket more than a small share of the time. Judged in instrumentation/bucketOverflow.ts
 * from the bucket counts a scrape holds (exposition/histogramOverflow.ts); reported on the scrape
 * target (targetLint.ts) and on the histogram's definition in code (the workspace).
 */

export const bucketOverflow: LintRule = {
  code: 'instrumentation/bucket-overflow',
  defaultSeverity: 'info',
  description: 'A histogram scraped from a target has more than 5 % of its observations (of at least 100) above its largest finite bucket, where quantiles are clamped.',
  summary: 'live observations above the largest bucket',
  documentation: [
    'Reads the last scrape of each target of the workspace\'s `prometheus.yml`: for each histogram, the share of observations above its largest finite bucket, `(count(le="+Inf") − count(largest finite le)) / count(le="+Inf")`, summed over the family\'s series. Above 5 %, with at least 100 observations (a process that just started is not judged), it is reported in the target\'s `target/lint` diagnostic and on the histogram\'s definition in the workspace\'s code (on its `buckets`, or on its name when it uses the library\'s defaults). Series without a `+Inf` bucket are not counted. The counts are cumulative since the process started, not a recent window; the finding on the code names the target it was read from.',
    'Why: `histogram_quantile` cannot place an observation above the largest finite bucket: any quantile that falls there is clamped to that bucket\'s bound, so a p99 reads as the bound however slow the requests really are.',
    'Fix: add larger buckets that cover what the service really observes.',
  ].join('\n\n'),
  liveData: 'required',
  precision: 'on code: 0 wrong of 0 (it needs a live scrape, which the real-world code has not); on a scrape its share is exact arithmetic on the bucket counters',
  appliesTo: ['scrape targets', 'code'],
};
