import type { LintRule } from '../lintRule';

/*
 * instrumentation/labels-mismatch: a `.labels(...)` call whose label names or count differ from
 * the definition's label names. prometheus_client raises ValueError there at run time ("Incorrect
 * label names", "Incorrect label count", "No label names were set"), so it is an error.
 */

export const instrumentationLabelsMismatch: LintRule = {
  code: 'instrumentation/labels-mismatch',
  defaultSeverity: 'error',
  description: 'A `.labels(...)` call whose label names or count differ from the metric definition\'s label names: the client library raises at run time.',
  summary: 'wrong `.labels()` names or count',
  documentation: [
    'Finds, in application code, `.labels(...)` on a metric of the same file whose label names are known: positional values whose count differs from the label names, keyword names that differ from them, positional and keyword values mixed, or `.labels()` on a metric defined without label names.',
    'Why: prometheus_client raises `ValueError` ("Incorrect label names", "Incorrect label count", "No label names were set") when the line runs: a request handler that fails on its metrics.',
    'With prom-client (JavaScript/TypeScript), at `.labels()`, `.inc()`, `.observe()`, `.set()`, `.startTimer()` and a timer\'s `end()`: a label name not in `labelNames` and a positional count that differs are errors (prom-client throws "Added label … is not included in initial labelset", "Invalid number of arguments"); a labels object that leaves a label out is a warning (prom-client records a separate, partial series).',
    'Fix: pass exactly the label names of the definition.',
  ].join('\n\n'),
  liveData: 'none',
  precision: 'on code: 0 wrong of 0 (51 real Python files, the seeds); an error: the library raises',
  appliesTo: ['code'],
  example: {
    language: 'python',
    reported: 'from prometheus_client import Counter\n\nREQUESTS = Counter("http_requests_total", "Requests.", ["method", "route"])\n\ndef handle(method):\n    REQUESTS.labels(method).inc()\n',
    fixed: 'from prometheus_client import Counter\n\nREQUESTS = Counter("http_requests_total", "Requests.", ["method", "route"])\n\ndef handle(method, route):\n    REQUESTS.labels(method, route).inc()\n',
  },
};
