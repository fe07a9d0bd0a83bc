import { isMap, isScalar, isSeq, visit, type Document } from 'yaml';
import type { TextRange } from '../promql/syntaxTree';

/*
 * `rule_files` and `scrape_config_files` are globs resolved against the configuration file's
 * folder, with Go's filepath.Match rules (`*`, `?`, `[…]`, a wildcard only in the last element, as
 * Prometheus requires). A pattern that matches no file is a warning: Prometheus loads nothing then,
 * silently.
 */

/** Lists a folder (file: URIs in, entry names out); null when it cannot be read. */
export interface FileSystem {
  listDirectory(folderUri: string): string[] | null;
}

export interface FileReferenceProblem {
  readonly range: TextRange;
  readonly message: string;
}

/** The credential files promtool checks for existence. */
const CREDENTIAL_FILES = new Set(['credentials_file', 'bearer_token_file']);

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
  // Credential files must exist where Prometheus runs, and promtool checks that they do (it does not read
  // them, nor do we). The editor may not run there, so here a missing file is a warning.
  visit(document, {
    Pair(_, pair) {
      if (!isScalar(pair.key) || !CREDENTIAL_FILES.has(String(pair.key.value))) return;
      const value = pair.value;
      if (!isScalar(value) || typeof value.value !== 'string' || value.value === '' || !value.range) return;
      if (!exists(value.value, folder, fileSystem)) {
        problems.push({ range: { start: value.range[0], end: value.range[1] }, message: `${String(pair.key.value)}: the file ${JSON.stringify(value.value)} does not exist here (it must where Prometheus runs)` });
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
