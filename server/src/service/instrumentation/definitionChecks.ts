import type { DiagnosticCode, Problem, QuickFix, Severity } from '../diagnostic';
import type { TextRange } from '../promql/syntaxTree';
import type { LintSettings } from '../lint/lintSettings';
import { cardinalityLabel } from '../lint/rules/cardinalityLabel';
import { counterTotal } from '../lint/rules/counterTotal';
import { instrumentationBucketOrder } from '../lint/rules/instrumentationBucketOrder';
import { instrumentationBuckets, MANY_LABELS, MAX_BUCKETS, MAX_BUCKETS_WITH_LABELS } from '../lint/rules/instrumentationBuckets';
import { instrumentationReservedLabel } from '../lint/rules/instrumentationReservedLabel';
import { baseUnit, checkLabelName, checkMetricName, colon, nameStyle, reservedSuffix } from '../lint/rules/naming';
import { unboundedLabelReason } from '../lint/unboundedLabels';
import type { MetricDefinition } from './metricDefinition';

/*
 * The checks of one metric definition that do not depend on the language it is written in: the
 * naming rules on the name the library exposes (the naming rules' own check, placed on the name
 * argument), unbounded and reserved label names, and the buckets. The Python and the
 * JavaScript/TypeScript readers both call it with the definitions they read.
 */

/** The naming rules that apply to a name written in code (unit position and HELP need a scrape's view). */
const NAMING_CODES: ReadonlySet<DiagnosticCode> = new Set([baseUnit, nameStyle, reservedSuffix, colon, counterTotal]);

const RESERVED_LABELS: Readonly<Partial<Record<MetricDefinition['metricClass'], string>>> = { Histogram: 'le', Summary: 'quantile' };

export function checkDefinition(definition: MetricDefinition, settings: LintSettings): Problem[] {
  return [...nameProblems(definition), ...labelProblems(definition, settings), ...bucketProblems(definition)];
}

function problem(code: DiagnosticCode, range: TextRange, message: string, fixes?: readonly QuickFix[], severity: Severity = code.defaultSeverity): Problem {
  return { code, severity, range, message, ...(fixes && fixes.length > 0 ? { fixes } : {}) };
}

/** The name whose sample carries the family's value: `x_total` of a counter, `x_info`, else the family. */
function primaryName(definition: MetricDefinition): string | undefined {
  const { exposed, family } = definition;
  if (family === undefined) return undefined;
  const main = exposed.find((e) => e.name === `${family}_total` || e.name === `${family}_info`) ?? exposed.find((e) => e.name === family);
  return main?.name ?? family;
}

function nameProblems(definition: MetricDefinition): Problem[] {
  const argument = definition.nameArgument;
  const name = primaryName(definition);
  if (!argument || argument.value === undefined || name === undefined) return [];
  const type = definition.exposed.find((e) => e.name === name)?.type;
  const written = argument.value;
  const problems: Problem[] = [];
  for (const finding of checkMetricName(name, type, 'exported')) {
    if (!NAMING_CODES.has(finding.code)) continue;
    // A finding on the exposed name is fixed on the written name when the library adds only a
    // prefix and a suffix around it (namespace, subsystem, `_total`, the unit).
    const at = name.indexOf(written);
    const fixes: QuickFix[] = [];
    if (finding.suggestion && argument.literal && at !== -1 && finding.suggestion.startsWith(name.slice(0, at)) && finding.suggestion.endsWith(name.slice(at + written.length))) {
      const newName = finding.suggestion.slice(at, finding.suggestion.length - (name.length - at - written.length));
      if (newName !== '' && newName !== written) {
        fixes.push({ title: `Rename to "${newName}"`, safe: false, changes: [{ range: innerRange(argument.range), newText: newName }] });
      }
    }
    problems.push(problem(finding.code, argument.range, finding.message, fixes));
  }
  return problems;
}

/** The characters of a string literal without its quotes (`'x'`, `"x"`, a one-quote JS or Python literal). */
function innerRange(range: TextRange): TextRange {
  return { start: range.start + 1, end: range.end - 1 };
}

function labelProblems(definition: MetricDefinition, settings: LintSettings): Problem[] {
  const problems: Problem[] = [];
  const reserved = RESERVED_LABELS[definition.metricClass];
  for (const label of definition.labelNames ?? []) {
    const name = label.value;
    if (name === undefined) continue;
    if (name === reserved) {
      problems.push(problem(instrumentationReservedLabel, label.range, `"${name}" is reserved on a ${definition.metricClass}: the library writes it itself${definition.library === 'prometheus_client' ? ' (ValueError: Reserved label metric name)' : ''}`));
    } else if (name.startsWith('__') && definition.library === 'prometheus_client') {
      problems.push(problem(instrumentationReservedLabel, label.range, `label names starting with "__" are reserved for Prometheus (ValueError: Reserved label metric name: ${name})`));
    }
    const reason = unboundedLabelReason(name, undefined, { settings });
    if (reason) problems.push(problem(cardinalityLabel, label.range, `a series per value of "${name}": ${reason}`));
    const style = checkLabelName(name);
    if (style) problems.push(problem(style.code, label.range, style.message));
  }
  return problems;
}

function bucketProblems(definition: MetricDefinition): Problem[] {
  const buckets = definition.buckets;
  if (definition.metricClass !== 'Histogram' || !buckets) return [];
  const problems: Problem[] = [];
  const python = definition.library === 'prometheus_client';
  const unsorted = buckets.findIndex((b, i) => i > 0 && b.value < buckets[i - 1].value);
  if (unsorted !== -1) {
    const sorted = [...buckets].sort((a, b) => a.value - b.value);
    problems.push(problem(python ? instrumentationBucketOrder : instrumentationBuckets, buckets[unsorted].range,
      `bucket ${buckets[unsorted].value} comes after ${buckets[unsorted - 1].value}: bounds must be in ascending order${python ? ' (ValueError: Buckets not in sorted order)' : ''}`,
      [{ title: 'Sort the buckets', safe: true, changes: buckets.map((b, i) => ({ range: b.range, newText: String(sorted[i].value) })) }]));
  }
  const finite = buckets.filter((b) => Number.isFinite(b.value));
  if (python && finite.length === 0 && buckets.length <= 1) {
    const range = buckets[0]?.range ?? definition.range;
    problems.push(problem(instrumentationBucketOrder, range, 'a histogram needs at least one finite bucket besides +Inf (ValueError: Must have at least two buckets)'));
  }
  // One pass with the bounds seen so far (100,000 buckets compared pairwise took minutes).
  const seen = new Set<number>();
  for (let i = 0; i < buckets.length; i++) {
    const value = buckets[i].value;
    const twice = !Number.isNaN(value) && seen.has(value);
    seen.add(value);
    if (twice) {
      problems.push(problem(instrumentationBuckets, buckets[i].range, `bucket ${buckets[i].value} is written twice: its two series have the same "le" and Prometheus drops one as a duplicate`));
    }
  }
  const family = definition.family ?? '';
  if (/_(seconds|bytes)$/.test(family)) {
    for (const b of buckets) {
      if (b.value < 0) problems.push(problem(instrumentationBuckets, b.range, `a negative bucket (${b.value}) on "${family}": a ${family.endsWith('_bytes') ? 'size' : 'duration'} is never negative, so the bucket stays empty`));
    }
  }
  const labels = definition.labelNames?.length ?? 0;
  if (finite.length > MAX_BUCKETS || (finite.length > MAX_BUCKETS_WITH_LABELS && labels >= MANY_LABELS)) {
    const first = buckets[0].range;
    const last = buckets[buckets.length - 1].range;
    problems.push(problem(instrumentationBuckets, { start: first.start, end: last.end },
      `${finite.length} finite buckets: ${finite.length + 4} series (buckets, +Inf, _sum, _count, _created)${labels > 0 ? ` for each combination of the ${labels} labels` : ''}; about 10 bounds around the values that matter are enough`));
  }
  return problems;
}
