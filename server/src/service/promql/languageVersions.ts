/*
 * Which Prometheus release first understands each PromQL function, aggregation operator and piece
 * of syntax, and which `--enable-feature` value it needs, so that the server can say "needs
 * Prometheus 2.49.0 or later with --enable-feature=promql-experimental-functions" about a query
 * aimed at an older server.
 *
 * Sources: Prometheus' CHANGELOG.md (the "## X.Y.Z" section named in each comment below), checked
 * against the release tags: the `Functions` table in promql/parser/functions.go (promql/functions.go
 * before 2.20), the keyword table in promql/parser/lex.go and the `--enable-feature` switch in
 * cmd/prometheus/main.go at each vX.Y.0 tag. Where the CHANGELOG is silent the comment names the
 * commit instead.
 */

/** When a PromQL construct became available in Prometheus, and what flag it needs. Facts from Prometheus' CHANGELOG (cite the version lines in a comment per entry group). */
export interface Availability {
  /** First release that parses it, "major.minor.patch". */
  readonly since: string;
  /** The --enable-feature value it needs, when it is behind a flag. */
  readonly flag?: string;
  /** First release where the flag is no longer needed (on by default), when that happened. */
  readonly defaultSince?: string;
}

/** The flag that gates every function whose `Experimental` field is set in functions.go (first in 2.49.0). */
const EXPERIMENTAL_FUNCTIONS = 'promql-experimental-functions';
/** Gates arithmetic and the step()/range()/min_of()/max_of() helpers inside durations (3.4.0 to 3.13.x). */
const DURATION_EXPR = 'promql-duration-expr';

function since(version: string, flag?: string, defaultSince?: string): Availability {
  if (flag === undefined) return { since: version };
  return defaultSince === undefined ? { since: version, flag } : { since: version, flag, defaultSince };
}

const PRE_2_0 = since('2.0.0');

// ---------------------------------------------------------------------------------------------
// Functions

/** Functions already in the v2.0.0 table (several date back to 0.x); `holt_winters` is in REMOVED_FUNCTIONS. */
const FUNCTIONS_BEFORE_2_0 = [
  'abs', 'absent', 'avg_over_time', 'ceil', 'changes', 'clamp_max', 'clamp_min', 'count_over_time',
  'day_of_month', 'day_of_week', 'days_in_month', 'delta', 'deriv', 'exp', 'floor', 'histogram_quantile',
  'hour', 'idelta', 'increase', 'irate', 'label_join', 'label_replace', 'ln', 'log10', 'log2',
  'max_over_time', 'min_over_time', 'minute', 'month', 'predict_linear', 'quantile_over_time', 'rate',
  'resets', 'round', 'scalar', 'sort', 'sort_desc', 'sqrt', 'stddev_over_time', 'stdvar_over_time',
  'sum_over_time', 'time', 'timestamp', 'vector', 'year',
] as const;

const FUNCTIONS_ADDED: readonly (readonly [string, Availability])[] = [
  // 2.16.0: "add absent_over_time query function".
  ['absent_over_time', since('2.16.0')],

  // 2.26.0: last_over_time, sgn and clamp added together.
  ['last_over_time', since('2.26.0')],
  ['sgn', since('2.26.0')],
  ['clamp', since('2.26.0')],

  // 2.29.0: present_over_time.
  ['present_over_time', since('2.29.0')],

  // 2.31.0: the trigonometric functions (with deg, rad and pi; the atan2 binary operator came with them).
  ...(['acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh', 'cos', 'cosh', 'sin', 'sinh', 'tan', 'tanh', 'deg', 'rad', 'pi'] as const)
    .map((name): [string, Availability] => [name, since('2.31.0')]),

  // 2.36.0: day_of_year (not in the CHANGELOG; commit e22b54e "Adds day_of_year function to PromQL",
  // first tagged in v2.36.0).
  ['day_of_year', since('2.36.0')],

  // 2.40.0: the first native-histogram functions. They parse without a flag; before 3.8 only the
  // `native-histograms` feature flag made native histograms exist to apply them to.
  ['histogram_count', since('2.40.0')],
  ['histogram_sum', since('2.40.0')],
  ['histogram_fraction', since('2.40.0')],
  // 2.47.0: histogram_stddev and histogram_stdvar.
  ['histogram_stddev', since('2.47.0')],
  ['histogram_stdvar', since('2.47.0')],
  // 2.51.0: histogram_avg.
  ['histogram_avg', since('2.51.0')],

  // 2.49.0: the promql-experimental-functions flag arrives, with mad_over_time and
  // sort_by_label / sort_by_label_desc behind it. All three are still experimental at 3.14.
  ['mad_over_time', since('2.49.0', EXPERIMENTAL_FUNCTIONS)],
  ['sort_by_label', since('2.49.0', EXPERIMENTAL_FUNCTIONS)],
  ['sort_by_label_desc', since('2.49.0', EXPERIMENTAL_FUNCTIONS)],

  // 2.55.0: experimental info().
  ['info', since('2.55.0', EXPERIMENTAL_FUNCTIONS)],

  // 3.0.0: holt_winters is renamed double_exponential_smoothing and put behind the flag.
  ['double_exponential_smoothing', since('3.0.0', EXPERIMENTAL_FUNCTIONS)],

  // 3.5.0: ts_of_min/max/last_over_time, experimental. (The CHANGELOG spells the flag
  // "experimental-promql-functions"; the value main.go accepts is promql-experimental-functions.)
  ['ts_of_min_over_time', since('3.5.0', EXPERIMENTAL_FUNCTIONS)],
  ['ts_of_max_over_time', since('3.5.0', EXPERIMENTAL_FUNCTIONS)],
  ['ts_of_last_over_time', since('3.5.0', EXPERIMENTAL_FUNCTIONS)],

  // 3.7.0: first_over_time and ts_of_first_over_time, experimental.
  // 3.14.0: first_over_time promoted to stable (ts_of_first_over_time stays experimental).
  ['first_over_time', since('3.7.0', EXPERIMENTAL_FUNCTIONS, '3.14.0')],
  ['ts_of_first_over_time', since('3.7.0', EXPERIMENTAL_FUNCTIONS)],

  // 3.11.0: experimental, variadic histogram_quantiles.
  ['histogram_quantiles', since('3.11.0', EXPERIMENTAL_FUNCTIONS)],

  // 3.12.0: experimental start(), end(), range() and step() as functions returning scalars. (Not
  // the same as `@ start()` / `@ end()` or step()/range() inside durations: see SYNTAX_AVAILABILITY.)
  ['start', since('3.12.0', EXPERIMENTAL_FUNCTIONS)],
  ['end', since('3.12.0', EXPERIMENTAL_FUNCTIONS)],
  ['range', since('3.12.0', EXPERIMENTAL_FUNCTIONS)],
  ['step', since('3.12.0', EXPERIMENTAL_FUNCTIONS)],

  // 3.13.0: experimental scalar min_of(a, b) and max_of(a, b).
  ['min_of', since('3.13.0', EXPERIMENTAL_FUNCTIONS)],
  ['max_of', since('3.13.0', EXPERIMENTAL_FUNCTIONS)],

  // 3.14.0: experimental start_timestamp(). It parses with promql-experimental-functions alone but
  // returns nothing unless the server also runs with --enable-feature=use-start-timestamps.
  ['start_timestamp', since('3.14.0', EXPERIMENTAL_FUNCTIONS)],
];

/** Every function Prometheus knows today (the 90 of functions.ts, which match promql/parser/functions.go at v3.14.0). */
export const FUNCTION_AVAILABILITY: ReadonlyMap<string, Availability> = new Map<string, Availability>([
  ...FUNCTIONS_BEFORE_2_0.map((name): [string, Availability] => [name, PRE_2_0]),
  ...FUNCTIONS_ADDED,
]);

/** A function that Prometheus used to have. */
export interface Removal {
  /** First release that had it ("2.0.0" for anything already in 2.0). */
  readonly since: string;
  /** First release that no longer parses it. */
  readonly removedIn: string;
  /** What to write instead, when there is a direct successor. */
  readonly replacement?: string;
  /** The --enable-feature value the replacement needs. */
  readonly replacementFlag?: string;
}

/**
 * Functions dropped from PromQL. 3.0.0: holt_winters (present since 0.18.0) became
 * double_exponential_smoothing, which needs promql-experimental-functions. No other name has left
 * the functions table between v2.0.0 and v3.14.0.
 */
export const REMOVED_FUNCTIONS: ReadonlyMap<string, Removal> = new Map<string, Removal>([
  ['holt_winters', { since: '2.0.0', removedIn: '3.0.0', replacement: 'double_exponential_smoothing', replacementFlag: EXPERIMENTAL_FUNCTIONS }],
]);

// ---------------------------------------------------------------------------------------------
// Aggregation operators

export const AGGREGATION_AVAILABILITY: ReadonlyMap<string, Availability> = new Map<string, Availability>([
  ...(['sum', 'avg', 'count', 'min', 'max', 'stddev', 'stdvar', 'topk', 'bottomk', 'count_values', 'quantile'] as const)
    .map((name): [string, Availability] => [name, PRE_2_0]),
  // 2.20.0: "Added group() aggregator".
  ['group', since('2.20.0')],
  // 2.54.0: limitk() and limit_ratio(); the parser refuses them without promql-experimental-functions.
  ['limitk', since('2.54.0', EXPERIMENTAL_FUNCTIONS)],
  ['limit_ratio', since('2.54.0', EXPERIMENTAL_FUNCTIONS)],
]);

// ---------------------------------------------------------------------------------------------
// Syntax

export type SyntaxFeature =
  | 'at-modifier'
  | 'negative-offset'
  | 'subquery'
  | 'at-start-end'
  | 'duration-expressions'
  | 'step-range-durations'
  | 'min-max-of-durations'
  | 'extended-range-selectors'
  | 'binop-fill-modifiers'
  | 'trim-operators'
  | 'utf8-names';

export const SYNTAX_AVAILABILITY: ReadonlyMap<SyntaxFeature, Availability> = new Map<SyntaxFeature, Availability>([
  // 2.7.0: "Add subqueries to PromQL" (`expr[range:step]`).
  ['subquery', since('2.7.0')],

  // 2.25.0: `@ <timestamp>` behind promql-at-modifier; the same release's lexer already has the
  // `@ start()` / `@ end()` preprocessors. 2.26.0: negative offsets behind promql-negative-offset.
  // 2.33.0: both promoted to stable, the flags turned into no-ops (and were dropped in 3.0.0).
  ['at-modifier', since('2.25.0', 'promql-at-modifier', '2.33.0')],
  ['at-start-end', since('2.25.0', 'promql-at-modifier', '2.33.0')],
  ['negative-offset', since('2.26.0', 'promql-negative-offset', '2.33.0')],

  // 3.4.0: arithmetic in durations (`foo[5m * 2]`, `offset (1h + 5m)`) behind promql-duration-expr.
  // 3.14.0: on by default, the flag a no-op.
  ['duration-expressions', since('3.4.0', DURATION_EXPR, '3.14.0')],
  // 3.6.0: step() inside durations, same flag. range() inside durations followed in 3.10.0 (commit
  // d0b122a "duration expression: add range()", not in the CHANGELOG); one entry cannot say both, so
  // it carries step()'s version; DURATION_FUNCTION_AVAILABILITY has the per-name split.
  ['step-range-durations', since('3.6.0', DURATION_EXPR, '3.14.0')],
  // 3.6.0 added min(a, b) / max(a, b) inside durations; 3.13.0 renamed them min_of / max_of, so the
  // spelling this id stands for needs 3.13.0. Same flag, default from 3.14.0.
  ['min-max-of-durations', since('3.13.0', DURATION_EXPR, '3.14.0')],

  // 3.7.0: the `anchored` and `smoothed` range-selector modifiers behind
  // promql-extended-range-selectors (still experimental at 3.14).
  ['extended-range-selectors', since('3.7.0', 'promql-extended-range-selectors')],

  // 3.10.0: `fill(v)`, `fill_left(v)`, `fill_right(v)` binary-operator modifiers behind
  // promql-binop-fill-modifiers (still experimental at 3.14).
  ['binop-fill-modifiers', since('3.10.0', 'promql-binop-fill-modifiers')],

  // 3.11.0: the `</` and `>/` native-histogram trimming operators, no flag.
  ['trim-operators', since('3.11.0')],

  // 2.55.0: UTF-8 metric and label names behind utf8-names; 3.0.0: on by default, flag removed.
  // The quoted-name grammar itself (`{"my.metric", "a.b"="c"}`) parses in selectors from 2.51.0,
  // but quoted names in `by (…)` / `without (…)` arrived with 2.55.0, and only the flag lets names
  // outside the legacy character set be ingested at all.
  ['utf8-names', since('2.55.0', 'utf8-names', '3.0.0')],
]);

/** When each duration helper became valid inside `[…]`, a subquery step or `offset` (all behind promql-duration-expr until 3.14.0). */
export const DURATION_FUNCTION_AVAILABILITY: ReadonlyMap<string, Availability> = new Map<string, Availability>([
  // 3.6.0: step(), together with min(a, b) / max(a, b), which 3.13.0 renamed min_of / max_of.
  ['step', since('3.6.0', DURATION_EXPR, '3.14.0')],
  // 3.10.0: range() (commit d0b122a).
  ['range', since('3.10.0', DURATION_EXPR, '3.14.0')],
  // 3.13.0: the min_of / max_of spelling.
  ['min_of', since('3.13.0', DURATION_EXPR, '3.14.0')],
  ['max_of', since('3.13.0', DURATION_EXPR, '3.14.0')],
]);

/**
 * The names Prometheus 3.x's /api/v1/features reports them under: category 'promql' with keyword names (anchored, smoothed, fill, fill_left, fill_right, duration_expr, at_modifier, negative_offset), 'promql_functions', 'promql_operators'.
 *
 * The endpoint exists from 3.9.0. `@ start()` / `@ end()` are preprocessors, which it does not list,
 * so they go by at_modifier; the duration helpers are likewise covered only by duration_expr (a
 * server that reports duration_expr may still predate range() or min_of/max_of in durations). The
 * trimming operators are listed among the operators under their symbols. UTF-8 names are not
 * reported (every 3.x server has them), so that feature has no entry.
 */
export const SYNTAX_FEATURE_KEYS: ReadonlyMap<SyntaxFeature, { category: string; names: readonly string[] }> =
  new Map<SyntaxFeature, { category: string; names: readonly string[] }>([
    ['at-modifier', { category: 'promql', names: ['at_modifier'] }],
    ['at-start-end', { category: 'promql', names: ['at_modifier'] }],
    ['negative-offset', { category: 'promql', names: ['negative_offset'] }],
    ['subquery', { category: 'promql', names: ['subqueries'] }],
    ['duration-expressions', { category: 'promql', names: ['duration_expr'] }],
    ['step-range-durations', { category: 'promql', names: ['duration_expr'] }],
    ['min-max-of-durations', { category: 'promql', names: ['duration_expr'] }],
    ['extended-range-selectors', { category: 'promql', names: ['anchored', 'smoothed'] }],
    ['binop-fill-modifiers', { category: 'promql', names: ['fill', 'fill_left', 'fill_right'] }],
    ['trim-operators', { category: 'promql_operators', names: ['</', '>/'] }],
  ]);

// ---------------------------------------------------------------------------------------------
// Versions

function versionParts(version: string): [number, number, number] {
  // "v2.42.0-rc.1+stringlabels" -> "2.42.0"
  const core = version.trim().replace(/^v/i, '').split(/[-+\s]/, 1)[0] ?? '';
  const nums = core.split('.').map((part) => {
    const n = Number.parseInt(part, 10);
    return Number.isFinite(n) && n >= 0 ? n : 0;
  });
  return [nums[0] ?? 0, nums[1] ?? 0, nums[2] ?? 0];
}

/** Compares "2.42.0"-style versions (ignores pre-release suffixes and a leading v): negative, zero, positive. */
export function compareVersions(a: string, b: string): number {
  const x = versionParts(a);
  const y = versionParts(b);
  for (let i = 0; i < 3; i++) {
    const d = x[i] - y[i];
    if (d !== 0) return d;
  }
  return 0;
}
