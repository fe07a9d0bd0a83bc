import * as assert from 'node:assert/strict';
import { analyzePromQL } from '../../../../server/src/service/promql/analysis';
import { parse } from '../../../../server/src/service/promql/parser';

/** Input no one should type, but an editor will meet: each gives errors, never a throw or a hang. */
const BAD_INPUT: [string, () => string][] = [
  ['binary junk', () => Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('')],
  ['a 10 MB line of one metric name', () => 'a'.repeat(10 * 1024 * 1024) + ' +'],
  ['a 10 MB line of operators', () => '+'.repeat(10 * 1024 * 1024)],
  ['a 1 MB binary chain, broken at the end', () => Array.from({ length: 75_000 }, (_, i) => `m${i}`).join(' + ').slice(0, 1024 * 1024 - 2) + ' +'],
  ['a 10 MB binary chain', () => Array.from({ length: 700_000 }, (_, i) => `m${i}`).join(' + ')],
  ['unbalanced double quote', () => 'foo{a="b}'],
  ['unbalanced single quote', () => "sum(rate(foo{a='b}[5m]))"],
  ['unbalanced backtick', () => 'label_replace(up, `a'],
  ['unbalanced brackets', () => 'foo[5m'.repeat(1000)],
  ['NUL bytes', () => 'foo\u0000bar{\u0000="\u0000"}'],
  ['lone surrogates', () => 'foo{a="\ud800"} + \udc00bar'],
  ['lone surrogate in a raw string', () => 'label_replace(up, `\udfff`, "", "", "")'],
  ['only closers', () => ')]}'.repeat(1000)],
  ['only openers', () => '([{'.repeat(1000)],
  ['deep label matchers', () => '{'.repeat(100_000)],
  // Found by `npm run fuzz` (768,785th input): an escape cut short by the end of an unclosed string.
  ['an unclosed string ending in a short escape', () => "'\\a\\b - \\xFF\\U00010"],
];

describe('PromQL bad input', () => {
  it('the parser itself reads a 10 MB line as one name and reports what follows', () => {
    const text = `${'a'.repeat(10 * 1024 * 1024)} +`;
    const result = parse(text);
    assert.deepEqual(result.problems.map((p) => p.message), ['unexpected end of input']);
  });

  for (const [name, make] of BAD_INPUT) {
    it(name, () => {
      const text = make();
      const analysis = analyzePromQL(text);
      const problems = [...analysis.syntaxProblems, ...analysis.typeProblems];
      assert.ok(problems.length > 0, 'bad input must report at least one problem');
      for (const p of problems) {
        assert.ok(p.range.start >= 0 && p.range.end <= text.length && p.range.start <= p.range.end, `range ${JSON.stringify(p.range)} outside the input`);
        assert.ok(p.message.length > 0);
      }
    });
  }
});
