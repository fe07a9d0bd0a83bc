import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/*
 * promtool (2.42, installed at /usr/bin/promtool) as the oracle of what Prometheus rejects: tests
 * write real files to a temporary folder, run it once for a whole table, and read its verdicts.
 */

export const PROMTOOL = process.env['PROMTOOL'] ?? '/usr/bin/promtool';

/** Runs promtool with the given arguments in `cwd`; its exit status and what it printed. */
export function runPromtool(args: readonly string[], cwd: string): { status: number; output: string } {
  try {
    const output = execFileSync(PROMTOOL, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    return { status: 0, output };
  } catch (error) {
    const failed = error as { status?: number; stdout?: string; stderr?: string };
    if (typeof failed.status !== 'number') throw error;
    return { status: failed.status, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/** A fresh temporary folder, removed by the returned function. */
export function temporaryFolder(prefix: string): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * promtool's verdict on each PromQL expression, all checked in one rule file: null when it accepts
 * the expression, else its message for that rule.
 */
export function promtoolExpressionErrors(expressions: readonly string[]): (string | null)[] {
  const { dir, remove } = temporaryFolder('promtool-exprs-');
  try {
    const rules = expressions.map((expr, i) => `      - record: r:${i}\n        expr: '${expr.replace(/'/g, "''")}'\n`).join('');
    fs.writeFileSync(path.join(dir, 'rules.yml'), `groups:\n  - name: g\n    rules:\n${rules}`);
    const { output } = runPromtool(['check', 'rules', 'rules.yml'], dir);
    const errors: (string | null)[] = expressions.map(() => null);
    for (const line of output.split('\n')) {
      const match = /group "g", rule (\d+), "r:\d+": (.*)$/.exec(line);
      if (match) errors[Number(match[1]) - 1] = match[2];
    }
    return errors;
  } finally {
    remove();
  }
}
