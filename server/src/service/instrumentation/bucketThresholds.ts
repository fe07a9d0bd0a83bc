import type { Problem } from '../diagnostic';
import type { YamlDocumentModel } from '../documents/yamlDocument';
import { mapRange } from '../documents/textRanges';
import type { MetricDefinition } from './metricDefinition';
import { forEachPreOrder, type Call, type Expr, type TextRange } from '../promql/syntaxTree';
import type { FileIndex } from '../rules/ruleIndex';
import { bucketThreshold } from '../lint/rules/bucketThreshold';
import { metricOfInput, numberValue, unwrap } from '../lint/queryFacts';

/*
 * instrumentation/bucket-threshold, which needs a rule file and the code together: the comparisons
 * of histogram quantiles with numbers are a fact of each rule file (`quantileThresholdsOf`), the
 * buckets a fact of the code's definitions, and the workspace joins them into findings on the
 * rule's number (`thresholdProblems`) and on the code's buckets (`bucketProblems`).
 */

/** A rule's comparison of a histogram's quantile with a number: a fact of its rule file. */
export interface QuantileThreshold {
  readonly uri: string;
  /** The bucket series compared (`http_request_duration_seconds_bucket`). */
  readonly bucketName: string;
  readonly threshold: number;
  /** Where the number is written, in the rule file. */
  readonly range: TextRange;
  readonly rule: { readonly kind: 'alert' | 'record'; readonly name: string; readonly line: number };
}

const COMPARISONS = new Set(['>', '<', '>=', '<=']);
/** Aggregations over quantiles that keep their values (the worst one of the instances). */
const KEEPING_AGGREGATIONS = new Set(['max', 'min', 'avg']);

/** The comparisons of histogram quantiles with numbers in a rule file's rules (`lineOf`: 1-based line of an offset). */
export function quantileThresholdsOf(uri: string, model: YamlDocumentModel, file: FileIndex, lineOf: (offset: number) => number): QuantileThreshold[] {
  const found: QuantileThreshold[] = [];
  if (model.kind !== 'rules') return found;
  for (const query of model.queries) {
    const definition = file.definitions.find((d) => d.ruleRange.start <= query.range.start && query.range.end <= d.ruleRange.end);
    if (!definition) continue;
    forEachPreOrder(query.analysis.expr, (node) => {
      if (node.kind !== 'BinaryExpr' || !COMPARISONS.has(node.op)) return;
      for (const [side, other] of [[node.lhs, node.rhs], [node.rhs, node.lhs]] as const) {
        const bucketName = quantileBucketsOf(side);
        const threshold = numberValue(other);
        if (bucketName === undefined || threshold === undefined) continue;
        found.push({
          uri, bucketName, threshold, range: mapRange(query.map, other.range),
          rule: { kind: definition.kind, name: definition.name, line: lineOf(definition.range.start) },
        });
      }
    });
  }
  return found;
}

/** The `_bucket` series whose quantile a side of a comparison is (`histogram_quantile(…)`, in parentheses or `max(…)`). */
function quantileBucketsOf(side: Expr): string | undefined {
  let node = unwrap(side);
  while (node.kind === 'Aggregation' && KEEPING_AGGREGATIONS.has(node.op) && node.args.length === 1) node = unwrap(node.args[0]);
  if (node.kind !== 'Call' || node.name !== 'histogram_quantile') return undefined;
  const name = metricOfInput((node as Call).args[1]);
  return name?.endsWith('_bucket') ? name : undefined;
}

/** A histogram's explicit finite buckets, sorted; undefined when the code gives none (the library's defaults). */
function finiteBuckets(definition: MetricDefinition): number[] | undefined {
  if (definition.metricClass !== 'Histogram' || !definition.buckets || definition.buckets.length === 0) return undefined;
  const values = definition.buckets.map((b) => b.value).filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  return values.length > 0 ? values : undefined;
}

/** Why a threshold reads an estimate of these buckets, or null when it is a bucket boundary at or below the largest. */
function thresholdFault(threshold: number, buckets: readonly number[], family: string): string | null {
  const largest = buckets[buckets.length - 1];
  if (threshold > largest) return `${threshold} is above the largest finite bucket of ${family} (${largest}): histogram_quantile is clamped to ${largest} there, so the quantile never exceeds it`;
  if (buckets.some((b) => Math.abs(b - threshold) <= 1e-9 * Math.max(1, Math.abs(threshold)))) return null;
  const below = buckets.filter((b) => b < threshold).pop();
  const above = buckets.find((b) => b > threshold)!;
  return `${threshold} is not a bucket boundary of ${family} (it lies between ${below ?? 0} and ${above}): histogram_quantile interpolates inside a bucket, so the comparison reads an estimate`;
}

/** A histogram the code defines, for the comparisons: where it is, to say so. */
export interface DefinedHistogram {
  readonly uri: string;
  readonly definition: MetricDefinition;
  /** `app/metrics.py:12`, from the rule file. */
  readonly place: string;
}

/** The findings on a rule file's numbers. */
export function thresholdProblems(thresholds: readonly QuantileThreshold[], histograms: (bucketName: string) => readonly DefinedHistogram[]): Problem[] {
  const problems: Problem[] = [];
  for (const t of thresholds) {
    for (const h of histograms(t.bucketName)) {
      const buckets = finiteBuckets(h.definition);
      const fault = buckets && thresholdFault(t.threshold, buckets, h.definition.family ?? t.bucketName.slice(0, -'_bucket'.length));
      if (fault) problems.push({ code: bucketThreshold, severity: bucketThreshold.defaultSeverity, range: t.range, message: `${fault} (buckets defined in ${h.place})` });
    }
  }
  return problems;
}

/** The findings on a histogram's buckets in code, from the comparisons that read it (`placeOf`: `rules/alerts.yml:12` from the code file). */
export function bucketProblems(definition: MetricDefinition, thresholds: (bucketName: string) => readonly QuantileThreshold[], placeOf: (t: QuantileThreshold) => string): Problem[] {
  const buckets = finiteBuckets(definition);
  if (!buckets || !definition.buckets) return [];
  const range = { start: Math.min(...definition.buckets.map((b) => b.range.start)), end: Math.max(...definition.buckets.map((b) => b.range.end)) };
  const problems: Problem[] = [];
  for (const exposed of definition.exposed) {
    if (!exposed.name.endsWith('_bucket')) continue;
    for (const t of thresholds(exposed.name)) {
      const fault = thresholdFault(t.threshold, buckets, exposed.family);
      if (fault) problems.push({ code: bucketThreshold, severity: bucketThreshold.defaultSeverity, range, message: `the ${t.rule.kind === 'alert' ? 'alert' : 'recording rule'} ${t.rule.name} (${placeOf(t)}) compares the quantile with ${t.threshold}: ${fault}` });
    }
  }
  return problems;
}
