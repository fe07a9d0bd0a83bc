import * as fs from 'node:fs';
import * as path from 'node:path';

/*
 * The files a check reads: every file named on the command line, and under every folder named the
 * files an editor would look at (`.promql`, `.yml`, `.yaml`), recursively, skipping node_modules and
 * dot-folders. Whether a YAML file is a configuration, a rule file or a rule test is decided later,
 * by its content, as in the editor. The other files of those folders (dashboards, jsonnet, docs,
 * code) are listed apart: they are read only for the recording-rule names they mention.
 */

const CANDIDATE = /\.(ya?ml|promql)$/i;

export interface FoundFiles {
  /** Absolute paths, each once, in the order of the command line and sorted within each folder. */
  readonly files: readonly string[];
  /** Paths that do not exist or cannot be listed: exit status 2. */
  readonly problems: readonly string[];
  /** The other files under the folders named, read for the names they mention (`rules/unused`). */
  readonly mentionFiles: readonly string[];
}

export function findCheckedFiles(paths: readonly string[], cwd = process.cwd()): FoundFiles {
  const files: string[] = [];
  const seen = new Set<string>();
  const problems: string[] = [];
  const mentionFiles: string[] = [];
  /** Real paths of the folders walked: a symbolic link back up the tree is not followed twice. */
  const walked = new Set<string>();

  const addFile = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    files.push(file);
  };

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
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const stat = fs.statSync(full);
          isDirectory = stat.isDirectory();
          isFile = stat.isFile();
        } catch {
          continue; // a dangling link names nothing to check
        }
      }
      if (isDirectory) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(full);
      } else if (isFile && CANDIDATE.test(entry.name)) {
        addFile(full);
      } else if (isFile) {
        mentionFiles.push(full);
      }
    }
  };

  for (const given of paths) {
    const full = path.resolve(cwd, given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch (error) {
      problems.push(`cannot read ${given} (${codeOf(error)})`);
      continue;
    }
    // A file named on the command line is checked whatever its extension (as YAML unless .promql).
    if (stat.isDirectory()) walk(full);
    else addFile(full);
  }
  // A file named on the command line is checked, not read for mentions (its records would name themselves).
  return { files, problems, mentionFiles: mentionFiles.filter((file) => !seen.has(file)) };
}

export function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}
