import type { Problem } from '../diagnostic';
import { isEdited, type EmbeddedQuery, type YamlDocumentModel } from '../documents/yamlDocument';
import { GroupQueryMemo } from '../documents/groupQueryMemo';
import { mapRange } from '../documents/textRanges';
import { bucketsRange, type MetricDefinition } from './metricDefinition';
import type { TextRange } from '../promql/syntaxTree';
import type { FileIndex, RuleDefinition } from '../rules/ruleIndex';
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
  if (model.kind !== 'rules') return [];
  let ordered: boolean | undefined;
  const addThresholds = (query: EmbeddedQuery, found: RuleQuantileThreshold[]): void => {
    // Most queries call no histogram_quantile: a native search rules them out before a walk of the
    // tree and a search of the rule (a linear search per query was 10^8 steps per keystroke in a file of 10,000 rules).
    if (!query.analysis.text.includes('histogram_quantile')) return;
    const thresholds = quantileThresholds(query.analysis.expr);
    if (thresholds.length === 0) return;
    ordered ??= inTextOrder(file.definitions);
    const definition = ordered ? ruleHolding(file.definitions, query.range) : file.definitions.find((d) => holds(d, query.range));
    if (!definition) return;
    for (const t of thresholds) {
      found.push({
        uri, bucketName: `${t.family}_bucket`, threshold: t.threshold, range: mapRange(query.map, t.range),
        rule: { kind: definition.kind, name: definition.name, line: lineOf(definition.range.start) },
      });
    }
  };
  // An editor's rule file: only the groups an edit touched, or that have comparisons (their lines may have moved), are looked at.
  const byGroup = model.documents.some(isEdited) ? GROUP_THRESHOLDS.results(model, uri, addThresholds) : null;
  if (byGroup) return byGroup;
  const found: RuleQuantileThreshold[] = [];
  for (const query of model.queries) addThresholds(query, found);
  return found;
}

/** The comparisons of each group's queries in an editor's rule file, by group node; a group that has some is read again each time. */
const GROUP_THRESHOLDS = new GroupQueryMemo<string, RuleQuantileThreshold>((a, b) => a === b);

function holds(definition: RuleDefinition, range: TextRange): boolean {
  return definition.ruleRange.start <= range.start && range.end <= definition.ruleRange.end;
}

/** Whether the rules are in the order of the text and do not overlap (a rule file's are). */
function inTextOrder(definitions: readonly RuleDefinition[]): boolean {
  for (let i = 1; i < definitions.length; i++) if (definitions[i].ruleRange.start < definitions[i - 1].ruleRange.end) return false;
  return true;
}

/** The definition whose rule holds the range, by a binary search of definitions in text order. */
function ruleHolding(definitions: readonly RuleDefinition[], range: TextRange): RuleDefinition | undefined {
  let low = 0;
  let high = definitions.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const d = definitions[middle];
    if (holds(d, range)) return d;
    if (d.ruleRange.end < range.end) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
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
