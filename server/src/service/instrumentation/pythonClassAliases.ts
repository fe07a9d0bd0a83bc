import type { MetricClass } from './metricDefinition';
import { builtOnFirstUse } from '../builtOnFirstUse';

/*
 * Names a Python module gives prometheus_client's metric classes by assignment rather than import:
 * `_gauge_cls = prometheus_client.Gauge` in a class body (vLLM's stat logger, so that a subclass
 * can swap the class), `HistogramClass = Histogram` at module level. A call of such a name,
 * `self._gauge_cls(name=…)`, `cls._gauge_cls(…)` or `HistogramClass(…)`, constructs the metric as
 * the class itself would. Read from the text, as the reader's other anchors are.
 */

/** `NAME = <class reference>` alone on its line, with an optional annotation. */
const ASSIGNED_CLASS = builtOnFirstUse(() => /^[ \t]*([\p{L}_][\p{L}\p{N}_]*)[ \t]*(?::[^=\n]*)?=[ \t]*([\p{L}_][\p{L}\p{N}_.]*)[ \t]*(?:#[^\n]*)?$/gmu);

/**
 * The aliases of the module, by name: `classes` are the local names imports gave the classes
 * (`Gauge`, `C` of `Counter as C`), `modules` those of the library (`prometheus_client`, `prom`).
 */
export function metricClassAliases(text: string, classes: ReadonlyMap<string, MetricClass>, modules: ReadonlySet<string>): Map<string, MetricClass> {
  const aliases = new Map<string, MetricClass>();
  for (const match of text.matchAll(ASSIGNED_CLASS())) {
    const [, name, reference] = match;
    const dot = reference.lastIndexOf('.');
    const metricClass = dot === -1 ? classes.get(reference) : modules.has(reference.slice(0, dot)) ? metricClassNamed(reference.slice(dot + 1)) : undefined;
    if (metricClass && name !== reference) aliases.set(name, metricClass);
  }
  return aliases;
}

const METRIC_CLASSES: ReadonlySet<string> = new Set<MetricClass>(['Counter', 'Gauge', 'Histogram', 'Summary', 'Info', 'Enum']);

function metricClassNamed(name: string): MetricClass | undefined {
  return METRIC_CLASSES.has(name) ? (name as MetricClass) : undefined;
}
