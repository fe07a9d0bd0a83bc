/*
 * A range query's answer read for the previews: the series of a matrix with their points as
 * numbers, and a label set's identity as one string.
 */

import { isRecord } from '../json/isRecord';

export interface MatrixSeries {
  readonly metric: Record<string, string>;
  /** [Unix seconds, value]. */
  readonly values: [number, number][];
}

/** A range query's matrix, or null when the answer is not one. */
export function matrixOf(data: unknown): MatrixSeries[] | null {
  if (!isRecord(data) || data['resultType'] !== 'matrix' || !Array.isArray(data['result'])) return null;
  const out: MatrixSeries[] = [];
  for (const item of data['result']) {
    if (!isRecord(item) || !Array.isArray(item['values'])) continue;
    const values: [number, number][] = [];
    for (const point of item['values']) {
      if (Array.isArray(point)) values.push([toMilliseconds(Number(point[0])), Number(point[1])]);
    }
    out.push({ metric: stringRecord(item['metric']), values });
  }
  return out;
}

export function stringRecord(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Labels, sorted by name, as one string: an alert's identity. */
export function labelKey(labels: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}

/** Unix seconds rounded to the millisecond, as the API writes them. */
export function toMilliseconds(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
