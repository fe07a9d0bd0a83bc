import * as assert from 'node:assert/strict';
import { analyzePromQL } from '../../../../server/src/service/promql/analysis';
import { withRanges } from '../../../support/markers';

/** Expressions and the type of their root. */
const TYPES: [string, string][] = [
  ['1', 'scalar'],
  ['"a"', 'string'],
  ['foo', 'vector'],
  ['foo[5m]', 'matrix'],
  ['rate(foo[5m])[1h:]', 'matrix'],
  ['rate(foo[5m])', 'vector'],
  ['scalar(foo)', 'scalar'],
  ['1 + 2', 'scalar'],
  ['1 + foo', 'vector'],
  ['(foo)', 'vector'],
  ['-foo', 'vector'],
  ['sum(foo)', 'vector'],
  ['time()', 'scalar'],
  ['step()', 'scalar'],
  ['1 > bool 2', 'scalar'],
];

/** Type errors: Prometheus' wording, at the range marked «…». */
const TYPE_ERRORS: [string, string[]][] = [
  ['rate(«some_metric»)', ['expected type range vector in call to function "rate", got instant vector']],
  ['floor(«1»)', ['expected type instant vector in call to function "floor", got scalar']],
  ['«floor()»', ['expected 1 argument(s) in call to "floor", got 0']],
  ['«floor(some_metric, 1)»', ['expected 1 argument(s) in call to "floor", got 2']],
  ['«hour(a, b, c)»', ['expected at most 1 argument(s) in call to "hour", got 3']],
  ['«label_join(a)»', ['expected at least 3 argument(s) in call to "label_join", got 1']],
  ['«time(some_metric)»', ['expected 0 argument(s) in call to "time", got 1']],
  ['«topk(some_metric)»', ['wrong number of arguments for aggregate expression provided, expected 2, got 1']],
  ['topk(«some_metric», other_metric)', ['expected type scalar in aggregation parameter, got instant vector']],
  ['count_values(«5», other_metric)', ['expected type string in aggregation parameter, got scalar']],
  ['«sum () by (test)»', ['no arguments for aggregate expression provided']],
  ['sum(«foo[5m]»)', ['expected type instant vector in aggregation expression, got range vector']],
  ['1 «>» 2', ['comparisons between scalars must use BOOL modifier']],
  ['foo «+» bool bar', ['bool modifier can only be used on comparison operators']],
  ['a «+» on(instance) group_left(job, instance) b', ['label "instance" must not occur in ON and GROUP clause at once']],
  ['«1 and foo»', ['set operator "and" not allowed in binary scalar expression']],
  ['«a and on(b) group_left c»', ['no grouping allowed for "and" operation', 'set operations must always be many-to-many']],
  ['«1 + on(b) foo»', ['vector matching only allowed between instant vectors']],
  ['«a or fill(0) b»', ['filling in missing series not allowed for set operators']],
  ['«foo[5m]» + 1', ['binary expression must contain only scalar and instant vector types']],
  ['«-foo[5m]»', ['unary expression only allowed on expressions of type scalar or instant vector, got "range vector"']],
  ['«foo[5m][10m:1m]»', ['subquery is only allowed on instant vector, got matrix instead']],
  ['«{}»', ['vector selector must contain at least one non-empty matcher']],
  ['«{x=~".*"}»', ['vector selector must contain at least one non-empty matcher']],
  ['«{x!~".+"}»', ['vector selector must contain at least one non-empty matcher']],
  ['«foo{__name__="bar"}»', ['metric name must not be set twice: "foo" or "bar"']],
  ['info(foo, «target_info{foo="bar"}»)', ['expected label selectors only, got vector selector instead']],
  ['info(foo, «{foo="bar"} == 1»)', ['expected label selectors only']],
  ['info(foo, «({a="b"})»)', ['expected label selectors only']],
  ['max_of(«foo», 1)', ['expected type scalar in call to function "max_of", got instant vector']],
];

/** Valid expressions the checker must leave alone. */
const CLEAN = [
  '{x=~".+"}',
  '{x!=""}',
  'info(foo, {k="v"})',
  'a and on(b) c',
  'a + on(b) group_left fill(0) c',
  'round(foo, 0.5)',
  'label_join(a, "dst", ",", "s1", "s2", "s3")',
  'histogram_quantiles(foo, "q", 0.1, 0.5, 0.9)',
  'sort_by_label(foo, "a", "b", "c")',
  'vector(step())',
  '1 > bool 2',
];

describe('PromQL type checker', () => {
  describe('types', () => {
    for (const [input, type] of TYPES) {
      it(`${input} is ${type}`, () => {
        const analysis = analyzePromQL(input);
        assert.deepEqual([...analysis.syntaxProblems, ...analysis.typeProblems], []);
        assert.equal(analysis.type, type);
      });
    }
  });

  describe('errors', () => {
    for (const [marked, messages] of TYPE_ERRORS) {
      const { text, ranges } = withRanges(marked);
      it(text, () => {
        const analysis = analyzePromQL(text);
        assert.deepEqual(analysis.syntaxProblems, []);
        assert.deepEqual(analysis.typeProblems.map((p) => p.message), messages);
        assert.deepEqual(analysis.typeProblems[0].range, ranges[0]);
      });
    }
  });

  describe('accepts valid expressions', () => {
    for (const input of CLEAN) {
      it(input, () => {
        const analysis = analyzePromQL(input);
        assert.deepEqual([...analysis.syntaxProblems, ...analysis.typeProblems], []);
      });
    }
  });

  it('reports experimental functions and aggregations with their ranges', () => {
    const analysis = analyzePromQL('limitk(1, sort_by_label(foo, "a")) + mad_over_time(foo[5m])');
    assert.deepEqual(analysis.experimentalCalls.map((c) => c.name).sort(), ['limitk', 'mad_over_time', 'sort_by_label']);
  });

  it('reports experimental syntax with its ranges', () => {
    const analysis = analyzePromQL('foo[5m * 2] anchored + on(a) fill(0) bar');
    assert.deepEqual([...new Set(analysis.features.map((f) => f.feature))].sort(), ['binop-fill-modifiers', 'duration-expressions', 'extended-range-selectors']);
  });

  it('reports a repeated problem once (n² reports otherwise)', () => {
    const labels = Array.from({ length: 200 }, () => 'x').join(',');
    const analysis = analyzePromQL(`a + on(${labels}) group_left(${labels}) b`);
    assert.equal(analysis.typeProblems.length, 1);
  });

  it('does not pile type errors on a part that failed to parse', () => {
    const analysis = analyzePromQL('sum by (');
    assert.ok(analysis.syntaxProblems.length > 0);
    assert.deepEqual(analysis.typeProblems, []);
  });

  it('still reports type errors in the parts that parsed', () => {
    const analysis = analyzePromQL('rate(foo) + sum(');
    assert.deepEqual(analysis.typeProblems.map((p) => p.message), ['expected type range vector in call to function "rate", got instant vector']);
  });
});
