import * as assert from 'node:assert/strict';
import { labelKey, matrixOf } from '../../../../server/src/service/preview/rangeMatrix';

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
