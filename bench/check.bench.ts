import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkWorkspace } from '../server/src/cli/check/workspaceCheck';
import { findCheckedFiles } from '../server/src/cli/check/fileDiscovery';
import { DEFAULT_LINT_SETTINGS } from '../server/src/service/lint/lintSettings';
import { CORPUS, REPO_ROOT } from '../test/support/paths';
import { ORDINARY_FILES, writeOrdinaryRuleRepository } from './ordinaryRuleRepository';

/*
 * `npm run bench`: `prometheus-lsp check` against `promtool check rules` (Prometheus' own checker,
 * Go), measured in the same run:
 *   - the wall time and the whole-process CPU time (user + sys, from GNU time when /usr/bin/time is
 *     installed) of both commands on an ordinary repository (60 rule files, 430 KB), in turns,
 *     median of 7 each and the median of the pairwise CPU ratios: what CI runs most, where start-up
 *     counts (target: check within 1.5× of promtool; on a loaded machine the wall time also counts
 *     the waits for a core, the CPU time does not);
 *   - files/s over the corpus' rule files and configurations (in process, and as a command);
 *   - files/s over a generated repository of 10,000 rule files (4 rules each), as commands, and
 *     over one where every file records the same names;
 *   - the wall time of both commands on one generated file of 10,000 rules (2.3 MB), in turns.
 * Target: check no slower than promtool. Commands are timed from spawn to exit, best of 3 (of 5 for
 * the one file).
 */

const BIN = path.join(REPO_ROOT, 'bin', 'prometheus-lsp.js');
const PROMTOOL = '/usr/bin/promtool';
const GNU_TIME = '/usr/bin/time';

/** A rule file of `count` rules in groups of 20: recording rules, and alerts that read them; names unique by `prefix`. */
function ruleFile(count: number, prefix: string): string {
  const lines = ['groups:'];
  for (let i = 0; i < count; i++) {
    if (i % 20 === 0) lines.push(`  - name: ${prefix}group${i / 20}`, '    interval: 1m', '    rules:');
    if (i % 2 === 0) {
      lines.push(`      - record: job:${prefix}http_requests_${i}:rate5m`, '        expr: sum by (job) (rate(http_requests_total{job="api",code=~"5.."}[5m]))', '        labels:', '          team: sre');
    } else {
      lines.push(`      - alert: ${prefix}HighErrorRate${i}`, `        expr: job:${prefix}http_requests_${i - 1}:rate5m > 0.5`, '        for: 10m', '        labels:', '          severity: page',
        '        annotations:', '          summary: "High error rate on {{ $labels.job }}"', '          description: "{{ $value | humanizePercentage }} of requests fail"');
    }
  }
  return `${lines.join('\n')}\n`;
}

/** 10,000 rule files of 4 rules in 100 team folders, the names of file i prefixed by `prefix(i)`; returns their paths. */
function writeRepository(root: string, prefix: (i: number) => string): string[] {
  const files: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    const team = path.join(root, `team${i % 100}`);
    fs.mkdirSync(team, { recursive: true });
    const file = path.join(team, `rules${i}.yml`);
    fs.writeFileSync(file, ruleFile(4, prefix(i)));
    files.push(file);
  }
  return files;
}

/** Best wall time of `runs` runs of a command, in seconds; throws when it fails unexpectedly. */
function wallTime(command: string, args: readonly string[], cwd: string, okStatuses: readonly number[], runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (result.status === null || !okStatuses.includes(result.status)) throw new Error(`${command} ${args.slice(0, 3).join(' ')}… exited ${result.status}: ${String(result.stderr).slice(0, 500)}`);
    best = Math.min(best, seconds);
  }
  return best;
}

/**
 * The wall time and the CPU time (user + sys, the kernel's accounting of the finished process, as
 * GNU time reads it) of one run of a command, in seconds; throws when it fails unexpectedly.
 */
function wallAndCpuTime(command: string, args: readonly string[], cwd: string, okStatuses: readonly number[]): { wall: number; cpu: number } {
  const out = path.join(os.tmpdir(), `prometheus-lsp-bench-time-${process.pid}`);
  const start = process.hrtime.bigint();
  const result = spawnSync(GNU_TIME, ['-f', '%U %S', '-o', out, command, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status === null || !okStatuses.includes(result.status)) throw new Error(`${command} ${args.slice(0, 3).join(' ')}… exited ${result.status}: ${String(result.stderr).slice(0, 500)}`);
  const [user, sys] = fs.readFileSync(out, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
  fs.rmSync(out, { force: true });
  return { wall, cpu: user! + sys! };
}

/** The median of a list of numbers. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function row(cells: (string | number)[]): string {
  return cells.map((c, i) => String(c).padStart(i === 0 ? 44 : 14)).join(' ');
}

const hasPromtool = fs.existsSync(PROMTOOL);
if (!hasPromtool) console.log(`${PROMTOOL} is absent: the promtool columns are skipped (install Debian's prometheus package)`);

// 0. An ordinary repository, first (while the machine is quiet), the two commands in turns after a
// warm-up run of each, so that a slow spell falls on both alike.
{
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prometheus-lsp-check-start-'));
  try {
    const files = writeOrdinaryRuleRepository(dir);
    const bytes = files.reduce((sum, file) => sum + fs.statSync(path.join(dir, file)).size, 0);
    const hasTime = fs.existsSync(GNU_TIME);
    const run = (command: string, args: readonly string[]): { wall: number; cpu: number } =>
      (hasTime ? wallAndCpuTime(command, args, dir, [0]) : { wall: wallTime(command, args, dir, [0], 1), cpu: NaN });
    const check = (): { wall: number; cpu: number } => run(process.execPath, [BIN, 'check', '.']);
    const promtool = (): { wall: number; cpu: number } => run(PROMTOOL, ['check', 'rules', ...files]);
    check();
    if (hasPromtool) promtool();
    const checkTimes: { wall: number; cpu: number }[] = [];
    const promtoolTimes: { wall: number; cpu: number }[] = [];
    for (let i = 0; i < 7; i++) {
      checkTimes.push(check());
      if (hasPromtool) promtoolTimes.push(promtool());
    }
    const label = `ordinary repository, ${ORDINARY_FILES} files (${Math.round(bytes / 1000)} KB)`;
    const of = (times: { wall: number; cpu: number }[], key: 'wall' | 'cpu'): number[] => times.map((t) => t[key]);
    console.log(row([label, 'check s', 'best', 'promtool s', 'best', 'check/promtool']));
    for (const key of ['wall', 'cpu'] as const) {
      if (key === 'cpu' && !hasTime) {
        console.log(`${GNU_TIME} is absent: no CPU times (install Debian's time package)`);
        continue;
      }
      const ours = of(checkTimes, key);
      const theirs = of(promtoolTimes, key);
      // Pair by pair: a slow spell of the machine falls on both runs of a pair.
      const ratio = hasPromtool ? median(ours.map((t, i) => t / theirs[i]!)) : undefined;
      console.log(row([`${key === 'wall' ? 'wall' : 'CPU (user + sys)'}, median of 7, in turns`, median(ours).toFixed(3), Math.min(...ours).toFixed(3),
        hasPromtool ? median(theirs).toFixed(3) : '-', hasPromtool ? Math.min(...theirs).toFixed(3) : '-',
        ratio === undefined ? '-' : `${ratio.toFixed(2)}× (pairs)`]));
    }
    console.log('target: check/promtool at most 1.5× (start-up counts here)\n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// 1. The corpus, in process (no start-up) and as a command.
const corpusFiles = findCheckedFiles([path.join(CORPUS, 'rules'), path.join(CORPUS, 'config')]).files;
const environment = { lint: DEFAULT_LINT_SETTINGS, documentTypes: {} };
checkWorkspace(corpusFiles, environment); // warm-up
let inProcess = Infinity;
for (let i = 0; i < 3; i++) {
  const start = process.hrtime.bigint();
  checkWorkspace(corpusFiles, environment);
  inProcess = Math.min(inProcess, Number(process.hrtime.bigint() - start) / 1e9);
}
const corpusCommand = wallTime(process.execPath, [BIN, 'check', '--quiet', 'rules', 'config'], CORPUS, [0, 1]);
const corpusRuleFiles = corpusFiles.filter((f) => f.startsWith(path.join(CORPUS, 'rules') + path.sep) && !f.includes(`${path.sep}unittest${path.sep}`));

console.log(row(['', 'seconds', 'files/s', 'promtool s', 'promtool f/s', 'ratio']));
console.log(row([`corpus, ${corpusFiles.length} files, in process`, inProcess.toFixed(2), Math.round(corpusFiles.length / inProcess), '', '', '']));
let corpusPromtool: number | undefined;
if (hasPromtool) corpusPromtool = wallTime(PROMTOOL, ['check', 'rules', ...corpusRuleFiles.map((f) => path.relative(CORPUS, f))], CORPUS, [0, 1]);
console.log(row([`corpus, ${corpusFiles.length} files, command`, corpusCommand.toFixed(2), Math.round(corpusFiles.length / corpusCommand),
  corpusPromtool === undefined ? '-' : `${corpusPromtool.toFixed(2)} (${corpusRuleFiles.length} rule files)`,
  corpusPromtool === undefined ? '-' : Math.round(corpusRuleFiles.length / corpusPromtool), '']));

// 2. One file of 10,000 rules, and 3. a repository of 10,000 rule files.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prometheus-lsp-check-bench-'));
try {
  fs.writeFileSync(path.join(dir, 'big.yml'), ruleFile(10_000, ''));
  // First, on a quiet machine (the repositories below leave it writing files back for a while), in
  // turns, best of 5 each, so that a slow spell falls on both commands alike.
  let bigCheck = Infinity;
  let bigPromtool: number | undefined = hasPromtool ? Infinity : undefined;
  for (let i = 0; i < 5; i++) {
    bigCheck = Math.min(bigCheck, wallTime(process.execPath, [BIN, 'check', '--quiet', 'big.yml'], dir, [0], 1));
    if (bigPromtool !== undefined) bigPromtool = Math.min(bigPromtool, wallTime(PROMTOOL, ['check', 'rules', 'big.yml'], dir, [0], 1));
  }
  const size = `${(fs.statSync(path.join(dir, 'big.yml')).size / 1e6).toFixed(1)} MB`;
  console.log(row([`one file of 10,000 rules (${size}), command`, bigCheck.toFixed(2), '', bigPromtool?.toFixed(2) ?? '-', '', bigPromtool ? `${(bigPromtool / bigCheck).toFixed(2)}×` : '-']));

  const repo = path.join(dir, 'repo');
  const repoFiles = writeRepository(repo, (i) => `t${i}_`).map((file) => path.relative(dir, file));
  const repoCheck = wallTime(process.execPath, [BIN, 'check', '--quiet', 'repo'], dir, [0], 1);
  // The same in two worker threads (off by default: see server/src/cli/check/parallelCheck.ts).
  const repoWorkers = wallTime('/usr/bin/env', ['PROMETHEUS_LSP_CHECK_WORKERS=2', process.execPath, BIN, 'check', '--quiet', 'repo'], dir, [0], 1);
  const repoPromtool = hasPromtool ? wallTime(PROMTOOL, ['check', 'rules', ...repoFiles], dir, [0], 1) : undefined;
  console.log(row(['10,000 rule files (4 rules each), command', repoCheck.toFixed(2), Math.round(10_000 / repoCheck),
    repoPromtool?.toFixed(2) ?? '-', repoPromtool ? Math.round(10_000 / repoPromtool) : '-', repoPromtool ? `${(repoPromtool / repoCheck).toFixed(2)}×` : '-']));

  // Every file recording the same names, as teams copy one rules file into each of their
  // namespaces: the rule graph must stay linear when many files define one name.
  const same = path.join(dir, 'same');
  writeRepository(same, () => '');
  const sameCheck = wallTime(process.execPath, [BIN, 'check', '--quiet', 'same'], dir, [0], 1);
  console.log(row(['10,000 files all recording the same names', sameCheck.toFixed(2), Math.round(10_000 / sameCheck), '', '', `${(repoCheck / sameCheck).toFixed(2)}× unique names`]));

  console.log(row(['the same, 2 worker threads', repoWorkers.toFixed(2), Math.round(10_000 / repoWorkers), '', '', `${(repoCheck / repoWorkers).toFixed(2)}× one thread`]));

  console.log('ratio: promtool time / check time (above 1: check is faster)');
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
