import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, REALWORLD, REPO_ROOT } from '../../support/paths';

/*
 * `prometheus-lsp check` on application code: Python, JavaScript and TypeScript files and folders
 * are checked with the findings the editor gives them (the readers' own and the workspace's, such as
 * instrumentation/bucket-threshold across the rule file and the code), code that imports no client
 * library is neither checked nor counted as skipped, and the real-world code of
 * ../shared/realworld/code gets no error.
 */

const BIN = path.join(REPO_ROOT, 'bin', 'prometheus-lsp.js');
const SERVICE = path.join(FIXTURES, 'codeMetrics');

interface JsonFinding {
  readonly file: string;
  readonly severity: string;
  readonly code: string;
  readonly message: string;
  readonly range: { readonly start: { readonly line: number } };
}

function check(args: readonly string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [BIN, 'check', ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('check: code files', () => {
  it('checks the instrumented code of a folder with its rules, across files', () => {
    const run = check(['--format', 'json', '.'], SERVICE);
    assert.equal(run.stderr, '');
    const findings = JSON.parse(run.stdout) as JsonFinding[];
    const thresholds = findings.filter((f) => f.code === 'instrumentation/bucket-threshold').map((f) => `${f.file}:${f.range.start.line + 1} ${f.severity}`);
    assert.deepEqual(thresholds.sort(), ['app/metrics.py:9 info', 'app/metrics.py:9 info', 'rules/alerts.yml:5 info', 'rules/alerts.yml:8 info']);
    assert.deepEqual(findings.filter((f) => f.severity === 'error'), []);
    // Code without a client library gets nothing.
    assert.deepEqual(findings.filter((f) => f.file === 'app/text.py'), []);
  });

  it('counts the instrumented code as checked, and no code as skipped', () => {
    const run = check(['.'], SERVICE);
    assert.match(run.stdout, /\n3 files checked/, run.stdout);
    assert.doesNotMatch(run.stdout, /skipped/);
  });

  it('checks a code file named on the command line', () => {
    const run = check(['--format', 'json', 'app/metrics.py', 'rules/alerts.yml'], SERVICE);
    const findings = JSON.parse(run.stdout) as JsonFinding[];
    assert.equal(findings.filter((f) => f.file === 'app/metrics.py' && f.code === 'instrumentation/bucket-threshold').length, 2);
  });

  it('finds no error in the real-world code of ../shared/realworld/code', function () {
    const code = path.join(REALWORLD, 'code');
    if (!fs.existsSync(code)) this.skip();
    const run = check(['--format', 'json', '.'], code);
    assert.notEqual(run.status, 2, run.stderr);
    const findings = JSON.parse(run.stdout) as JsonFinding[];
    assert.deepEqual(findings.filter((f) => f.severity === 'error').map((f) => `${f.file}:${f.range.start.line + 1} ${f.code} ${f.message}`), []);
  });
});
