import { isScalar, type YAMLMap } from 'yaml';
import type { ObjectCheck } from '../config/schemaValidation';
import { parse } from '../promql/parser';

/*
 * What promtool test rules checks in the input of a test beyond its schema: each input series is a
 * selector in PromQL form, and its values follow the expanding notation ('0+10x100', '1 _ stale').
 */

const NUMBER = '[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?|[-+]?(?:Inf|inf|NaN|nan)';
const VALUE_TOKEN = new RegExp(`^(?:_(?:x\\d+)?|stale|(?:${NUMBER})(?:[-+](?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?)?(?:x\\d+)?)$`);

const inputSeries: ObjectCheck = (map: YAMLMap, report) => {
  const series = map.get('series', true);
  if (isScalar(series) && series.value !== null) {
    const result = parse(String(series.value));
    if (result.problems.length > 0) report.error(series, `series ${JSON.stringify(String(series.value))}: ${result.problems[0].message}`);
    else if (result.expr.kind !== 'VectorSelector' || result.expr.offset || result.expr.at) report.error(series, 'series must be a metric name with labels, such as up{job="api"}');
  }
  const values = map.get('values', true);
  if (isScalar(values) && values.value !== null) {
    const text = String(values.value);
    if (text.includes('{{')) return; // native histograms: not checked here
    for (const token of text.trim().split(/\s+/)) {
      if (token !== '' && !VALUE_TOKEN.test(token)) {
        report.error(values, `values: ${JSON.stringify(token)} is not a value of the expanding notation (such as 1, _, stale, 0+10x100)`);
        break;
      }
    }
  }
};

export const RULE_TEST_CHECKS: Readonly<Record<string, readonly ObjectCheck[]>> = { input_series: [inputSeries] };
