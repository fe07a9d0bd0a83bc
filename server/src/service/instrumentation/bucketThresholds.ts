import type { Problem } from '../diagnostic';
import type { YamlDocumentModel } from '../documents/yamlDocument';
import { mapRange } from '../documents/textRanges';
import { bucketsRange, type MetricDefinition } from './metricDefinition';
import type { TextRange } from '../promql/syntaxTree';
import type { FileIndex } from '../rules/ruleIndex';
import { bucketThreshold } from '../lint/rules/bucketThreshold';
import { finiteBuckets, quantileThresholds, thresholdAgainstBuckets } from './quantileThresholds';

/*
 * instrumentation/bucket-threshold placed in the workspace: the comparisons of histogram quantiles
 * with numbers (quantileThresholds.ts) are a fact of each rule file's rules (`quantileThresholdsOf`),
 * the buckets a fact of the code's definitions, and the workspace joins them into findings on the
 * rule's number (`thresholdProblems`) and on the code's buckets (`bucketProblems`).
 */

/** A rule's comparison of a histogram's quantile with a number: a fact of its rule file. */
export interface RuleQuantileThreshold {
  readonly uri: string;
  /** The bucket series compared (`http_request_duration_seconds_bucket`). */
  readonly bucketName: string;
  readonly threshold: number;
  /** Where the number is written, in the rule file. */
  readonly range: TextRange;
  readonly rule: { readonly kind: 'alert' | 'record'; readonly name: string; readonly line: number };
}

/** The comparisons of histogram quantiles with numbers in a rule file's rules (`lineOf`: 1-based line of an offset). */
export function quantileThresholdsOf(uri: string, model: YamlDocumentModel, file: FileIndex, lineOf: (offset: number) => number): RuleQuantileThreshold[] {
  const found: RuleQuantileThreshold[] = [];
  if (model.kind !== 'rules') return found;
  for (const query of model.queries) {
    const definition = file.definitions.find((d) => d.ruleRange.start <= query.range.start && query.range.end <= d.ruleRange.end);
    if (!definition) continue;
    for (const t of quantileThresholds(query.analysis.expr)) {
      found.push({
        uri, bucketName: `${t.family}_bucket`, threshold: t.threshold, range: mapRange(query.map, t.range),
        rule: { kind: definition.kind, name: definition.name, line: lineOf(definition.range.start) },
      });
    }
  }
  return found;
}

/** A histogram the code defines, for the comparisons: where it is, to say so. */
export interface DefinedHistogram {
  readonly uri: string;
  readonly definition: MetricDefinition;
  /** `app/metrics.py:12`, from the rule file. */
  readonly place: string;
}

/** The findings on a rule file's numbers. */
export function thresholdProblems(thresholds: readonly RuleQuantileThreshold[], histograms: (bucketName: string) => readonly DefinedHistogram[]): Problem[] {
  const problems: Problem[] = [];
  for (const t of thresholds) {
    for (const h of histograms(t.bucketName)) {
      const buckets = finiteBuckets(h.definition);
      const fault = buckets && thresholdAgainstBuckets(t.threshold, buckets);
      if (!fault) continue;
      const family = h.definition.family ?? t.bucketName.slice(0, -'_bucket'.length);
      const whose = h.definition.buckets ? `the buckets of ${family}` : `the default buckets of ${family}`;
      problems.push({ code: bucketThreshold, severity: bucketThreshold.defaultSeverity, range: t.range, message: `${fault} (${whose}, defined in ${h.place})` });
    }
  }
  return problems;
}

/**
 * The findings on a histogram's buckets in code (on its name when it has the library's defaults),
 * from the comparisons that read it (`placeOf`: `rules/alerts.yml:12` from the code file).
 */
export function bucketProblems(definition: MetricDefinition, thresholds: (bucketName: string) => readonly RuleQuantileThreshold[], placeOf: (t: RuleQuantileThreshold) => string): Problem[] {
  const buckets = finiteBuckets(definition);
  if (!buckets) return [];
  const range = bucketsRange(definition);
  const problems: Problem[] = [];
  for (const exposed of definition.exposed) {
    if (!exposed.name.endsWith('_bucket')) continue;
    for (const t of thresholds(exposed.name)) {
      const fault = thresholdAgainstBuckets(t.threshold, buckets);
      if (fault) problems.push({ code: bucketThreshold, severity: bucketThreshold.defaultSeverity, range, message: `the ${t.rule.kind === 'alert' ? 'alert' : 'recording rule'} ${t.rule.name} (${placeOf(t)}) compares the quantile with ${t.threshold}: ${fault}` });
    }
  }
  return problems;
}
