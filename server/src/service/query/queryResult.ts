/*
 * A server's query answer shaped for people: one summary line for an inline preview
 * (`3 series · max 0.42 · 18 ms`), the series for a table (labels and value, the top N by value
 * with a count of the rest), points for a chart, and what the server said about its work
 * (`stats=all`: samples touched, evaluation time). Pure: the answer comes in as parsed JSON of any
 * shape, and nothing malformed can throw.
 */

import { isRecord } from '../json/isRecord';

export type ResultType = 'vector' | 'matrix' | 'scalar' | 'string';

export interface ShapedSeries {
  /** The series' labels, `__name__` included when the server kept it. */
  readonly metric: Readonly<Record<string, string>>;
  /** `name{a="b", c="d"}`, as Prometheus' UI prints a series. */
  readonly labels: string;
  /** Instant results: the value as the server wrote it (`0.42`, `NaN`, `+Inf`); a native histogram: its summary. */
  readonly value?: string;
  /** Instant results: the sample's time, Unix seconds. */
  readonly timestamp?: number;
  /** Range results (and range vectors of instant queries): `[unix seconds, value]`, oldest first. */
  readonly points?: readonly (readonly [number, string])[];
  /** Points dropped from this series past the per-series cap (the newest are kept). */
  readonly omittedPoints?: number;
}

export interface QueryStats {
  /** Samples the query read (`totalQueryableSamples`). */
  readonly samples?: number;
  /** The most samples held in memory at once (`peakSamples`). */
  readonly peakSamples?: number;
  /** The server's evaluation time (`evalTotalTime`), seconds. */
  readonly evalSeconds?: number;
}

export interface ShapedResult {
  readonly resultType: ResultType;
  /** How many series the server returned (all of them, not only those kept). */
  readonly seriesCount: number;
  /** The first series (by value, largest first, unless the query sorts them itself). */
  readonly series: readonly ShapedSeries[];
  /** Series returned but not kept. */
  readonly omittedSeries: number;
  /** Points of range results, over every series returned. */
  readonly pointCount?: number;
  /** A scalar's or string's value. */
  readonly scalar?: string;
  readonly min?: number;
  readonly max?: number;
  readonly stats?: QueryStats;
  /** `3 series · max 0.42 · 18 ms`. */
  readonly summary: string;
  /** `1,204 samples · evaluated in 2.1 ms` when the server gave stats. */
  readonly statsLine?: string;
  /** Why the result is incomplete (`showing the first 100 of 5,321 series`). */
  readonly truncation?: string;
}

export interface ShapeOptions {
  /** Series kept at most. */
  readonly maxSeries: number;
  /** Points kept per series at most. */
  readonly maxPointsPerSeries?: number;
  /** The round trip, for the summary. */
  readonly elapsedMs: number;
  /** Keep the server's order (the query sorts: `sort`, `sort_desc`, `sort_by_label`). */
  readonly keepOrder?: boolean;
}

const DEFAULT_MAX_POINTS = 2000;

/** Shapes `data` of a success answer; null when it is not a query result. */
export function shapeQueryData(data: unknown, options: ShapeOptions): ShapedResult | null {
  if (!isRecord(data)) return null;
  const type = data['resultType'];
  const result = data['result'];
  const stats = statsOf(data['stats']);
  if (type === 'scalar' || type === 'string') {
    const value = Array.isArray(result) && result.length >= 2 ? String(result[1]) : '';
    const numeric = type === 'scalar' ? Number(value) : undefined;
    const shown = type === 'scalar' ? formatNumber(Number(value), value) : JSON.stringify(value);
    return finish({ resultType: type, seriesCount: 0, series: [], omittedSeries: 0, scalar: value, min: numeric, max: numeric, stats }, `${type} ${shown}`, options);
  }
  if ((type !== 'vector' && type !== 'matrix') || !Array.isArray(result)) return null;
  const all: { series: ShapedSeries; rank: number }[] = [];
  let min = Infinity;
  let max = -Infinity;
  let pointCount = 0;
  const maxPoints = options.maxPointsPerSeries ?? DEFAULT_MAX_POINTS;
  for (const item of result) {
    if (!isRecord(item)) continue;
    const metric = labelsOf(item['metric']);
    if (type === 'vector') {
      const sample = sampleOf(item['value']) ?? histogramSampleOf(item['histogram']);
      if (!sample) continue;
      const n = Number(sample[1]);
      if (!Number.isNaN(n)) {
        min = Math.min(min, n);
        max = Math.max(max, n);
      }
      all.push({ series: { metric, labels: formatLabels(metric), value: sample[1], timestamp: sample[0] }, rank: Number.isNaN(n) ? -Infinity : n });
    } else {
      const raw = Array.isArray(item['values']) ? item['values'] : Array.isArray(item['histograms']) ? item['histograms'].map((h) => histogramSampleOf(h)) : [];
      const points: [number, string][] = [];
      let seriesMax = -Infinity;
      for (const entry of raw) {
        const sample = sampleOf(entry);
        if (!sample) continue;
        points.push(sample);
        const n = Number(sample[1]);
        if (!Number.isNaN(n)) {
          min = Math.min(min, n);
          max = Math.max(max, n);
          seriesMax = Math.max(seriesMax, n);
        }
      }
      pointCount += points.length;
      const omittedPoints = Math.max(0, points.length - maxPoints);
      const kept = omittedPoints > 0 ? points.slice(omittedPoints) : points;
      all.push({ series: { metric, labels: formatLabels(metric), points: kept, ...(omittedPoints > 0 ? { omittedPoints } : {}) }, rank: seriesMax });
    }
  }
  if (!options.keepOrder) all.sort((a, b) => b.rank - a.rank || (a.series.labels < b.series.labels ? -1 : a.series.labels > b.series.labels ? 1 : 0));
  const kept = all.slice(0, Math.max(0, options.maxSeries)).map((s) => s.series);
  const omittedSeries = all.length - kept.length;
  const parts = [all.length === 0 ? 'no series' : `${count(all.length)} series`];
  if (type === 'matrix' && all.length > 0) parts.push(`${count(pointCount)} points`);
  if (max !== -Infinity) parts.push(min === max ? `value ${formatNumber(max)}` : `max ${formatNumber(max)}`);
  const truncations: string[] = [];
  if (omittedSeries > 0) truncations.push(`showing the first ${count(kept.length)} of ${count(all.length)} series`);
  const cut = kept.filter((s) => (s.omittedPoints ?? 0) > 0).length;
  if (cut > 0) truncations.push(`${count(cut)} series cut to their last ${count(maxPoints)} points`);
  return finish({
    resultType: type,
    seriesCount: all.length,
    series: kept,
    omittedSeries,
    ...(type === 'matrix' ? { pointCount } : {}),
    ...(max !== -Infinity ? { min, max } : {}),
    stats,
    ...(truncations.length > 0 ? { truncation: truncations.join('; ') } : {}),
  }, parts.join(' · '), options);
}

function finish(shaped: Omit<ShapedResult, 'summary' | 'statsLine'>, head: string, options: ShapeOptions): ShapedResult {
  const stats = shaped.stats;
  const statsParts: string[] = [];
  if (stats?.samples !== undefined) statsParts.push(`${count(stats.samples)} samples`);
  if (stats?.evalSeconds !== undefined) statsParts.push(`evaluated in ${formatEvalTime(stats.evalSeconds)}`);
  return {
    ...shaped,
    summary: `${head} · ${formatMs(options.elapsedMs)}`,
    ...(statsParts.length > 0 ? { statsLine: statsParts.join(' · ') } : {}),
  };
}

/** The stats of an answer (`stats=all`): samples and evaluation time; undefined when the server gave none. */
export function statsOf(raw: unknown): QueryStats | undefined {
  if (!isRecord(raw)) return undefined;
  const timings = isRecord(raw['timings']) ? raw['timings'] : {};
  const samples = isRecord(raw['samples']) ? raw['samples'] : {};
  const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const out: QueryStats = { samples: num(samples['totalQueryableSamples']), peakSamples: num(samples['peakSamples']), evalSeconds: num(timings['evalTotalTime']) };
  return out.samples === undefined && out.peakSamples === undefined && out.evalSeconds === undefined ? undefined : out;
}

function labelsOf(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(raw)) for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k] = v;
  return out;
}

function sampleOf(raw: unknown): [number, string] | null {
  if (!Array.isArray(raw) || raw.length < 2) return null;
  const time = Number(raw[0]);
  return Number.isFinite(time) ? [time, String(raw[1])] : null;
}

/** A native histogram sample `[time, {count, sum, buckets}]`, shown by its count and sum. */
function histogramSampleOf(raw: unknown): [number, string] | null {
  if (!Array.isArray(raw) || raw.length < 2 || !isRecord(raw[1])) return null;
  const time = Number(raw[0]);
  const h = raw[1];
  return Number.isFinite(time) ? [time, `histogram count=${String(h['count'] ?? '?')} sum=${String(h['sum'] ?? '?')}`] : null;
}

const PLAIN_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const PLAIN_METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** `name{a="b", c="d"}`; `{}` for a series without labels. */
export function formatLabels(metric: Readonly<Record<string, string>>): string {
  const name = metric['__name__'];
  const pairs = Object.keys(metric).filter((k) => k !== '__name__').sort()
    .map((k) => `${PLAIN_LABEL.test(k) ? k : JSON.stringify(k)}=${JSON.stringify(metric[k])}`);
  if (name !== undefined && PLAIN_METRIC.test(name)) return pairs.length > 0 ? `${name}{${pairs.join(', ')}}` : name;
  if (name !== undefined) pairs.unshift(JSON.stringify(name));
  return `{${pairs.join(', ')}}`;
}

/** A number for a summary: four significant digits, exponent form when very large or small. */
export function formatNumber(n: number, written?: string): string {
  if (Number.isNaN(n)) return written ?? 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  if (Number.isInteger(n) && Math.abs(n) < 1e6) return String(n);
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e6) return String(Number(n.toPrecision(4)));
  return n.toExponential(2).replace(/\.?0+e/, 'e');
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function formatMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** The server's evaluation time, for people: `1.25 s`, `3.4 ms`, `850 µs`. */
function formatEvalTime(seconds: number): string {
  return seconds >= 1 ? `${seconds.toFixed(2)} s` : seconds >= 0.001 ? `${(seconds * 1000).toFixed(1)} ms` : `${Math.round(seconds * 1_000_000)} µs`;
}
