import { isMap, isScalar, isSeq, visit, type Document } from 'yaml';
import type { TextRange } from '../promql/syntaxTree';
import { goGlobSyntaxError, hasGlobMeta, matchGoGlob } from './goGlob';

/*
 * `rule_files` and `scrape_config_files` are globs resolved against the configuration file's
 * folder, as Go's filepath.Glob resolves them (goGlob.ts). A pattern that matches no file is a
 * warning: Prometheus loads nothing then, silently.
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
