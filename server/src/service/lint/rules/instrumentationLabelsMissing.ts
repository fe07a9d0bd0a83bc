import type { LintRule } from '../lintRule';

/*
 * instrumentation/labels-missing: a metric defined with label names, used without `.labels(...)`
 * (`REQUESTS.inc()`). prometheus_client raises ValueError ("counter metric is missing label
 * values") when the line runs, so it is an error.
 */

export const instrumentationLabelsMissing: LintRule = {
  code: 'instrumentation/labels-missing',
  defaultSeverity: 'error',
  description: 'A metric defined with label names and observed without `.labels(...)` (`.inc()`, `.observe()`, `.set()`, `.time()`…): the client library raises at run time.',
  summary: 'no `.labels()` on a labelled metric',
  documentation: [
    'Finds, in application code, `.inc()`, `.dec()`, `.set()`, `.observe()`, `.time()`, `.info()`, `.state()`, `.count_exceptions()` or `.track_inprogress()` called directly on a metric of the same file that has label names.',
    'Why: prometheus_client raises `ValueError: counter metric is missing label values` when the line runs. prom-client accepts it and records a series without labels beside the labelled ones: a warning there (`.startTimer()` without labels is left alone, its `end()` may give them).',
    'Fix: call `.labels(...)` with the label values first.',
  ].join('\n\n'),
  liveData: 'none',
  precision: 'on code: 0 wrong of 0 (51 real Python files, the seeds); an error: the library raises; on prom-client code: 0 wrong of 9 (warnings: prom-client records an unlabelled series)',
  appliesTo: ['code'],
  example: {
    language: 'python',
    reported: 'from prometheus_client import Counter\n\nERRORS = Counter("errors_total", "Errors.", ["kind"])\n\ndef fail():\n    ERRORS.inc()\n',
    fixed: 'from prometheus_client import Counter\n\nERRORS = Counter("errors_total", "Errors.", ["kind"])\n\ndef fail():\n    ERRORS.labels("timeout").inc()\n',
  },
};
