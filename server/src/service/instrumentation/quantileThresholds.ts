import type { Expr, TextRange } from '../promql/syntaxTree';
import { childrenOf, forEachPreOrder } from '../promql/syntaxTree';
import { metricNameOf } from '../lint/queryFacts';
import type { MetricDefinition } from './metricDefinition';

/*
 * Histogram buckets against the queries that read them: `histogram_quantile(q, …<family>_bucket…)`
 * compared with a number. histogram_quantile interpolates linearly inside a bucket and answers at
 * most the largest finite bound when the quantile falls in `+Inf`: a threshold between two bounds
 * compares with an estimate, and one above the largest finite bound is never exceeded. Pure: the
 * workspace pairs the rules it indexes with the definitions of its code files and places the findings.
 */

/** prometheus_client's `Histogram.DEFAULT_BUCKETS` (without `+Inf`). */
const PROMETHEUS_CLIENT_DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

const COMPARISONS: ReadonlySet<string> = new Set(['>', '<', '>=', '<=', '==', '!=']);

/** A comparison of a histogram's quantile with a constant, in one expression. */
export interface QuantileThreshold {
  /** The histogram family read (`http_request_duration_seconds` of its `_bucket`). */
  readonly family: string;
  readonly threshold: number;
  /** Where the number is written in the expression's text. */
  readonly range: TextRange;
}

/** Every `histogram_quantile(…, <family>_bucket…) <op> <number>` (either way round) of an expression. */
export function quantileThresholds(root: Expr): QuantileThreshold[] {
  const found: QuantileThreshold[] = [];
  forEachPreOrder(root, (node) => {
    if (node.kind !== 'BinaryExpr' || !COMPARISONS.has(node.op)) return;
    for (const [quantileSide, numberSide] of [[node.lhs, node.rhs], [node.rhs, node.lhs]] as const) {
      const family = quantileFamily(unwrap(quantileSide));
      const number = constantOf(numberSide);
      if (family && number) found.push({ family, threshold: number.value, range: number.range });
    }
  });
  return found;
}

function unwrap(node: Expr): Expr {
  let inner = node;
  while (inner.kind === 'ParenExpr') inner = inner.expr;
  return inner;
}

function constantOf(node: Expr): { value: number; range: TextRange } | undefined {
  const inner = unwrap(node);
  if (inner.kind === 'NumberLiteral' && !inner.isDuration) return { value: inner.value, range: inner.range };
  if (inner.kind === 'UnaryExpr') {
    const operand = constantOf(inner.expr);
    return operand ? { value: inner.op === '-' ? -operand.value : operand.value, range: inner.range } : undefined;
  }
  return undefined;
}

/** The family whose `_bucket` series a `histogram_quantile` call reads, when it reads exactly one. */
function quantileFamily(node: Expr): string | undefined {
  if (node.kind !== 'Call' || node.name !== 'histogram_quantile' || node.args.length !== 2) return undefined;
  const families = new Set<string>();
  const stack = [node.args[1]];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (next.kind === 'VectorSelector') {
      const name = metricNameOf(next);
      if (name?.endsWith('_bucket')) families.add(name.slice(0, -'_bucket'.length));
    }
    stack.push(...childrenOf(next));
  }
  return families.size === 1 ? [...families][0] : undefined;
}

/** The finite bounds a histogram definition has: those written, else its library's defaults; undefined when unknown. */
export function finiteBuckets(definition: MetricDefinition): number[] | undefined {
  if (definition.metricClass !== 'Histogram') return undefined;
  if (definition.buckets) return definition.buckets.map((b) => b.value).filter((v) => Number.isFinite(v));
  if (definition.bucketsUnresolved !== undefined) return undefined;
  return definition.library === 'prometheus_client' ? PROMETHEUS_CLIENT_DEFAULT_BUCKETS : undefined;
}

/** What is wrong with comparing a quantile of these buckets with `threshold`, or null when it is a bound. */
export function thresholdAgainstBuckets(threshold: number, buckets: readonly number[]): string | null {
  if (buckets.length === 0 || buckets.includes(threshold)) return null;
  // Loops, not `Math.max(...buckets)`: a spread of thousands of buckets overflows the stack.
  let largest = -Infinity;
  let below = 0;
  let above = Infinity;
  for (const b of buckets) {
    if (b > largest) largest = b;
    if (b < threshold && b > below) below = b;
    if (b > threshold && b < above) above = b;
  }
  if (threshold > largest) {
    return `${threshold} is above the largest finite bucket (${largest}): histogram_quantile answers at most ${largest}, so the comparison never sees more`;
  }
  return `${threshold} is not a bucket boundary: the quantile is interpolated between ${below} and ${above}, an estimate that assumes observations spread evenly in that bucket`;
}
