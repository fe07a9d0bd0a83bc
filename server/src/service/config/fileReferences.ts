import { isMap, isPair, isScalar, isSeq, visit, type Document } from 'yaml';
import type { TextRange } from '../promql/syntaxTree';

/*
 * The files a configuration names, looked for beside it: credential and TLS files, which must
 * exist where Prometheus runs, and the `rule_files`, `scrape_config_files` and `file_sd_configs`
 * patterns. The patterns are globs resolved against the configuration file's folder, with Go's
 * filepath.Match rules (`*`, `?`, `[…]`, a wildcard only in the last element, as Prometheus
 * requires). A pattern that matches no file is a warning: Prometheus loads nothing then, silently.
 */

/** Lists a folder (file: URIs in, entry names out); null when it cannot be read. */
export interface FileSystem {
  listDirectory(folderUri: string): string[] | null;
}

export interface FileReferenceProblem {
  readonly range: TextRange;
  readonly message: string;
}

/** Files read for credentials, when a request is made. */
const CREDENTIAL_FILES = new Set(['credentials_file', 'bearer_token_file']);

/** Files of a `tls_config`, read when Prometheus builds the HTTP client, as it applies the configuration. */
const TLS_FILES = new Set(['ca_file', 'cert_file', 'key_file']);

/**
 * Where Kubernetes mounts a pod's service-account token and CA, and Docker its secrets: files that
 * exist in Prometheus' container and never beside the configuration in a checkout, so their absence
 * here says nothing.
 */
const PLATFORM_MOUNTS = /^\/(?:var\/)?run\/secrets\//;

/**
 * What promtool 2.42's check config tries for existence (measured with configs naming missing files):
 * a scrape config's credentials file (bearer_token_file is one) and its client certificate and key;
 * nowhere else (alerting, remote write and read, service discovery, OAuth 2.0, tracing are not tried),
 * and never a CA file.
 */
function promtoolChecks(key: string, path: readonly unknown[]): boolean {
  const [own, parent, grandparent] = [pathKey(path, 0), pathKey(path, 1), pathKey(path, 2)];
  if (key === 'bearer_token_file') return own === 'scrape_configs';
  if (key === 'credentials_file') return own === 'authorization' && parent === 'scrape_configs';
  if (key === 'cert_file' || key === 'key_file') {
    // promtool's source tries a Kubernetes SD's client certificate too (2.42 as packaged here has no Kubernetes SD to try it with).
    return own === 'tls_config' && (parent === 'scrape_configs' || (parent === 'kubernetes_sd_configs' && grandparent === 'scrape_configs'));
  }
  return false;
}

/**
 * The key of the pair holding the n-th mapping above a pair (0: the pair's own mapping), skipping
 * list items: `visit`'s path is [document, pair, map, pair, seq, map, …].
 */
function pathKey(path: readonly unknown[], n: number): string | undefined {
  let seen = -1;
  for (let i = path.length - 1; i >= 0; i--) {
    const node = path[i];
    if (isPair(node)) {
      seen++;
      if (seen === n) return isScalar(node.key) ? String(node.key.value) : undefined;
    }
  }
  return undefined;
}

/** Whether a path (relative to the configuration's folder) names an existing file or folder. */
function exists(path: string, folderUri: string, fileSystem: FileSystem): boolean {
  const uri = path.startsWith('/') ? `file://${encodePath(path)}` : `${folderUri}/${encodePath(path)}`;
  if (fileSystem.listDirectory(uri) !== null) return true;
  const slash = uri.lastIndexOf('/');
  return (fileSystem.listDirectory(uri.slice(0, slash)) ?? []).includes(decodeURIComponent(uri.slice(slash + 1)));
}

export function checkFileReferences(document: Document.Parsed, documentUri: string, fileSystem: FileSystem): FileReferenceProblem[] {
  const problems: FileReferenceProblem[] = [];
  const root = document.contents;
  if (!isMap(root)) return problems;
  const folder = documentUri.slice(0, documentUri.lastIndexOf('/'));
  // Credential and TLS files must exist where Prometheus runs; promtool checks some of them (it does
  // not read them, nor do we). The editor may not run there, so here a missing file is a warning.
  visit(document, {
    Pair(_, pair, path) {
      if (!isScalar(pair.key)) return;
      const key = String(pair.key.value);
      const tls = TLS_FILES.has(key) && pathKey(path, 0) === 'tls_config';
      if (!tls && !CREDENTIAL_FILES.has(key)) return;
      const value = pair.value;
      if (!isScalar(value) || typeof value.value !== 'string' || value.value === '' || !value.range) return;
      if (PLATFORM_MOUNTS.test(value.value) || exists(value.value, folder, fileSystem)) return;
      // An OAuth 2.0 token client is built on its first request, not with the configuration.
      const why = promtoolChecks(key, path) ? ': promtool check config fails without it' : tls && pathKey(path, 1) !== 'oauth2' ? ': Prometheus reads it when it applies the configuration' : '';
      problems.push({ range: { start: value.range[0], end: value.range[1] }, message: `${key}: the file ${JSON.stringify(value.value)} does not exist here (it must where Prometheus runs${why})` });
    },
  });
  // file_sd_configs: promtool warns when a pattern matches nothing; Prometheus discovers no target from it.
  visit(document, {
    Pair(_, pair) {
      if (!isScalar(pair.key) || pair.key.value !== 'file_sd_configs' || !isSeq(pair.value)) return;
      for (const sd of pair.value.items) {
        const files = isMap(sd) ? sd.get('files', true) : undefined;
        if (!isSeq(files)) continue;
        for (const item of files.items) {
          if (!isScalar(item) || typeof item.value !== 'string' || item.value === '' || !item.range) continue;
          if (matchGlob(item.value, folder, fileSystem) === 0) {
            problems.push({ range: { start: item.range[0], end: item.range[1] }, message: `file_sd_configs: no file matches ${JSON.stringify(item.value)} here (promtool warns; Prometheus discovers no target from it until one does)` });
          }
        }
      }
    },
  });
  for (const key of ['rule_files', 'scrape_config_files']) {
    const list = root.get(key, true);
    if (!isSeq(list)) continue;
    for (const item of list.items) {
      if (!isScalar(item) || typeof item.value !== 'string' || !item.range) continue;
      const pattern = item.value;
      const matches = matchGlob(pattern, folder, fileSystem);
      if (matches === 0) {
        problems.push({ range: { start: item.range[0], end: item.range[1] }, message: `${key}: no file matches ${JSON.stringify(pattern)}; Prometheus will load nothing from it` });
      }
    }
  }
  return problems;
}

/** How many files a pattern matches (a pattern without wildcards matches its file if it exists); -1 when unknown. */
function matchGlob(pattern: string, folderUri: string, fileSystem: FileSystem): number {
  const absolute = pattern.startsWith('/');
  const slash = pattern.lastIndexOf('/');
  const directory = slash >= 0 ? pattern.slice(0, slash) : '';
  const last = pattern.slice(slash + 1);
  if (/[*?[]/.test(directory)) return -1; // reported by the configuration checks
  const base = absolute ? `file://${encodePath(directory || '/')}` : directory ? `${folderUri}/${encodePath(directory)}` : folderUri;
  const entries = fileSystem.listDirectory(base);
  if (entries === null) return 0;
  const matcher = goPattern(last);
  return entries.filter((name) => matcher.test(name)).length;
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** Go's filepath.Match for one path element, as a regular expression. */
export function goPattern(element: string): RegExp {
  let source = '';
  for (let i = 0; i < element.length; i++) {
    const ch = element[i];
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '[') {
      const end = element.indexOf(']', i + 1);
      if (end < 0) return /(?!)/;
      let body = element.slice(i + 1, end);
      if (body.startsWith('^')) body = `^${body.slice(1)}`;
      source += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (ch === '\\' && i + 1 < element.length) {
      source += escape(element[++i]);
    } else source += escape(ch);
  }
  return new RegExp(`^${source}$`);
}

function escape(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
