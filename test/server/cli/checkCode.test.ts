import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, REALWORLD, REPO_ROOT } from '../../support/paths';

/*
 * `prometheus-lsp check` on application code: Python, JavaScript and TypeScript files and folders
 * are checked with the findings the editor gives them (the readers' own and the workspace's, such as
 * instrumentation/bucket-threshold across the rule file and the code), code that imports no client
 * library is neither checked nor counted as skipped, a project's multiprocess setup holds for that
 * project only, and the real-world code of ../shared/realworld/code gets no error and the same
 * findings checked as one folder as repository by repository.
 */

const BIN = path.join(REPO_ROOT, 'bin', 'prometheus-lsp.js');
const SERVICE = path.join(FIXTURES, 'codeMetrics');
const MONOREPO = path.join(FIXTURES, 'code', 'monorepo');

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

  it('scopes multiprocess mode to the project that sets it up (the nearest folder with a project marker)', () => {
    // billing/ (pyproject.toml) sets PROMETHEUS_MULTIPROC_DIR in its gunicorn.conf.py; search/ (requirements.txt) and tools/ do not.
    const run = check(['--format', 'json', '.'], MONOREPO);
    const findings = JSON.parse(run.stdout) as JsonFinding[];
    assert.deepEqual(findings.map((f) => `${f.file}:${f.range.start.line + 1} ${f.code}`), ['billing/app/metrics.py:4 instrumentation/multiprocess-gauge']);
    // A file named alone, outside the folders walked, is of no project that sets it up.
    const alone = JSON.parse(check(['--format', 'json', 'search/app/metrics.py', 'billing'], MONOREPO).stdout) as JsonFinding[];
    assert.deepEqual(alone.map((f) => `${f.file}:${f.range.start.line + 1} ${f.code}`), ['billing/app/metrics.py:4 instrumentation/multiprocess-gauge']);
  });

  it('gives the 14 real-world repositories checked together the findings each gets alone, all reviewed', function () {
    const code = path.join(REALWORLD, 'code');
    if (!fs.existsSync(code)) this.skip();
    const lines = (run: { stdout: string }, folder: string): string[] =>
      (JSON.parse(run.stdout) as JsonFinding[]).map((f) => `${path.join(folder, f.file)}:${f.range.start.line + 1} ${f.severity} ${f.code}`);
    const together = lines(check(['--format', 'json', '.'], code), '').sort();
    const repos = fs.readdirSync(code).sort();
    assert.equal(repos.length, 14);
    const alone = repos.flatMap((repo) => lines(check(['--format', 'json', '.'], path.join(code, repo)), repo)).sort();
    assert.deepEqual(together, alone);
    // Read by hand: each is right (promlint says the same of the two synapse names).
    assert.deepEqual(together, [
      'element-hq+synapse/synapse/metrics/_gc.py:58 warning naming/counter-total', // Gauge("python_gc_unreachable_total")
      'element-hq+synapse/synapse/metrics/background_process_metrics.py:83 warning naming/reserved-suffix', // Gauge("…_in_flight_count")
      'jochen-schweizer+express-prom-bundle/advanced-example.js:36 warning naming/counter-total', // new Counter({ name: 'c1' }) exposes "c1"
      'korfuri+django-prometheus/django_prometheus/migrations.py:15 warning instrumentation/multiprocess-gauge', // MultiProcessCollector in its exports.py
      'korfuri+django-prometheus/django_prometheus/migrations.py:8 warning instrumentation/multiprocess-gauge',
    ]);
  });
});
