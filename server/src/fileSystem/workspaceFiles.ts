import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FileSystem } from '../service/config/fileReferences';
import { isMentionFileName, MAX_MENTION_FILE_BYTES } from '../service/workspace/nameMentions';

/*
 * The files of the workspace folders that may hold rules, configurations or queries: found once at
 * start (bounded in count, depth and size), then kept current by the client's file watcher.
 */

const CANDIDATE = /\.(ya?ml|promql)$/i;
/** Folders of dependencies and build output, never walked by the editor nor by `check` (unless `check` is given one by name). */
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'vendor', 'venv', 'site-packages', '__pycache__', 'dist', 'out', 'build']);

/** Whether a folder is left out of a walk of the workspace: dependencies, build output, and dot-folders (`.git`, `.venv`, `.github`…). */
export function isSkippedFolder(name: string): boolean {
  return SKIPPED_DIRECTORIES.has(name) || name.startsWith('.');
}
export const MAX_FILES = 10_000;
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
/** Folders deeper than this are not walked. */
export const MAX_DEPTH = 12;

/** Whether the editor indexes the file as a possible rule file, configuration or query file. */
export function isCandidateFile(uri: string): boolean {
  return CANDIDATE.test(uri);
}

export function languageIdOf(uri: string): string {
  return /\.promql$/i.test(uri) ? 'promql' : 'yaml';
}

/** Other files read for the names they mention (nameMentions.ts), at most. */
export const MAX_MENTION_FILES = 20_000;

/** Whether a file the client reports is one the workspace walk (workspaceScan.ts) reads for mentions (not in a skipped folder). */
export function isMentionFile(uri: string, folderUris: readonly string[]): boolean {
  if (!uri.startsWith('file:') || !isMentionFileName(uri)) return false;
  const folder = folderUris.find((f) => uri.startsWith(f.endsWith('/') ? f : `${f}/`));
  if (!folder) return false;
  let segments: string[];
  try {
    segments = decodeURIComponent(uri.slice(folder.length)).split('/').filter((s) => s !== '');
  } catch {
    return false; // a malformed escape names no file of ours
  }
  return segments.slice(0, -1).every((name) => !isSkippedFolder(name));
}

/** The text of a file read for its mentions, or null when it is missing, larger than the cap or binary. */
export function readMentionFile(uri: string): string | null {
  return readTextFile(uri, MAX_MENTION_FILE_BYTES);
}

/** The text of a file, or null when it is missing, too large or not text. */
export function readWorkspaceFile(uri: string): string | null {
  return readTextFile(uri, MAX_FILE_BYTES);
}

/** `readWorkspaceFile` of a path (a walk has the path already). */
export function readWorkspaceFileAt(file: string): string | null {
  return readTextFileAt(file, MAX_FILE_BYTES);
}

/** The text of a regular file of at most `maxBytes`, or null; a file with a NUL byte is binary (null). */
function readTextFile(uri: string, maxBytes: number): string | null {
  try {
    return readTextFileAt(fileURLToPath(uri), maxBytes);
  } catch {
    return null;
  }
}

function readTextFileAt(file: string, maxBytes: number): string | null {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile() || stat.size > maxBytes) return null;
    // Read as text at once; a NUL byte, and only a NUL byte, decodes to U+0000.
    const text = fs.readFileSync(file, 'utf8');
    return text.includes('\u0000') ? null : text;
  } catch {
    return null;
  }
}

/** How long a folder listing is reused: validation runs on every keystroke, the folders rarely change. */
const LISTING_TTL_MS = 2000;
const listings = new Map<string, { at: number; entries: string[] | null }>();

/** The file system the language service resolves globs with: folder listings of file: URIs, briefly cached. */
export const nodeFileSystem: FileSystem = {
  listDirectory(folderUri) {
    const now = Date.now();
    const cached = listings.get(folderUri);
    if (cached && now - cached.at < LISTING_TTL_MS) return cached.entries;
    let entries: string[] | null;
    try {
      entries = fs.readdirSync(fileURLToPath(folderUri));
    } catch {
      entries = null;
    }
    if (listings.size > 1000) listings.clear();
    listings.set(folderUri, { at: now, entries });
    return entries;
  },
};
