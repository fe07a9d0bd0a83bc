import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../support/paths';

/*
 * `prometheus-lsp check` on rule files written for Thanos Ruler, Mimir and vmalert, as a user runs
 * it (the bin script over the built bundle): --dialect, `ruleDialect` of --config, and the dialect a
 * checked compose file names. promtool is the oracle of what Prometheus rejects.
 */

const BIN = path.join(REPO_ROOT, 'bin', 'prometheus-lsp.js');
const PROMTOOL = '/usr/bin/promtool';

const RULES = `groups:
- name: thanos-group
  partial_response_strategy: warn
  rules:
  - alert: Down
    expr: up == 0
`;

const VMALERT_RULES = `groups:
- name: vm
  concurrency: 2
  eval_offset: 30s
  rules:
  - record: job:up:median
    expr: median_over_time(up[5m])
`;

const VMALERT_COMPOSE = `services:
  vmalert:
    image: victoriametrics/vmalert:v1.110.0
    command: ["-rule=/etc/alerts/*.yml", "-datasource.url=http://victoriametrics:8428"]
`;

interface Case {
  readonly name: string;
  /** Files of the checked folder. */
  readonly files: Record<string, string>;
  readonly args: readonly string[];
  readonly status: number;
  /** Lines of the text report (the summary line left out). */
  readonly lines: readonly string[];
}

const CASES: Case[] = [
  {
    name: 'a Thanos field without a dialect: the error Prometheus gives, naming Thanos',
    files: { 'rules.yml': RULES },
    args: [],
    status: 1,
    lines: ['rules.yml:3:3 error rules/invalid field partial_response_strategy is a Thanos Ruler field; Prometheus rejects it; set prometheus.ruleDialect to "thanos" if Thanos Ruler loads this file'],
  },
  { name: '--dialect thanos accepts it', files: { 'rules.yml': RULES }, args: ['--dialect', 'thanos'], status: 0, lines: [] },
  { name: '--dialect=thanos accepts it', files: { 'rules.yml': RULES }, args: ['--dialect=thanos'], status: 0, lines: [] },
  { name: "--config's ruleDialect accepts it", files: { 'rules.yml': RULES, 'settings.json': '{"ruleDialect": "thanos"}' }, args: ['--config', 'settings.json'], status: 0, lines: [] },
  {
    name: 'vmalert files beside a compose file that runs vmalert: MetricsQL is a warning',
    files: { 'alerts/vm.yml': VMALERT_RULES, 'docker-compose.yml': VMALERT_COMPOSE },
    args: [],
    status: 0,
    lines: ['alerts/vm.yml:7:11 warning promql/metricsql median_over_time is a MetricsQL function: vmalert runs it, Prometheus does not know it'],
  },
  {
    name: '--dialect prometheus overrides what the compose file says',
    files: { 'alerts/vm.yml': VMALERT_RULES, 'docker-compose.yml': VMALERT_COMPOSE },
    args: ['--dialect', 'prometheus'],
    status: 1,
    lines: [
      'alerts/vm.yml:3:3 error rules/invalid field concurrency is a vmalert field; Prometheus rejects it; set prometheus.ruleDialect to "vmalert" if vmalert loads this file',
      'alerts/vm.yml:4:3 error rules/invalid field eval_offset is a vmalert field; Prometheus rejects it; set prometheus.ruleDialect to "vmalert" if vmalert loads this file',
      'alerts/vm.yml:7:11 error promql/syntax unknown function with name "median_over_time": it is a MetricsQL function; set prometheus.ruleDialect to "vmalert" if vmalert loads this file',
    ],
  },
];

describe('prometheus-lsp check --dialect', function () {
  this.timeout(60_000);
  let dir = '';
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const c of CASES) {
    it(c.name, () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prometheus-lsp-check-dialect-'));
      for (const [name, text] of Object.entries(c.files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
      }
      const run = spawnSync(process.execPath, [BIN, 'check', ...c.args, '.'], { cwd: dir, encoding: 'utf8' });
      assert.equal(run.stderr, '');
      const lines = run.stdout.split('\n').filter((line) => /^\S+:\d+:\d+ /.test(line));
      assert.deepEqual(lines, c.lines);
      assert.equal(run.status, c.status);
    });
  }

  it('finds the dialect across the shares of worker threads', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prometheus-lsp-check-dialect-'));
    fs.mkdirSync(path.join(dir, 'a'));
    fs.writeFileSync(path.join(dir, 'a', 'docker-compose.yml'), VMALERT_COMPOSE);
    fs.mkdirSync(path.join(dir, 'm'));
    for (let i = 0; i < 200; i++) fs.writeFileSync(path.join(dir, 'm', `q${String(i).padStart(3, '0')}.promql`), 'up\n');
    fs.mkdirSync(path.join(dir, 'z'));
    fs.writeFileSync(path.join(dir, 'z', 'vm.yml'), VMALERT_RULES);
    // The compose file is in the first worker's share, the rule file in the second's.
    const run = spawnSync(process.execPath, [BIN, 'check', '.'], { cwd: dir, encoding: 'utf8', env: { ...process.env, PROMETHEUS_LSP_CHECK_WORKERS: '2' } });
    assert.equal(run.stderr, '');
    assert.deepEqual(run.stdout.split('\n').filter((line) => /^\S+:\d+:\d+ /.test(line)), ['z/vm.yml:7:11 warning promql/metricsql median_over_time is a MetricsQL function: vmalert runs it, Prometheus does not know it']);
    assert.equal(run.status, 0);
  });

  it('refuses an unknown dialect (exit status 2)', () => {
    const run = spawnSync(process.execPath, [BIN, 'check', '--dialect', 'loki', '.'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /unknown dialect "loki" \(give prometheus, thanos, mimir, vmalert\)/);
  });

  it('rejects a Thanos field as promtool does when no dialect is set', function () {
    if (!fs.existsSync(PROMTOOL)) this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prometheus-lsp-check-dialect-'));
    fs.writeFileSync(path.join(dir, 'rules.yml'), RULES);
    const promtool = spawnSync(PROMTOOL, ['check', 'rules', 'rules.yml'], { cwd: dir, encoding: 'utf8' });
    assert.equal(promtool.status, 1);
    assert.match(promtool.stdout + promtool.stderr, /field partial_response_strategy not found/);
    assert.equal(spawnSync(process.execPath, [BIN, 'check', 'rules.yml'], { cwd: dir, encoding: 'utf8' }).status, 1);
  });
});
