/*
 * When each PromQL construct became available in Prometheus, and which feature flag it needs: so
 * that the server can say "needs Prometheus 2.49.0 or later with --enable-feature=…" about a query
 * sent to an older server. Facts from Prometheus' CHANGELOG and the history of
 * promql/parser/functions.go (Go module tags v0.X.0 are Prometheus 2.X.0, v0.30X.0 are 3.X.0).
 */

export interface Availability {
  /** First release that parses it. */
  readonly since: string;
  /** The --enable-feature value it needs. */
  readonly flag?: string;
  /** First release where it no longer needs the flag. */
  readonly defaultSince?: string;
}

const EXPERIMENTAL = 'promql-experimental-functions';
const base: Availability = { since: '2.0.0' };
const at = (since: string, flag?: string, defaultSince?: string): Availability => ({ since, flag, defaultSince });

/** Functions; those not listed have been in Prometheus since before 2.0. */
const FUNCTIONS: [string, Availability][] = [
  // 2.16: absent_over_time. 2.26: last_over_time, sgn, clamp. 2.29: present_over_time.
  ['absent_over_time', at('2.16.0')], ['last_over_time', at('2.26.0')], ['sgn', at('2.26.0')], ['clamp', at('2.26.0')],
  ['present_over_time', at('2.29.0')],
  // 2.31: trigonometric functions, deg, rad, pi.
  ...['acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh', 'cos', 'cosh', 'sin', 'sinh', 'tan', 'tanh', 'deg', 'rad', 'pi'].map((f): [string, Availability] => [f, at('2.31.0')]),
  // 2.36: day_of_year. 2.40: native-histogram functions. 2.47: histogram_stddev/stdvar. 2.51: histogram_avg.
  ['day_of_year', at('2.36.0')],
  ['histogram_count', at('2.40.0')], ['histogram_sum', at('2.40.0')], ['histogram_fraction', at('2.40.0')],
  ['histogram_stddev', at('2.47.0')], ['histogram_stdvar', at('2.47.0')], ['histogram_avg', at('2.51.0')],
  // 2.49: the experimental-functions flag, with sort_by_label(_desc) and mad_over_time.
  ['sort_by_label', at('2.49.0', EXPERIMENTAL)], ['sort_by_label_desc', at('2.49.0', EXPERIMENTAL)], ['mad_over_time', at('2.49.0', EXPERIMENTAL)],
  // 2.55: info(). 3.0: holt_winters renamed double_exponential_smoothing, behind the flag.
  ['info', at('2.55.0', EXPERIMENTAL)], ['double_exponential_smoothing', at('3.0.0', EXPERIMENTAL)],
  // 3.5: ts_of_max/min/last_over_time. 3.7: first_over_time and ts_of_first_over_time (first_over_time stable in 3.14).
  ['ts_of_max_over_time', at('3.5.0', EXPERIMENTAL)], ['ts_of_min_over_time', at('3.5.0', EXPERIMENTAL)], ['ts_of_last_over_time', at('3.5.0', EXPERIMENTAL)],
  ['first_over_time', at('3.7.0', EXPERIMENTAL, '3.14.0')], ['ts_of_first_over_time', at('3.7.0', EXPERIMENTAL)],
  // 3.11: histogram_quantiles. 3.12: start(), end(), range(), step(). 3.13: min_of, max_of. 3.14: start_timestamp.
  ['histogram_quantiles', at('3.11.0', EXPERIMENTAL)],
  ['start', at('3.12.0', EXPERIMENTAL)], ['end', at('3.12.0', EXPERIMENTAL)], ['range', at('3.12.0', EXPERIMENTAL)], ['step', at('3.12.0', EXPERIMENTAL)],
  ['min_of', at('3.13.0', EXPERIMENTAL)], ['max_of', at('3.13.0', EXPERIMENTAL)],
  ['start_timestamp', at('3.14.0', EXPERIMENTAL)],
];

export const FUNCTION_AVAILABILITY: ReadonlyMap<string, Availability> = new Map(FUNCTIONS);

/** `group` came in 2.20; `limitk` and `limit_ratio` in 2.54, behind the experimental-functions flag. */
export const AGGREGATION_AVAILABILITY: ReadonlyMap<string, Availability> = new Map([
  ['sum', base], ['avg', base], ['count', base], ['min', base], ['max', base], ['stddev', base], ['stdvar', base],
  ['topk', base], ['bottomk', base], ['count_values', base], ['quantile', base],
  ['group', at('2.20.0')],
  ['limitk', at('2.54.0', EXPERIMENTAL)], ['limit_ratio', at('2.54.0', EXPERIMENTAL)],
]);

export type SyntaxFeature = 'subquery' | 'at-modifier' | 'negative-offset' | 'duration-expressions' | 'extended-range-selectors' | 'binop-fill-modifiers' | 'trim-operators' | 'utf8-names';

export const SYNTAX_AVAILABILITY: ReadonlyMap<SyntaxFeature, Availability> = new Map<SyntaxFeature, Availability>([
  ['subquery', at('2.7.0')],
  // 2.25 behind flags, stable in 2.33 (the flags were removed in 3.0).
  ['at-modifier', at('2.25.0', 'promql-at-modifier', '2.33.0')],
  ['negative-offset', at('2.26.0', 'promql-negative-offset', '2.33.0')],
  // 3.6 behind promql-duration-expr; on by default in 3.14.
  ['duration-expressions', at('3.6.0', 'promql-duration-expr', '3.14.0')],
  ['extended-range-selectors', at('3.7.0', 'promql-extended-range-selectors')],
  ['binop-fill-modifiers', at('3.13.0', 'promql-binop-fill-modifiers')],
  ['trim-operators', at('3.11.0')],
  // 2.55 behind utf8-names; default in 3.0.
  ['utf8-names', at('2.55.0', 'utf8-names', '3.0.0')],
]);

/** Where Prometheus 3.x's /api/v1/features reports each syntax feature. */
export const SYNTAX_FEATURE_KEYS: ReadonlyMap<SyntaxFeature, { readonly category: string; readonly names: readonly string[] }> = new Map([
  ['at-modifier', { category: 'promql', names: ['at_modifier'] }],
  ['negative-offset', { category: 'promql', names: ['negative_offset'] }],
  ['subquery', { category: 'promql', names: ['subqueries'] }],
  ['duration-expressions', { category: 'promql', names: ['duration_expr'] }],
  ['extended-range-selectors', { category: 'promql', names: ['anchored', 'smoothed'] }],
  ['binop-fill-modifiers', { category: 'promql', names: ['fill', 'fill_left', 'fill_right'] }],
]);

/** Compares `2.42.0`-style versions (a leading v and pre-release or build suffixes ignored). */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string): number[] => v.replace(/^v/, '').split(/[-+]/)[0].split('.').map((n) => Number.parseInt(n, 10) || 0);
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}
