import { isDropped, type LabelSet } from '../../promql/labelFlow';
import { forEachPreOrder, type Aggregation, type Call, type Expr, type TextRange, type VectorSelector } from '../../promql/syntaxTree';
import type { QuickFix } from '../../quickFix';
import type { LintRule, QueryWalk } from '../lintRule';
import { metricNameOf, numberValue } from '../queryFacts';

/*
 * promql/histogram-le: the mistakes of `histogram_quantile` over classic histograms: buckets whose
 * `le` was aggregated away, buckets not taken through a rate, a quantile outside [0, 1].
 */

export const histogramLe: LintRule = {
  code: 'promql/histogram-le',
  defaultSeverity: 'warning',
  description: '`histogram_quantile` over buckets whose `le` label was aggregated away, over buckets that are not `rate`d, or with a quantile outside [0, 1].',
  summary: '`histogram_quantile` without `le`, without `rate`, or outside [0, 1]',
  documentation: [
    'Finds `histogram_quantile` over `_bucket` series whose `le` label an aggregation drops (`sum by (job) (rate(x_bucket[5m]))`), over buckets not taken through `rate` (or another range function), and with a quantile outside [0, 1]. Native histograms have no `le` and are not checked.',
    'Why: without `le` the buckets cannot be told apart and the result is NaN or nonsense; raw buckets give the quantile of everything since the process started; a quantile above 1 gives +Inf.',
    'Fix: keep `le` in the grouping (the quick fix adds it to `by (…)`), take `rate(…[5m])` of the buckets, use a quantile such as 0.99.',
  ].join('\n\n'),
  quickFix: 'add `le` to `by (…)`',
  liveData: 'none',
  precision: '0 of 1',
  appliesTo: ['queries'],
  example: {
    language: 'promql',
    reported: 'histogram_quantile(0.99, sum by (job) (rate(http_request_duration_seconds_bucket[5m])))\n',
    fixed: 'histogram_quantile(0.99, sum by (job, le) (rate(http_request_duration_seconds_bucket[5m])))\n',
  },
  promql: {
    Call(node, walk) {
      if (node.name === 'histogram_quantile') checkQuantile(node, walk);
    },
  },
};

function checkQuantile(node: Call, walk: QueryWalk): void {
  const [quantile, input] = node.args;
  const value = numberValue(quantile);
  if (quantile && value !== undefined && (value < 0 || value > 1)) {
    walk.report({ code: histogramLe, range: quantile.range, message: `the quantile ${value} is outside [0, 1]: histogram_quantile returns ${value < 0 ? '-Inf' : '+Inf'} (0.99 is the 99th percentile)` });
  }
  if (!input) return;
  const buckets: VectorSelector[] = [];
  forEachPreOrder(input, (n) => {
    if (n.kind === 'VectorSelector' && metricNameOf(n)?.endsWith('_bucket')) buckets.push(n);
  });
  // Native histograms have no `le`: only classic `_bucket` series are checked.
  if (buckets.length === 0) return;
  const flow = walk.flow();
  const set = flow.get(input);
  if (set && isDropped(set, 'le')) {
    const dropper = aggregationDropping(input, 'le', flow);
    const fix = dropper?.grouping && dropper.grouping.keyword === 'by' && dropper.grouping.listRange ? addLabelFix(dropper.grouping.labels, dropper.grouping.listRange, 'le', walk.text) : undefined;
    walk.report({
      code: histogramLe,
      range: dropper?.grouping?.range ?? dropper?.opRange ?? input.range,
      message: 'histogram_quantile needs the "le" label of the buckets, and this aggregation drops it: keep "le" (sum by (le, …))',
      fixes: fix ? [fix] : undefined,
    });
  }
  for (const bucket of buckets) {
    if (!insideRangeFunction(bucket, input)) {
      walk.report({
        code: histogramLe,
        range: bucket.range,
        message: `"${metricNameOf(bucket)}" is a counter per bucket: take rate(…[5m]) of the buckets, or the quantile is of everything since the process started`,
      });
    }
  }
}

function addLabelFix(labels: readonly { value: string }[], listRange: TextRange, label: string, text: string): QuickFix {
  const inner = text.slice(listRange.start + 1, listRange.end - 1);
  const newText = labels.length === 0 ? `(${label})` : `(${inner.trimEnd().replace(/,$/, '')}, ${label})`;
  return { title: `Add "${label}" to the grouping`, safe: true, changes: [{ range: listRange, newText }] };
}

/** The aggregation (in `root`) whose grouping removes `label`, outermost first. */
function aggregationDropping(root: Expr, label: string, flow: ReadonlyMap<Expr, LabelSet>): Aggregation | undefined {
  let found: Aggregation | undefined;
  forEachPreOrder(root, (n) => {
    if (found || n.kind !== 'Aggregation') return;
    const set = flow.get(n);
    const inputSet = flow.get(n.args[n.args.length - 1]);
    if (set && isDropped(set, label) && !(inputSet && isDropped(inputSet, label))) found = n;
  });
  return found;
}

function insideRangeFunction(target: Expr, root: Expr): boolean {
  let inside = false;
  forEachPreOrder(root, (n) => {
    if (inside || n.kind !== 'Call') return;
    const takesRange = n.func?.parameters.some((p) => p.type === 'matrix');
    if (!takesRange) return;
    if (n.range.start <= target.range.start && target.range.end <= n.range.end) inside = true;
  });
  return inside;
}
