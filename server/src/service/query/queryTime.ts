import { parseDuration } from '../promql/duration';

/*
 * Durations of query runs: a graph's range and step, as a user writes them (`1h`, `90s`, `1h30m`)
 * and as a step a chart can draw (about 250 points, rounded to a step a person would choose).
 */

/** Seconds of a Prometheus duration (`1h30m`, `90s`, `500ms`) or a plain number of seconds, as settings and the CLI take them; undefined when it is neither. */
export function parseDurationSetting(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const parsed = parseDuration(trimmed);
  return 'seconds' in parsed && parsed.seconds > 0 ? parsed.seconds : undefined;
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
