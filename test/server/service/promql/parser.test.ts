import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { MAX_NESTING, parse } from '../../../../server/src/service/promql/parser';
import { forEachPreOrder, nodeAt, type Expr } from '../../../../server/src/service/promql/syntaxTree';
import { withRanges } from '../../../support/markers';
import { treeShape } from '../../../support/treeShape';
import { CORPUS, readJsonLines } from '../../../support/paths';

/** Valid PromQL and the tree it must give. */
const TREES: [string, string][] = [
  // selectors and matchers
  ['foo', '(selector foo)'],
  ['foo{a="b", c!="d", e=~"f.*", g!~"h"}', '(selector foo a="b" c!="d" e=~"f.*" g!~"h")'],
  ['{__name__="foo"}', '(selector __name__="foo")'],
  ['{"http.server.duration", "a.b"="x"}', '(selector "http.server.duration" a.b="x")'],
  ['foo{a="b",}', '(selector foo a="b")'],
  ['job:request_latency_seconds:mean5m', '(selector job:request_latency_seconds:mean5m)'],
  ['foo{by="a", on="b", sum="c"}', '(selector foo by="a" on="b" sum="c")'],
  ['min', '(selector min)'],
  ['sum offset 5m', '(selector sum offset (number 300))'],
  ['fill + fill', '(+ (selector fill) (selector fill))'],
  // ranges, subqueries, modifiers
  ['foo[5m]', '(matrix (selector foo) (number 300))'],
  ['foo[1h30m]', '(matrix (selector foo) (number 5400))'],
  ['foo[90]', '(matrix (selector foo) (number 90))'],
  ['foo[5m:1m]', '(subquery (selector foo) (number 300) (number 60))'],
  ['foo[1h:]', '(subquery (selector foo) (number 3600) _)'],
  ['rate(foo[5m])[30m:1m]', '(subquery (call rate (matrix (selector foo) (number 300))) (number 1800) (number 60))'],
  ['foo offset 5m', '(selector foo offset (number 300))'],
  ['foo offset -7m', '(selector foo offset (number -420))'],
  ['foo[5m] offset 1w', '(matrix (selector foo) (number 300) offset (number 604800))'],
  ['foo @ 1609746000', '(selector foo @1609746000000)'],
  ['foo @ start()', '(selector foo @start())'],
  ['foo @ end() offset 1m', '(selector foo @end() offset (number 60))'],
  ['foo offset 1m @ 100', '(selector foo @100000 offset (number 60))'],
  ['foo[5m] @ 100 offset 1m', '(matrix (selector foo) (number 300) @100000 offset (number 60))'],
  ['foo[10m:1m] offset -5m @ -10', '(subquery (selector foo) (number 600) (number 60) @-10000 offset (number -300))'],
  // functions and aggregations
  ['time()', '(call time)'],
  ['label_replace(up, "a", "$1", "b", "(.*)")', '(call label_replace (selector up) (string "a") (string "$1") (string "b") (string "(.*)"))'],
  ['sum(foo)', '(sum (selector foo))'],
  ['sum by (job) (foo)', '(sum by(job) (selector foo))'],
  ['sum(foo) by (job)', '(sum by(job) (selector foo))'],
  ['sum without (a, b,) (foo)', '(sum without(a,b) (selector foo))'],
  ['SUM BY (job) (foo)', '(sum by(job) (selector foo))'],
  ['sum by ("a.b", on, sum) (foo)', '(sum by(a.b,on,sum) (selector foo))'],
  ['topk(5, foo)', '(topk (number 5) (selector foo))'],
  ['count_values("v", foo)', '(count_values (string "v") (selector foo))'],
  ['quantile(0.9, foo)', '(quantile (number 0.9) (selector foo))'],
  ['limitk(2, foo)', '(limitk (number 2) (selector foo))'],
  ['limit_ratio(0.5, foo)', '(limit_ratio (number 0.5) (selector foo))'],
  ['sort_by_label(foo, "a", "b")', '(call sort_by_label (selector foo) (string "a") (string "b"))'],
  ['info(foo, {k="v"})', '(call info (selector foo) (selector k="v"))'],
  ['histogram_quantiles(foo, "q", 0.5, 0.9)', '(call histogram_quantiles (selector foo) (string "q") (number 0.5) (number 0.9))'],
  ['double_exponential_smoothing(foo[5m], 0.5, 0.5)', '(call double_exponential_smoothing (matrix (selector foo) (number 300)) (number 0.5) (number 0.5))'],
  // binary operators: precedence, associativity, modifiers
  ['1 + 2 * 3', '(+ (number 1) (* (number 2) (number 3)))'],
  ['1 - 2 - 3', '(- (- (number 1) (number 2)) (number 3))'],
  ['2 ^ 3 ^ 2', '(^ (number 2) (^ (number 3) (number 2)))'],
  ['-2 ^ 2', '(unary - (^ (number 2) (number 2)))'],
  ['-a * b', '(* (unary - (selector a)) (selector b))'],
  ['a or b and c unless d', '(or (selector a) (unless (and (selector b) (selector c)) (selector d)))'],
  ['a == b + c', '(== (selector a) (+ (selector b) (selector c)))'],
  ['a > bool 1', '(> bool (selector a) (number 1))'],
  ['a atan2 b * c', '(* (atan2 (selector a) (selector b)) (selector c))'],
  ['a + on(b) group_left(c) d', '(+ on(b) group_left(c) (selector a) (selector d))'],
  ['a / ignoring(b) group_right d', '(/ ignoring(b) group_right() (selector a) (selector d))'],
  ['a * on() b', '(* on() (selector a) (selector b))'],
  ['a and on(x) b', '(and on(x) (selector a) (selector b))'],
  ['a + fill(-23) b', '(+ fill_left(-23) fill_right(-23) (selector a) (selector b))'],
  ['a + on(b) group_left fill_left(1) fill_right(2) c', '(+ on(b) group_left() fill_left(1) fill_right(2) (selector a) (selector c))'],
  ['h </ 0.5', '(</ (selector h) (number 0.5))'],
  ['h >/ -Inf', '(>/ (selector h) (unary - (number Infinity)))'],
  ['-foo offset 5m', '(unary - (selector foo offset (number 300)))'],
  ['- - 1', '(unary - (unary - (number 1)))'],
  // numbers, strings, comments
  ['0x1F', '(number 31)'],
  ['1e3', '(number 1000)'],
  ['1_000', '(number 1000)'],
  ['.5', '(number 0.5)'],
  ['Inf', '(number Infinity)'],
  ['NaN', '(number NaN)'],
  ['"a\\"b\\n"', '(string "a\\"b\\n")'],
  ["'single \\' quote'", '(string "single \' quote")'],
  ['`raw \\n`', '(string "raw \\\\n")'],
  ['"\\u00e9\\x41\\101"', '(string "éAA")'],
  ['foo # a comment\n+ bar', '(+ (selector foo) (selector bar))'],
  // duration expressions and extended range selectors
  ['foo[5m * 2]', '(matrix (selector foo) (duration * (number 300) (number 2)))'],
  ['foo[step() + 1m:step()]', '(subquery (selector foo) (duration + (duration step) (number 60)) (duration step))'],
  ['foo offset -(5)', '(selector foo offset (duration - (paren (number 5))))'],
  ['foo offset max_of(step(), 5s)', '(selector foo offset (duration max_of (duration step) (number 5)))'],
  ['foo offset -1^1', '(^ (selector foo offset (number -1)) (number 1))'],
  ['step()', '(call step)'],
  ['foo[5m] anchored', '(matrix (selector foo) (number 300) anchored)'],
  ['foo smoothed', '(selector foo smoothed)'],
  // found by review against Prometheus' grammar
  ['max_of(time(), 1)', '(call max_of (call time) (number 1))'],
  ['foo offset --5m', '(selector foo offset (number 300))'],
  ['017', '(number 15)'],
  ['foo{a="\\xc3\\xa9"}', '(selector foo a="é")'],
  ['foo anchored anchored', '(selector foo anchored)'],
];

/** Incomplete input as a user types it: the partial tree completion reads. */
const PARTIAL_TREES: [string, string][] = [
  ['sum by (', '(sum)'],
  ['rate(foo{job="', '(call rate (selector foo job=""))'],
  ['up[5', '(matrix (selector up) (number 5))'],
  ['rate(', '(call rate (error))'],
  ['foo + ', '(+ (selector foo) (error))'],
  ['sum(rate(foo[5m])) by (', '(sum (call rate (matrix (selector foo) (number 300))))'],
  ['foo{a="b", ', '(selector foo a="b")'],
  ['a + on(', '(+ on() (selector a) (error))'],
  ['histogram_quantile(0.9, ', '(call histogram_quantile (number 0.9) (error))'],
];

/** Broken input: every independent error, at its exact range («…»), worded as Prometheus words it. */
const SYNTAX_ERRORS: [string, string[]][] = [
  ['sum«(»', ['unclosed left parenthesis']],
  ['«»', ['no expression found in input']],
  ['some_metric{a=«b»}', ['unexpected identifier "b" in label matching, expected string']],
  ['foo{gibberish«}»', ['unexpected "}" in label matching, expected label matching operator']],
  ['«{»', ['unexpected end of input inside braces']],
  ['«}»', ['unexpected "}"']],
  ['foo[«5mm»]', ['bad number or duration syntax: "5mm"']],
  ['foo[«5m1h»]', ['not a valid duration string: "5m1h"']],
  ['foo[«0m»]', ['duration must be greater than 0']],
  ['foo[«]»', ['unexpected "]" in subquery or range selector, expected number, duration, step(), or range()']],
  ['some_metric OFFSET 1m«[5m]»', ['no offset modifiers allowed before range']],
  ['some_metric @ 1234 «[5m]»', ['no @ modifiers allowed before range']],
  ['(foo + bar)«[5m]»', ['ranges only allowed for vector selectors']],
  ['sum without(«==»)(some_metric)', ['unexpected "==" in grouping opts, expected label']],
  ['sum (some_metric) by «test»', ['unexpected identifier "test" in grouping opts, expected "("']],
  ['topk(some_metric«,»)', ['trailing commas not allowed in function call args']],
  ['«non_existent_function_far_bar»()', ['unknown function with name "non_existent_function_far_bar"']],
  ['«`unterminated»', ['unterminated raw string']],
  ['«"unterminated»', ['unterminated quoted string']],
  ['"«\\c»"', ['unknown escape sequence U+0063 \'c\'']],
  ['foo[step()«/»0d]', ['division by zero']],
  ['foo[5s«%»0d]', ['modulo by zero']],
  ['foo offset «9.5e10»', ['duration out of range']],
  ['sum«(»rate(', ['unclosed left parenthesis', 'unclosed left parenthesis']],
  ['rate(food[1m])«[1h]» offset 1h', ['ranges only allowed for vector selectors']],
  ['«foo» @ +Inf', ['timestamp out of bounds for @ modifier: +Inf']],
  ['«foo» @ NaN', ['timestamp out of bounds for @ modifier: NaN']],
  ['a «b»', ['unexpected identifier "b"']],
  ['foo{«a=~"("»}', ['error parsing regexp: missing closing ): `^(?s:()$`']],
  ['foo + fill(0) «fill»(1) bar', ['unexpected "fill"']],
  ['foo + fill_left(0) fill_right(1) «fill»(2) bar', ['unexpected "fill"']],
  ['«foo anchored[5m]» smoothed', ['anchored and smoothed modifiers cannot be used together']],
  ['«1e309»', ['error parsing number: strconv.ParseFloat: parsing "1e309": value out of range']],
  ['sum by («"\\xff"») (foo)', ['invalid label name for grouping: "\ufffd"']],
  ['foo{«a!~"x**"»}', ['error parsing regexp: invalid nested repetition operator: `**`']],
  ['foo{a="b"} «bar» + )', ['unexpected identifier "bar"']],
  ['rate(foo[5m] «bar») + 1', ['unexpected identifier "bar" in expression, expected ")"']],
];

describe('PromQL parser', () => {
  describe('builds the tree of valid PromQL', () => {
    for (const [input, expected] of TREES) {
      it(JSON.stringify(input), () => {
        const result = parse(input);
        assert.deepEqual(result.problems, [], `problems: ${JSON.stringify(result.problems)}`);
        assert.equal(treeShape(result.expr), expected);
      });
    }
  });

  describe('returns a partial tree for incomplete input', () => {
    for (const [input, expected] of PARTIAL_TREES) {
      it(JSON.stringify(input), () => {
        const result = parse(input);
        assert.ok(result.problems.length > 0, 'incomplete input must report a problem');
        assert.equal(treeShape(result.expr), expected);
      });
    }
  });

  describe('reports each error at its range', () => {
    for (const [marked, messages] of SYNTAX_ERRORS) {
      const { text, ranges } = withRanges(marked);
      it(JSON.stringify(text), () => {
        const result = parse(text);
        const problems = result.problems.map((p) => ({ message: p.message, range: p.range }));
        assert.deepEqual(problems.map((p) => p.message).slice(0, messages.length), messages);
        assert.deepEqual(problems[0].range, ranges[0]);
      });
    }
  });

  describe('ranges', () => {
    it('gives every node a range inside the text, covering its children', () => {
      const text = 'sum by (job) (rate(http_requests_total{code=~"5.."}[5m] offset 1h)) / on(job) group_left count(up == 1)';
      const { expr } = parse(text);
      forEachPreOrder(expr, (node, parent) => {
        assert.ok(node.range.start >= 0 && node.range.end <= text.length && node.range.start <= node.range.end);
        if (parent) assert.ok(node.range.start >= parent.range.start && node.range.end <= parent.range.end, `${node.kind} outside ${parent.kind}`);
      });
      assert.equal(text.slice(expr.range.start, expr.range.end), text);
    });

    it('covers the children of every node in the corpus\' expressions, with and without problems', function () {
      this.timeout(60_000);
      let clean = 0;
      for (const { expr: text } of readJsonLines<{ expr: string }>(path.join(CORPUS, 'promql', 'all.jsonl'))) {
        const { expr, problems } = parse(text);
        if (problems.length === 0) clean++;
        forEachPreOrder(expr, (node, parent) => {
          if (parent && (node.range.start < parent.range.start || node.range.end > parent.range.end)) assert.fail(`${node.kind} outside ${parent.kind} in ${JSON.stringify(text.slice(0, 200))}`);
        });
      }
      assert.ok(clean > 1000, `${clean} expressions without problems`);
    });

    it('finds the innermost node at an offset', () => {
      const text = 'sum(rate(foo[5m]))';
      const node = nodeAt(parse(text).expr, text.indexOf('foo') + 1);
      assert.equal(node?.kind, 'VectorSelector');
    });

    it('keeps exact ranges of names, operators and matchers', () => {
      const { expr } = parse('a + on(b) group_left(c) d{e="f"}');
      assert.equal(expr.kind, 'BinaryExpr');
      if (expr.kind !== 'BinaryExpr') return;
      assert.deepEqual(expr.opRange, { start: 2, end: 3 });
      assert.deepEqual(expr.matching?.matchingLabels[0].range, { start: 7, end: 8 });
      assert.deepEqual(expr.matching?.include?.[0].range, { start: 21, end: 22 });
      const rhs = expr.rhs;
      assert.equal(rhs.kind, 'VectorSelector');
      if (rhs.kind === 'VectorSelector') assert.deepEqual(rhs.matchers[0].value?.range, { start: 28, end: 31 });
    });
  });

  describe('depth', () => {
    const depthOf = (expr: Expr): number => {
      let max = 0;
      const stack: [Expr, number][] = [[expr, 1]];
      while (stack.length) {
        const [node, d] = stack.pop()!;
        max = Math.max(max, d);
        forEachChild(node, (c) => stack.push([c, d + 1]));
      }
      return max;
    };
    const forEachChild = (node: Expr, f: (c: Expr) => void): void => {
      let first = true;
      forEachPreOrder(node, (c, parent) => {
        if (first) { first = false; return; }
        if (parent === node) f(c);
      });
    };

    it('parses 1,000 levels of nested parentheses', () => {
      const result = parse(`${'('.repeat(1000)}foo${')'.repeat(1000)}`);
      assert.deepEqual(result.problems, []);
      assert.equal(depthOf(result.expr), 1001);
    });

    it('parses 1,000 levels of nested calls', () => {
      const result = parse(`${'abs('.repeat(1000)}foo${')'.repeat(1000)}`);
      assert.deepEqual(result.problems, []);
      assert.equal(depthOf(result.expr), 1001);
    });

    it('parses 1,000 levels of nested aggregations with grouping', () => {
      const result = parse(`${'sum by (a) ('.repeat(1000)}foo${')'.repeat(1000)}`);
      assert.deepEqual(result.problems, []);
    });

    it('parses a 10,000-term binary chain, left-associative', () => {
      const terms = Array.from({ length: 10_000 }, (_, i) => `m${i}`);
      const result = parse(terms.join(' + '));
      assert.deepEqual(result.problems, []);
      let node = result.expr;
      let count = 1;
      while (node.kind === 'BinaryExpr') {
        assert.equal(node.rhs.kind, 'VectorSelector');
        node = node.lhs;
        count++;
      }
      assert.equal(count, 10_000);
    });

    it('parses a 10,000-term chain of ^, right-associative', () => {
      const result = parse(Array.from({ length: 10_000 }, (_, i) => `m${i}`).join(' ^ '));
      assert.deepEqual(result.problems, []);
      assert.equal(result.expr.kind === 'BinaryExpr' && result.expr.lhs.kind, 'VectorSelector');
    });

    for (const [name, text] of [
      ['parentheses', `${'('.repeat(5000)}foo${')'.repeat(5000)}`],
      ['calls', `${'abs('.repeat(50_000)}foo${')'.repeat(50_000)}`],
      ['unclosed parentheses', '('.repeat(100_000)],
      ['duration parentheses', `foo[${'('.repeat(5000)}5m${')'.repeat(5000)}]`],
    ]) {
      it(`beyond ${MAX_NESTING} levels of ${name}, gives one clear error instead of overflowing`, () => {
        const result = parse(text);
        const deep = result.problems.filter((p) => p.message.includes('levels deep'));
        assert.equal(deep.length, 1, JSON.stringify(result.problems.slice(0, 3)));
      });
    }
  });
});
