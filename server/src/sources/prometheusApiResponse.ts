import { isRecord } from '../service/json/isRecord';

/*
 * The one reader of what Prometheus' HTTP API answers. Every /api/v1 endpoint of Prometheus,
 * VictoriaMetrics, Thanos, Mimir and Cortex answers with the same JSON envelope, success or not:
 * `{ status: "success" | "error", data, errorType, error, warnings, infos }`. The catalog source
 * (prometheusApiSource.ts) and the query client (prometheusQuery.ts) both read answers here, so
 * they agree on what a success is, where the server's own words are, and what is not an answer at
 * all. The envelope's `data` is handed on unread: each endpoint's shape is its caller's to check.
 */

/** An answer as the API means it. */
export type ApiResponse =
  /** `status: "success"` with a 2xx status: the endpoint's data. */
  | { readonly outcome: 'success'; readonly data: unknown; readonly warnings: readonly string[]; readonly infos: readonly string[] }
  /** The server's refusal or failure: its `error` and `errorType` as it wrote them (absent when it gave none). */
  | { readonly outcome: 'error'; readonly error?: string; readonly errorType?: string; readonly warnings: readonly string[]; readonly infos: readonly string[] }
  /** The body is not JSON (a proxy's error page, another service on that port). */
  | { readonly outcome: 'not-json' }
  /** JSON, but not an object: no envelope to read. */
  | { readonly outcome: 'not-an-envelope' };

/** Reads an API answer: its body (as text) and its HTTP status. */
export function decodeApiResponse(body: string, httpStatus: number): ApiResponse {
  let envelope: unknown;
  try {
    envelope = JSON.parse(body);
  } catch {
    return { outcome: 'not-json' };
  }
  if (!isRecord(envelope)) return { outcome: 'not-an-envelope' };
  const warnings = strings(envelope['warnings']);
  const infos = strings(envelope['infos']);
  if (envelope['status'] === 'success' && httpStatus >= 200 && httpStatus < 300) return { outcome: 'success', data: envelope['data'], warnings, infos };
  return {
    outcome: 'error',
    ...(typeof envelope['error'] === 'string' && envelope['error'] !== '' ? { error: envelope['error'] } : {}),
    ...(typeof envelope['errorType'] === 'string' ? { errorType: envelope['errorType'] } : {}),
    warnings,
    infos,
  };
}

/** The strings of a list the server sent (anything else in it is dropped). */
function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
