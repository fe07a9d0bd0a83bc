import type { LintRule } from '../lintRule';
import { RATE_FUNCTIONS, unwrap, VALUE_AGGREGATIONS } from '../queryFacts';

/* promql/rate-of-aggregation: the rate of a sum, where the sum of the rates is meant. */

export const rateOfAggregation: LintRule = {
  code: 'promql/rate-of-aggregation',
  defaultSeverity: 'warning',
  description: '`rate` (or `increase`) over an aggregation (`rate(sum(x)[5m:])`): counter resets of single series are lost; aggregate the rates instead (`sum(rate(x[5m]))`).',
  summary: '`rate(sum(x)[5m:])`: resets of single series are lost',
  documentation: [
    'Finds `rate`, `irate` or `increase` over a subquery of an aggregation: `rate(sum(x)[5m:])`.',
    'Why: when one series of the sum resets, the sum drops, and the rate reads the drop as a reset of the whole: the result is wrong.',
    'Fix: take the rate of each series first, then aggregate: `sum(rate(x[5m]))`.',
  ].join('\n\n'),
  liveData: 'none',
  precision: '0 of 0',
  appliesTo: ['queries'],
  example: {
    language: 'promql',
    reported: 'rate(sum(http_requests_total)[5m:])\n',
    fixed: 'sum(rate(http_requests_total[5m]))\n',
  },
  promql: {
    Call(node, walk) {
      const arg = node.args[0];
      if (!RATE_FUNCTIONS.has(node.name) || arg?.kind !== 'Subquery') return;
      const inner = unwrap(arg.expr);
      if (inner.kind !== 'Aggregation' || !VALUE_AGGREGATIONS.has(inner.op)) return;
      walk.report({
        code: rateOfAggregation,
        range: node.range,
        message: `${node.name}() over ${inner.op}(): a reset of any one series looks like a drop of the ${inner.op}, and the rate is wrong; take the ${node.name}() first, then ${inner.op} (${inner.op}(${node.name}(x[…])))`,
      });
    },
  },
};
