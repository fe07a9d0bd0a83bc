import type { MetricDefinition } from './metricDefinition';
import type { PromClientClass } from './promClientNames';

/*
 * A prom-client metric definition as promClientMetrics.ts reads it: the shared model plus what the
 * checks of its definition and of its call sites need (apart so that those checks and the reader
 * do not import each other).
 */

/** A definition with what the call-site checks need besides the shared model. */
export interface PromClientDefinition extends MetricDefinition {
  readonly promClass: PromClientClass;
  /** `enableExemplars: true`: `inc()` and `observe()` then take one `{ labels, value, exemplarLabels }` object. */
  readonly exemplars: boolean;
  /** Whether the label names are all known (no spread or element the reader could not resolve). */
  readonly labelNamesComplete: boolean;
  /** The request handler it is constructed in (`app.get('/orders', …)`), which runs once per request; undefined elsewhere. */
  readonly requestHandler: string | undefined;
}
