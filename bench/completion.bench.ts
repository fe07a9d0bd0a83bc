import { TextDocument } from 'vscode-languageserver-textdocument';
import { Interner, MetricCatalog, type CatalogMetric, type SourceSnapshot } from '../server/src/service/catalog/metricCatalog';
import { getLanguageService } from '../server/src/service/languageService';

/*
 * `npm run bench` (completion): PromQL completion against a catalog of 100,000 metric names and
 * 1,000,000 label values, through the language service as the server calls it. Prints median and
 * p99 latency per kind of position next to a naive peer measured in the same run (filter every
 * name with `includes`, sort, cut: what a first implementation does), and the catalog's memory per
 * metric with its HELP, TYPE and label names (the heap and typed arrays' buffers).
 * Targets: median < 10 ms, p99 < 20 ms, lists capped at 1,000 and marked incomplete; ≤ 300 bytes of
 * memory per metric.
 */

const METRICS = 100_000;
const LABELS = ['instance', 'job', 'code', 'method', 'handler', 'le', 'mode', 'cpu', 'device', 'pod', 'namespace', 'container'];
const WORDS = ['http', 'grpc', 'node', 'process', 'go', 'kube', 'container', 'inference', 'model', 'queue', 'cache', 'db', 'disk', 'network', 'memory', 'cpu', 'request', 'response', 'gpu', 'token'];
const UNITS = ['seconds', 'bytes', 'total', 'ratio', 'count', 'info'];
const TYPES = ['counter', 'gauge', 'histogram', 'summary'] as const;

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run with node --expose-gc (bench/run.mjs does)');
  collect();
  collect();
}

/** A deterministic pseudo-random generator, so every run builds the same catalog. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

function buildSnapshot(withValues: boolean): SourceSnapshot {
  const next = random(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  // Flat strings, as a parse of fetched text makes them (template literals would build ropes).
  const flat = (s: string): string => Buffer.from(s, 'utf8').toString('utf8');
  const interner = new Interner();
  const sources = Object.freeze([interner.string('bench')]);
  const metrics: CatalogMetric[] = [];
  const labelValues = new Map<string, Map<string, string[]>>();
  for (let i = 0; i < METRICS; i++) {
    const name = flat(`${pick(WORDS)}_${pick(WORDS)}_${i.toString(36)}_${pick(UNITS)}`);
    const labelNames = new Set<string>();
    const count = 2 + Math.floor(next() * 4);
    while (labelNames.size < count) labelNames.add(pick(LABELS));
    metrics.push({
      name,
      type: pick(TYPES),
      help: flat(`The ${pick(WORDS)} ${pick(WORDS)} of each ${pick(WORDS)}, measured per ${pick(UNITS)} (metric ${i}).`),
      unit: undefined,
      family: undefined,
      labelNames: interner.list(labelNames),
      seriesCount: 1 + Math.floor(next() * 50),
      sources,
    });
    if (!withValues) continue;
    // Ten label values per metric: 1,000,000 in all.
    const perLabel = new Map<string, string[]>();
    const names = [...labelNames];
    for (let v = 0; v < 10; v++) {
      const label = names[v % names.length];
      let values = perLabel.get(label);
      if (!values) perLabel.set(label, (values = []));
      values.push(flat(`${label}-${i % 5000}-${v}`));
    }
    labelValues.set(name, perLabel);
  }
  return { metrics, labelValues };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

function timeIt(runs: number, work: (i: number) => void): { median: number; p99: number } {
  for (let i = 0; i < 20; i++) work(i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    work(i);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 0.5), p99: percentile(times, 0.99) };
}

/** The catalog's memory: the JavaScript heap and the typed arrays' buffers, which live outside it. */
function usedBytes(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

function main(): void {
  gc();
  const before = usedBytes();
  // First the metrics alone, then with their label values.
  const catalog = new MetricCatalog();
  catalog.setSnapshot('bench', buildSnapshot(false));
  gc();
  const metricsOnly = usedBytes() - before;
  catalog.setSnapshot('bench', null);
  catalog.setSnapshot('bench', buildSnapshot(true));
  gc();
  const withValues = usedBytes() - before;
  const perMetric = metricsOnly / METRICS;

  const service = getLanguageService({ catalog: () => catalog });
  const names = [...catalog.metrics()].map((m) => m.name);
  const sample = names[12_345];
  const cases: [string, string][] = [
    ['empty expression', '|'],
    ['prefix "http_"', 'rate(http_|'],
    ['fuzzy "nqtot"', 'nqtot|'],
    ['one metric\'s labels', `${sample}{|}`],
    ['label values of a metric', `${sample}{${catalog.metric(sample)!.labelNames[0]}="|"}`],
    ['label values, any metric', '{instance="|"}'],
    ['grouping labels', `sum by (|) (${sample})`],
  ];
  console.log(`catalog: ${METRICS.toLocaleString('en-US')} metrics, ${(1_000_000).toLocaleString('en-US')} label values`);
  console.log(`memory: ${perMetric.toFixed(0)} bytes per metric with HELP, TYPE and label names (target ≤ 300: ${perMetric <= 300 ? 'PASS' : 'MISS'}); ${(withValues / 1e6).toFixed(0)} MB with the label values`);
  console.log(['position', 'items', 'incomplete', 'median ms', 'p99 ms', 'naive median', 'ratio'].map((c, i) => c.padStart(i === 0 ? 28 : 12)).join(' '));
  let worstMedian = 0;
  let worstP99 = 0;
  for (const [label, marked] of cases) {
    const offset = marked.indexOf('|');
    const text = marked.replace('|', '');
    const document = TextDocument.create('file:///bench.promql', 'promql', 1, text);
    const model = service.parseDocument(document)!;
    let items = 0;
    let incomplete = false;
    const ours = timeIt(200, () => {
      const list = service.complete(document, model, offset);
      items = list.items.length;
      incomplete = list.isIncomplete;
    });
    const typed = /[A-Za-z0-9_]*$/.exec(text.slice(0, offset))?.[0] ?? '';
    const naive = timeIt(50, () => {
      names.filter((n) => n.includes(typed)).sort().slice(0, 1000).map((n) => ({ label: n }));
    });
    worstMedian = Math.max(worstMedian, ours.median);
    worstP99 = Math.max(worstP99, ours.p99);
    console.log([label, items, incomplete, ours.median.toFixed(2), ours.p99.toFixed(2), naive.median.toFixed(2), `${(naive.median / ours.median).toFixed(2)}×`]
      .map((c, i) => String(c).padStart(i === 0 ? 28 : 12)).join(' '));
  }
  console.log(`completion: worst median ${worstMedian.toFixed(2)} ms (target < 10: ${worstMedian < 10 ? 'PASS' : 'MISS'}), worst p99 ${worstP99.toFixed(2)} ms (target < 20: ${worstP99 < 20 ? 'PASS' : 'MISS'})`);
}

main();
