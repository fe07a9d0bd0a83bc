import type { LintRule } from '../lintRule';

/*
 * instrumentation/multiprocess-gauge: in a workspace that runs prometheus_client in multiprocess
 * mode (`PROMETHEUS_MULTIPROC_DIR`, `MultiProcessCollector`), a Gauge that says nothing of how its
 * processes' values combine. The workspace says whether any file sets multiprocess mode up.
 */

export const instrumentationMultiprocessGauge: LintRule = {
  code: 'instrumentation/multiprocess-gauge',
  defaultSeverity: 'warning',
  description: 'A Gauge without `multiprocess_mode` in a workspace that runs prometheus_client in multiprocess mode: it is exposed once per process, with a `pid` label.',
  summary: 'no `multiprocess_mode` on a Gauge',
  documentation: [
    'Finds a prometheus_client Gauge defined without `multiprocess_mode` when a file of the workspace sets up multiprocess mode (`MultiProcessCollector`, `PROMETHEUS_MULTIPROC_DIR`, `prometheus_multiproc_dir`).',
    'Why: the default mode, `all`, exposes one series per worker process with a `pid` label: series come and go with the workers, and every query must aggregate them away.',
    'Fix: say how the processes combine: `multiprocess_mode="livesum"` (in-flight requests), `"max"`, `"min"`, `"mostrecent"`… (the quick fix adds `livesum`).',
  ].join('\n\n'),
  quickFix: 'add `multiprocess_mode="livesum"`',
  liveData: 'none',
  precision: 'on code: 0 wrong of 3 (django-prometheus 2, a seed\'s LLM service 1)',
  appliesTo: ['code'],
  example: {
    language: 'python',
    reported: 'from prometheus_client import CollectorRegistry, Gauge, multiprocess\n\nregistry = CollectorRegistry()\nmultiprocess.MultiProcessCollector(registry)\nIN_PROGRESS = Gauge("requests_in_progress", "Requests in progress.")\n',
    fixed: 'from prometheus_client import CollectorRegistry, Gauge, multiprocess\n\nregistry = CollectorRegistry()\nmultiprocess.MultiProcessCollector(registry)\nIN_PROGRESS = Gauge("requests_in_progress", "Requests in progress.", multiprocess_mode="livesum")\n',
  },
};
