import type { CompletionEntry } from './completionEntry';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileSystem } from '../config/fileReferences';
import { hasGlobMeta } from '../config/goGlob';
import { lineStartOf, yamlPositionAt } from './yamlPath';

/*
 * Completion of file paths in the list items of `rule_files:` and `scrape_config_files:` of a
 * configuration: the folders and YAML files beside the configuration (Prometheus reads relative
 * paths from the configuration's folder), one path segment at a time.
 */

/** The configuration's keys whose items are paths (globs) of YAML files. */
const PATH_LISTS = new Set(['rule_files', 'scrape_config_files']);

/** Most entries offered from one folder. */
const MAX_ENTRIES = 500;

/** Path items for the cursor, or null when it is not in an item of a path list. */
export function completePath(document: TextDocument, offset: number, fileSystem: FileSystem | undefined): CompletionEntry[] | null {
  const text = document.getText();
  const before = text.slice(lineStartOf(text, offset), offset);
  const item = /^\s*-\s+(["']?)([^"'#\s]*)$/.exec(before);
  if (!item) return null;
  const position = yamlPositionAt(text, offset);
  if (position.path.length !== 1 || !PATH_LISTS.has(position.path[0])) return null;
  if (!fileSystem || !document.uri.startsWith('file:')) return [];
  const typed = item[2];
  const slash = typed.lastIndexOf('/');
  const folderPart = typed.slice(0, slash + 1);
  // Globs are Prometheus' to expand (Go's filepath.Glob): a pattern in the folder part leaves nothing to list.
  if (hasGlobMeta(folderPart)) return [];
  const configFolder = document.uri.slice(0, document.uri.lastIndexOf('/'));
  const folderUri = folderPart.startsWith('/') ? `file://${encodeURI(folderPart.replace(/\/$/, ''))}` : `${configFolder}/${encodeURI(folderPart.replace(/\/$/, ''))}`.replace(/\/$/, '');
  const entries = fileSystem.listDirectory(folderUri);
  if (!entries) return [];
  const range = { start: offset - (typed.length - folderPart.length), end: offset };
  const items: CompletionEntry[] = [];
  for (const entry of entries.slice().sort()) {
    if (entry.startsWith('.') || items.length >= MAX_ENTRIES) continue;
    const isFolder = fileSystem.listDirectory(`${folderUri}/${encodeURIComponent(entry)}`) !== null;
    if (!isFolder && !/\.ya?ml$/i.test(entry)) continue;
    items.push(isFolder
      ? { label: `${entry}/`, kind: 'folder', edit: { range, newText: `${entry}/` }, sortText: `0${entry}`, suggestAgain: true }
      : { label: entry, kind: 'file', edit: { range, newText: entry }, sortText: `1${entry}` });
  }
  return items;
}
