import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { labelKey, matrixOf, queryMatrix, STEPS_PER_QUERY } from '../../../../server/src/service/preview/rangeMatrix';
import { PrometheusQueryClient } from '../../../../server/src/sources/prometheusQuery';

/* A range query's answer as the previews read it: values as the API writes them, including NaN and the infinities. */

describe('range matrices of the previews', () => {
  it('reads values, the infinities and NaN as the API writes them', () => {
    const series = matrixOf({ resultType: 'matrix', result: [{ metric: { a: 'b' }, values: [[1.5, '1e+06'], [2, '+Inf'], [3, '-Inf'], [4, 'NaN'], [5.0001, '0.25']] }] });
    assert.deepEqual(series?.[0].values.map(([t]) => t), [1.5, 2, 3, 4, 5]);
    const values = series?.[0].values.map(([, v]) => v);
    assert.deepEqual(values?.slice(0, 3), [1e6, Infinity, -Infinity]);
    assert.ok(Number.isNaN(values?.[3]));
    assert.equal(values?.[4], 0.25);
  });
  it('is null for what is no matrix', () => {
    assert.equal(matrixOf({ resultType: 'vector', result: [] }), null);
    assert.equal(matrixOf('x'), null);
  });
  it('names a label set the same whatever the order of its labels', () => {
    assert.equal(labelKey({ b: '1', a: '2' }), labelKey({ a: '2', b: '1' }));
    assert.notEqual(labelKey({ a: '1' }), labelKey({ a: '2' }));
  });
});

/** Range answers a hostile server gives: every piece of the window gets the same body. */
const HOSTILE_ANSWERS: [string, unknown, (result: Awaited<ReturnType<typeof queryMatrix>>) => void][] = [
  ['150,000 points per series in each of two pieces', { status: 'success', data: { resultType: 'matrix', result: [{ metric: { a: '1' }, values: Array.from({ length: 150_000 }, (_, i) => [i, '1']) }] } },
    (r) => assert.equal(r.ok && r.series[0].values.length, 300_000)],
  ['a result that is not a list', { status: 'success', data: { resultType: 'matrix', result: 'x' } }, (r) => assert.deepEqual(r, { ok: false, message: 'the server did not answer a matrix' })],
  ['series of the wrong shape, and strings as values', { status: 'success', data: { resultType: 'matrix', result: [null, 7, { metric: 'x', values: [[1, 'abc'], 'y'] }] } },
    (r) => assert.ok(r.ok && r.series.length === 1 && Number.isNaN(r.series[0].values[0][1]) && r.series[0].values.length === 2)],
];

describe('range matrices from a hostile server', function () {
  this.timeout(30_000);
  let server: Server;
  let body = '';
  before(async () => {
    server = createServer((_, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(body));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  for (const [title, answer, check] of HOSTILE_ANSWERS) {
    it(title, async () => {
      body = JSON.stringify(answer);
      const executor = new PrometheusQueryClient({ name: 'hostile', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }, { timeoutMs: 20_000, maxBytes: 64 * 1024 * 1024 });
      check(await queryMatrix(executor, 'up', 0, STEPS_PER_QUERY + 10, 1));
    });
  }
});
