import * as assert from 'node:assert/strict';
import { formatDuration, parseDuration } from '../../../../server/src/service/promql/duration';

const PARSED: [string, number | string][] = [
  ['5m', 300],
  ['1h30m', 5400],
  ['90s', 90],
  ['1d', 86400],
  ['1w', 604800],
  ['1y', 31536000],
  ['500ms', 0.5],
  ['1y2w3d4h5m6s7ms', 31536000 + 2 * 604800 + 3 * 86400 + 4 * 3600 + 5 * 60 + 6.007],
  ['0', 0],
  ['5m1h', 'not a valid duration string: "5m1h"'],
  ['1.5h', 'not a valid duration string: "1.5h"'],
  ['', 'not a valid duration string: ""'],
  ['999999999999y', 'duration out of range'],
];

const FORMATTED: [number, string][] = [
  [300, '5m'],
  [5400, '1h30m'],
  [0, '0s'],
  [1.5, '1s500ms'],
  [86400 * 8, '1w1d'],
  [-60, '-1m'],
];

describe('durations', () => {
  for (const [text, expected] of PARSED) {
    it(`parses ${JSON.stringify(text)}`, () => {
      const result = parseDuration(text);
      if (typeof expected === 'number') assert.ok('seconds' in result && Math.abs(result.seconds - expected) < 1e-9, JSON.stringify(result));
      else assert.deepEqual(result, { error: expected });
    });
  }
  for (const [seconds, expected] of FORMATTED) {
    it(`formats ${seconds} s as ${expected}`, () => assert.equal(formatDuration(seconds), expected));
  }
});
