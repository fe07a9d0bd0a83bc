import type { ApiFailure, QueryAnswer, QueryExecutor, InstantQueryParams, RangeQueryParams } from '../service/query/queryExecutor';
import { HttpError, httpGet } from './httpClient';
import { decodeApiResponse } from './prometheusApiResponse';
import type { PrometheusServerEndpoint } from './prometheusApiSource';
import type { SourceLimits } from './metricSource';
import { capLength } from '../service/remoteText/plainText';
import { redactSecrets, secretsOfRequest } from '../service/remoteText/secretRedaction';

/*
 * Runs PromQL on a server that speaks Prometheus' HTTP API (Prometheus, VictoriaMetrics, Thanos,
 * Mimir): instant and range queries, and the alerts and rules the server evaluates.
 *
 * Queries are POSTed form-encoded, so that long expressions fit (a GET URL is limited to a few KB
 * by many proxies). Every call has the deadline and the body cap of its limits and honours an
 * AbortSignal. The server's own verdict (its `error`, `errorType`, `warnings`, `infos`, read by
 * prometheusApiResponse.ts) is kept verbatim; a failure to reach it becomes one sentence naming
 * the server. Nothing here interprets the result: shaping it is the language service's
 * (service/query/queryResult.ts).
 */

/** The server-side deadline asks for a little less than ours, so that the server's own timeout error arrives first. */
const SERVER_DEADLINE_MARGIN_MS = 250;

/** A server's warnings (and infos) kept at most; the rest are counted in one more. */
export const MAX_SERVER_NOTES = 20;
/** Longest warning or info kept. */
export const MAX_NOTE_CHARS = 2000;
/** Longest error kept (Prometheus quotes the query in some). */
export const MAX_ERROR_CHARS = 4000;

export class PrometheusQueryClient implements QueryExecutor {
  constructor(private readonly endpoint: PrometheusServerEndpoint, private readonly limits: SourceLimits) {}

  get name(): string {
    return this.endpoint.name;
  }

  instant(params: InstantQueryParams, signal?: AbortSignal): Promise<QueryAnswer> {
    const form: Record<string, string> = { query: params.query, timeout: this.serverTimeout() };
    if (params.time !== undefined) form['time'] = formatSeconds(params.time);
    if (params.stats) form['stats'] = 'all';
    return this.call('/api/v1/query', form, signal);
  }

  range(params: RangeQueryParams, signal?: AbortSignal): Promise<QueryAnswer> {
    const form: Record<string, string> = {
      query: params.query,
      start: formatSeconds(params.start),
      end: formatSeconds(params.end),
      step: formatSeconds(params.step),
      timeout: this.serverTimeout(),
    };
    if (params.stats) form['stats'] = 'all';
    return this.call('/api/v1/query_range', form, signal);
  }

  /** `/api/v1/alerts`: the alerts pending or firing now. */
  alerts(signal?: AbortSignal): Promise<QueryAnswer> {
    return this.call('/api/v1/alerts', {}, signal, 'GET');
  }

  /** `/api/v1/rules` (`type=alert` or `record` to narrow): the rule groups the server evaluates, with each alert's state. */
  rules(type?: 'alert' | 'record', signal?: AbortSignal): Promise<QueryAnswer> {
    return this.call('/api/v1/rules', type ? { type } : {}, signal, 'GET');
  }

  /** `/api/v1/status/config`: the server's configuration as YAML (`{ yaml }`), for its external labels. */
  config(signal?: AbortSignal): Promise<QueryAnswer> {
    return this.call('/api/v1/status/config', {}, signal, 'GET');
  }

  private serverTimeout(): string {
    return `${Math.max(50, this.limits.timeoutMs - SERVER_DEADLINE_MARGIN_MS)}ms`;
  }

  private async call(path: string, form: Record<string, string>, signal: AbortSignal | undefined, method: 'GET' | 'POST' = 'POST'): Promise<QueryAnswer> {
    const started = Date.now();
    const url = new URL(this.endpoint.url.replace(/\/+$/, '') + path);
    if (method === 'GET') for (const [k, v] of Object.entries(form)) url.searchParams.append(k, v);
    const fail = (kind: ApiFailure['kind'], message: string, extra: Partial<ApiFailure> = {}): ApiFailure => ({
      ok: false, kind, message, warnings: [], infos: [], elapsedMs: Date.now() - started, ...extra,
    });
    let response;
    try {
      response = await httpGet({
        url: url.toString(),
        method,
        form: method === 'POST' ? form : undefined,
        headers: { Accept: 'application/json', ...this.endpoint.headers },
        tls: this.endpoint.tls,
        timeoutMs: this.limits.timeoutMs,
        maxBytes: this.limits.maxBytes,
        followRedirectsWithCredentials: this.limits.followRedirectsWithCredentials,
        signal,
        acceptErrorStatus: true,
      });
    } catch (error) {
      if (!(error instanceof HttpError)) return fail('protocol', `${this.endpoint.name}: ${(error as Error).message}`);
      const kind = error.kind === 'timeout' ? 'timeout'
        : error.kind === 'aborted' ? 'cancelled'
          : error.kind === 'too-large' ? 'too-large'
            : error.kind === 'refused' || error.kind === 'unreachable' || error.kind === 'tls' ? 'unreachable'
              : 'protocol';
      const message = kind === 'too-large'
        ? `${this.endpoint.name}: the result is larger than the ${describeBytes(this.limits.maxBytes)} cap (prometheus.maxResponseMB); narrow the query, for example with topk or a more selective matcher`
        : kind === 'cancelled' ? 'query cancelled' : `${this.endpoint.name}: ${error.message}`;
      return fail(kind, message);
    }
    const elapsedMs = response.elapsedMs;
    const answer = decodeApiResponse(response.body.toString('utf8'), response.status);
    if (answer.outcome === 'not-json') {
      const excerpt = response.body.toString('utf8', 0, Math.min(response.body.length, 300)).replace(/\s+/g, ' ').trim();
      const what = response.status >= 200 && response.status < 300 ? 'did not answer with JSON (is this a Prometheus API server?)' : `answered HTTP ${response.status}${excerpt ? `: ${excerpt}` : ''}`;
      return fail('protocol', `${this.endpoint.name} ${what}`, { status: response.status, elapsedMs });
    }
    if (answer.outcome === 'not-an-envelope') return fail('protocol', `${this.endpoint.name} did not answer with a Prometheus API envelope`, { status: response.status, elapsedMs });
    // The server's words, bounded in count and length, and without the credentials it may echo.
    const secrets = secretsOfRequest(this.endpoint.headers, this.endpoint.url);
    const warnings = bounded(answer.warnings, 'warning', secrets);
    const infos = bounded(answer.infos, 'info', secrets);
    if (answer.outcome === 'success') return { ok: true, data: answer.data, warnings, infos, elapsedMs };
    const message = answer.error !== undefined ? capLength(redactSecrets(answer.error, secrets), MAX_ERROR_CHARS) : `${this.endpoint.name} answered HTTP ${response.status} without an error message`;
    const errorType = answer.errorType;
    // Prometheus reports its own query timeout as errorType "timeout" (HTTP 503).
    const kind = errorType === 'timeout' ? 'timeout' : errorType === 'canceled' ? 'cancelled' : 'api';
    return { ok: false, kind, message, errorType, status: response.status, warnings, infos, elapsedMs };
  }
}

/** At most MAX_SERVER_NOTES notes of at most MAX_NOTE_CHARS, redacted; one more line counts the rest. */
function bounded(notes: readonly string[], what: string, secrets: readonly string[]): string[] {
  const kept = notes.slice(0, MAX_SERVER_NOTES).map((n) => capLength(redactSecrets(n, secrets), MAX_NOTE_CHARS));
  const rest = notes.length - kept.length;
  if (rest > 0) kept.push(`… and ${rest.toLocaleString('en-US')} more ${what}${rest === 1 ? '' : 's'} from the server, not shown`);
  return kept;
}

/** Seconds as the API reads them: a decimal number, milliseconds at most. */
function formatSeconds(seconds: number): string {
  return String(Math.round(seconds * 1000) / 1000);
}

function describeBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}
