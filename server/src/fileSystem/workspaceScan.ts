import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { mayBePrometheusFile } from '../service/documents/documentKind';
import type { ForcedKind } from '../service/documents/documentKindPatterns';
import { isCandidateFile, isSkippedFolder, MAX_DEPTH, MAX_FILES, readWorkspaceFileAt } from './workspaceFiles';

/*
 * The editor's look at the workspace folders, without blocking the requests that arrive meanwhile:
 * the walk and the reads are cut into slices of about 10 ms (counting the caller's work on each
 * file), with a turn of the event loop between them. A YAML file is parsed only when a textual look
 * (`mayBePrometheusFile`) says it may be Prometheus': other tools' files (thousands of Kubernetes
 * objects) are read, not parsed, so the scan costs in proportion to the Prometheus files it finds.
 * Their text still serves the names they mention and the rule evaluator they deploy; the caller
 * decides what to keep.
 */

export interface ScannedFile {
  readonly uri: string;
  /** The file's text; null when it is missing, larger than the cap or binary. */
  readonly text: string | null;
  /** Whether to parse it: a query file, a YAML file that may be Prometheus', or one a setting gives a kind. */
  readonly mayBePrometheus: boolean;
}

export interface WorkspaceScanOptions {
  /** The kind `prometheus.documentTypes` forces on a file: any kind but `none` makes it one to parse. */
  readonly forcedKind?: (uri: string) => ForcedKind | undefined;
  /** Longest stretch of work between two turns of the event loop. */
  readonly sliceMs?: number;
}

/** YAML and PromQL files read by one scan, at most: other tools' files are cheap, but not free. */
export const MAX_SCANNED_FILES = 100_000;
const SLICE_MS = 10;

/**
 * The YAML and PromQL files of the folders (`walkWorkspace`) with their texts, at most MAX_FILES
 * that may be Prometheus' and MAX_SCANNED_FILES in all.
 */
export async function* scanWorkspace(folderUris: readonly string[], options: WorkspaceScanOptions = {}): AsyncGenerator<ScannedFile, void, undefined> {
  let kept = 0;
  for await (const file of walkWorkspace(folderUris, isCandidateFile, MAX_SCANNED_FILES, options.sliceMs)) {
    const text = readWorkspaceFileAt(file.path);
    const mayBePrometheus = text !== null && isWorthParsing(file.uri, text, options.forcedKind?.(file.uri));
    yield { uri: file.uri, text, mayBePrometheus };
    if (mayBePrometheus && ++kept >= MAX_FILES) return;
  }
}

/**
 * Whether a YAML or PromQL file may be Prometheus', to be parsed: a query file, YAML that a setting
 * gives a kind (`none` is no kind), else YAML that `mayBePrometheusFile` keeps.
 */
export function isWorthParsing(uri: string, text: string, forced: ForcedKind | undefined): boolean {
  if (/\.promql$/i.test(uri)) return true;
  if (forced !== undefined) return forced !== 'none';
  return mayBePrometheusFile(text, uri);
}

/**
 * The files under the folders (file: URIs) whose names `takeFile` accepts, in the order of their
 * folder listings, walking into the folders a walk of the workspace enters (`isSkippedFolder`), at
 * most MAX_DEPTH deep and at most `maxFiles`. Links are not followed. Every `sliceMs` of work (the
 * caller's included) it waits for a turn of the event loop; leaving the loop early ends the walk.
 * Folders whose names `takeFolder` accepts are given too (a `.git` folder marks a project), not entered.
 */
export async function* walkWorkspace(folderUris: readonly string[], takeFile: (name: string) => boolean, maxFiles: number, sliceMs = SLICE_MS, takeFolder?: (name: string) => boolean): AsyncGenerator<{ readonly uri: string; readonly path: string }, void, undefined> {
  let sliceStart = performance.now();
  let found = 0;
  for (const folder of folderUris) {
    if (!folder.startsWith('file:')) continue;
    // The folders being listed, the deepest last, each with the entries it has left.
    const stack: { dir: string; entries: fs.Dirent[]; next: number; depth: number }[] = [];
    const enter = (dir: string, depth: number): void => {
      if (depth > MAX_DEPTH) return;
      try {
        stack.push({ dir, entries: fs.readdirSync(dir, { withFileTypes: true }), next: 0, depth });
      } catch {
        // an unreadable folder is left out
      }
    };
    enter(fileURLToPath(folder), 0);
    while (stack.length > 0) {
      if (performance.now() - sliceStart > sliceMs) {
        await nextTurn();
        sliceStart = performance.now();
      }
      const top = stack[stack.length - 1];
      const entry = top.entries[top.next++];
      if (!entry) {
        stack.pop();
        continue;
      }
      const full = path.join(top.dir, entry.name);
      if (entry.isDirectory()) {
        if (takeFolder?.(entry.name)) {
          yield { uri: pathToFileURL(full).toString(), path: full };
          if (++found >= maxFiles) return;
        } else if (!isSkippedFolder(entry.name)) enter(full, top.depth + 1);
      } else if (entry.isFile() && takeFile(entry.name)) {
        yield { uri: pathToFileURL(full).toString(), path: full };
        if (++found >= maxFiles) return;
      }
    }
  }
}

/**
 * Turns of the event loop enough for a request read meanwhile to be answered: vscode-jsonrpc
 * handles a message in a `setImmediate` after the poll phase that read it, and writes the answer in
 * another; the walk goes on in a third. Each turn costs microseconds when nothing waits.
 */
async function nextTurn(): Promise<void> {
  for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
}
