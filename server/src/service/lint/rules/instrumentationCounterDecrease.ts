import type { LintRule } from '../lintRule';

/*
 * instrumentation/counter-decrease: a counter made to go down: `.dec()` (a Counter has no such
 * method: AttributeError) or `.inc()` with a negative constant (ValueError). Both raise at run time.
 */

export const instrumentationCounterDecrease: LintRule = {
  code: 'instrumentation/counter-decrease',
  defaultSeverity: 'error',
  description: 'A Counter decremented: `.dec()` (no such method) or `.inc()` with a negative constant: the client library raises at run time.',
  summary: 'a Counter decremented',
  documentation: [
    'Finds `.dec()` and `.inc(<negative constant>)` on a Counter of the same file, with or without `.labels(...)` before.',
    'Why: a counter only goes up; prometheus_client has no `Counter.dec` (`AttributeError`) and raises `ValueError: Counters can only be incremented by non-negative amounts`; prom-client has no `Counter.dec` either (`TypeError`) and throws "It is not possible to decrease a counter" for a negative `inc()`.',
    'Fix: use a Gauge for a value that goes down, or count the decrements in a counter of their own.',
  ].join('\n\n'),
  liveData: 'none',
  precision: 'on code: 0 wrong of 0 (51 real Python files, the seeds); an error: the library raises',
  appliesTo: ['code'],
  example: {
    language: 'python',
    reported: 'from prometheus_client import Counter\n\nIN_FLIGHT = Counter("in_flight_requests_total", "Requests in flight.")\n\ndef done():\n    IN_FLIGHT.dec()\n',
    fixed: 'from prometheus_client import Gauge\n\nIN_FLIGHT = Gauge("in_flight_requests", "Requests in flight.")\n\ndef done():\n    IN_FLIGHT.dec()\n',
  },
};
