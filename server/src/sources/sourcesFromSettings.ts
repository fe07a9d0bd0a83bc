import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScrapeTarget } from '../service/config/scrapeTargets';
import type { EndpointSettings, ServerSettings, SourceSettings, TlsSettings } from './sourceSettings';
import type { TlsOptions } from './httpClient';
import type { MetricSource, SourceLimits } from './metricSource';
import { PrometheusApiSource, type PrometheusServerEndpoint } from './prometheusApiSource';
import { ScrapeSource } from './scrapeSource';

/*
 * The live sources a user's settings and workspace name: the servers and scrape URLs of the
 * settings, and the static targets of the workspace's prometheus.yml files.
 *
 * Workspace files are not trusted by default: their targets are fetched, and the credential files
 * they name are read, only when the workspace is trusted (VS Code's Workspace Trust, or the
 * `trustedWorkspace` setting elsewhere). Credentials go into request headers only, never into a
 * source's label or id.
 */

export interface ConfigTargets {
  /** URI of the configuration file. */
  readonly uri: string;
  readonly targets: readonly ScrapeTarget[];
}

export interface SourceList {
  readonly sources: MetricSource[];
  /** Problems building them (a credential file that cannot be read), for the user. */
  readonly problems: string[];
}

export function sourcesFromSettings(settings: SourceSettings, configs: readonly ConfigTargets[], trusted: boolean): SourceList {
  const limits: SourceLimits = { timeoutMs: settings.requestTimeoutMs, maxBytes: settings.maxResponseBytes, followRedirectsWithCredentials: settings.followRedirectsWithCredentials };
  const sources: MetricSource[] = [];
  const problems: string[] = [];
  for (const server of settings.servers) {
    try {
      sources.push(new PrometheusApiSource({ name: server.name, url: server.url, headers: serverHeaders(server), tls: tlsFromSettings(server.tls) }, limits));
    } catch (error) {
      problems.push(`server ${server.name}: ${(error as Error).message}`);
    }
  }
  for (const scrape of settings.scrapeUrls) {
    try {
      sources.push(new ScrapeSource({ url: scrape.url, label: scrape.name ?? hostOf(scrape.url), headers: endpointHeaders(scrape), tls: tlsFromSettings(scrape.tls) }, limits));
    } catch (error) {
      problems.push(`scrape URL ${scrape.name ?? hostOf(scrape.url)}: ${(error as Error).message}`);
    }
  }
  if (trusted && settings.scrapeConfigTargets) {
    for (const config of configs) {
      const base = directoryOf(config.uri);
      for (const target of config.targets) {
        const label = `${target.job || 'job'} (${target.target})`;
        try {
          sources.push(new ScrapeSource({ url: target.url, label, headers: targetHeaders(target, base), tls: targetTls(target, base) }, limits));
        } catch (error) {
          problems.push(`target ${label}: ${(error as Error).message}`);
        }
      }
    }
  }
  return { sources, problems };
}

/**
 * How to reach one server of the settings: its headers (credentials, tenant) and TLS, as the
 * catalog's source reaches it. Throws, with the file's name, when a TLS file cannot be read.
 */
export function serverEndpointOf(server: ServerSettings): PrometheusServerEndpoint {
  return { name: server.name, url: server.url, headers: serverHeaders(server), tls: tlsFromSettings(server.tls) };
}

function hostOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.host + (parsed.pathname === '/metrics' ? '' : parsed.pathname);
  } catch {
    return 'scrape URL';
  }
}

function endpointHeaders(endpoint: EndpointSettings): Record<string, string> {
  const headers: Record<string, string> = { ...endpoint.headers };
  if (endpoint.basicAuth) headers['Authorization'] = basic(endpoint.basicAuth.username, endpoint.basicAuth.password);
  else if (endpoint.bearerToken) headers['Authorization'] = `Bearer ${endpoint.bearerToken}`;
  return headers;
}

function serverHeaders(server: ServerSettings): Record<string, string> {
  const headers = endpointHeaders(server);
  if (server.tenant) headers['X-Scope-OrgID'] = server.tenant;
  return headers;
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

function tlsFromSettings(tls: TlsSettings): TlsOptions | undefined {
  if (!tls.caFile && !tls.certFile && !tls.keyFile && !tls.insecureSkipVerify && !tls.serverName) return undefined;
  return {
    ca: tls.caFile ? readNamedFile(tls.caFile, 'CA file') : undefined,
    cert: tls.certFile ? readNamedFile(tls.certFile, 'certificate file') : undefined,
    key: tls.keyFile ? readNamedFile(tls.keyFile, 'key file') : undefined,
    insecureSkipVerify: tls.insecureSkipVerify,
    serverName: tls.serverName,
  };
}

function directoryOf(uri: string): string {
  try {
    return dirname(fileURLToPath(uri));
  } catch {
    return process.cwd();
  }
}

/** Reads a file a setting or a configuration names; the error says which file, never its content. */
function readNamedFile(path: string, what: string, base?: string): string {
  const full = base && !isAbsolute(path) ? resolve(base, path) : path;
  try {
    return readFileSync(full, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`cannot read the ${what} ${full}${code ? ` (${code})` : ''}`);
  }
}

function targetHeaders(target: ScrapeTarget, base: string): Record<string, string> {
  const auth = target.auth;
  if (auth.username !== undefined) {
    const password = auth.password ?? (auth.passwordFile ? readNamedFile(auth.passwordFile, 'password_file', base).trim() : '');
    return { Authorization: basic(auth.username, password) };
  }
  const credentials = auth.credentials ?? (auth.credentialsFile ? readNamedFile(auth.credentialsFile, 'credentials file', base).trim() : undefined);
  if (credentials) return { Authorization: `${auth.scheme ?? 'Bearer'} ${credentials}` };
  return {};
}

function targetTls(target: ScrapeTarget, base: string): TlsOptions | undefined {
  const tls = target.tls;
  if (Object.values(tls).every((v) => v === undefined)) return undefined;
  return {
    ca: tls.ca ?? (tls.caFile ? readNamedFile(tls.caFile, 'ca_file', base) : undefined),
    cert: tls.cert ?? (tls.certFile ? readNamedFile(tls.certFile, 'cert_file', base) : undefined),
    key: tls.key ?? (tls.keyFile ? readNamedFile(tls.keyFile, 'key_file', base) : undefined),
    insecureSkipVerify: tls.insecureSkipVerify,
    serverName: tls.serverName,
  };
}
