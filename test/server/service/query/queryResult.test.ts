import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatLabels, formatNumber, shapeQueryData } from '../../../../server/src/service/query/queryResult';
import { FIXTURES } from '../../../support/paths';

/** Answers recorded from Prometheus 2.42 and VictoriaMetrics 1.79 (test/fixtures/query/). */
function recorded(file: string): unknown {
  return (JSON.parse(readFileSync(join(FIXTURES, 'query', file), 'utf8')) as { data: unknown }).data;
}

describe('query result shaping', () => {
  it('summarises an instant vector and orders the table by value', () => {
    const shaped = shapeQueryData(recorded('prometheus-vector.json'), { maxSeries: 100, elapsedMs: 18 });
    assert.ok(shaped);
    assert.equal(shaped.resultType, 'vector');
    assert.equal(shaped.seriesCount, 8);
    assert.match(shaped.summary, /^8 series · max [\d.]+ · 18 ms$/);
    const values = shaped.series.map((s) => Number(s.value));
    assert.deepEqual(values, [...values].sort((a, b) => b - a));
    assert.match(shaped.statsLine ?? '', /^\d+ samples · evaluated in [\d.]+ (µs|ms)$/);
    assert.equal(shaped.series[0].labels, `{mode="${shaped.series[0].metric['mode']}"}`);
  });

  it('keeps the first N and counts the rest', () => {
    const shaped = shapeQueryData(recorded('victoriametrics-vector.json'), { maxSeries: 3, elapsedMs: 5 });
    assert.ok(shaped);
    assert.equal(shaped.series.length, 3);
    assert.equal(shaped.omittedSeries, shaped.seriesCount - 3);
    assert.match(shaped.truncation ?? '', new RegExp(`showing the first 3 of ${shaped.seriesCount} series`));
  });

  it('keeps the server\'s order when the query sorts', () => {
    const data = { resultType: 'vector', result: [{ metric: { a: '1' }, value: [1, '1'] }, { metric: { a: '2' }, value: [1, '5'] }] };
    assert.deepEqual(shapeQueryData(data, { maxSeries: 10, elapsedMs: 1, keepOrder: true })!.series.map((s) => s.value), ['1', '5']);
    assert.deepEqual(shapeQueryData(data, { maxSeries: 10, elapsedMs: 1 })!.series.map((s) => s.value), ['5', '1']);
  });

  it('shapes a range result with points', () => {
    const shaped = shapeQueryData(recorded('prometheus-matrix.json'), { maxSeries: 10, elapsedMs: 4 });
    assert.ok(shaped);
    assert.equal(shaped.resultType, 'matrix');
    assert.equal(shaped.pointCount, 2);
    assert.match(shaped.summary, /^1 series · 2 points · max [\d.]+ · 4 ms$/);
    assert.match(shaped.series[0].labels, /^node_load1\{instance="127\.0\.0\.1:\d+", job="node"\}$/);
    assert.equal(shaped.series[0].points?.length, 2);
  });

  it('cuts long series to their newest points', () => {
    const values = Array.from({ length: 50 }, (_, i) => [i, String(i)]);
    const shaped = shapeQueryData({ resultType: 'matrix', result: [{ metric: {}, values }] }, { maxSeries: 10, maxPointsPerSeries: 10, elapsedMs: 1 })!;
    assert.equal(shaped.series[0].points?.length, 10);
    assert.equal(shaped.series[0].points?.[0][1], '40');
    assert.match(shaped.truncation ?? '', /1 series cut to their last 10 points/);
  });

  it('shows scalars and strings', () => {
    assert.match(shapeQueryData(recorded('prometheus-scalar.json'), { maxSeries: 10, elapsedMs: 2 })!.summary, /^scalar 0\.5 · 2 ms$/);
    assert.equal(shapeQueryData(recorded('prometheus-string.json'), { maxSeries: 10, elapsedMs: 2 })!.summary, 'string "hello" · 2 ms');
  });

  it('says when nothing matched, and refuses what is not a result', () => {
    assert.equal(shapeQueryData({ resultType: 'vector', result: [] }, { maxSeries: 10, elapsedMs: 3 })!.summary, 'no series · 3 ms');
    assert.equal(shapeQueryData({ groups: [] }, { maxSeries: 10, elapsedMs: 3 }), null);
    assert.equal(shapeQueryData('nonsense', { maxSeries: 10, elapsedMs: 3 }), null);
  });

  it('formats labels and numbers', () => {
    assert.equal(formatLabels({ __name__: 'up', job: 'node', instance: 'a:1' }), 'up{instance="a:1", job="node"}');
    assert.equal(formatLabels({ __name__: 'http.server.duration', 'service.name': 'x' }), '{"http.server.duration", "service.name"="x"}');
    assert.equal(formatLabels({}), '{}');
    assert.equal(formatNumber(0.017898999999999998), '0.0179');
    assert.equal(formatNumber(42), '42');
    assert.equal(formatNumber(123456789), '1.23e+8');
    assert.equal(formatNumber(Infinity), '+Inf');
  });
});
