import * as assert from 'node:assert/strict';
import { quoteString, unquoteString } from '../../../../server/src/service/promql/stringLiteral';

/** Literal as written → value, or the problem and its offset in the literal. */
const UNQUOTED: [string, string, string?, number?][] = [
  ['"plain"', 'plain'],
  ["'single'", 'single'],
  ['`raw \\n`', 'raw \\n'],
  ['"\\a\\b\\f\\n\\r\\t\\v\\\\\\""', '\x07\b\f\n\r\t\v\\"'],
  ["'\\''", "'"],
  ['"\\101\\x41\\u0041\\U00000041"', 'AAAA'],
  ['"\\u00e9"', 'é'],
  ['"\\c"', '', "unknown escape sequence U+0063 'c'", 1],
  ['"\\\'"', '', "unknown escape sequence U+0027 '''", 1],
  ['"\\x4."', '', "illegal character U+002E '.' in escape sequence", 1],
  ['"\\x4"', '', 'escape sequence not terminated', 1],
  ['"\\ud800"', '', 'escape sequence is an invalid Unicode code point', 1],
  ['"a\ud800"', 'a\ud800', 'invalid UTF-8 rune', 2],
  ['"\ufffd"', '\ufffd', 'invalid UTF-8 rune', 1],
];

describe('string literals', () => {
  for (const [literal, value, problem, offset] of UNQUOTED) {
    it(`unquotes ${JSON.stringify(literal)}`, () => {
      const result = unquoteString(literal);
      if (problem === undefined) {
        assert.deepEqual(result.problems, []);
        assert.equal(result.value, value);
      } else {
        assert.equal(result.problems[0]?.message, problem);
        assert.equal(result.problems[0]?.offset, offset);
      }
    });
  }

  it('keeps the problem of an escape cut short inside the literal, closed or not', () => {
    for (const literal of ['"\\U00010', '"\\x', '"\\u12"', "'\\1"]) {
      const [problem] = unquoteString(literal).problems;
      assert.equal(problem?.message, 'escape sequence not terminated', literal);
      assert.ok(problem.offset + problem.length <= literal.length, `${literal}: ${JSON.stringify(problem)}`);
    }
  });

  it('quotes so that unquoting gives the value back', () => {
    for (const value of ['a"b', 'back\\slash', 'new\nline', 'tab\t', '\x01', 'é ü 日本']) {
      assert.equal(unquoteString(quoteString(value)).value, value);
    }
  });
});
