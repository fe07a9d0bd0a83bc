import type { ExpositionFamily, ParsedExposition } from './expositionParser';

/*
 * How many observations of each histogram of a scrape fell above its largest finite bucket, read
 * from the bucket counters' values: per series, count(le="+Inf") − count(largest finite le), summed
 * over the family's series. Kept in the scrape's snapshot so that instrumentation/bucket-overflow
 * can judge it without the samples themselves.
 */

export interface HistogramOverflow {
  /** Observations counted by the `+Inf` buckets of the series that have one and a finite bucket. */
  readonly observations: number;
  /** Of those, how many fell above their series' largest finite bucket. */
  readonly above: number;
  /** The largest finite bucket bound (the largest over the series, when they differ). */
  readonly largestBucket: number;
}

/** The overflow of each classic histogram family of a scrape with at least one series that has both a finite and a `+Inf` bucket. */
export function histogramOverflowOf(parsed: ParsedExposition): Map<string, HistogramOverflow> {
  const out = new Map<string, HistogramOverflow>();
  for (const family of parsed.families) {
    if (family.type !== 'histogram') continue;
    const overflow = familyOverflow(family);
    if (overflow) out.set(family.name, overflow);
  }
  return out;
}

function familyOverflow(family: ExpositionFamily): HistogramOverflow | null {
  const { strings, nameIds, next, labelStarts, labelIds, values } = family.store;
  const bucketName = `${family.name}_bucket`;
  // Per series (its labels but `le`): the +Inf count, and the largest finite bound with its count.
  const series = new Map<string, { inf: number | null; largest: number; largestCount: number }>();
  for (let s = family.firstSample; s >= 0; s = next[s]) {
    if (strings[nameIds[s]] !== bucketName) continue;
    let le: number | null = null;
    const key: string[] = [];
    for (let i = labelStarts[s]; i + 1 < labelStarts[s + 1]; i += 2) {
      const name = strings[labelIds[i]];
      const value = strings[labelIds[i + 1]];
      if (name === 'le') le = boundOf(value);
      else key.push(name, value);
    }
    if (le === null || Number.isNaN(le)) continue;
    const id = key.join('\u0000');
    let entry = series.get(id);
    if (!entry) series.set(id, (entry = { inf: null, largest: -Infinity, largestCount: 0 }));
    if (le === Infinity) entry.inf = values[s];
    else if (le > entry.largest) {
      entry.largest = le;
      entry.largestCount = values[s];
    }
  }
  let observations = 0;
  let above = 0;
  let largestBucket = -Infinity;
  let counted = false;
  for (const entry of series.values()) {
    if (entry.inf === null || entry.largest === -Infinity || !Number.isFinite(entry.inf) || !Number.isFinite(entry.largestCount)) continue;
    counted = true;
    observations += entry.inf;
    above += Math.max(0, entry.inf - entry.largestCount);
    largestBucket = Math.max(largestBucket, entry.largest);
  }
  return counted ? { observations, above, largestBucket } : null;
}

/** A bucket's `le` as a number: `+Inf` (also `Inf`, any case) is Infinity; NaN when it is not a number. */
function boundOf(le: string): number {
  if (/^\+?inf$/i.test(le)) return Infinity;
  return le.trim() === '' ? NaN : Number(le);
}
