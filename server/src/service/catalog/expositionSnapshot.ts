import type { ParsedExposition } from '../exposition/expositionParser';
import { Interner, MAX_LABEL_VALUES, type CatalogMetric, type SourceSnapshot } from './metricCatalog';

/**
 * A scrape's contribution to the catalog: one metric per sample name (a histogram gives its
 * `_bucket`, `_sum` and `_count`), with the family's TYPE, HELP and UNIT, the label names its series
 * carry, its series count, and label values capped per label.
 */
export function snapshotOfExposition(parsed: ParsedExposition, source: string, interner = new Interner()): SourceSnapshot {
  const sources = Object.freeze([interner.string(source)]);
  const metrics: CatalogMetric[] = [];
  const labelValues = new Map<string, Map<string, string[]>>();
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
      for (let i = labelStarts[s]; i + 1 < labelStarts[s + 1]; i += 2) {
        const name = strings[labelIds[i]];
        entry.labels.add(name);
        let values = entry.values.get(name);
        if (!values) entry.values.set(name, (values = new Set()));
        if (values.size < MAX_LABEL_VALUES) values.add(strings[labelIds[i + 1]]);
      }
    }
    // A family announced by HELP/TYPE with no samples is still a name users query.
    if (byName.size === 0) byName.set(family.name, { labels: new Set(), series: 0, values: new Map() });
    for (const [name, entry] of byName) {
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
  return { metrics, labelValues };
}
