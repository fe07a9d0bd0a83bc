import type { ExposedName, MetricClass } from './metricDefinition';

/*
 * The series names prom-client exposes for a metric, as its sources (lib/counter.js, gauge.js,
 * histogram.js, summary.js, registry.js) write them: the `name` is the family, used as given. Unlike
 * prometheus_client it appends no `_total` to a counter and exposes no `_created`; a histogram adds
 * `_bucket`, `_sum` and `_count`, a summary `_sum` and `_count` beside its quantiles. A registry set
 * to the OpenMetrics content type is the one exception: it strips a trailing `_total` from a
 * counter's family and writes every counter sample as `<family>_total`.
 */

/** The classes prom-client exports. */
export type PromClientClass = Extract<MetricClass, 'Counter' | 'Gauge' | 'Histogram' | 'Summary'>;

export const PROM_CLIENT_CLASSES: ReadonlySet<string> = new Set<PromClientClass>(['Counter', 'Gauge', 'Histogram', 'Summary']);

/** Which exposition the registry writes: prom-client's default text format, or OpenMetrics. */
export type PromClientFormat = 'prometheus' | 'openmetrics';

/** The family a definition's name gives, in the registry's format. */
export function promClientFamily(metricClass: PromClientClass, name: string, format: PromClientFormat): string {
  return format === 'openmetrics' && metricClass === 'Counter' ? name.replace(/_total$/, '') : name;
}

/** Every series name a definition exposes, in the order a scrape shows them. */
export function promClientExposedNames(metricClass: PromClientClass, name: string, format: PromClientFormat): ExposedName[] {
  const family = promClientFamily(metricClass, name, format);
  switch (metricClass) {
    case 'Counter':
      return [{ name: format === 'openmetrics' ? `${family}_total` : family, type: 'counter', family }];
    case 'Gauge':
      return [{ name: family, type: 'gauge', family }];
    case 'Histogram':
      return [
        { name: `${family}_bucket`, type: 'histogram', family, addedLabels: ['le'] },
        { name: `${family}_sum`, type: 'histogram', family },
        { name: `${family}_count`, type: 'histogram', family },
      ];
    case 'Summary':
      return [
        { name: family, type: 'summary', family, addedLabels: ['quantile'] },
        { name: `${family}_sum`, type: 'summary', family },
        { name: `${family}_count`, type: 'summary', family },
      ];
  }
}

/** The buckets `linearBuckets(start, width, count)` returns. */
export function linearBuckets(start: number, width: number, count: number): number[] | undefined {
  if (!(count >= 1) || !Number.isInteger(count) || count > 10_000) return undefined;
  return Array.from({ length: count }, (_, i) => start + i * width);
}

/** The buckets `exponentialBuckets(start, factor, count)` returns (undefined where prom-client throws). */
export function exponentialBuckets(start: number, factor: number, count: number): number[] | undefined {
  if (!(start > 0) || !(factor > 1) || !(count >= 1) || !Number.isInteger(count) || count > 10_000) return undefined;
  const buckets: number[] = [];
  for (let i = 0, value = start; i < count; i++, value *= factor) buckets.push(value);
  return buckets;
}

/** The methods each class has, and those of what its `.labels(...)` returns. */
export const PROM_CLIENT_METHODS: Readonly<Record<PromClientClass, { readonly own: ReadonlySet<string>; readonly labelled: ReadonlySet<string> }>> = {
  Counter: { own: new Set(['inc', 'labels', 'remove', 'reset', 'get']), labelled: new Set(['inc']) },
  Gauge: { own: new Set(['inc', 'dec', 'set', 'setToCurrentTime', 'startTimer', 'labels', 'remove', 'reset', 'get']), labelled: new Set(['inc', 'dec', 'set', 'setToCurrentTime', 'startTimer']) },
  Histogram: { own: new Set(['observe', 'startTimer', 'zero', 'labels', 'remove', 'reset', 'get']), labelled: new Set(['observe', 'startTimer']) },
  Summary: { own: new Set(['observe', 'startTimer', 'labels', 'remove', 'reset', 'get']), labelled: new Set(['observe', 'startTimer']) },
};
