/*
 * What running a query needs from the outside: a server that answers Prometheus' query API. The
 * language service receives one through this interface (sources/prometheusQuery.ts implements it
 * over HTTP), as it receives the metric catalog, and does no I/O itself.
 */

export interface InstantQueryParams {
  readonly query: string;
  /** Evaluation time, Unix seconds; absent: the server's now. */
  readonly time?: number;
  /** Ask for `stats=all` (samples touched, timings); servers without it ignore the parameter. */
  readonly stats?: boolean;
}

export interface RangeQueryParams {
  readonly query: string;
  /** Unix seconds. */
  readonly start: number;
  readonly end: number;
  /** Seconds. */
  readonly step: number;
  readonly stats?: boolean;
}

/** What the server answered: its data, or its error; its warnings and infos either way. */
export type QueryAnswer =
  | { readonly ok: true; readonly data: unknown; readonly warnings: readonly string[]; readonly infos: readonly string[]; readonly elapsedMs: number }
  | ApiFailure;

export interface ApiFailure {
  readonly ok: false;
  /**
   * `api`: the server refused or failed the query (its `error` is in `message`, verbatim);
   * `timeout`, `cancelled`, `unreachable`, `too-large`, `protocol`: the answer never came or was not an API answer;
   * `config`: no server is configured, or its settings cannot be used (a TLS file that cannot be read).
   */
  readonly kind: 'api' | 'timeout' | 'cancelled' | 'unreachable' | 'too-large' | 'protocol' | 'config';
  readonly message: string;
  /** The server's `errorType` (`bad_data`, `execution`, `timeout`, VictoriaMetrics' `422`, …). */
  readonly errorType?: string;
  readonly status?: number;
  readonly warnings: readonly string[];
  readonly infos: readonly string[];
  readonly elapsedMs: number;
}

export interface QueryExecutor {
  /** The server's name, for messages. */
  readonly name: string;
  instant(params: InstantQueryParams, signal?: AbortSignal): Promise<QueryAnswer>;
  range(params: RangeQueryParams, signal?: AbortSignal): Promise<QueryAnswer>;
  /** `/api/v1/alerts`. */
  alerts(signal?: AbortSignal): Promise<QueryAnswer>;
  /** `/api/v1/rules`, narrowed to one type when given. */
  rules(type?: 'alert' | 'record', signal?: AbortSignal): Promise<QueryAnswer>;
  /** `/api/v1/status/config` (`{ yaml }`): the previews read `external_labels` there. Absent: the executor cannot ask. */
  config?(signal?: AbortSignal): Promise<QueryAnswer>;
}
