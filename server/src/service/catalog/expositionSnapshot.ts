import type { ParsedExposition } from '../exposition/expositionParser';
import { histogramOverflowOf } from '../exposition/histogramOverflow';
import { Interner, MAX_LABEL_VALUES, MAX_METRIC_NAMES, type CatalogMetric, type SourceSnapshot } from './metricCatalog';

/** Series whose labels are read at most per exposition; the rest are counted. */
export const MAX_EXPOSITION_SERIES = 1_000_000;

export interface ExpositionSnapshot extends SourceSnapshot {
  /** What was left out to stay within the bounds, one phrase each (`1,204 label values of 3 labels beyond 1,000 per label`); empty when nothing. */
  readonly cuts: readonly string[];
}

/**
 * A scrape's contribution to the catalog: one metric per sample name (a histogram gives its
 * `_bucket`, `_sum` and `_count`), with the family's TYPE, HELP and UNIT, the label names its series
 * carry, its series count, and label values capped per label. An exposition is bounded on our side:
 * at most MAX_METRIC_NAMES names, the labels of at most MAX_EXPOSITION_SERIES series, and
 * MAX_LABEL_VALUES values per metric and label; what was dropped is said in `cuts`.
 */
export function snapshotOfExposition(parsed: ParsedExposition, source: string, interner = new Interner()): ExpositionSnapshot {
  const sources = Object.freeze([interner.string(source)]);
  const metrics: CatalogMetric[] = [];
  const labelValues = new Map<string, Map<string, string[]>>();
  let seriesRead = 0;
  let seriesUnread = 0;
  let droppedNames = 0;
  let droppedValues = 0;
  const cutLabels = new Set<string>();
  for (const family of parsed.families) {
    const byName = new Map<string, { labels: Set<string>; series: number; values: Map<string, Set<string>> }>();
    const { strings, nameIds, next, labelStarts, labelIds } = family.store;
    for (let s = family.firstSample; s >= 0; s = next[s]) {
      const sampleName = strings[nameIds[s]];
      let entry = byName.get(sampleName);
      if (!entry) {
        entry = { labels: new Set(), series: 0, values: new Map() };
        byName.set(sampleName, entry);
      }
      entry.series++;
      if (seriesRead >= MAX_EXPOSITION_SERIES) {
        seriesUnread++;
        continue;
      }
      seriesRead++;
      for (let i = labelStarts[s]; i + 1 < labelStarts[s + 1]; i += 2) {
        const name = strings[labelIds[i]];
        entry.labels.add(name);
        let values = entry.values.get(name);
        if (!values) entry.values.set(name, (values = new Set()));
        const value = strings[labelIds[i + 1]];
        if (values.size < MAX_LABEL_VALUES) values.add(value);
        else if (!values.has(value)) {
          droppedValues++;
          cutLabels.add(`${sampleName}\u0000${name}`);
        }
      }
    }
    // A family announced by HELP/TYPE with no samples is still a name users query.
    if (byName.size === 0) byName.set(family.name, { labels: new Set(), series: 0, values: new Map() });
    for (const [name, entry] of byName) {
      if (metrics.length >= MAX_METRIC_NAMES) {
        droppedNames++;
        continue;
      }
      metrics.push({
        name: interner.string(name),
        type: family.type,
        help: family.help,
        unit: family.unit,
        family: family.name !== name ? interner.string(family.name) : undefined,
        labelNames: interner.list(entry.labels),
        seriesCount: entry.series,
        sources,
      });
      const perLabel = new Map<string, string[]>();
      for (const [label, values] of entry.values) perLabel.set(interner.string(label), [...values]);
      labelValues.set(name, perLabel);
    }
  }
  const cuts: string[] = [];
  const n = (count: number): string => count.toLocaleString('en-US');
  if (droppedNames > 0) cuts.push(`${n(droppedNames)} metric names beyond ${n(MAX_METRIC_NAMES)} dropped`);
  if (seriesUnread > 0) cuts.push(`the labels of ${n(seriesUnread)} series beyond ${n(MAX_EXPOSITION_SERIES)} not read`);
  if (droppedValues > 0) cuts.push(`${n(droppedValues)} label values beyond ${n(MAX_LABEL_VALUES)} per label dropped (${n(cutLabels.size)} label${cutLabels.size === 1 ? '' : 's'})`);
  return { metrics, labelValues, cuts, histogramOverflow: histogramOverflowOf(parsed) };
}
