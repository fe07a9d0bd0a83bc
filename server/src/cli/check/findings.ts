import * as path from 'node:path';
import type { Severity } from '../../service/diagnostic';
import { lineRange, type LineRange } from '../../service/documents/textRanges';
import type { CheckedFile } from './workspaceCheck';

/*
 * What a check found, ready for any output format: one finding per problem the workspace found,
 * placed in lines and columns, with the file as the user knows it (relative to the working folder
 * when inside it), and the counts that decide the exit status.
 *
 * Hints are not findings: editors show them as faint marks in the text, not in their list of
 * problems (VS Code's Problems view leaves them out), and in a CI log thousands of "unused recording
 * rule" hints (rules a dashboard reads) would bury the problems. They are counted; `--rule ID=info`
 * reports a rule's.
 */

export interface Finding {
  /** The file as printed: relative to the working folder (with `/`) when inside it, else absolute. */
  readonly file: string;
  /** 0-based, as LSP. */
  readonly range: LineRange;
  readonly severity: Severity;
  /** The rule id (`promql/syntax`, `naming/counter-total`). */
  readonly code: string;
  readonly message: string;
}

export interface Counts {
  readonly error: number;
  readonly warning: number;
  readonly info: number;
}

export function displayPath(file: string, cwd = process.cwd()): string {
  const relative = path.relative(cwd, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return file;
  return relative.split(path.sep).join('/');
}

export interface Findings {
  /** In file order, then by position. */
  readonly findings: readonly Finding[];
  /** Hints, which are not reported. */
  readonly hints: number;
}

/** The findings of the checked files; errors only when `quiet`. */
export function findingsOf(files: readonly CheckedFile[], quiet: boolean, cwd = process.cwd()): Findings {
  const findings: Finding[] = [];
  let hints = 0;
  for (const file of files) {
    const shown = displayPath(file.path, cwd);
    for (const p of file.problems) {
      const severity = p.severity;
      if (severity === 'hint') hints++;
      if (severity === 'hint' || (quiet && severity !== 'error')) continue;
      findings.push({ file: shown, range: lineRange(file.document, p.range), severity, code: p.code.code, message: p.message });
    }
  }
  return { findings, hints };
}

export function countsOf(findings: readonly Finding[]): Counts {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) if (f.severity !== 'hint') counts[f.severity]++;
  return counts;
}
