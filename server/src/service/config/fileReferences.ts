import { isMap, isPair, isScalar, isSeq, visit, type Document } from 'yaml';
import type { TextRange } from '../promql/syntaxTree';
import { goGlobSyntaxError, hasGlobMeta, matchGoGlob } from './goGlob';

/*
 * The files a configuration names, looked for beside it: credential and TLS files, which must
 * exist where Prometheus runs, and the `rule_files`, `scrape_config_files` and `file_sd_configs`
 * patterns. The patterns are globs resolved against the configuration file's folder, with Go's
 * filepath.Glob rules (goGlob.ts). A pattern that matches no file is a warning: Prometheus loads nothing then, silently.
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

/**
 * How many files a pattern matches, as Go's filepath.Glob finds them (a pattern without wildcards
 * matches its file if it exists; wildcards may stand in folders too); -1 when Prometheus rejects the
 * pattern (reported by the configuration checks).
 */
function matchGlob(pattern: string, folderUri: string, fileSystem: FileSystem): number {
  if (goGlobSyntaxError(pattern) !== null) return -1;
  if (!hasGlobMeta(pattern)) return exists(pattern, folderUri, fileSystem) ? 1 : 0;
  const star = pattern.indexOf('*');
  if (star >= 0 && pattern.includes('/', star)) return -1; // an invalid path, reported by the configuration checks
  const paths = globPaths(pattern, folderUri, fileSystem, { folders: MAX_LISTED_FOLDERS });
  return paths === null ? -1 : paths.length;
}

/**
 * Folders one pattern may list: wildcards in folders (`/??/???/*.yml`) must not walk the whole file
 * system of a workspace's choosing on every keystroke. Beyond, the count is unknown (no warning).
 */
const MAX_LISTED_FOLDERS = 64;

/** The paths a valid pattern with wildcards matches, relative to the configuration's folder unless absolute; null past the budget. */
function globPaths(pattern: string, folderUri: string, fileSystem: FileSystem, budget: { folders: number }): string[] | null {
  const slash = pattern.lastIndexOf('/');
  const file = pattern.slice(slash + 1);
  // Go cleans the folder: none is `.`, a trailing slash goes, except for the root.
  const directory = slash < 0 ? '.' : slash === 0 ? '/' : pattern.slice(0, slash);
  const folders = hasGlobMeta(directory) ? globPaths(directory, folderUri, fileSystem, budget) : [directory];
  if (folders === null) return null;
  const paths: string[] = [];
  for (const folder of folders) {
    if (--budget.folders < 0) return null;
    const uri = folder === '.' ? folderUri : folder.startsWith('/') ? `file://${encodePath(folder)}` : `${folderUri}/${encodePath(folder)}`;
    for (const name of [...(fileSystem.listDirectory(uri) ?? [])].sort()) {
      if (matchGoGlob(file, name)) paths.push(folder === '.' ? name : folder === '/' ? `/${name}` : `${folder}/${name}`);
    }
  }
  return paths;
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
