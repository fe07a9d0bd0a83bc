import type { MetricCatalog } from '../../catalog/metricCatalog';
import { formatDuration } from '../../promql/duration';
import type { Expr, VectorSelector } from '../../promql/syntaxTree';
import type { LintRule, QueryWalk } from '../lintRule';
import { isZero, jobOf, metricNameOf, VALUE_AGGREGATIONS } from '../queryFacts';

/*
 * promql/counter-without-rate: a raw counter aggregated or compared. Its value only says how long
 * the process has counted; `rate` or `increase` says what happens now.
 */

const COMPARISONS = new Set(['==', '!=', '>', '<', '>=', '<=']);
/** Functions after which a raw counter's value no longer matters (counting, rating, existence). */
const COUNTER_SAFE_CALLS = new Set(['rate', 'irate', 'increase', 'resets', 'changes', 'absent', 'absent_over_time', 'present_over_time', 'timestamp', 'count_over_time']);
const COUNTER_SAFE_AGGREGATIONS = new Set(['count', 'group', 'count_values']);

export const counterWithoutRate: LintRule = {
  code: 'promql/counter-without-rate',
  defaultSeverity: 'warning',
  description: 'A counter aggregated, compared or used in arithmetic without `rate` or `increase`: its raw value only says how long the process has run.',
  summary: 'a counter aggregated or compared without `rate`/`increase`',
  documentation: [
    'Finds a counter aggregated (`sum`, `avg`, `max`, …) or compared without `rate` or `increase`. Not counted: `count`, `absent` and the like, and a comparison with 0, also after an aggregation (`sum by (job) (x_total) > 0` asks whether anything was ever counted).',
    'Why: a counter\'s raw value only grows, and drops to 0 when the process restarts: its sum or its comparison with a threshold says how long the processes have run, not what happens now.',
    'A warning when the live TYPE says counter; an info when only the `_total` name does, since exporters name gauges `…_total` too (cAdvisor\'s `container_fs_inodes_total`, django-prometheus).',
    'Fix: take `rate(…[5m])` or `increase(…[1h])` first (the quick fix wraps the selector in `rate` over four scrape intervals, at least 5m).',
  ].join('\n\n'),
  quickFix: 'wrap in `rate(…[5m])`',
  liveData: 'sharpens',
  precision: '3 of 4, all at info',
  appliesTo: ['queries'],
  example: {
    language: 'promql',
    reported: 'sum by (job) (http_requests_total) > 1000\n',
    fixed: 'sum by (job) (rate(http_requests_total[5m])) > 10\n',
  },
  promql: {
    VectorSelector(node, walk) {
      const name = metricNameOf(node);
      const catalog = walk.context.catalog;
      if (!name || !isCounter(name, catalog)) return;
      const use = rawCounterUse(node, walk);
      if (!use) return;
      // Exporters name gauges `…_total` too (cAdvisor's container_fs_inodes_total, django's
      // django_migrations_applied_total): 3 of 4 by-name findings on real rules were gauges. The
      // live TYPE makes it a warning; the name alone, a note.
      const byNameOnly = catalog?.metric(name)?.type !== 'counter';
      const rangeText = formatDuration(Math.max(4 * (walk.context.scrapeInterval?.(jobOf(node)) ?? 15), 300));
      const original = walk.text.slice(node.range.start, node.range.end);
      walk.report({
        code: counterWithoutRate,
        range: node.range,
        message: byNameOnly
          ? `"${name}" is named like a counter, ${use} without rate() or increase(): if it is one, its raw value only grows, and resets when the process restarts`
          : `"${name}" is a counter, ${use} without rate() or increase(): its raw value only grows, and resets when the process restarts`,
        ...(byNameOnly ? { severity: 'info' as const } : {}),
        fixes: node.offset === null && node.at === null
          ? [{ title: `Wrap in rate(…[${rangeText}])`, safe: false, changes: [{ range: node.range, newText: `rate(${original}[${rangeText}])` }] }]
          : undefined,
      });
    },
  },
};

function isCounter(name: string, catalog: MetricCatalog | undefined): boolean {
  const type = catalog?.metric(name)?.type;
  if (type !== undefined) return type === 'counter';
  return name.endsWith('_total') && !name.includes(':');
}

/** How a raw counter is used in a way that needs a rate, or null when it is not. */
function rawCounterUse(node: VectorSelector, walk: QueryWalk): string | null {
  for (let up = walk.parentOf(node); up; up = walk.parentOf(up)) {
    if ((up.kind === 'Call' && COUNTER_SAFE_CALLS.has(up.name)) || (up.kind === 'Aggregation' && COUNTER_SAFE_AGGREGATIONS.has(up.op))) return null;
  }
  let child: Expr = node;
  let parent = walk.parentOf(node);
  while (parent?.kind === 'ParenExpr') {
    child = parent;
    parent = walk.parentOf(parent);
  }
  if (!parent) return null;
  if (parent.kind === 'Aggregation' && VALUE_AGGREGATIONS.has(parent.op) && parent.args[parent.args.length - 1] === child) {
    return comparedWithZero(parent, walk) ? null : `aggregated by ${parent.op}`;
  }
  if (parent.kind === 'BinaryExpr' && COMPARISONS.has(parent.op)) {
    const other = parent.lhs === child ? parent.rhs : parent.lhs;
    // `x_total > 0` asks whether anything was ever counted: a fair question of a raw counter.
    if (isZero(other)) return null;
    return `compared with ${parent.op}`;
  }
  return null;
}

/**
 * Whether an aggregation of raw counters is only compared with 0 (`sum by (job) (x_total) > 0`,
 * through parentheses and further sums): whether anything was ever counted, a fair question.
 */
function comparedWithZero(aggregation: Expr, walk: QueryWalk): boolean {
  let child = aggregation;
  let parent = walk.parentOf(aggregation);
  while (parent && (parent.kind === 'ParenExpr' || (parent.kind === 'Aggregation' && VALUE_AGGREGATIONS.has(parent.op)))) {
    child = parent;
    parent = walk.parentOf(parent);
  }
  if (parent?.kind !== 'BinaryExpr' || !COMPARISONS.has(parent.op)) return false;
  return isZero(parent.lhs === child ? parent.rhs : parent.lhs);
}
