import { isScalar, type Node, type YAMLMap } from 'yaml';
import { forEachPreOrder, type Expr, type TextRange } from '../../promql/syntaxTree';
import type { TextChange } from '../../quickFix';
import type { LintRule } from '../lintRule';

/* rules/alert-for: an alert over a short rate window without `for:`, which pages on one noisy evaluation. */

const RATE_LIKE = new Set(['rate', 'irate', 'increase', 'deriv', 'delta', 'idelta']);

export const alertFor: LintRule = {
  code: 'rules/alert-for',
  defaultSeverity: 'hint',
  description: 'An alert without `for`: it fires on the first evaluation that returns a series, so a single blip pages someone.',
  summary: 'an alert over a short rate window without `for:`',
  documentation: [
    'Finds an alert over a rate window of 5m or less (`rate`, `irate`, `increase`, `deriv`, `delta`, `idelta`) without `for:`.',
    'Why: it fires on the first evaluation that returns a series, so one noisy evaluation pages someone. Failure alerts that must fire at once are written so on purpose: a hint, not a warning.',
    'Fix: add `for: 5m` (the quick fix), so that the condition must hold for five minutes.',
  ].join('\n\n'),
  quickFix: 'add `for: 5m`',
  liveData: 'none',
  precision: '0 of 13 (8 noise: failure alerts meant to fire at once)',
  appliesTo: ['alerting rules'],
  example: {
    language: 'yaml',
    reported: 'groups:\n  - name: api\n    rules:\n      - alert: HighErrorRate\n        expr: rate(errors_total[5m]) > 1\n',
    fixed: 'groups:\n  - name: api\n    rules:\n      - alert: HighErrorRate\n        expr: rate(errors_total[5m]) > 1\n        for: 5m\n',
  },
  ruleFile: {
    alertingRule(entry, report) {
      const analysis = entry.query.analysis;
      if (entry.hasFor || !entry.alertRange || analysis.syntaxProblems.length > 0 || !readsShortRate(analysis.expr)) return;
      const insertion = forInsertion(entry.text, entry.rule);
      report({
        code: alertFor,
        range: entry.alertRange,
        message: 'this alert over a short rate window has no `for:`, so one noisy evaluation pages someone; `for: 5m` waits until the condition holds for five minutes',
        ...(insertion ? { fixes: [{ title: 'Add for: 5m', safe: false, changes: [insertion] }] } : {}),
      });
    },
  },
};

/** Whether the expression takes a rate over a short window (≤ 5m), whose single evaluations are noisy. */
function readsShortRate(expr: Expr): boolean {
  let found = false;
  forEachPreOrder(expr, (node) => {
    if (node.kind !== 'Call' || !RATE_LIKE.has(node.name)) return;
    const arg = node.args[0];
    if (arg?.kind === 'MatrixSelector' && arg.duration.kind === 'NumberLiteral' && arg.duration.value <= 300) found = true;
  });
  return found;
}

/** A `for: 5m` line after the rule's `expr` entry (or its last entry), at the indentation of its keys. */
function forInsertion(text: string, rule: YAMLMap): TextChange | null {
  const pairs = rule.items;
  const first = pairs[0]?.key as Node | undefined;
  const exprPair = pairs.find((p) => isScalar(p.key) && p.key.value === 'expr') ?? pairs[pairs.length - 1];
  const end = (exprPair?.value as Node | undefined)?.range?.[2] ?? (exprPair?.value as Node | undefined)?.range?.[1];
  if (!first?.range || end === undefined || rule.flow) return null;
  const lineStart = text.lastIndexOf('\n', first.range[0] - 1) + 1;
  const indent = ' '.repeat(first.range[0] - lineStart);
  // Insert at the start of the line after the expression's value.
  const nextLine = text.indexOf('\n', end - 1 < 0 ? 0 : end - 1);
  const at = text[end - 1] === '\n' ? end : nextLine === -1 ? text.length : nextLine + 1;
  const prefix = at === text.length && !text.endsWith('\n') ? '\n' : '';
  const range: TextRange = { start: at, end: at };
  return { range, newText: `${prefix}${indent}for: 5m\n` };
}
