import * as assert from 'node:assert/strict';
import { formatFloat, GoDuration, GoInt, GoTime, MAX_PRINTED, printValue, PrintTooLong, sprintf } from '../../../../server/src/service/preview/goFormat';

/*
 * Go's printing of numbers, as alert templates print them. The expectations are Go's
 * (strconv.FormatFloat, fmt.Sprintf); those marked promtool were also printed by promtool 2.42 in
 * a rule test (see templateRenderOracle.test.ts for the live comparison).
 */

const FLOATS: [number, 'e' | 'f' | 'g', number, string][] = [
  [1234567.891, 'g', -1, '1.234567891e+06'], // promtool: {{ $value }}
  [123456, 'g', -1, '123456'],
  [1e6, 'g', -1, '1e+06'],
  [1e21, 'g', -1, '1e+21'],
  [0.0001, 'g', -1, '0.0001'],
  [0.00001, 'g', -1, '1e-05'],
  [0, 'g', -1, '0'],
  [-2.5, 'g', -1, '-2.5'],
  [NaN, 'g', -1, 'NaN'],
  [Infinity, 'g', -1, '+Inf'],
  [-Infinity, 'f', 2, '-Inf'],
  [12345, 'g', 4, '1.234e+04'], // half to even on the exact value
  [1234.5, 'g', 4, '1234'],
  [1.2355, 'g', 4, '1.236'], // 1.2355 is 1.23550000000000004263…: up
  [0.5, 'g', 4, '0.5'],
  [1000, 'g', 4, '1000'],
  [0, 'g', 4, '0'],
  [1.2345678e-7, 'g', 4, '1.235e-07'],
  [2.675, 'f', 2, '2.67'], // 2.67499999…
  [0.5, 'f', 0, '0'],
  [1.5, 'f', 0, '2'],
  [2.5, 'f', 0, '2'],
  [0.005, 'f', 2, '0.01'],
  [1234567.891, 'f', 2, '1234567.89'], // promtool: printf "%.2f"
  [1234.5678, 'e', 6, '1.234568e+03'],
  [0, 'e', 2, '0.00e+00'],
  [9.999, 'e', 2, '1.00e+01'],
  [99.99, 'f', 1, '100.0'],
];

const SPRINTF: [string, unknown[], string][] = [
  ['%.2f %d %s %q %v', [1234567.891, new GoInt(3), 'x', 'y', 1234567.891], '1234567.89 3 x "y" 1.234567891e+06'], // promtool
  ['%5.1f|%-4s|%x|%X|%05d', [3.14159, 'ab', new GoInt(255), 'hi', new GoInt(-42)], '  3.1|ab  |ff|6869|-0042'],
  ['%+d %+.1f % d', [new GoInt(5), 2.0, new GoInt(7)], '+5 +2.0  7'],
  ['%d', [1.5], '%!d(float64=1.5)'],
  ['%s', [new GoInt(3)], '%!s(int=3)'],
  ['%f', ['x'], '%!f(string=x)'],
  ['%s %s', ['a'], 'a %!s(MISSING)'],
  ['%s', ['a', new GoInt(1)], 'a%!(EXTRA int=1)'],
  ['100%%', [], '100%'],
  ['%t %v', [true, false], 'true false'],
  ['%v', [null], '<nil>'],
  ['%.3s', ['abcdef'], 'abc'],
  ['%q', ['a"b\n'], '"a\\"b\\n"'],
  ['%v', [new Map([['b', '2'], ['a', '1']])], 'map[a:1 b:2]'],
  // Go refuses a width or precision past a million (fmt's tooLarge): a literal one ends the format.
  ['%999999999d', [new GoInt(1)], '%!(NOVERB)%!(EXTRA int=1)'],
  ['%.999999999f', [1.0], '%!(NOVERB)%!(EXTRA float64=1)'],
  ['%*d', [new GoInt(1e9), new GoInt(1)], '%!(BADWIDTH)1'],
  ['%*d', ['x', new GoInt(1)], '%!(BADWIDTH)1'],
  ['%.*f', [new GoInt(1e9), 1.0], '%!(BADPREC)1.000000'],
  ['%*d|', [new GoInt(-3), new GoInt(1)], '1  |'],
];

describe('Go formatting of template values', () => {
  for (const [value, format, prec, expected] of FLOATS) {
    it(`strconv.FormatFloat(${value}, '${format}', ${prec}) = ${expected}`, () => {
      assert.equal(formatFloat(value, format, prec), expected);
    });
  }
  for (const [format, args, expected] of SPRINTF) {
    it(`fmt.Sprintf(${JSON.stringify(format)}) = ${JSON.stringify(expected)}`, () => {
      assert.equal(sprintf(format, args), expected);
    });
  }
  it('stops a verb that would print more than MAX_PRINTED, before building it', () => {
    for (const format of ['%2000000d', '%.2000000f', `%${MAX_PRINTED + 1}s`]) assert.throws(() => sprintf(format, [new GoInt(1)]), PrintTooLong, format);
    assert.equal(sprintf('%.2000000g', [1.5]), '1.5');
  });
  it('prints times and durations as Go does', () => {
    assert.equal(new GoTime(1700000000.5).toString(), '2023-11-14 22:13:20.5 +0000 UTC'); // promtool: toTime
    assert.equal(new GoTime(1700000000).toString(), '2023-11-14 22:13:20 +0000 UTC');
    assert.equal(new GoDuration(3723.5).toString(), '1h2m3.5s');
    assert.equal(new GoDuration(90).toString(), '1m30s');
    assert.equal(new GoDuration(0.25).toString(), '250ms');
    assert.equal(printValue(new GoInt(7)), '7');
  });
});
