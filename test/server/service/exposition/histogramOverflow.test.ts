import * as assert from 'node:assert/strict';
import { parseExposition, type ExpositionFormat } from '../../../../server/src/service/exposition/expositionParser';
import { histogramOverflowOf } from '../../../../server/src/service/exposition/histogramOverflow';
import { MIN_OBSERVATIONS, overflowMessage } from '../../../../server/src/service/instrumentation/bucketOverflow';

/*
 * What a scrape says of its histograms' observations above their largest finite bucket
 * (exposition/histogramOverflow.ts), and when that share is worth a finding
 * (instrumentation/bucketOverflow.ts): over and under the threshold, too few observations, series
 * without a +Inf bucket, several series of one family, both exposition formats.
 */

/** The `_bucket` lines of one series: `[le, cumulative count]` in order. */
const buckets = (name: string, labels: string, counts: [string, number][]): string[] =>
  counts.map(([le, count]) => `${name}_bucket{${labels}${labels ? ',' : ''}le="${le}"} ${count}`);

const CASES: readonly { name: string; format?: ExpositionFormat; body: string[]; expected: Record<string, { observations: number; above: number; largestBucket: number }> }[] = [
  {
    name: 'one series, 12 of 100 above 2.5',
    body: ['# TYPE latency_seconds histogram', ...buckets('latency_seconds', '', [['0.5', 40], ['2.5', 88], ['+Inf', 100]]), 'latency_seconds_sum 120', 'latency_seconds_count 100'],
    expected: { latency_seconds: { observations: 100, above: 12, largestBucket: 2.5 } },
  },
  {
    name: 'two series summed, buckets out of order',
    body: ['# TYPE rpc_seconds histogram', ...buckets('rpc_seconds', 'method="get"', [['+Inf', 300], ['1', 290], ['0.1', 100]]), ...buckets('rpc_seconds', 'method="put"', [['0.1', 10], ['1', 50], ['+Inf', 200]])],
    expected: { rpc_seconds: { observations: 500, above: 160, largestBucket: 1 } },
  },
  {
    name: 'series with different largest buckets: the largest is said',
    body: ['# TYPE x histogram', ...buckets('x', 'a="1"', [['1', 5], ['+Inf', 10]]), ...buckets('x', 'a="2"', [['1', 5], ['10', 10], ['+Inf', 10]])],
    expected: { x: { observations: 20, above: 5, largestBucket: 10 } },
  },
  {
    name: 'a series without +Inf is not counted',
    body: ['# TYPE x histogram', ...buckets('x', 'a="1"', [['1', 5], ['2', 8]]), ...buckets('x', 'a="2"', [['1', 5], ['+Inf', 10]])],
    expected: { x: { observations: 10, above: 5, largestBucket: 1 } },
  },
  {
    name: 'no +Inf at all, or only +Inf: nothing',
    body: ['# TYPE x histogram', ...buckets('x', '', [['1', 5], ['2', 8]]), '# TYPE y histogram', ...buckets('y', '', [['+Inf', 8]])],
    expected: {},
  },
  {
    name: 'counters and summaries are not histograms',
    body: ['# TYPE x_bucket counter', 'x_bucket{le="1"} 1', 'x_bucket{le="+Inf"} 9', '# TYPE s summary', 's{quantile="0.5"} 1', 's_count 9'],
    expected: {},
  },
  {
    name: 'OpenMetrics: 1.0 and +Inf',
    format: 'openmetrics',
    body: ['# TYPE req_seconds histogram', ...buckets('req_seconds', 'code="200"', [['0.25', 1], ['1.0', 700], ['+Inf', 1000]]), 'req_seconds_count{code="200"} 1000', 'req_seconds_sum{code="200"} 900', '# EOF'],
    expected: { req_seconds: { observations: 1000, above: 300, largestBucket: 1 } },
  },
];

describe('histogram overflow of a scrape', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const parsed = parseExposition(`${c.body.join('\n')}\n`, c.format ?? 'text');
      assert.equal(parsed.problemCount, 0, JSON.stringify(parsed.problems));
      assert.deepEqual(Object.fromEntries(histogramOverflowOf(parsed)), c.expected);
    });
  }
});

describe('instrumentation/bucket-overflow: when a share is reported', () => {
  const MESSAGES: readonly [string, { observations: number; above: number; largestBucket: number }, string | null][] = [
    ['12 % above', { observations: 1000, above: 120, largestBucket: 2.5 }, '12 % of observations of h (120 of 1000) fall above its largest bucket (2.5): quantiles above it are clamped'],
    ['6.5 % above', { observations: 200, above: 13, largestBucket: 10 }, '6.5 % of observations of h (13 of 200) fall above its largest bucket (10): quantiles above it are clamped'],
    ['exactly 5 %', { observations: 1000, above: 50, largestBucket: 1 }, null],
    ['4 % above', { observations: 1000, above: 40, largestBucket: 1 }, null],
    ['too few observations', { observations: MIN_OBSERVATIONS - 1, above: 50, largestBucket: 1 }, null],
    ['just enough observations', { observations: MIN_OBSERVATIONS, above: 50, largestBucket: 1 }, '50 % of observations of h (50 of 100) fall above its largest bucket (1): quantiles above it are clamped'],
  ];
  for (const [name, overflow, expected] of MESSAGES) {
    it(name, () => assert.equal(overflowMessage('h', overflow), expected));
  }
});
