import type { LintRule } from '../lintRule';

/*
 * instrumentation/multiprocess-gauge: in a project that runs prometheus_client in multiprocess
 * mode (`PROMETHEUS_MULTIPROC_DIR`, `MultiProcessCollector`), a Gauge that says nothing of how its
 * processes' values combine. The workspace says whether a file of the Gauge's project (projectScopes.ts) sets it up.
 */

export const instrumentationMultiprocessGauge: LintRule = {
  code: 'instrumentation/multiprocess-gauge',
  defaultSeverity: 'warning',
  description: 'A Gauge without `multiprocess_mode` in a project that runs prometheus_client in multiprocess mode: it is exposed once per process, with a `pid` label.',
  summary: 'no `multiprocess_mode` on a multiprocess project\'s Gauge',
  documentation: [
    'Finds a prometheus_client Gauge defined without `multiprocess_mode` when a file of its project sets up multiprocess mode (`MultiProcessCollector`, `PROMETHEUS_MULTIPROC_DIR`, `prometheus_multiproc_dir`). Its project is the nearest folder above it holding `pyproject.toml`, `setup.py`, `setup.cfg`, `requirements*.txt`, `Pipfile`, `package.json` or `.git`; with none, the first-level folder of the workspace folder (a file directly in the workspace folder speaks for all those). One service of a monorepo running under gunicorn does not make the Gauges of the others findings.',
    'Why: the default mode, `all`, exposes one series per worker process with a `pid` label: series come and go with the workers, and every query must aggregate them away.',
    'Fix: say how the processes combine: `multiprocess_mode="livesum"` (in-flight requests), `"max"`, `"min"`, `"mostrecent"`… (the quick fix adds `livesum`).',
  ].join('\n\n'),
  quickFix: 'add `multiprocess_mode="livesum"`',
  liveData: 'none',
  precision: 'on code: 0 wrong of 3 (django-prometheus 2, a seed\'s LLM service 1; the 14 real-world repositories checked as one folder get these 2 only)',
  appliesTo: ['code'],
  example: {
    language: 'python',
    reported: 'from prometheus_client import CollectorRegistry, Gauge, multiprocess\n\nregistry = CollectorRegistry()\nmultiprocess.MultiProcessCollector(registry)\nIN_PROGRESS = Gauge("requests_in_progress", "Requests in progress.")\n',
    fixed: 'from prometheus_client import CollectorRegistry, Gauge, multiprocess\n\nregistry = CollectorRegistry()\nmultiprocess.MultiProcessCollector(registry)\nIN_PROGRESS = Gauge("requests_in_progress", "Requests in progress.", multiprocess_mode="livesum")\n',
  },
};
