import { isDropped } from '../../promql/labelFlow';
import type { LintRule } from '../lintRule';

/* promql/vector-matching: `on (x)` where one side cannot carry x, so nothing ever matches. */

export const vectorMatching: LintRule = {
  code: 'promql/vector-matching',
  defaultSeverity: 'warning',
  description: 'A binary operation whose `on (…)` labels one side cannot have (they were aggregated away), so the two sides never match.',
  summary: '`on (x)` where one side cannot have `x`',
  documentation: [
    'Finds `on (x)` in an arithmetic or comparison operation where one side cannot have `x`: an aggregation removed it (`sum by (job) (a) / on (instance) b`).',
    'Why: no series of that side carries the label, so no pair of series matches and the result is always empty.',
    'Fix: keep the label in the aggregation (`sum by (job, instance)`), or match on labels both sides have.',
  ].join('\n\n'),
  liveData: 'none',
  precision: '0 of 0',
  appliesTo: ['queries'],
  example: {
    language: 'promql',
    reported: 'sum by (job) (rate(errors_total[5m])) / on (instance) sum by (instance) (rate(requests_total[5m]))\n',
    fixed: 'sum by (job) (rate(errors_total[5m])) / on (job) sum by (job) (rate(requests_total[5m]))\n',
  },
  promql: {
    BinaryExpr(node, walk) {
      const matching = node.matching;
      if (!matching || matching.matchingKeyword !== 'on' || ['and', 'or', 'unless'].includes(node.op)) return;
      for (const label of matching.matchingLabels) {
        const sides = [['left', walk.flow().get(node.lhs)], ['right', walk.flow().get(node.rhs)]] as const;
        for (const [side, set] of sides) {
          if (set && isDropped(set, label.value)) {
            walk.report({ code: vectorMatching, range: label.range, message: `the ${side} side cannot have "${label.value}" (it was aggregated away), so no series match on it and the result is empty` });
            break;
          }
        }
      }
    },
  },
};
