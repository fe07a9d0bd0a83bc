import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCodeGrammars } from '../../../../server/src/fileSystem/codeGrammars';
import type { CodeGrammars } from '../../../../server/src/service/instrumentation/codeParser';
import { readCodeMetrics } from '../../../../server/src/service/instrumentation/codeMetrics';
import { multiprocessGaugeProblems } from '../../../../server/src/service/instrumentation/multiprocessGauges';
import type { Problem } from '../../../../server/src/service/diagnostic';
import { LINT_RULES } from '../../../../server/src/service/lint/lintRegistry';
import { DEFAULT_LINT_SETTINGS } from '../../../../server/src/service/lint/lintSettings';
import { readJsonLines, REALWORLD, REPO_ROOT } from '../../../support/paths';

/*
 * The precision of the rules on Python code, as a user meets them: every .py file of
 * ../shared/realworld/code, each repository one workspace (its multiprocess setup decides the
 * multiprocess rule), and the users' own code in ../shared/seeds (tutorials whose Python is read as
 * it stands, among their prose). Every finding counted here was read by hand: `falsePositives` says
 * how many are wrong, `why` what they are. No error on real code; no rule above 10% false
 * positives at warning level; each instrumentation rule publishes these figures in its `precision`.
 */

const SEEDS = path.resolve(REPO_ROOT, '..', 'shared', 'seeds');

interface Reviewed {
  readonly count: number;
  readonly severity: 'error' | 'warning' | 'info' | 'hint';
  readonly falsePositives: number;
  readonly why: string;
}

const REALWORLD_REVIEWED: Record<string, Reviewed> = {
  'naming/counter-total': { count: 1, severity: 'warning', falsePositives: 0, why: 'synapse: Gauge("python_gc_unreachable_total"): a gauge named like a counter' },
  'naming/reserved-suffix': { count: 1, severity: 'warning', falsePositives: 0, why: 'synapse: Gauge("synapse_background_process_in_flight_count"): `_count` is a histogram\'s or summary\'s' },
  'instrumentation/multiprocess-gauge': { count: 2, severity: 'warning', falsePositives: 0, why: 'django-prometheus builds a MultiProcessCollector when PROMETHEUS_MULTIPROC_DIR is set; its two migration Gauges then get one series per worker pid' },
};

const SEEDS_REVIEWED: Record<string, Reviewed> = {
  'cardinality/label': { count: 4, severity: 'warning', falsePositives: 0, why: 'FastAPI middleware labelling by request.url.path (2); Counter(…, ["request_id"]) and ["user_id"], which the tutorial itself calls fatal' },
  'instrumentation/multiprocess-gauge': { count: 1, severity: 'warning', falsePositives: 0, why: 'the LLM service mounts a MultiProcessCollector; Gauge llm_active_requests has no multiprocess_mode' },
  'naming/reserved-suffix': { count: 1, severity: 'warning', falsePositives: 0, why: 'Gauge("models_loaded_count")' },
};

interface ManifestEntry {
  readonly file: string;
  readonly repo: string;
  readonly kind: string;
}

function tally(problems: readonly Problem[]): Record<string, string> {
  const counts = new Map<string, { count: number; severities: Set<string> }>();
  for (const p of problems) {
    const entry = counts.get(p.code.code) ?? { count: 0, severities: new Set<string>() };
    entry.count++;
    entry.severities.add(p.severity);
    counts.set(p.code.code, entry);
  }
  return Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)).map(([code, e]) => [code, `${e.count} ${[...e.severities].sort().join('/')}`]));
}

function expected(reviewed: Record<string, Reviewed>): Record<string, string> {
  return Object.fromEntries(Object.entries(reviewed).sort(([a], [b]) => a.localeCompare(b)).map(([code, r]) => [code, `${r.count} ${r.severity}`]));
}

/** The findings of a workspace of Python files, as the workspace gives them (multiprocess from any of its files). */
function workspaceProblems(files: readonly string[], grammars: CodeGrammars): Problem[] {
  const read = files.map((file) => {
    const text = fs.readFileSync(file, 'utf8');
    const metrics = readCodeMetrics('python', text, grammars, { settings: DEFAULT_LINT_SETTINGS });
    metrics.parsed?.release();
    return { text, metrics };
  });
  const multiprocess = read.some((r) => r.metrics.multiprocess);
  return read.flatMap(({ text, metrics }) => [...metrics.problems, ...(multiprocess ? multiprocessGaugeProblems(metrics, text) : [])]);
}

describe('instrumentation precision on real Python code and the seeds (reviewed by hand)', function () {
  this.timeout(120_000);
  let grammars: CodeGrammars;
  before(async () => {
    grammars = await loadCodeGrammars(['python']);
  });

  it('real world: each repository as one workspace, every count reviewed, no error', () => {
    const byRepo = new Map<string, string[]>();
    for (const entry of readJsonLines<ManifestEntry>(path.join(REALWORLD, 'manifest.jsonl'))) {
      if (entry.kind !== 'python') continue;
      byRepo.set(entry.repo, [...(byRepo.get(entry.repo) ?? []), path.join(REALWORLD, entry.file)]);
    }
    assert.equal([...byRepo.values()].flat().length, 51);
    const problems = [...byRepo.values()].flatMap((files) => workspaceProblems(files, grammars));
    assert.deepEqual(tally(problems), expected(REALWORLD_REVIEWED), 'a count changed: read the findings again and update the review and the rules\' precision');
  });

  it('seeds: each tutorial read as one Python file, every count reviewed', () => {
    const problems = fs.readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).flatMap((f) => workspaceProblems([path.join(SEEDS, f)], grammars));
    assert.deepEqual(tally(problems), expected(SEEDS_REVIEWED));
  });

  it('no rule is above 10% false positives at warning level', () => {
    const totals = new Map<string, { count: number; falsePositives: number }>();
    for (const [code, r] of [...Object.entries(REALWORLD_REVIEWED), ...Object.entries(SEEDS_REVIEWED)]) {
      const t = totals.get(code) ?? { count: 0, falsePositives: 0 };
      totals.set(code, { count: t.count + r.count, falsePositives: t.falsePositives + r.falsePositives });
    }
    assert.deepEqual([...totals].filter(([, t]) => t.falsePositives > 0.1 * t.count).map(([code]) => code), []);
  });

  it('publishes the figures of this review in each rule\'s precision ("on code: N wrong of M")', () => {
    for (const rule of LINT_RULES) {
      const reviewed = [REALWORLD_REVIEWED[rule.code], SEEDS_REVIEWED[rule.code]].filter((r): r is Reviewed => r !== undefined);
      const count = reviewed.reduce((sum, r) => sum + r.count, 0);
      const falsePositives = reviewed.reduce((sum, r) => sum + r.falsePositives, 0);
      const figures = /\bon code: (\d+) wrong of (\d+)\b/.exec(rule.precision);
      if (!figures && count === 0 && !rule.code.startsWith('instrumentation/')) continue;
      assert.ok(figures, `${rule.code}: "${rule.precision}" does not say "on code: N wrong of M"`);
      assert.deepEqual([Number(figures[1]), Number(figures[2])], [falsePositives, count], `${rule.code}: "${rule.precision}"`);
    }
  });
});
