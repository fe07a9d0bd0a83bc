import type { Problem } from '../diagnostic';
import type { HistogramOverflow } from '../exposition/histogramOverflow';
import { bucketsRange, type MetricDefinition } from './metricDefinition';
import { bucketOverflow } from '../lint/rules/bucketOverflow';

/*
 * instrumentation/bucket-overflow judged: when a histogram's share of observations above its
 * largest finite bucket is worth a finding, what it says, and where it goes on a definition in code
 * (its `buckets`, or its name when it has the library's defaults). The target's side is in
 * lint/targetLint.ts.
 */

/** Above this share of observations over the largest finite bucket, a histogram is reported. */
export const OVERFLOW_SHARE = 0.05;
/** Fewer observations than this are not judged: a process that just started has seen too little. */
export const MIN_OBSERVATIONS = 100;

/** The finding's message for a family, or null when its overflow is within bounds or too little was observed. */
export function overflowMessage(family: string, overflow: HistogramOverflow): string | null {
  if (overflow.observations < MIN_OBSERVATIONS || overflow.above <= overflow.observations * OVERFLOW_SHARE) return null;
  const share = (100 * overflow.above) / overflow.observations;
  const percent = share >= 10 ? Math.round(share).toString() : share.toFixed(1);
  return `${percent} % of observations of ${family} (${Math.round(overflow.above)} of ${Math.round(overflow.observations)}) fall above its largest bucket (${overflow.largestBucket}): quantiles above it are clamped`;
}

/** The findings on a histogram definition from the live scrapes that expose it (`overflows`: per source, by family). */
export function definitionOverflowProblems(definition: MetricDefinition, overflows: (family: string) => readonly { source: string; overflow: HistogramOverflow }[]): Problem[] {
  if (definition.metricClass !== 'Histogram') return [];
  const range = bucketsRange(definition);
  const problems: Problem[] = [];
  for (const exposed of definition.exposed) {
    if (!exposed.name.endsWith('_bucket')) continue;
    const family = exposed.name.slice(0, -'_bucket'.length);
    for (const { source, overflow } of overflows(family)) {
      const message = overflowMessage(family, overflow);
      if (message) problems.push({ code: bucketOverflow, severity: bucketOverflow.defaultSeverity, range, message: `${message} (live, ${source})` });
    }
  }
  return problems;
}
