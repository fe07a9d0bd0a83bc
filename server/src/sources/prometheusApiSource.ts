import { Interner, MAX_LABEL_VALUES, MAX_METRIC_NAMES, type CatalogMetric } from '../service/catalog/metricCatalog';
import type { MetricType } from '../service/exposition/expositionParser';
import { HttpError, httpGet, type TlsOptions } from './httpClient';
import { decodeApiResponse } from './prometheusApiResponse';
import { redactUrl } from '../service/remoteText/urlRedaction';
import type { LoadedSource, MetricSource, ServerInfo, SourceLimits } from './metricSource';
import { capLength } from '../service/remoteText/plainText';
import { redactSecrets, secretsOfRequest } from '../service/remoteText/secretRedaction';
import { isRecord } from '../service/json/isRecord';

/*
 * A server that speaks Prometheus' HTTP API: Prometheus, VictoriaMetrics, Thanos, Mimir, Cortex.
 *
 * Loading asks for the metric names, their metadata, the server's version and features, and series
 * counts from the TSDB status; label names and values are asked per metric when completion needs
 * them, always narrowed with `match[]` and bounded with `limit` where the server supports it (an
 * unbounded `/api/v1/series` has brought large servers down, so this source never sends one).
 * Endpoints a server lacks (VictoriaMetrics has no metadata, Prometheus 2.x no /features) degrade
 * quietly.
 */

export interface PrometheusServerEndpoint {
  readonly name: string;
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly tls?: TlsOptions;
}

/** Label values and names asked per request at most. */
const LIMIT = MAX_LABEL_VALUES;

/** The catalog id of a Prometheus-API server's source: its URL without credentials. */
export function prometheusSourceId(url: string): string {
  return `prometheus:${redactUrl(url)}`;
}

export class PrometheusApiSource implements MetricSource {
  readonly kind = 'prometheus';
  readonly id: string;
  readonly label: string;
  private server: ServerInfo | undefined;

  constructor(private readonly endpoint: PrometheusServerEndpoint, private readonly limits: SourceLimits) {
    this.id = prometheusSourceId(endpoint.url);
    this.label = endpoint.name;
  }

  async load(signal: AbortSignal): Promise<LoadedSource> {
    const warnings: string[] = [];
    // The version first: it decides whether the other calls may carry `limit`.
    const [buildInfo, features, tsdb] = await Promise.all([
      this.optional('/api/v1/status/buildinfo', {}, signal),
      this.optional('/api/v1/features', {}, signal),
      this.optional('/api/v1/status/tsdb', { limit: '10000' }, signal),
    ]);
    const server = serverInfoOf(buildInfo, features, tsdb);
    this.server = server;
    // The names are the one call that must work: its failure is the source's.
    const [names, metadata] = await Promise.all([
      this.get('/api/v1/label/__name__/values', this.supportsLimit() ? { limit: String(MAX_METRIC_NAMES) } : {}, signal),
      this.optional('/api/v1/metadata', {}, signal),
    ]);
    const interner = new Interner();
    const sources = Object.freeze([interner.string(this.label)]);
    const metadataByFamily = isRecord(metadata) ? metadata : {};
    const seriesByName = new Map<string, number>();
    if (isRecord(tsdb) && Array.isArray(tsdb['seriesCountByMetricName'])) {
      for (const entry of tsdb['seriesCountByMetricName'] as unknown[]) {
        if (isRecord(entry) && typeof entry['name'] === 'string' && typeof entry['value'] === 'number') seriesByName.set(entry['name'], entry['value']);
      }
    }
    if (!Array.isArray(names)) throw new Error(`${this.label}: /api/v1/label/__name__/values did not return a list`);
    const metrics: CatalogMetric[] = [];
    const noLabels = interner.list([]);
    if (names.length > MAX_METRIC_NAMES) {
      warnings.push(`${this.label} has ${names.length.toLocaleString('en-US')} metric names; the first ${MAX_METRIC_NAMES.toLocaleString('en-US')} are kept, ${(names.length - MAX_METRIC_NAMES).toLocaleString('en-US')} dropped`);
      names.length = MAX_METRIC_NAMES;
    }
    for (const name of names) {
      if (typeof name !== 'string') continue;
      const meta = metadataOf(metadataByFamily, name);
      metrics.push({
        name,
        type: meta?.type,
        help: meta?.help,
        unit: meta?.unit,
        family: meta && meta.family !== name ? meta.family : undefined,
        labelNames: noLabels,
        seriesCount: seriesByName.get(name),
        sources,
      });
    }
    if (!isRecord(metadata) && metrics.length > 0) warnings.push(`${this.label} gives no metric metadata (TYPE, HELP)`);
    return { snapshot: { metrics, stores: true }, server, warnings };
  }

  async labelValues(label: string, metric: string | undefined, signal: AbortSignal): Promise<string[]> {
    const params: Record<string, string> = {};
    if (metric) params['match[]'] = selectorOf(metric);
    if (this.supportsLimit()) params['limit'] = String(LIMIT);
    const data = await this.get(`/api/v1/label/${encodeURIComponent(label)}/values`, params, signal);
    return Array.isArray(data) ? data.filter((v): v is string => typeof v === 'string').slice(0, LIMIT) : [];
  }

  async labelNames(metric: string, signal: AbortSignal): Promise<string[]> {
    const params: Record<string, string> = { 'match[]': selectorOf(metric) };
    if (this.supportsLimit()) params['limit'] = String(LIMIT);
    const data = await this.get('/api/v1/labels', params, signal);
    return Array.isArray(data) ? data.slice(0, LIMIT).filter((v): v is string => typeof v === 'string' && v !== '__name__').sort() : [];
  }

  /** `limit` on the label and series endpoints came with Prometheus 2.51; VictoriaMetrics has it too. */
  private supportsLimit(): boolean {
    const server = this.server;
    if (!server) return false;
    if (server.product === 'victoriametrics') return true;
    return server.version !== undefined && versionAtLeast(server.version, 2, 51);
  }

  private async get(path: string, params: Record<string, string>, signal: AbortSignal): Promise<unknown> {
    const url = new URL(this.endpoint.url.replace(/\/+$/, '') + path);
    for (const [k, v] of Object.entries(params)) url.searchParams.append(k, v);
    let response;
    try {
      response = await httpGet({
        url: url.toString(),
        headers: { Accept: 'application/json', ...this.endpoint.headers },
        tls: this.endpoint.tls,
        timeoutMs: this.limits.timeoutMs,
        maxBytes: this.limits.maxBytes,
        followRedirectsWithCredentials: this.limits.followRedirectsWithCredentials,
        signal,
      });
    } catch (error) {
      // A refusal (400, 422, 503) explains itself in the body: the server's error replaces the excerpt.
      if (error instanceof HttpError && error.kind === 'status' && error.bodyExcerpt && error.status !== undefined) {
        const refusal = decodeApiResponse(error.bodyExcerpt, error.status);
        if (refusal.outcome === 'error' && refusal.error !== undefined) throw new HttpError(`${error.message.split(':')[0]}: ${this.serverWords(refusal.error)}`, 'status', error.status);
      }
      throw error;
    }
    const answer = decodeApiResponse(response.body.toString('utf8'), response.status);
    if (answer.outcome === 'not-json') throw new Error(`${redactUrl(url.toString())} did not answer with JSON (is this a Prometheus API server?)`);
    if (answer.outcome !== 'success') {
      throw new Error(`${redactUrl(url.toString())}: ${answer.outcome === 'error' && answer.error !== undefined ? this.serverWords(answer.error) : 'not a Prometheus API answer'}`);
    }
    return answer.data;
  }

  /** A server's error text, without the credentials it may echo, and bounded. */
  private serverWords(text: string): string {
    return capLength(redactSecrets(text, secretsOfRequest(this.endpoint.headers, this.endpoint.url)), 2000);
  }

  /** An endpoint the server may lack: undefined when it answers 404, or anything but success. */
  private async optional(path: string, params: Record<string, string>, signal: AbortSignal): Promise<unknown> {
    try {
      return await this.get(path, params, signal);
    } catch (error) {
      if (signal.aborted) throw error;
      if (error instanceof HttpError && error.kind !== 'status' && error.kind !== 'protocol') throw error;
      return undefined;
    }
  }
}

/** A selector for one metric name, quoting names that are not plain identifiers. */
function selectorOf(metric: string): string {
  return /^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(metric) ? metric : `{${JSON.stringify(metric)}}`;
}

const SUFFIXES: readonly [string, readonly MetricType[]][] = [
  ['_bucket', ['histogram', 'gaugehistogram']],
  ['_sum', ['histogram', 'summary', 'gaugehistogram']],
  ['_count', ['histogram', 'summary', 'gaugehistogram']],
  ['_total', ['counter']],
  ['_created', ['counter', 'histogram', 'summary']],
  ['_info', ['info']],
];

const TYPES = new Set<string>(['counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset', 'unknown']);

/** Metadata is per family: a `_bucket` series finds its histogram's. */
function metadataOf(metadata: Record<string, unknown>, name: string): { type: MetricType | undefined; help?: string; unit?: string; family: string } | undefined {
  const own = firstEntry(metadata[name]);
  if (own) return { ...own, family: name };
  for (const [suffix, types] of SUFFIXES) {
    if (!name.endsWith(suffix)) continue;
    const family = name.slice(0, -suffix.length);
    const entry = firstEntry(metadata[family]);
    if (entry && entry.type && types.includes(entry.type)) return { ...entry, family };
  }
  return undefined;
}

function firstEntry(value: unknown): { type: MetricType | undefined; help?: string; unit?: string } | undefined {
  if (!Array.isArray(value) || !isRecord(value[0])) return undefined;
  const entry = value[0];
  const type = typeof entry['type'] === 'string' && TYPES.has(entry['type']) ? (entry['type'] as MetricType) : undefined;
  return {
    type,
    help: typeof entry['help'] === 'string' && entry['help'] !== '' ? entry['help'] : undefined,
    unit: typeof entry['unit'] === 'string' && entry['unit'] !== '' ? entry['unit'] : undefined,
  };
}

function serverInfoOf(buildInfo: unknown, features: unknown, tsdb: unknown): ServerInfo {
  const rawVersion = isRecord(buildInfo) && typeof buildInfo['version'] === 'string' ? buildInfo['version'] : undefined;
  const version = rawVersion ? /^v?(\d+\.\d+\.\d+)/.exec(rawVersion)?.[1] : undefined;
  // VictoriaMetrics answers buildinfo without a version, and its TSDB status has `totalSeries`.
  const product = version ? 'prometheus' : isRecord(tsdb) && 'totalSeries' in tsdb ? 'victoriametrics' : 'unknown';
  let featureMap: Record<string, Record<string, boolean>> | undefined;
  if (isRecord(features)) {
    featureMap = {};
    for (const [category, entries] of Object.entries(features)) {
      if (!isRecord(entries)) continue;
      const out: Record<string, boolean> = {};
      for (const [name, enabled] of Object.entries(entries)) if (typeof enabled === 'boolean') out[name] = enabled;
      featureMap[category] = out;
    }
  }
  return { product, version, features: featureMap };
}

function versionAtLeast(version: string, major: number, minor: number): boolean {
  const [a, b] = version.split('.').map(Number);
  return a > major || (a === major && b >= minor);
}
