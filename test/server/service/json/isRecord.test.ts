import * as assert from 'node:assert/strict';
import { isRecord } from '../../../../server/src/service/json/isRecord';

// What decoded JSON (settings, config files, API answers) isRecord takes for an object to read fields from.
describe('isRecord', () => {
  const cases: [string, unknown, boolean][] = [
    ['an object', JSON.parse('{"status":"success"}'), true],
    ['an empty object', {}, true],
    ['null', JSON.parse('null'), false],
    ['an array', JSON.parse('[1,2]'), false],
    ['a string', 'x', false],
    ['a number', 1, false],
    ['undefined', undefined, false],
  ];
  for (const [what, value, expected] of cases) {
    it(`${expected ? 'takes' : 'refuses'} ${what}`, () => assert.equal(isRecord(value), expected));
  }
});
