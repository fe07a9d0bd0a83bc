import type { Expr } from '../../promql/syntaxTree';
import { forEachPreOrder } from '../../promql/syntaxTree';
import type { LintRule } from '../lintRule';

/* rules/alert-condition: an alert whose expression has no condition, so it fires for every series. */

const CONDITION_OPS = new Set(['==', '!=', '>', '<', '>=', '<=', 'and', 'unless', 'or']);
/** Alert expressions that fire by design without a comparison: absent-style checks, and the always-on watchdog. */
const CONDITION_CALLS = new Set(['absent', 'absent_over_time', 'vector']);

export const alertCondition: LintRule = {
  code: 'rules/alert-condition',
  defaultSeverity: 'info',
  description: 'An alerting rule whose expression has no comparison (or `absent`-like function): it fires for every series it returns.',
  summary: 'an alert expression without a condition',
  documentation: [
    'Finds an alert expression without a comparison, `and`/`or`/`unless`, `absent` or `absent_over_time`, `vector(…)` watchdog, state matcher (`iface_info{operstate="down"}`: the series exist only in the state alerted on) or `ALERTS` selector.',
    'Why: an alert fires for every series its expression returns; without a condition that is every series of the metric, all the time.',
    'Fix: add a threshold such as `> 0.05`, or use `absent(…)` for missing data.',
  ].join('\n\n'),
  liveData: 'none',
  precision: '0 of 0 (32 on pint\'s fixtures, written to hold mistakes)',
  appliesTo: ['alerting rules'],
  example: {
    language: 'yaml',
    reported: 'groups:\n  - name: api\n    rules:\n      - alert: TargetDown\n        expr: up\n',
    fixed: 'groups:\n  - name: api\n    rules:\n      - alert: TargetDown\n        expr: up == 0\n',
  },
  ruleFile: {
    alertingRule(entry, report) {
      const analysis = entry.query.analysis;
      if (analysis.syntaxProblems.length > 0 || hasCondition(analysis.expr)) return;
      report({
        code: alertCondition,
        range: entry.query.range,
        message: 'this alert has no comparison: it fires for every series the expression returns (add a threshold such as `> 0.05`, or `absent(…)` for missing data)',
      });
    },
  },
};

function hasCondition(expr: Expr): boolean {
  let found = expr.kind === 'NumberLiteral';
  forEachPreOrder(expr, (node) => {
    // `iface_info{operstate="down"}`: the series exist only in the state alerted on, an existence check.
    if (node.kind === 'VectorSelector' && node.matchers.some((m) => m.op !== null && m.name && !['__name__', 'job', 'instance'].includes(m.name.value))) found = true;
    if (node.kind === 'BinaryExpr' && CONDITION_OPS.has(node.op)) found = true;
    if (node.kind === 'Call' && CONDITION_CALLS.has(node.name)) found = true;
    // `ALERTS{…}` and other series that exist only when something fires.
    if (node.kind === 'VectorSelector' && node.name && /^(ALERTS|ALERTS_FOR_STATE)$/.test(node.name.value)) found = true;
  });
  return found;
}
