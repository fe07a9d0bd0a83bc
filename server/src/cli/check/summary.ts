import type { Counts } from './findings';

/*
 * The closing line of the text and GitHub formats: what was checked, what was found, what was
 * fixed and skipped, and why the run fails when it is for too many warnings.
 */

export interface RunSummary {
  readonly filesChecked: number;
  /** YAML files that are not Prometheus files. */
  readonly skipped: number;
  readonly counts: Counts;
  /** Hints found, which are not reported. */
  readonly hints: number;
  /** With --fix: problems fixed, in how many files. */
  readonly fixed?: { readonly problems: number; readonly files: number };
  readonly maxWarnings?: number;
  readonly quiet: boolean;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function summaryLine(summary: RunSummary): string {
  const { counts } = summary;
  const found = summary.quiet
    ? plural(counts.error, 'error')
    : [plural(counts.error, 'error'), plural(counts.warning, 'warning'), plural(counts.info, 'info', 'infos')].join(', ');
  let line = `${plural(summary.filesChecked, 'file')} checked: ${found}`;
  if (summary.hints > 0) line += ` (and ${plural(summary.hints, 'hint')}, not shown)`;
  if (summary.fixed) line += `; fixed ${plural(summary.fixed.problems, 'problem')} in ${plural(summary.fixed.files, 'file')}`;
  if (summary.skipped > 0) line += `; ${plural(summary.skipped, 'YAML file')} skipped (not Prometheus files)`;
  line += '\n';
  if (summary.maxWarnings !== undefined && counts.warning > summary.maxWarnings) {
    line += `too many warnings: ${counts.warning}, at most ${summary.maxWarnings} allowed (--max-warnings)\n`;
  }
  return line;
}
