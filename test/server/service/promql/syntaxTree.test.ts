import * as assert from 'node:assert/strict';
import { parse } from '../../../../server/src/service/promql/parser';
import { childrenOf, forEachPostOrder, forEachPreOrder, nodeAt } from '../../../../server/src/service/promql/syntaxTree';

/** Cursor positions (|) and the kind of the innermost node there. */
const NODE_AT: [string, string][] = [
  ['su|m(foo)', 'Aggregation'],
  ['sum(f|oo)', 'VectorSelector'],
  ['rate(foo[5|m])', 'NumberLiteral'],
  ['rate(foo[5m]|)', 'MatrixSelector'],
  ['a + |b', 'VectorSelector'],
  ['a |+ b', 'BinaryExpr'],
  ['foo offset 5|m', 'NumberLiteral'],
];

describe('syntax tree', () => {
  for (const [marked, kind] of NODE_AT) {
    it(`nodeAt ${marked} is ${kind}`, () => {
      const offset = marked.indexOf('|');
      const text = marked.replace('|', '');
      assert.equal(nodeAt(parse(text).expr, offset)?.kind, kind);
    });
  }

  it('walks children before parents, and parents before children', () => {
    const { expr } = parse('sum(rate(foo[5m])) + 1');
    const post: string[] = [];
    forEachPostOrder(expr, (n) => post.push(n.kind));
    assert.deepEqual(post, ['VectorSelector', 'NumberLiteral', 'MatrixSelector', 'Call', 'Aggregation', 'NumberLiteral', 'BinaryExpr']);
    const pre: string[] = [];
    forEachPreOrder(expr, (n) => pre.push(n.kind));
    assert.deepEqual(pre, ['BinaryExpr', 'Aggregation', 'Call', 'MatrixSelector', 'VectorSelector', 'NumberLiteral', 'NumberLiteral']);
  });

  it('lists the offset and subquery step among the children', () => {
    const { expr } = parse('foo[1h:5m] offset 1d');
    assert.deepEqual(childrenOf(expr).map((c) => c.kind), ['VectorSelector', 'NumberLiteral', 'NumberLiteral', 'NumberLiteral']);
  });
});
