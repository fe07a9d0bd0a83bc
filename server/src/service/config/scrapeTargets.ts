import { isMap, isScalar, isSeq, type Document, type Node, type YAMLMap } from 'yaml';
import type { TextRange } from '../promql/syntaxTree';

/*
 * The endpoints a configuration scrapes, as URLs a client can fetch: each `static_configs` target of
 * each job, with the job's scheme, metrics_path, params, credentials and TLS settings, and the
 * target's range in the file (where problems of its exposition are reported).
 *
 * Credential files are only named here; reading them is the fetcher's business, and only in a
 * trusted workspace.
 */

export interface ScrapeAuth {
  readonly username?: string;
  readonly password?: string;
  readonly passwordFile?: string;
  /** The `Authorization` scheme (Bearer unless the config says otherwise). */
  readonly scheme?: string;
  readonly credentials?: string;
  readonly credentialsFile?: string;
}

export interface ScrapeTls {
  readonly ca?: string;
  readonly caFile?: string;
  readonly cert?: string;
  readonly certFile?: string;
  readonly key?: string;
  readonly keyFile?: string;
  readonly insecureSkipVerify?: boolean;
  readonly serverName?: string;
}

export interface ScrapeTarget {
  readonly job: string;
  /** The target as written (`host:port`). */
  readonly target: string;
  readonly url: string;
  /** Range of the target's scalar in the document. */
  readonly range: TextRange;
  readonly auth: ScrapeAuth;
  readonly tls: ScrapeTls;
  /** Scrape interval of the job (or the global one), as written. */
  readonly scrapeInterval: string | undefined;
}

export function scrapeTargetsOf(documents: readonly Document.Parsed[]): ScrapeTarget[] {
  const targets: ScrapeTarget[] = [];
  for (const document of documents) {
    const root = document.contents;
    if (!isMap(root)) continue;
    const globalInterval = text(mapAt(root, 'global')?.get('scrape_interval', true));
    const jobs = root.get('scrape_configs', true);
    if (!isSeq(jobs)) continue;
    for (const job of jobs.items) {
      if (!isMap(job)) continue;
      const name = text(job.get('job_name', true)) ?? '';
      const scheme = text(job.get('scheme', true)) ?? 'http';
      let path = text(job.get('metrics_path', true)) ?? '/metrics';
      if (!path.startsWith('/')) path = `/${path}`;
      const query = paramsOf(mapAt(job, 'params'));
      const auth = authOf(job);
      const tls = tlsOf(mapAt(job, 'tls_config'));
      const scrapeInterval = text(job.get('scrape_interval', true)) ?? globalInterval;
      const statics = job.get('static_configs', true);
      if (!isSeq(statics)) continue;
      for (const group of statics.items) {
        if (!isMap(group)) continue;
        const list = group.get('targets', true);
        if (!isSeq(list)) continue;
        for (const item of list.items) {
          const target = text(item);
          if (!target || !isScalar(item) || !item.range) continue;
          targets.push({
            job: name,
            target,
            url: `${scheme}://${target}${path}${query}`,
            range: { start: item.range[0], end: item.range[1] },
            auth,
            tls,
            scrapeInterval,
          });
        }
      }
    }
  }
  return targets;
}

function text(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

function mapAt(map: YAMLMap, key: string): YAMLMap | undefined {
  const value = map.get(key, true);
  return isMap(value) ? value : undefined;
}

function paramsOf(params: YAMLMap | undefined): string {
  if (!params) return '';
  const search = new URLSearchParams();
  for (const pair of params.items) {
    const key = text(pair.key);
    if (!key) continue;
    const values = pair.value as Node | null;
    if (isSeq(values)) for (const v of values.items) { const s = text(v); if (s !== undefined) search.append(key, s); }
    else { const s = text(values); if (s !== undefined) search.append(key, s); }
  }
  const query = search.toString();
  return query ? `?${query}` : '';
}

function authOf(job: YAMLMap): ScrapeAuth {
  const basic = mapAt(job, 'basic_auth');
  if (basic) return { username: text(basic.get('username', true)), password: text(basic.get('password', true)), passwordFile: text(basic.get('password_file', true)) };
  const authorization = mapAt(job, 'authorization');
  if (authorization) {
    return {
      scheme: text(authorization.get('type', true)) ?? 'Bearer',
      credentials: text(authorization.get('credentials', true)),
      credentialsFile: text(authorization.get('credentials_file', true)),
    };
  }
  const token = text(job.get('bearer_token', true));
  const tokenFile = text(job.get('bearer_token_file', true));
  if (token || tokenFile) return { scheme: 'Bearer', credentials: token, credentialsFile: tokenFile };
  return {};
}

function tlsOf(tls: YAMLMap | undefined): ScrapeTls {
  if (!tls) return {};
  const skip = tls.get('insecure_skip_verify', true);
  return {
    ca: text(tls.get('ca', true)),
    caFile: text(tls.get('ca_file', true)),
    cert: text(tls.get('cert', true)),
    certFile: text(tls.get('cert_file', true)),
    key: text(tls.get('key', true)),
    keyFile: text(tls.get('key_file', true)),
    insecureSkipVerify: isScalar(skip) ? skip.value === true : undefined,
    serverName: text(tls.get('server_name', true)),
  };
}
