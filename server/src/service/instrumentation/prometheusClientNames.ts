import type { ExposedName, MetricClass } from './metricDefinition';

/*
 * The names prometheus_client exposes for a definition, computed as the library does
 * (prometheus_client/metrics.py `_build_full_name`, exposition.py): `namespace_subsystem_name`; a
 * Counter's `_total` taken off the name (and put back on its sample); `_unit` appended unless the
 * name already ends with it; then each class's samples: a Counter's `_total` and `_created`, a
 * Histogram's `_bucket`, `_count`, `_sum`, `_created`, a Summary's `_count`, `_sum`, `_created`, an
 * Info's `_info`, an Enum's one series with the state in a label named after the metric. Types are
 * the family's, as OpenMetrics and Prometheus' metadata say them (`counter` for `x_total` and
 * `x_created` alike).
 */

export interface NameParts {
  readonly name: string;
  readonly namespace?: string;
  readonly subsystem?: string;
  readonly unit?: string;
}

/** The family name: what `_build_full_name` returns. */
export function prometheusClientFamily(metricClass: MetricClass, parts: NameParts): string {
  let full = `${parts.namespace ? `${parts.namespace}_` : ''}${parts.subsystem ? `${parts.subsystem}_` : ''}${parts.name}`;
  if (metricClass === 'Counter' && full.endsWith('_total')) full = full.slice(0, -'_total'.length);
  if (parts.unit && !full.endsWith(`_${parts.unit}`)) full += `_${parts.unit}`;
  return full;
}

/** Every name a scrape shows for the family. */
export function prometheusClientExposedNames(metricClass: MetricClass, family: string): ExposedName[] {
  switch (metricClass) {
    case 'Counter':
      return [{ name: `${family}_total`, type: 'counter', family }, { name: `${family}_created`, type: 'counter', family }];
    case 'Gauge':
      return [{ name: family, type: 'gauge', family }];
    case 'Histogram':
      return [
        { name: `${family}_bucket`, type: 'histogram', family, addedLabels: ['le'] },
        { name: `${family}_count`, type: 'histogram', family },
        { name: `${family}_sum`, type: 'histogram', family },
        { name: `${family}_created`, type: 'histogram', family },
      ];
    case 'Summary':
      return [
        { name: `${family}_count`, type: 'summary', family },
        { name: `${family}_sum`, type: 'summary', family },
        { name: `${family}_created`, type: 'summary', family },
      ];
    case 'Info':
      return [{ name: `${family}_info`, type: 'info', family }];
    case 'Enum':
      return [{ name: family, type: 'stateset', family, addedLabels: [family] }];
  }
}
