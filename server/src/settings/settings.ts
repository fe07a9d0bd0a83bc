import type { EndpointSettings, ServerSettings, SourceSettings } from '../sources/sourceSettings';
import { DEFAULT_LINT_SETTINGS, toLintSettings, type LintSettings } from '../service/lint/lintSettings';
import { parseDurationSetting } from '../service/query/queryTime';
import { isRuleDialect, type RuleDialect } from '../service/rules/ruleDialect';
import { isRecord } from '../service/json/isRecord';

/*
 * The `prometheus.*` settings: the `prometheus` section of the client's configuration
 * (workspace/configuration, asked in lsp/configurationRequest.ts), the same shape in
 * initializationOptions for clients without it, or `check --config`. Every value is checked here,
 * so that a wrong setting cannot break the server.
 */

export interface Settings extends SourceSettings {
  /** Glob → kind (`config`, `rules`, `ruleTests`, `scrapeConfigs`, `none`): what files are, whatever their content says. */
  readonly documentTypes: Record<string, string>;
  /** How long fetched metrics stay fresh. */
  readonly refreshIntervalMs: number;
  /**
   * Whether the workspace is trusted. VS Code's client sends Workspace Trust here; other editors may
   * set it. Untrusted: nothing named by workspace files is fetched, no credential file is read.
   */
  readonly trustedWorkspace: boolean;
  /** `prometheus.lint`: rule severities and cardinality thresholds. */
  readonly lint: LintSettings;
  /** `prometheus.queryTimeoutMs`: deadline of a query run from a code lens, a request or the CLI (catalog requests keep requestTimeoutMs). */
  readonly queryTimeoutMs: number;
  /** `prometheus.queryMaxSeries`: series kept in a query result (the rest are counted). */
  readonly queryMaxSeries: number;
  /** `prometheus.graphRange` (`1h`, `30m`, or seconds): the range of a Graph run, and Grafana's `$__range`. */
  readonly graphRangeSeconds: number;
  /** `prometheus.preview.window` (`6h`, `1d`, or seconds): the history a rule's Preview replays. */
  readonly previewWindowSeconds: number;
  /** `prometheus.templateVariables`: values of Grafana variables (`$job`, `${env}`, built-ins such as `__rate_interval`) substituted before a query is sent. */
  readonly templateVariables: Readonly<Record<string, string>>;
  /** `prometheus.codeLens`: Run, Graph and Explain lenses above queries. */
  readonly codeLens: boolean;
  /** `prometheus.ruleDialect`: the tool rule files are written for (Thanos Ruler, Mimir, vmalert accept fields of their own). */
  readonly ruleDialect: RuleDialect;
  /** `prometheus.allowedCredentialFiles`: files outside the workspace a configuration may name as credentials (for editors that cannot ask). */
  readonly allowedCredentialFiles: readonly string[];
  /** `prometheus.promtoolPath`: the promtool Run tests starts (a path, or a name on PATH); empty: `promtool` on PATH. */
  readonly promtoolPath: string;
  /** `prometheus.cost`: above these figures a query that Explain or Preview measured gets a `query/cost` finding. */
  readonly cost: { readonly maxSeries: number; readonly maxSamples: number };
}

export const DEFAULT_SETTINGS: Settings = {
  documentTypes: {},
  servers: [],
  scrapeUrls: [],
  scrapeConfigTargets: true,
  requestTimeoutMs: 5000,
  maxResponseBytes: 32 * 1024 * 1024,
  refreshIntervalMs: 5 * 60_000,
  trustedWorkspace: true,
  lint: DEFAULT_LINT_SETTINGS,
  queryTimeoutMs: 30_000,
  queryMaxSeries: 500,
  graphRangeSeconds: 3600,
  previewWindowSeconds: 6 * 3600,
  templateVariables: {},
  codeLens: true,
  ruleDialect: 'prometheus',
  followRedirectsWithCredentials: false,
  allowedCredentialFiles: [],
  promtoolPath: '',
  cost: { maxSeries: 10_000, maxSamples: 10_000_000 },
};

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function num(value: unknown, fallback: number, min: number, max: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

function isHttpUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}

function endpointOf(raw: Record<string, unknown>, url: string): EndpointSettings {
  const headers: Record<string, string> = {};
  if (isRecord(raw['headers'])) for (const [k, v] of Object.entries(raw['headers'])) if (typeof v === 'string') headers[k] = v;
  const basic = raw['basicAuth'];
  const tls = isRecord(raw['tls']) ? raw['tls'] : {};
  return {
    url,
    headers,
    basicAuth: isRecord(basic) && typeof basic['username'] === 'string' ? { username: basic['username'], password: typeof basic['password'] === 'string' ? basic['password'] : '' } : undefined,
    bearerToken: str(raw['bearerToken']),
    tls: {
      caFile: str(tls['caFile']),
      certFile: str(tls['certFile']),
      keyFile: str(tls['keyFile']),
      insecureSkipVerify: tls['insecureSkipVerify'] === true,
      serverName: str(tls['serverName']),
    },
  };
}

/** A duration setting: `1h`, `90m`, `1h30m`, or a number of seconds; within a minute and a year. */
function rangeSeconds(value: unknown): number | undefined {
  let seconds: number | undefined;
  if (typeof value === 'number' && Number.isFinite(value)) seconds = value;
  else if (typeof value === 'string') seconds = parseDurationSetting(value);
  return seconds === undefined ? undefined : Math.min(365 * 86_400, Math.max(60, Math.round(seconds)));
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(value)) for (const [k, v] of Object.entries(value)) if (/^[A-Za-z_]\w*$/.test(k) && (typeof v === 'string' || typeof v === 'number')) out[k] = String(v);
  return out;
}

/**
 * Settings from `initializationOptions`: the `prometheus` section itself, or an object holding it
 * under `prometheus` (Helix sends its whole `config` table, which it also answers
 * workspace/configuration from).
 */
export function settingsFromInitializationOptions(raw: unknown): Settings {
  return toSettings(isRecord(raw) && isRecord(raw['prometheus']) ? raw['prometheus'] : raw);
}

/** Keeps only well-formed values. */
export function toSettings(raw: unknown): Settings {
  const section = isRecord(raw) ? raw : {};
  const documentTypes: Record<string, string> = {};
  const types = section['documentTypes'];
  if (isRecord(types)) for (const [glob, kind] of Object.entries(types)) if (typeof kind === 'string') documentTypes[glob] = kind;

  const servers: ServerSettings[] = [];
  const rawServers = Array.isArray(section['servers']) ? section['servers'] : [];
  for (const item of rawServers) {
    const entry = typeof item === 'string' ? { url: item } : item;
    if (!isRecord(entry)) continue;
    const url = str(entry['url']);
    if (!url || !isHttpUrl(url)) continue;
    servers.push({ ...endpointOf(entry, url), name: str(entry['name']) ?? new URL(url).host, tenant: str(entry['tenant']) });
  }

  const scrapeUrls: (EndpointSettings & { name?: string })[] = [];
  const rawScrapes = Array.isArray(section['scrapeUrls']) ? section['scrapeUrls'] : [];
  for (const item of rawScrapes) {
    const entry = typeof item === 'string' ? { url: item } : item;
    if (!isRecord(entry)) continue;
    const url = str(entry['url']);
    if (!url || !isHttpUrl(url)) continue;
    scrapeUrls.push({ ...endpointOf(entry, url), name: str(entry['name']) });
  }

  return {
    documentTypes,
    servers,
    scrapeUrls,
    scrapeConfigTargets: section['scrapeConfigTargets'] !== false,
    requestTimeoutMs: num(section['requestTimeoutMs'], DEFAULT_SETTINGS.requestTimeoutMs, 100, 120_000),
    maxResponseBytes: num(section['maxResponseMB'], 32, 1, 1024) * 1024 * 1024,
    refreshIntervalMs: num(section['refreshIntervalSeconds'], 300, 5, 86_400) * 1000,
    trustedWorkspace: section['trustedWorkspace'] !== false,
    lint: toLintSettings(section['lint']),
    queryTimeoutMs: num(section['queryTimeoutMs'], DEFAULT_SETTINGS.queryTimeoutMs, 100, 600_000),
    queryMaxSeries: Math.round(num(section['queryMaxSeries'], DEFAULT_SETTINGS.queryMaxSeries, 1, 100_000)),
    graphRangeSeconds: rangeSeconds(section['graphRange']) ?? DEFAULT_SETTINGS.graphRangeSeconds,
    previewWindowSeconds: rangeSeconds(isRecord(section['preview']) ? section['preview']['window'] : section['preview.window']) ?? DEFAULT_SETTINGS.previewWindowSeconds,
    templateVariables: stringRecord(section['templateVariables']),
    codeLens: section['codeLens'] !== false,
    ruleDialect: isRuleDialect(section['ruleDialect']) ? section['ruleDialect'] : 'prometheus',
    followRedirectsWithCredentials: section['followRedirectsWithCredentials'] === true,
    allowedCredentialFiles: Array.isArray(section['allowedCredentialFiles']) ? section['allowedCredentialFiles'].filter((f): f is string => typeof f === 'string' && f !== '') : [],
    promtoolPath: typeof section['promtoolPath'] === 'string' ? section['promtoolPath'].trim() : '',
    cost: costOf(section['cost']),
  };
}

function costOf(raw: unknown): Settings['cost'] {
  const cost = isRecord(raw) ? raw : {};
  return {
    maxSeries: Math.round(num(cost['maxSeries'], DEFAULT_SETTINGS.cost.maxSeries, 1, 1e9)),
    maxSamples: Math.round(num(cost['maxSamples'], DEFAULT_SETTINGS.cost.maxSamples, 1, 1e12)),
  };
}
