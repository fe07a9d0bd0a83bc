/*
 * Range queries for the previews: a window of any length run in pieces of at most 10,000 steps (a
 * server answers at most 11,000 points per series: 7 days at 15 s are 40,320), the pieces' series
 * joined; the answer read as series with their points as numbers; a label set's identity.
 */

import { isRecord } from '../json/isRecord';
import type { QueryExecutor } from '../query/queryExecutor';

/** Steps per range query: under Prometheus' 11,000 points per series. */
export const STEPS_PER_QUERY = 10_000;

/** The matrix of `expr` from `start` to `end` every `step` (Unix seconds), or the server's error. */
export async function queryMatrix(executor: QueryExecutor, expr: string, start: number, end: number, step: number, signal?: AbortSignal): Promise<{ ok: true; series: MatrixSeries[] } | { ok: false; message: string }> {
  const joined = new Map<string, { metric: Record<string, string>; values: [number, number][] }>();
  for (let from = start; from <= end; from += STEPS_PER_QUERY * step) {
    const to = Math.min(end, from + (STEPS_PER_QUERY - 1) * step);
    const answer = await executor.range({ query: expr, start: from, end: to, step }, signal);
    if (!answer.ok) return { ok: false, message: answer.message };
    const series = matrixOf(answer.data);
    if (series === null) return { ok: false, message: 'the server did not answer a matrix' };
    for (const s of series) {
      const key = labelKey(s.metric);
      const known = joined.get(key);
      // A loop, not push(...values): a hostile server's 200,000 points would overflow the arguments.
      if (known) for (const point of s.values) known.values.push(point);
      else joined.set(key, { metric: s.metric, values: [...s.values] });
    }
  }
  return { ok: true, series: [...joined.values()] };
}

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
      if (Array.isArray(point)) values.push([toMilliseconds(Number(point[0])), sampleValue(point[1])]);
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

/** A sample value as the API writes it: a decimal, `NaN`, `+Inf` or `-Inf` (which `Number` reads as NaN). */
export function sampleValue(text: unknown): number {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}
