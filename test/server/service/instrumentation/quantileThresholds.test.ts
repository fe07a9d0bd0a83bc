import * as assert from 'node:assert/strict';
import { finiteBuckets, quantileThresholds, thresholdAgainstBuckets } from '../../../../server/src/service/instrumentation/quantileThresholds';
import { bucketsRange, type MetricDefinition } from '../../../../server/src/service/instrumentation/metricDefinition';
import { loadCodeGrammars } from '../../../../server/src/fileSystem/codeGrammars';
import type { CodeGrammars } from '../../../../server/src/service/instrumentation/codeParser';
import { readCodeMetrics } from '../../../../server/src/service/instrumentation/codeMetrics';
import { parse } from '../../../../server/src/service/promql/parser';

/*
 * Histogram buckets against the queries that compare their quantiles with a threshold: which
 * comparisons are found (with the number's range), and what a threshold between bounds or above
 * the largest finite bound is told.
 */

const FOUND: readonly [string, [string, number, string][]][] = [
  ['histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 0.3', [['http_request_duration_seconds', 0.3, '0.3']]],
  ['2.5 < (histogram_quantile(0.9, rate(x_bucket{job="a"}[5m])))', [['x', 2.5, '2.5']]],
  ['histogram_quantile(0.9, rate(x_bucket[5m])) > -(1)', [['x', -1, '-(1)']]],
  ['histogram_quantile(0.9, rate(x_bucket[5m])) > bool 1 and histogram_quantile(0.5, rate(y_bucket[5m])) < 0.1', [['x', 1, '1'], ['y', 0.1, '0.1']]],
  ['histogram_quantile(0.9, rate(x_bucket[5m])) + 1', []],
  ['histogram_quantile(0.9, rate(x_bucket[5m]) + rate(y_bucket[5m])) > 1', []],
  ['histogram_quantile(0.9, rate(x_bucket[5m])) > on() some_threshold', []],
  ['rate(x_count[5m]) > 1', []],
];

describe('quantile thresholds against buckets', () => {
  for (const [query, expected] of FOUND) {
    it(`finds ${expected.length} in ${query}`, () => {
      const found = quantileThresholds(parse(query).expr);
      assert.deepEqual(found.map((f) => [f.family, f.threshold, query.slice(f.range.start, f.range.end)]), expected);
    });
  }

  it('tells a threshold between bounds, above the largest, and leaves a bound alone', () => {
    const buckets = [0.1, 0.25, 0.5, 1];
    assert.equal(thresholdAgainstBuckets(0.5, buckets), null);
    assert.match(thresholdAgainstBuckets(0.3, buckets)!, /interpolated between 0.25 and 0.5/);
    assert.match(thresholdAgainstBuckets(0.05, buckets)!, /interpolated between 0 and 0.1/);
    assert.match(thresholdAgainstBuckets(2, buckets)!, /above the largest finite bucket \(1\)/);
  });

  it('reads a list of a million buckets (a spread of it into arguments overflows the stack)', () => {
    const buckets = Array.from({ length: 1_000_000 }, (_, i) => i + 1);
    assert.equal(thresholdAgainstBuckets(2_000_000, buckets), '2000000 is above the largest finite bucket (1000000): histogram_quantile answers at most 1000000, so the comparison never sees more');
    assert.match(thresholdAgainstBuckets(10.5, buckets)!, /interpolated between 10 and 11,/);
    const definition = { library: 'prometheus_client', metricClass: 'Histogram', buckets: buckets.map((value, i) => ({ value, range: { start: 10 + 3 * i, end: 12 + 3 * i } })) } as unknown as MetricDefinition;
    assert.deepEqual(bucketsRange(definition), { start: 10, end: 12 + 3 * 999_999 });
  });

  it('takes prometheus_client\'s default buckets when none are written', () => {
    const definition = { library: 'prometheus_client', metricClass: 'Histogram', buckets: undefined } as unknown as MetricDefinition;
    assert.deepEqual(finiteBuckets(definition), [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10]);
    const written = { library: 'prometheus_client', metricClass: 'Histogram', buckets: [{ value: 1, range: { start: 0, end: 1 } }, { value: Infinity, range: { start: 2, end: 3 } }] } as unknown as MetricDefinition;
    assert.deepEqual(finiteBuckets(written), [1]);
  });

  describe('the buckets of Python definitions: the defaults only when none can be given', () => {
    let grammars: CodeGrammars;
    before(async () => {
      grammars = await loadCodeGrammars(['python']);
    });
    const DEFAULTS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
    const CASES: readonly [string, string, number[] | undefined][] = [
      ['none written', 'H = Histogram("a_seconds", "A.")', DEFAULTS],
      ['written', 'H = Histogram("a_seconds", "A.", buckets=(0.1, 1, float("inf")))', [0.1, 1]],
      ['a module constant', 'B = [0.2, 2]\nH = Histogram("a_seconds", "A.", buckets=B)', [0.2, 2]],
      ['imported from another module', 'from .settings import BUCKETS\nH = Histogram("a_seconds", "A.", buckets=BUCKETS)', undefined],
      ['a parameter', 'def make(buckets):\n    return Histogram("a_seconds", "A.", buckets=buckets)', undefined],
      ['maybe in **kwargs', 'def make(**kwargs):\n    return Histogram("a_seconds", "A.", ["k"], **kwargs)', undefined],
    ];
    for (const [title, code, expected] of CASES) {
      it(title, () => {
        const metrics = readCodeMetrics('python', `from prometheus_client import Histogram\n${code}\n`, grammars);
        metrics.parsed?.release();
        assert.equal(metrics.definitions.length, 1);
        assert.deepEqual(finiteBuckets(metrics.definitions[0]), expected);
      });
    }
  });
});
