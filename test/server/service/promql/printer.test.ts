import * as assert from 'node:assert/strict';
import { parse } from '../../../../server/src/service/promql/parser';
import { prettyPrint, printExpr } from '../../../../server/src/service/promql/printer';
import * as path from 'node:path';
import { CORPUS, readJsonLines } from '../../../support/paths';
import { treeShape } from '../../../support/treeShape';

/** Input and its canonical form. */
const CANONICAL: [string, string][] = [
  ['foo', 'foo'],
  ['foo{c=~"d", a="b"}', 'foo{a="b",c=~"d"}'],
  ["foo{a='b'}", 'foo{a="b"}'],
  ['{"http.server.duration"}', '{"http.server.duration"}'],
  ['{"a.b"="c", d="e"}', '{"a.b"="c",d="e"}'],
  ['sum(rate(foo[5m])) by (job)', 'sum by (job) (rate(foo[5m]))'],
  ['sum   without(a,b)(foo)', 'sum without (a, b) (foo)'],
  ['topk(5,foo)', 'topk(5, foo)'],
  ['a+on(b)group_left(c)d', 'a + on (b) group_left (c) d'],
  ['a/ignoring(b)group_right d', 'a / ignoring (b) group_right () d'],
  ['a - ignoring() b', 'a - b'],
  ['sum by () (x)', 'sum(x)'],
  ['a>bool 1', 'a > bool 1'],
  ['a+fill_left(1)fill_right(2)b', 'a + fill_left (1) fill_right (2) b'],
  ['a + fill_left(5) fill_right(5) b', 'a + fill (5) b'],
  ['foo offset 5m @ 100', 'foo @ 100.000 offset 5m'],
  ['foo[5m] offset 1m anchored', 'foo[5m] anchored offset 1m'],
  ['foo anchored offset 1m @ 3.3335', 'foo @ 3.334 anchored offset 1m'],
  ['foo[5m:]', 'foo[5m:]'],
  ['foo[5m*2:step()]', 'foo[5m * 2:step()]'],
  ['foo offset -(5)', 'foo offset -(5)'],
  ['-(1+2)^2', '-(1 + 2) ^ 2'],
  ['"a\\nb"', '"a\\nb"'],
  ['`a"b`', '"a\\"b"'],
  ['foo # comment', 'foo'],
  ['sum by ("a.b") (x)', 'sum by ("a.b") (x)'],
  ['sum by ("without") (x)', 'sum by ("without") (x)'],
  ['foo[5m] anchored', 'foo[5m] anchored'],
];

describe('PromQL printer', () => {
  for (const [input, expected] of CANONICAL) {
    it(`${input} → ${expected}`, () => {
      const printed = printExpr(parse(input).expr);
      assert.equal(printed, expected);
      const reparsed = parse(printed);
      assert.deepEqual(reparsed.problems, []);
      assert.equal(treeShape(reparsed.expr), treeShape(parse(input).expr));
    });
  }

  it('is idempotent', () => {
    for (const [input] of CANONICAL) {
      const once = printExpr(parse(input).expr);
      assert.equal(printExpr(parse(once).expr), once);
    }
  });

  it("prints every canonical form of Prometheus' own printer tests exactly as Prometheus does", () => {
    const pairs = readJsonLines<{ in: string; out: string; kind: string }>(path.join(CORPUS, 'promql', 'format_pairs.jsonl')).filter((p) => p.kind === 'String() canonical form');
    const differ = pairs.filter((p) => printExpr(parse(p.in).expr) !== p.out).map((p) => `${p.in} → ${printExpr(parse(p.in).expr)} (Prometheus: ${p.out})`);
    console.log(`      canonical forms agreeing with Prometheus: ${pairs.length - differ.length}/${pairs.length}`);
    assert.deepEqual(differ, []);
  });

  it("splits long expressions exactly as Prometheus' Prettify does", () => {
    const pairs = readJsonLines<{ in: string; out: string; kind: string }>(path.join(CORPUS, 'promql', 'format_pairs.jsonl')).filter((p) => p.kind.startsWith('Prettify'));
    // Prometheus' own tests run its pretty printer with a line width of 10.
    const differ = pairs.filter((p) => prettyPrint(parse(p.in).expr, 10) !== p.out).map((p) => `${p.in}:\n${prettyPrint(parse(p.in).expr, 10)}`);
    console.log(`      pretty forms agreeing with Prometheus: ${pairs.length - differ.length}/${pairs.length}`);
    assert.deepEqual(differ, []);
  });

  it('pretty-prints a deep tree on one line instead of overflowing', () => {
    const text = Array.from({ length: 5_000 }, (_, i) => `m${i}`).join(' + ');
    assert.equal(prettyPrint(parse(text).expr, 100), text);
  });

  it('prints a 10,000-term chain without recursion', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `m${i}`).join(' + ');
    assert.equal(printExpr(parse(text).expr), text);
  });
});
