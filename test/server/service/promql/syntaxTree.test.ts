import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { parse } from '../../../../server/src/service/promql/parser';
import { childrenOf, forEachPostOrder, forEachPreOrder, nodeAt, type DurationExpr, type Expr } from '../../../../server/src/service/promql/syntaxTree';
import { CORPUS, readJsonLines } from '../../../support/paths';

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

  /** An expression and the kinds of its root's children, in source order: every shape with optional parts. */
  const CHILDREN: [string, string[]][] = [
    ['foo', []],
    ['foo offset 5m', ['NumberLiteral']],
    ['foo[5m]', ['VectorSelector', 'NumberLiteral']],
    ['foo[5m] offset 1h', ['VectorSelector', 'NumberLiteral', 'NumberLiteral']],
    ['foo[1h:]', ['VectorSelector', 'NumberLiteral']],
    ['foo[1h:5m]', ['VectorSelector', 'NumberLiteral', 'NumberLiteral']],
    ['foo[1h:] offset 1d', ['VectorSelector', 'NumberLiteral', 'NumberLiteral']],
    ['foo[1h:5m] offset 1d', ['VectorSelector', 'NumberLiteral', 'NumberLiteral', 'NumberLiteral']],
    ['(foo)', ['VectorSelector']],
    ['-foo', ['VectorSelector']],
    ['topk(5, foo)', ['NumberLiteral', 'VectorSelector']],
    ['time()', []],
    ['a + b', ['VectorSelector', 'VectorSelector']],
    ['"text"', []],
  ];
  for (const [text, kinds] of CHILDREN) {
    it(`lists the children of ${text}`, () => {
      assert.deepEqual(childrenOf(parse(text).expr).map((c) => c.kind), kinds);
    });
  }

  it('lists the operands of duration arithmetic, unary signs and step()', () => {
    const durations: DurationExpr[] = [];
    forEachPreOrder(parse('foo[(5m * 2):step()] offset -(1h)').expr, (n) => {
      if (n.kind === 'DurationExpr') durations.push(n);
    });
    assert.deepEqual(durations.map((d) => [d.op, childrenOf(d).map((c) => c.kind)]), [['*', ['NumberLiteral', 'NumberLiteral']], ['step', []], ['-', ['ParenExpr']]]);
  });

  it('walks every node of the corpus once, each after its parent and before it in post-order, children in source order', function () {
    this.timeout(60_000);
    // The reference walk recurses: the corpus' chains thousands of operators deep are left out.
    for (const { expr: text } of readJsonLines<{ expr: string }>(path.join(CORPUS, 'promql', 'all.jsonl')).filter((r) => r.expr.length < 2000)) {
      const { expr } = parse(text);
      const pre: Expr[] = [];
      const parents = new Map<Expr, Expr | null>();
      forEachPreOrder(expr, (node, parent) => {
        pre.push(node);
        parents.set(node, parent);
      });
      const post: Expr[] = [];
      forEachPostOrder(expr, (node) => post.push(node));
      // The same nodes as a recursive walk over childrenOf, in both orders.
      const recursivePre: Expr[] = [];
      const recursivePost: Expr[] = [];
      const walk = (node: Expr, parent: Expr | null): void => {
        recursivePre.push(node);
        assert.equal(parents.get(node), parent, text);
        const children = childrenOf(node);
        for (let i = 1; i < children.length; i++) assert.ok(children[i - 1].range.start <= children[i].range.start, `${text}: children out of order`);
        for (const child of children) walk(child, node);
        recursivePost.push(node);
      };
      walk(expr, null);
      assert.deepEqual(pre, recursivePre, text);
      assert.deepEqual(post, recursivePost, text);
    }
  });
});
