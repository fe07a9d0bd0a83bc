/*
 * Durations of query runs: a graph's range and step, as a user writes them (`1h`, `90s`, `1h30m`)
 * and as a step a chart can draw (about 250 points, rounded to a step a person would choose).
 */

const UNITS: readonly [string, number][] = [['y', 365 * 86_400], ['w', 7 * 86_400], ['d', 86_400], ['h', 3600], ['m', 60], ['s', 1], ['ms', 0.001]];

/** Seconds of a Prometheus duration (`1h30m`, `90s`, `500ms`) or a plain number of seconds; undefined when it is neither. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const unit = /(\d+)(ms|y|w|d|h|m|s)/y;
  let total = 0;
  let at = 0;
  while (at < trimmed.length) {
    unit.lastIndex = at;
    const match = unit.exec(trimmed);
    if (!match) return undefined;
    total += Number(match[1]) * UNITS.find(([u]) => u === match[2])![1];
    at = unit.lastIndex;
  }
  return at > 0 ? total : undefined;
}

/** A whole number of seconds as Prometheus prints durations: `1h`, `1m30s`, `2d`. */
export function formatDuration(seconds: number): string {
  let rest = Math.max(0, Math.round(seconds));
  if (rest === 0) return '0s';
  let out = '';
  for (const [unit, size] of UNITS) {
    if (size < 1) continue;
    const count = Math.floor(rest / size);
    if (count > 0) {
      out += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return out;
}

const NICE_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400];

/** The most points Prometheus returns per series of a range query. */
export const MAX_POINTS_PER_SERIES = 11_000;

/** A step for a range: about `points` points, rounded up to a step a person would pick. */
export function autoStep(rangeSeconds: number, points = 250): number {
  const raw = rangeSeconds / points;
  const nice = NICE_STEPS.find((s) => s >= raw);
  const step = nice ?? Math.ceil(raw / 86_400) * 86_400;
  // Never past Prometheus' limit of points per series.
  return Math.max(step, Math.ceil(rangeSeconds / MAX_POINTS_PER_SERIES));
}
