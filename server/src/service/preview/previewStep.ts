import { MAX_POINTS_PER_SERIES } from '../query/queryTime';

/*
 * The step a preview's range query takes: the rule's own interval (its group's, else the
 * configuration's evaluation_interval, else 1m), widened to a multiple of it when the window holds
 * more evaluations than a server returns per series (Prometheus refuses past 11,000 points: a 7-day
 * preview of a 15s group would fail). A wider step sees fewer evaluations; the results view says
 * the step it used.
 */

export function previewStep(windowSeconds: number, interval: number): number {
  const base = interval > 0 ? interval : 60;
  const points = windowSeconds / base;
  return points <= MAX_POINTS_PER_SERIES - 1 ? base : Math.ceil(windowSeconds / (MAX_POINTS_PER_SERIES - 1) / base) * base;
}
