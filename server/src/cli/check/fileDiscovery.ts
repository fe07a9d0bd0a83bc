import * as fs from 'node:fs';
import * as path from 'node:path';
import { isSkippedFolder } from '../../fileSystem/workspaceFiles';
import { isMentionFileName } from '../../service/workspace/nameMentions';

/*
 * The files a check reads: every file named on the command line, and under every folder named the
 * files an editor would look at (`.promql`, `.yml`, `.yaml`, and Python, JavaScript and TypeScript
 * code for the metrics it defines), recursively, skipping the folders the
 * editor skips (dependencies, build output, dot-folders: workspaceFiles.ts). Whether a YAML file is a configuration, a rule file or a rule test is decided later,
 * by its content, as in the editor. The other files of those folders (dashboards, jsonnet, docs,
 * code) are listed apart: they are read only for the recording-rule names they mention.
 *
 * The walk stays inside what it was given: a symbolic link is followed only when its real target
 * lies inside one of the folders named (a link to `/` would walk the whole system), each real
 * folder once (no loops); only regular files are read (never a FIFO, which blocks the reader, a
 * socket or a device), and none larger than MAX_CHECKED_FILE_BYTES.
 */

const CANDIDATE = /\.(ya?ml|promql)$/i;
/** Application code, checked for the metrics it defines (only files that import a client library are read further). */
const CODE = /\.(py|[cm]?js|jsx|[cm]?ts|tsx)$/i;

/**
 * The largest file a check reads: 32 MB, some 30 times the largest real-world rule file we know (the
 * corpus' largest is 1 MB), and a bound on what one file costs in memory (a model is several times
 * its text).
 */
export const MAX_CHECKED_FILE_BYTES = 32 * 1024 * 1024;

export interface FoundFiles {
  /** Absolute paths, each once, in the order of the command line and sorted within each folder. */
  readonly files: readonly string[];
  /** Paths that do not exist, cannot be listed or are no regular file: exit status 2. */
  readonly problems: readonly string[];
  /** The other files under the folders named, read for the names they mention (`rules/unused`). */
  readonly mentionFiles: readonly string[];
  /** What the walk left alone and why (links out of the folders given, FIFOs, devices): said, without failing. */
  readonly notes: readonly string[];
}

export function findCheckedFiles(paths: readonly string[], cwd = process.cwd()): FoundFiles {
  const files: string[] = [];
  const seen = new Set<string>();
  const problems: string[] = [];
  const mentionFiles: string[] = [];
  const notes: string[] = [];
  /** Real paths of the folders walked: a symbolic link back up the tree is not followed twice. */
  const walked = new Set<string>();
  /** Real paths of the folders given: links are followed only to inside them. */
  const roots: string[] = [];

  const addFile = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    files.push(file);
  };

  const inRoots = (real: string): boolean => roots.some((root) => real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep));

  const walk = (dir: string): void => {
    let real: string;
    let entries: fs.Dirent[];
    try {
      real = fs.realpathSync(dir);
      if (walked.has(real)) return;
      walked.add(real);
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      problems.push(`cannot read the folder ${dir} (${codeOf(error)})`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      let type: fs.Dirent | fs.Stats = entry;
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = fs.realpathSync(full);
          type = fs.statSync(target);
        } catch {
          continue; // a dangling link (or a loop of links) names nothing to check
        }
        if (!inRoots(target)) {
          if (type.isDirectory() || CANDIDATE.test(entry.name)) notes.push(`not following ${full}: it links to ${target}, outside the folders checked`);
          continue;
        }
        if (roots.includes(target)) continue; // a folder given is walked under its own name
      }
      if (type.isDirectory()) {
        if (!isSkippedFolder(entry.name)) walk(full);
      } else if (CANDIDATE.test(entry.name) || (CODE.test(entry.name) && !entry.name.endsWith('.d.ts'))) {
        if (type.isFile()) addFile(full);
        else notes.push(`not reading ${full}: ${whatIsNotRegular(type)}, not a regular file`);
      } else if (type.isFile() && isMentionFileName(entry.name)) {
        mentionFiles.push(full);
      }
    }
  };

  const given = paths.map((name) => ({ name, full: path.resolve(cwd, name), stat: null as fs.Stats | null }));
  for (const entry of given) {
    try {
      entry.stat = fs.statSync(entry.full);
      if (entry.stat.isDirectory()) roots.push(fs.realpathSync(entry.full));
    } catch (error) {
      problems.push(`cannot read ${entry.name} (${codeOf(error)})`);
    }
  }
  for (const { name, full, stat } of given) {
    if (!stat) continue;
    // A file named on the command line is checked whatever its extension (as YAML unless .promql).
    if (stat.isDirectory()) walk(full);
    else if (stat.isFile()) addFile(full);
    else problems.push(`not reading ${name}: ${whatIsNotRegular(stat)}, not a regular file`);
  }
  // A file named on the command line is checked, not read for mentions (its records would name themselves).
  return { files, problems, notes, mentionFiles: mentionFiles.filter((file) => !seen.has(file)) };
}

/**
 * The text of a file found by findCheckedFiles, checked again as it is opened (it may have changed
 * since): a regular file (opened without blocking, so a FIFO put in its place cannot stall the
 * check) of at most MAX_CHECKED_FILE_BYTES. Throws CheckedFileError with the reason otherwise.
 */
export function readCheckedFile(file: string): string {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new CheckedFileError(`not reading ${file}: ${whatIsNotRegular(stat)}, not a regular file`);
    if (stat.size > MAX_CHECKED_FILE_BYTES) {
      throw new CheckedFileError(`not reading ${file}: it holds ${(stat.size / 1024 / 1024).toFixed(1)} MB, more than the ${MAX_CHECKED_FILE_BYTES / 1024 / 1024} MB a checked file may`);
    }
    // Read as text at once (Node decodes UTF-8 into the string without a Buffer in between).
    return fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** Why a file was not read, in words for the user. */
export class CheckedFileError extends Error {}

function whatIsNotRegular(stat: fs.Stats | fs.Dirent): string {
  if (stat.isFIFO()) return 'it is a FIFO';
  if (stat.isSocket()) return 'it is a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'it is a device';
  return 'it is no file';
}

export function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}
