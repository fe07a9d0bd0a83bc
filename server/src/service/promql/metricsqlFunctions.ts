/*
 * The functions of MetricsQL, VictoriaMetrics' query language, that PromQL does not have. vmalert
 * runs rule files whose expressions call them; Prometheus rejects them as unknown functions. In a
 * rule file read in the vmalert dialect a call of one is a warning that names the dialect, not a
 * syntax error (see ruleDialectProblems in the language service).
 *
 * Source: the MetricsQL reference, https://docs.victoriametrics.com/victoriametrics/metricsql/
 * (rollup, transform, label-manipulation and aggregate functions), as of VictoriaMetrics v1.110.
 * Names PromQL also has (rate, sum_over_time, label_replace, …) are left out: the function table
 * (functions.ts) knows them.
 */

const ROLLUP = [
  'aggr_over_time', 'ascent_over_time', 'changes_prometheus', 'count_eq_over_time', 'count_gt_over_time',
  'count_le_over_time', 'count_ne_over_time', 'count_values_over_time', 'decreases_over_time', 'default_rollup',
  'delta_prometheus', 'deriv_fast', 'descent_over_time', 'distinct_over_time', 'duration_over_time',
  'geomean_over_time', 'histogram_over_time', 'hoeffding_bound_lower', 'hoeffding_bound_upper', 'holt_winters',
  'ideriv', 'increase_prometheus', 'increase_pure', 'increases_over_time', 'integrate', 'lag', 'lifetime',
  'median_over_time', 'mode_over_time', 'outlier_iqr_over_time', 'quantiles_over_time', 'range_over_time',
  'rate_over_sum', 'rollup', 'rollup_candlestick', 'rollup_delta', 'rollup_deriv', 'rollup_increase', 'rollup_rate',
  'rollup_scrape_interval', 'scrape_interval', 'share_eq_over_time', 'share_gt_over_time', 'share_le_over_time',
  'stale_samples_over_time', 'sum_eq_over_time', 'sum_gt_over_time', 'sum_le_over_time', 'sum2_over_time',
  'tfirst_over_time', 'timestamp_with_name', 'tlast_change_over_time', 'tlast_over_time', 'tmax_over_time',
  'tmin_over_time', 'zscore_over_time',
];

const TRANSFORM = [
  'bitmap_and', 'bitmap_or', 'bitmap_xor', 'buckets_limit', 'drop_empty_series', 'histogram_share', 'interpolate',
  'keep_last_value', 'keep_next_value', 'now', 'prometheus_buckets', 'rand', 'rand_exponential', 'rand_normal',
  'range_avg', 'range_first', 'range_last', 'range_linear_regression', 'range_mad', 'range_max', 'range_median',
  'range_min', 'range_normalize', 'range_quantile', 'range_stddev', 'range_stdvar', 'range_sum',
  'range_trim_outliers', 'range_trim_spikes', 'range_trim_zscore', 'range_zscore', 'remove_resets', 'ru',
  'running_avg', 'running_max', 'running_min', 'running_sum', 'smooth_exponential', 'sort_by_label_numeric',
  'sort_by_label_numeric_desc', 'timezone_offset', 'ttf', 'union',
];

const LABEL_MANIPULATION = [
  'alias', 'drop_common_labels', 'label_copy', 'label_del', 'label_graphite_group', 'label_keep', 'label_lowercase',
  'label_map', 'label_match', 'label_mismatch', 'label_move', 'label_set', 'label_transform', 'label_uppercase',
  'label_value', 'labels_equal',
];

/** Aggregate functions PromQL lacks; called as functions here (`median(x)`: `median by (job) (x)` stays a syntax error). */
const AGGREGATE = [
  'any', 'bottomk_avg', 'bottomk_last', 'bottomk_max', 'bottomk_median', 'bottomk_min', 'distinct', 'geomean',
  'histogram', 'mad', 'median', 'mode', 'outliers_iqr', 'outliers_mad', 'outliersk', 'quantiles', 'share', 'sum2',
  'topk_avg', 'topk_last', 'topk_max', 'topk_median', 'topk_min', 'zscore',
];

export const METRICSQL_FUNCTIONS: ReadonlySet<string> = new Set([...ROLLUP, ...TRANSFORM, ...LABEL_MANIPULATION, ...AGGREGATE]);
