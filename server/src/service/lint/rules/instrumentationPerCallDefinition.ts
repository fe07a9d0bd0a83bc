import type { LintRule } from '../lintRule';

/*
 * instrumentation/per-call-definition: a metric constructed inside a function that runs many times
 * (a request handler, a function called from several places). The second call registers the same
 * name again in the default registry and raises "Duplicated timeseries". The one-time places are
 * left alone: module level, class bodies, `__init__`, factories and `lru_cache`d builders, and a
 * definition given its own registry.
 */

export const instrumentationPerCallDefinition: LintRule = {
  code: 'instrumentation/per-call-definition',
  defaultSeverity: 'warning',
  description: 'A metric constructed inside a function that runs many times (a request handler, a function called from several places): the second call raises "Duplicated timeseries in CollectorRegistry".',
  summary: 'a metric defined per call',
  documentation: [
    'Finds a metric constructor (`Counter(...)`, …) inside a function that is a request handler or a job (decorated with a route such as `@app.get(...)`, `@router.post(...)`, `@app.route(...)`, or a Celery `@app.task`, `@shared_task`) or that the same file calls more than once (a method: on `self`, `cls` or `super()`). Left alone: module level, class bodies, `__init__`, functions decorated with `lru_cache` or `cache`, definitions guarded by `try`/`except` or by a create-once `if` (`if key not in METRICS:`, `if self.x is None:`), definitions given their own `registry=`, and, outside request handlers, names computed at run time.',
    'Why: each construction registers the name in the default registry; the second one raises `ValueError: Duplicated timeseries in CollectorRegistry`, on the second request.',
    'In JavaScript/TypeScript: a prom-client metric constructed in a route handler (`app.get(\'/x\', (req, res) => …)`, a function taking `(req, res)`); prom-client throws "A metric with the name … has already been registered". One given its own `registers`, or built only when nothing is there yet (`getSingleMetric(…) ?? new …`, `if (!counter)`, `counter ??= new …`), is left alone.',
    'Fix: define the metric once, at module level, and use it in the function.',
  ].join('\n\n'),
  liveData: 'none',
  precision: 'on code: 0 wrong of 0 (51 real Python files, the seeds)',
  appliesTo: ['code'],
  example: {
    language: 'python',
    reported: 'from fastapi import FastAPI\nfrom prometheus_client import Counter\n\napp = FastAPI()\n\n@app.get("/orders")\ndef orders():\n    Counter("orders_listed_total", "Order listings.").inc()\n',
    fixed: 'from fastapi import FastAPI\nfrom prometheus_client import Counter\n\napp = FastAPI()\nORDERS_LISTED = Counter("orders_listed_total", "Order listings.")\n\n@app.get("/orders")\ndef orders():\n    ORDERS_LISTED.inc()\n',
  },
};
