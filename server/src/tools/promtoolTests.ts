import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, dirname, isAbsolute, join } from 'node:path';

/*
 * Runs `promtool test rules` on a test file, for Run tests: the user's promtool (the
 * `prometheus.promtoolPath` setting, else the first on PATH), in the file's folder (rule_files are
 * relative to it), with a time limit and the output capped. Starting a program is I/O at the edge:
 * the language service only reads what promtool printed (service/rules/ruleTestFailures.ts).
 */

export type PromtoolRun =
  | { readonly kind: 'ran'; readonly status: number; readonly output: string; readonly elapsedMs: number; readonly promtool: string }
  | { readonly kind: 'missing'; readonly message: string }
  | { readonly kind: 'timeout'; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string };

/** How to get promtool, for the lens and the message when there is none. */
export const PROMTOOL_MISSING = 'promtool not found: install it (it ships with every Prometheus release, https://prometheus.io/download/, or the Debian/Ubuntu package prometheus) and put it on PATH or set prometheus.promtoolPath';

/** Output kept at most: a failing test of many series prints long diffs. */
const MAX_OUTPUT_BYTES = 1_000_000;

/** The promtool to run: the setting (a path, or a name looked up on PATH), else `promtool` on PATH; null when there is none. */
export function findPromtool(setting: string, path = process.env['PATH'] ?? ''): string | null {
  const wanted = setting.trim() === '' ? 'promtool' : setting.trim();
  if (isAbsolute(wanted) || wanted.includes('/')) return executable(wanted) ? wanted : null;
  for (const folder of path.split(delimiter)) {
    if (folder === '') continue;
    const candidate = join(folder, wanted);
    if (executable(candidate)) return candidate;
  }
  return null;
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function runRuleTests(file: string, options: { readonly promtoolPath: string; readonly timeoutMs: number; readonly signal?: AbortSignal }): Promise<PromtoolRun> {
  const promtool = findPromtool(options.promtoolPath);
  if (!promtool) return Promise.resolve({ kind: 'missing', message: PROMTOOL_MISSING });
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(promtool, ['test', 'rules', file], { cwd: dirname(file), timeout: options.timeoutMs, killSignal: 'SIGKILL', maxBuffer: MAX_OUTPUT_BYTES, signal: options.signal, encoding: 'utf8' }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      const elapsedMs = Date.now() - started;
      if (!error) return resolve({ kind: 'ran', status: 0, output, elapsedMs, promtool });
      const failure = error as NodeJS.ErrnoException & { code?: unknown; killed?: boolean; signal?: string };
      if (failure.killed && elapsedMs >= options.timeoutMs) return resolve({ kind: 'timeout', message: `promtool test rules did not finish within ${Math.round(options.timeoutMs / 1000)} s` });
      if (typeof failure.code === 'number') return resolve({ kind: 'ran', status: failure.code, output, elapsedMs, promtool });
      if (failure.code === 'ENOENT') return resolve({ kind: 'missing', message: PROMTOOL_MISSING });
      return resolve({ kind: 'failed', message: `promtool test rules could not run: ${failure.message}` });
    });
  });
}
