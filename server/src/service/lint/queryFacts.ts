import { regexMatches } from '../promql/regexSyntax';
import { forEachPreOrder, type Call, type Expr, type LabelMatcher, type VectorSelector } from '../promql/syntaxTree';

/*
 * What several lint rules ask of PromQL nodes: the metric a selector names, the job it reads, the
 * number a node holds, whether a matcher narrows anything. Kept apart from the rules so that no
 * rule imports another.
 */

/** Aggregations whose result over raw counter values means little. */
export const VALUE_AGGREGATIONS: ReadonlySet<string> = new Set(['sum', 'avg', 'min', 'max', 'stddev', 'stdvar', 'quantile']);

/** The functions that take a counter's per-second or total increase over a range. */
export const RATE_FUNCTIONS: ReadonlySet<string> = new Set(['rate', 'irate', 'increase']);

export function metricNameOf(node: VectorSelector): string | undefined {
  if (node.name) return node.name.value;
  const matcher = node.matchers.find((m) => (m.op === null || (m.op === '=' && m.name?.value === '__name__')) && m.value);
  if (matcher?.op === null) return matcher.name?.value;
  return matcher?.value?.value;
}

/** The selector of a call's first argument when it is a range (`rate(x[5m])`: x), and the metric it names. */
export function rangeSelectorOf(call: Call): { readonly selector: VectorSelector; readonly name: string | undefined } | null {
  const arg = call.args[0];
  const selector = arg?.kind === 'MatrixSelector' ? unwrap(arg.selector) : null;
  return selector?.kind === 'VectorSelector' ? { selector, name: metricNameOf(selector) } : null;
}

/** The job a selector reads, when it says (`job="api"`). */
export function jobOf(node: VectorSelector): string | undefined {
  return node.matchers.find((m) => m.op === '=' && m.name?.value === 'job')?.value?.value;
}

/** The metric an aggregation or operand reads, when it reads exactly one. */
export function metricOfInput(node: Expr | undefined): string | undefined {
  if (!node) return undefined;
  const names = new Set<string>();
  forEachPreOrder(node, (n) => {
    if (n.kind === 'VectorSelector') {
      const name = metricNameOf(n);
      if (name) names.add(name);
    }
  });
  return names.size === 1 ? [...names][0] : undefined;
}

/** The node inside its parentheses. */
export function unwrap(node: Expr): Expr {
  let current = node;
  while (current.kind === 'ParenExpr') current = current.expr;
  return current;
}

/** The number a node holds (`0.99`, `-1`, `(2)`), when it is a literal. */
export function numberValue(node: Expr | undefined): number | undefined {
  if (!node) return undefined;
  const inner = unwrap(node);
  if (inner.kind === 'NumberLiteral' && !inner.isDuration) return inner.value;
  if (inner.kind === 'UnaryExpr') {
    const v = numberValue(inner.expr);
    return v === undefined ? undefined : inner.op === '-' ? -v : v;
  }
  return undefined;
}

export function isZero(node: Expr): boolean {
  const inner = unwrap(node);
  return inner.kind === 'NumberLiteral' && inner.value === 0;
}

/** Whether the matcher is `=~".*"` (or `^.*$`, `(.*)`): it matches every series, even those without the label. */
export function matchesEverything(matcher: LabelMatcher): boolean {
  // Asked of every regex matcher by several rules: the length rules out almost all before the regex runs.
  return matcher.op === '=~' && matcher.value !== null && matcher.value.value.length <= 4 && /^(\^?\.\*\$?|\(\.\*\))$/.test(matcher.value.value);
}

/** Whether the regex of a matcher has no regex syntax at all (`=~"api"`). */
export function isPlainRegex(matcher: LabelMatcher): boolean {
  return matcher.value !== null && !/[.^$*+?()[\]{}|\\]/.test(matcher.value.value);
}

/** Whether `value` satisfies the matcher (RE2, linear time), or undefined when the regex is invalid. */
export function matchesRegex(pattern: string, value: string, positive: boolean): boolean | undefined {
  const matched = regexMatches(pattern, value);
  return matched === undefined ? undefined : matched === positive;
}
