import type { Problem } from '../diagnostic';
import { instrumentationMultiprocessGauge } from '../lint/rules/instrumentationMultiprocessGauge';
import type { CodeMetrics } from './metricDefinition';

/*
 * instrumentation/multiprocess-gauge, which needs the whole workspace: whether any file sets up
 * prometheus_client's multiprocess mode (`CodeMetrics.multiprocess` of any file, which the
 * workspace ORs) decides whether the Gauges of every file are reported.
 */

/** The findings of one file's Gauges; call it only when the workspace runs in multiprocess mode. `text` is the file's. */
export function multiprocessGaugeProblems(metrics: CodeMetrics, text: string): Problem[] {
  const problems: Problem[] = [];
  for (const definition of metrics.definitions) {
    if (definition.library !== 'prometheus_client' || definition.metricClass !== 'Gauge' || definition.multiprocessMode !== undefined) continue;
    const close = definition.range.end - 1;
    if (text[close] !== ')') continue;
    const before = text.slice(definition.range.start, close).trimEnd();
    // After the last argument, keeping a trailing comma where the call has one.
    const insert = before.endsWith(',') ? ' multiprocess_mode="livesum",' : ', multiprocess_mode="livesum"';
    const at = definition.range.start + before.length;
    problems.push({
      code: instrumentationMultiprocessGauge,
      severity: instrumentationMultiprocessGauge.defaultSeverity,
      range: definition.nameArgument?.range ?? definition.range,
      message: `${definition.family ?? 'this Gauge'} has no multiprocess_mode while the workspace runs prometheus_client in multiprocess mode: it is exposed once per worker process, with a pid label; say how processes combine (livesum, max, min, mostrecent…)`,
      fixes: [{ title: 'Add multiprocess_mode="livesum"', safe: false, changes: [{ range: { start: at, end: at }, newText: insert }] }],
    });
  }
  return problems;
}
