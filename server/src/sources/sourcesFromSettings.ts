import { readFileSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
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
 *
 * Even in a trusted workspace a configuration can name any file as a credential
 * (`credentials_file: ~/.git-credentials`) and a target to send it to: a file a configuration names
 * outside the workspace folders (symbolic links resolved) is read only when the user allowed it
 * (`CredentialFilePolicy`); until then its target is not scraped, and the file is listed in
 * `outsideFiles` for the LSP layer to ask about.
 */

/** Which files a workspace's configuration may name as credentials. */
export interface CredentialFilePolicy {
  /** The workspace folders (absolute paths): files inside them are read. */
  readonly roots: readonly string[];
  /** Files outside them the user allowed (absolute paths, symbolic links resolved). */
  readonly allowed: ReadonlySet<string>;
}

/** A credential file outside the workspace that a configuration names, not read. */
export interface OutsideCredentialFile {
  readonly path: string;
  readonly job: string;
  readonly configUri: string;
  /** What to tell the user: the target and the file, left unread. */
  readonly message: string;
}

class OutsideWorkspaceError extends Error {
  constructor(readonly path: string, what: string) {
    super(`the ${what} ${path} is outside the workspace; it is read only once you allow it (VS Code asks; elsewhere add it to prometheus.allowedCredentialFiles)`);
  }
}

export interface ConfigTargets {
  /** URI of the configuration file. */
  readonly uri: string;
  readonly targets: readonly ScrapeTarget[];
}

export interface SourceList {
  readonly sources: MetricSource[];
  /** Problems building them (a credential file that cannot be read), for the user. */
  readonly problems: string[];
  /** Credential files outside the workspace that were not read (their targets are left out). */
  readonly outsideFiles: OutsideCredentialFile[];
}

export function sourcesFromSettings(settings: SourceSettings, configs: readonly ConfigTargets[], trusted: boolean, credentialFiles?: CredentialFilePolicy): SourceList {
  const limits: SourceLimits = { timeoutMs: settings.requestTimeoutMs, maxBytes: settings.maxResponseBytes, followRedirectsWithCredentials: settings.followRedirectsWithCredentials };
  const sources: MetricSource[] = [];
  const problems: string[] = [];
  const outsideFiles: OutsideCredentialFile[] = [];
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
        const read = (path: string, what: string): string => readNamedFile(path, what, base, credentialFiles);
        try {
          sources.push(new ScrapeSource({ url: target.url, label, headers: targetHeaders(target, read), tls: targetTls(target, read) }, limits));
        } catch (error) {
          // A file outside the workspace is the LSP layer's to ask about, and to say once.
          if (error instanceof OutsideWorkspaceError) outsideFiles.push({ path: error.path, job: target.job || 'job', configUri: config.uri, message: `target ${label}: ${error.message}` });
          else problems.push(`target ${label}: ${(error as Error).message}`);
        }
      }
    }
  }
  return { sources, problems, outsideFiles };
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

/** `~/x` in the user's own settings (`prometheus.allowedCredentialFiles`): the home folder. A configuration's `~` stays literal, as Prometheus reads it. */
function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? resolve(homedir(), path.slice(2)) : path;
}

/** The path with symbolic links resolved, or as given when it does not exist. */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Whether a configuration may have a file read: inside a workspace folder, or allowed by the user. */
export function mayReadCredentialFile(path: string, policy: CredentialFilePolicy): boolean {
  const real = realPath(path);
  return policy.allowed.has(real) || policy.allowed.has(path) || policy.roots.some((root) => isInside(real, realPath(root)));
}

/** The absolute path, symbolic links resolved, under which a file is asked about and allowed (`~/` expanded: for the setting). */
export function credentialFileKey(path: string): string {
  return realPath(resolve(expandHome(path)));
}

/**
 * Reads a file a setting or a configuration names; the error says which file, never its content.
 * With a policy (a workspace configuration's file), a file outside the workspace is read only when allowed.
 */
function readNamedFile(path: string, what: string, base?: string, policy?: CredentialFilePolicy): string {
  const full = base && !isAbsolute(path) ? resolve(base, path) : path;
  if (policy && !mayReadCredentialFile(full, policy)) throw new OutsideWorkspaceError(credentialFileKey(full), what);
  try {
    return readFileSync(full, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`cannot read the ${what} ${full}${code ? ` (${code})` : ''}`);
  }
}

type FileReader = (path: string, what: string) => string;

function targetHeaders(target: ScrapeTarget, read: FileReader): Record<string, string> {
  const auth = target.auth;
  if (auth.username !== undefined) {
    const password = auth.password ?? (auth.passwordFile ? read(auth.passwordFile, 'password_file').trim() : '');
    return { Authorization: basic(auth.username, password) };
  }
  const credentials = auth.credentials ?? (auth.credentialsFile ? read(auth.credentialsFile, 'credentials file').trim() : undefined);
  if (credentials) return { Authorization: `${auth.scheme ?? 'Bearer'} ${credentials}` };
  return {};
}

function targetTls(target: ScrapeTarget, read: FileReader): TlsOptions | undefined {
  const tls = target.tls;
  if (Object.values(tls).every((v) => v === undefined)) return undefined;
  return {
    ca: tls.ca ?? (tls.caFile ? read(tls.caFile, 'ca_file') : undefined),
    cert: tls.cert ?? (tls.certFile ? read(tls.certFile, 'cert_file') : undefined),
    key: tls.key ?? (tls.keyFile ? read(tls.keyFile, 'key_file') : undefined),
    insecureSkipVerify: tls.insecureSkipVerify,
    serverName: tls.serverName,
  };
}
