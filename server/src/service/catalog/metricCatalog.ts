import type { HistogramOverflow } from '../exposition/histogramOverflow';
import type { MetricType } from '../exposition/expositionParser';
import { pickMatches } from './fuzzyMatch';
import { bestPackedMatches, packNames, type PackedNames } from './packedNames';

/*
 * What the live sources say exists: every metric name a user can query, with its TYPE, HELP and
 * UNIT, its label names, label values (capped) and series count, and the sources it came from.
 *
 * Each source delivers a snapshot; the catalog keeps one per source and merges them by name. A
 * metric only one source knows is stored once (the source's own object); memory per metric is a
 * budget the benchmark checks, so strings and label-name lists are interned.
 *
 * The catalog is pure data: fetching lives in the sources (server/src/sources), which fill it.
 */

export interface CatalogMetric {
  /** The name as queried: a histogram's `_bucket`, `_sum`, `_count` series are metrics of their own. */
  readonly name: string;
  readonly type: MetricType | undefined;
  readonly help: string | undefined;
  readonly unit: string | undefined;
  /** The family's name when it differs from `name` (`http_request_duration_seconds` for its `_bucket`). */
  readonly family: string | undefined;
  /** Sorted, interned. Empty when the source does not say (a Prometheus server tells per metric, on demand). */
  readonly labelNames: readonly string[];
  /** Series seen; undefined when unknown. Where sources overlap, the server's count (see `mergedSeriesCount`). */
  readonly seriesCount: number | undefined;
  /** Each source's own count, when more than one source counts this metric and they differ. */
  readonly seriesBySource?: readonly { readonly source: string; readonly count: number }[];
  /** Labels of the sources that know it, interned. */
  readonly sources: readonly string[];
}

/** One source's view, as a snapshot that replaces its previous one. */
export interface SourceSnapshot {
  readonly metrics: readonly CatalogMetric[];
  /** Label values per metric and label, as the source saw them (scrapes see every series). */
  readonly labelValues?: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
  /**
   * A server that stores what it scrapes (Prometheus, VictoriaMetrics): its series include those of
   * the targets that are sources too, so its counts are not added to theirs.
   */
  readonly stores?: boolean;
  /** A scrape's histograms: how many observations fell above the largest finite bucket, per family. */
  readonly histogramOverflow?: ReadonlyMap<string, HistogramOverflow>;
}

/**
 * Most metric names kept per source, from a server's list or a scrape (completion is built to scan
 * this many); what lies beyond is dropped and said in the source's status.
 */
export const MAX_METRIC_NAMES = 200_000;

/** Most label values kept per metric and label, and per label overall: enough to complete, bounded in memory. */
export const MAX_LABEL_VALUES = 1000;

export class MetricCatalog {
  private readonly snapshots = new Map<string, SourceSnapshot>();
  private merged = new Map<string, CatalogMetric>();
  /** The merged metrics, and their names packed in the same order for search. */
  private list: CatalogMetric[] = [];
  private packed: PackedNames = packNames([]);
  private mergedLabelNames: string[] = [];
  /** Values of each label over every metric, capped: for a selector that names no metric. */
  private valuesByLabel = new Map<string, readonly string[]>();
  /** Values fetched on demand (a server's /label/<name>/values), per `metric\u0000label`; metric may be empty. */
  private readonly fetchedValues = new Map<string, readonly string[]>();
  /** Label names fetched on demand per metric. */
  private readonly fetchedLabelNames = new Map<string, readonly string[]>();
  private generation = 0;
  private metricsGeneration = 0;

  /** Replaces what a source knows (null: forget the source). */
  setSnapshot(source: string, snapshot: SourceSnapshot | null): void {
    if (snapshot) this.snapshots.set(source, snapshot);
    else this.snapshots.delete(source);
    this.rebuild();
  }

  /** The overflow of a histogram family in each source that scraped it, by source. */
  histogramOverflows(family: string): { source: string; overflow: HistogramOverflow }[] {
    const found: { source: string; overflow: HistogramOverflow }[] = [];
    for (const [source, snapshot] of this.snapshots) {
      const overflow = snapshot.histogramOverflow?.get(family);
      if (overflow) found.push({ source, overflow });
    }
    return found;
  }

  /** What one source knows (its last good load). */
  snapshot(source: string): SourceSnapshot | undefined {
    return this.snapshots.get(source);
  }

  /** Counts changes, so callers can tell whether what they derived is stale. */
  get version(): number {
    return this.generation;
  }

  /** Counts changes of the set of metrics only (not of label values fetched on demand). */
  get metricsVersion(): number {
    return this.metricsGeneration;
  }

  get size(): number {
    return this.merged.size;
  }

  get sourceCount(): number {
    return this.snapshots.size;
  }

  metric(name: string): CatalogMetric | undefined {
    return this.merged.get(name);
  }

  metrics(): IterableIterator<CatalogMetric> {
    return this.merged.values();
  }

  /** The metrics whose names best match what the user typed (fuzzy), best first, at most `limit`. */
  search(pattern: string, limit: number): { items: { item: CatalogMetric; score: number }[]; total: number } {
    const list = this.list;
    return pickMatches(bestPackedMatches(pattern, this.packed, (index) => list[index].name, limit), (index) => list[index]);
  }

  /** Label names of a metric (every label name of every source without one). */
  labelNames(metric?: string): readonly string[] {
    if (metric === undefined) return this.mergedLabelNames;
    const known = this.merged.get(metric)?.labelNames ?? [];
    const fetched = this.fetchedLabelNames.get(metric);
    if (!fetched) return known;
    if (known.length === 0) return fetched;
    return [...new Set([...known, ...fetched])].sort();
  }

  /** Whether a metric's label names are known, from a snapshot or fetched. */
  hasLabelNames(metric: string): boolean {
    return (this.merged.get(metric)?.labelNames.length ?? 0) > 0 || this.fetchedLabelNames.has(metric);
  }

  /** Label values; narrowed to a metric when given. Undefined when nothing is known. */
  labelValues(label: string, metric?: string): readonly string[] | undefined {
    const fetched = this.fetchedValues.get(`${metric ?? ''}\u0000${label}`);
    const known: (readonly string[])[] = [];
    if (metric === undefined) {
      const all = this.valuesByLabel.get(label);
      if (all) known.push(all);
    } else {
      for (const snapshot of this.snapshots.values()) {
        const values = snapshot.labelValues?.get(metric)?.get(label);
        if (values) known.push(values);
      }
    }
    if (!fetched && known.length === 0) return undefined;
    if (!fetched && known.length === 1) return known[0];
    const seen = new Set<string>(fetched ?? []);
    for (const list of known) for (const v of list) seen.add(v);
    return [...seen];
  }

  /** Records label values fetched on demand. */
  setFetchedLabelValues(label: string, metric: string | undefined, values: readonly string[]): void {
    this.fetchedValues.set(`${metric ?? ''}\u0000${label}`, values);
    this.generation++;
  }

  hasFetchedLabelValues(label: string, metric: string | undefined): boolean {
    return this.fetchedValues.has(`${metric ?? ''}\u0000${label}`);
  }

  setFetchedLabelNames(metric: string, names: readonly string[]): void {
    this.fetchedLabelNames.set(metric, names);
    this.generation++;
  }

  /** Forgets what was fetched on demand (the sources changed, or the cache expired). */
  clearFetched(): void {
    this.fetchedValues.clear();
    this.fetchedLabelNames.clear();
    this.generation++;
  }

  private rebuild(): void {
    const merged = new Map<string, CatalogMetric>();
    const labelNames = new Set<string>();
    /** Per metric that several sources know: each source's count. */
    const counts = new Map<string, SeriesCount[]>();
    /** The labels of the sources that store what they scrape (each snapshot's metrics share one source label). */
    const storing = new Set<string>();
    for (const snapshot of this.snapshots.values()) if (snapshot.stores && snapshot.metrics.length > 0) storing.add(snapshot.metrics[0].sources[0]);
    const countOf = (metric: CatalogMetric): SeriesCount[] => (metric.seriesCount === undefined ? []
      : [{ source: metric.sources[0] ?? '', count: metric.seriesCount, stores: storing.has(metric.sources[0]) }]);
    for (const snapshot of this.snapshots.values()) {
      for (const metric of snapshot.metrics) {
        for (const l of metric.labelNames) labelNames.add(l);
        const other = merged.get(metric.name);
        if (!other) {
          merged.set(metric.name, metric);
          continue;
        }
        let list = counts.get(metric.name);
        if (!list) counts.set(metric.name, (list = countOf(other)));
        for (const count of countOf(metric)) list.push(count);
        merged.set(metric.name, mergeMetrics(other, metric));
      }
    }
    for (const [name, list] of counts) {
      if (list.length === 0) continue;
      const metric = merged.get(name)!;
      const differ = list.some((c) => c.count !== list[0].count);
      merged.set(name, { ...metric, seriesCount: mergedSeriesCount(list), ...(differ ? { seriesBySource: list.map(({ source, count }) => ({ source, count })) } : {}) });
    }
    const valuesByLabel = new Map<string, Set<string>>();
    for (const snapshot of this.snapshots.values()) {
      for (const perMetric of snapshot.labelValues?.values() ?? []) {
        for (const [label, values] of perMetric) {
          let set = valuesByLabel.get(label);
          if (!set) valuesByLabel.set(label, (set = new Set()));
          if (set.size >= MAX_LABEL_VALUES * 10) continue;
          for (const v of values) set.add(v);
        }
      }
    }
    this.merged = merged;
    this.list = [...merged.values()];
    this.packed = packNames(this.list.map((m) => m.name));
    this.mergedLabelNames = [...labelNames].sort();
    this.valuesByLabel = new Map([...valuesByLabel].map(([label, set]) => [label, [...set]]));
    this.generation++;
    this.metricsGeneration++;
  }
}

interface SeriesCount {
  readonly source: string;
  readonly count: number;
  readonly stores: boolean;
}

/**
 * One count for sources that may see the same series: a server that stores what it scrapes holds
 * the series of the targets that are sources too, so the largest server's count stands; targets
 * alone expose different series, so theirs add up.
 */
function mergedSeriesCount(counts: readonly SeriesCount[]): number {
  const servers = counts.filter((c) => c.stores);
  if (servers.length > 0) return Math.max(...servers.map((c) => c.count));
  return counts.reduce((sum, c) => sum + c.count, 0);
}

/** The union of two sources' views of one metric: the first one's metadata wins where both say something. */
function mergeMetrics(a: CatalogMetric, b: CatalogMetric): CatalogMetric {
  const labelNames = a.labelNames.length === 0 ? b.labelNames
    : b.labelNames.length === 0 ? a.labelNames
      : [...new Set([...a.labelNames, ...b.labelNames])].sort();
  return {
    name: a.name,
    type: a.type && a.type !== 'unknown' && a.type !== 'untyped' ? a.type : b.type ?? a.type,
    help: a.help || b.help,
    unit: a.unit || b.unit,
    family: a.family ?? b.family,
    labelNames,
    seriesCount: a.seriesCount ?? b.seriesCount,
    sources: [...new Set([...a.sources, ...b.sources])],
  };
}

/**
 * Shares equal strings and equal label-name lists between metrics: a hundred thousand metrics carry
 * a few hundred distinct label names and label sets.
 */
export class Interner {
  private readonly strings = new Map<string, string>();
  private readonly lists = new Map<string, readonly string[]>();

  string(s: string): string {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  }

  /** The interned, sorted list of these names. */
  list(names: Iterable<string>): readonly string[] {
    const sorted = [...names].sort();
    const key = sorted.join('\u0000');
    const known = this.lists.get(key);
    if (known) return known;
    const list = Object.freeze(sorted.map((n) => this.string(n)));
    this.lists.set(key, list);
    return list;
  }
}
