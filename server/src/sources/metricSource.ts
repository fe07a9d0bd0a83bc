import type { SourceSnapshot } from '../service/catalog/metricCatalog';

/*
 * The one small interface every live source implements: a scrape endpoint (`/metrics` of an
 * exporter) or a server speaking Prometheus' HTTP API (Prometheus, VictoriaMetrics, Thanos, Mimir).
 * The catalog manager, the tests and the CLI use real implementations of it.
 */

export interface MetricSource {
  /** Stable key: the kind and the URL, without credentials. */
  readonly id: string;
  /** How the user knows it: the server's name, or the job and target. */
  readonly label: string;
  readonly kind: 'scrape' | 'prometheus';
  /** Fetches what the source exposes; rejects with a clear message when it cannot. */
  load(signal: AbortSignal): Promise<LoadedSource>;
  /** Label values of one label, narrowed to a metric when given: for sources that answer on demand. */
  labelValues?(label: string, metric: string | undefined, signal: AbortSignal): Promise<string[]>;
  /** Label names of one metric, on demand. */
  labelNames?(metric: string, signal: AbortSignal): Promise<string[]>;
}

export interface LoadedSource {
  readonly snapshot: SourceSnapshot;
  /** What a Prometheus-API server says of itself. */
  readonly server?: ServerInfo;
  /** Problems that did not stop the load (an exposition's bad lines, an endpoint the server lacks). */
  readonly warnings: readonly string[];
}

export interface ServerInfo {
  readonly product: 'prometheus' | 'victoriametrics' | 'unknown';
  /** `2.42.0`, without build suffixes; undefined when the server does not say. */
  readonly version: string | undefined;
  /** `/api/v1/features` (Prometheus 3.x): category → feature → enabled. */
  readonly features: Readonly<Record<string, Readonly<Record<string, boolean>>>> | undefined;
}

/** Limits every source applies to every call. */
export interface SourceLimits {
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** Follow redirects to another origin although the source has credentials (dropped on the way). */
  readonly followRedirectsWithCredentials?: boolean;
}

export const DEFAULT_LIMITS: SourceLimits = { timeoutMs: 5000, maxBytes: 32 * 1024 * 1024 };
