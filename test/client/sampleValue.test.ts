import * as assert from 'node:assert/strict';
import { readableValue } from '../../client/webview/sampleValue';

/*
 * How the results view writes the sample values Prometheus sends (strings of full float precision):
 * a few significant digits for reading, and what it must never change (integers, NaN, infinities).
 */

describe('results view: sample values for reading', () => {
  const cases: [string, string][] = [
    ['0.060606060606060606061', '0.0606061'],
    ['0.48336483364833647', '0.483365'],
    ['1', '1'],
    ['-42', '-42'],
    ['123456789', '123456789'],
    ['1234567.891', '1234570'],
    ['0.00001234567', '1.23457e-5'],
    ['2.5e-9', '2.5e-9'],
    ['1e+21', '1e+21'],
    ['0', '0'],
    ['NaN', 'NaN'],
    ['+Inf', '+Inf'],
    ['-Inf', '-Inf'],
    ['0.5', '0.5'],
  ];
  for (const [exact, shown] of cases) {
    it(`writes ${exact} as ${shown}`, () => {
      assert.equal(readableValue(exact), shown);
      if (Number.isFinite(Number(exact))) assert.ok(Math.abs(Number(shown) - Number(exact)) <= Math.abs(Number(exact)) * 5e-6, 'reads as the same number');
    });
  }
});
