import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkWorkspace, type WorkspaceCheckResult } from '../../../server/src/cli/check/workspaceCheck';
import { LINT_RULES } from '../../../server/src/service/lint/lintRegistry';
import { DEFAULT_LINT_SETTINGS } from '../../../server/src/service/lint/lintSettings';
import { CORPUS, readJsonLines, REPO_ROOT } from '../../support/paths';

/*
 * The precision of every rule that is not an error, measured as a user meets it: `check` (the
 * editor's code path, rule graph included) over each repository of ../shared/realworld as one
 * workspace (its rule files, PrometheusRule resources, configurations, scrape-config lists and rule
 * tests; its other files read only for the names they mention), and over the real-world rule files
 * of ../shared/corpus (pint's fixtures, written to hold mistakes, are counted in corpusFindings).
 * No live source, no settings. Every finding counted here was read by hand: `falsePositives` says
 * how many are wrong, `why` says what they are. Each rule's `precision` publishes the rates
 * (docs/lint-rules.md is written from it); the last test keeps them equal to this review.
 * Error findings are left to the promtool oracle (an error must mean promtool rejects the file).
 *
 * The policy asserted last: no rule above 10% false positives at warning level.
 */

const REALWORLD = process.env['PROMETHEUS_LSP_REALWORLD'] ?? path.resolve(REPO_ROOT, '..', 'shared', 'realworld');
const PROMETHEUS_KINDS = new Set(['rules', 'prometheusrule', 'config', 'scrape-config-list', 'ruletests']);

interface Reviewed {
  readonly count: number;
  readonly severity: 'warning' | 'info' | 'hint';
  /** Findings that are wrong: the code is fine, or the claim is false. */
  readonly falsePositives: number;
  /** Findings that are right but that no one would act on (or that this data cannot settle). */
  readonly noise?: number;
  readonly why: string;
}

const REALWORLD_REVIEWED: Record<string, Reviewed> = {
  'cardinality/series': { count: 1, severity: 'warning', falsePositives: 0, noise: 1, why: 'rabbitmq: `queue=~".*"` narrows nothing, as said; redundant, not harmful' },
  'naming/base-unit': { count: 2, severity: 'warning', falsePositives: 0, why: 'elasticsearch_exporter records `…_used_percent`, `…_free_percent` (100 * ratio): `_ratio` is the base unit' },
  'naming/counter-total': { count: 23, severity: 'warning', falsePositives: 0, why: 'cortex (8) and django-prometheus (15) record rates still named `…_total…`; Prometheus\' recording-rule guide drops `_total` after rate' },
  'promql/counter-without-rate': { count: 2, severity: 'info', falsePositives: 2, why: 'django-prometheus: `max(django_migrations_applied_total)`, `…_unapplied_total` are gauges named like counters; by name only, hence info' },
  'promql/regex-literal': { count: 10, severity: 'info', falsePositives: 0, why: '`route!~"ready"`, `queue_name!~"None"` (celery mixin, 8), `job=~"blackbox"`: plain strings in regex matchers' },
  'rules/alert-for': { count: 8, severity: 'hint', falsePositives: 0, noise: 8, why: 'cortex TSDB failure alerts and rabbitmq unroutable messages fire at once on purpose' },
  'rules/dropped-label': { count: 3, severity: 'warning', falsePositives: 0, why: 'snmp mixin: `{{$labels.job}}` after `sum by (instance)` (2); etcd operator: `{{ $labels.job }}` after `avg(…)`: always empty' },
  'rules/duplicate': { count: 2, severity: 'warning', falsePositives: 0, why: 'rabbitmq records ALERTS:rabbitmq_alert_state_numeric twice with the same labels; promtool\'s lint says the same' },
  'rules/record-name': { count: 19, severity: 'hint', falsePositives: 0, noise: 19, why: 'names outside level:metric:operations (synapse, elasticsearch, rabbitmq `ALERTS:…`, `up:count`); a convention' },
  'rules/unused': { count: 212, severity: 'hint', falsePositives: 0, noise: 212, why: 'cortex getting-started (162), django-prometheus (37), synapse (8), …: read by dashboards and consoles this data does not hold (synapse\'s console template reads all 8; with it, 0 remain)' },
};

const CORPUS_REVIEWED: Record<string, Reviewed> = {
  'naming/counter-total': { count: 6, severity: 'warning', falsePositives: 0, why: 'kube-prometheus records `…:apiserver_request_total:rate5m`: `_total` after a rate (its 12 `…_total:increase1h` keep the name, as the guide says: it strips `_total` after rate and irate only)' },
  'naming/style': { count: 5, severity: 'warning', falsePositives: 0, why: 'camelCase record names (`ifNiceName`, `TooManyRequests` in Prometheus\' rule fixtures)' },
  'promql/counter-without-rate': { count: 2, severity: 'info', falsePositives: 1, why: '`argocd_app_sync_total == 1` compares a raw counter (true); cAdvisor\'s `sum(container_fs_inodes_total)` is a gauge (false); by name only, hence info' },
  'promql/histogram-le': { count: 1, severity: 'warning', falsePositives: 0, why: 'thanos mixin: `histogram_quantile(0.99, sum by (job) (rate(…_bucket[5m])))` drops `le`: a real bug' },
  'promql/rate-non-counter': { count: 2, severity: 'warning', falsePositives: 0, why: '`delta()` over `…_errors_total` and `…_refused_connections_total`: `increase()` is meant' },
  'promql/regex-anchors': { count: 8, severity: 'info', falsePositives: 0, why: '`=~"^4.."`, `!~"^(fuse.*|tmpfs…)$"`: anchors Prometheus adds anyway' },
  'promql/regex-literal': { count: 26, severity: 'info', falsePositives: 0, why: '`=~"endpoint-create"`, `!~"None"`, `!~""`: plain strings in regex matchers' },
  'rules/alert-for': { count: 5, severity: 'hint', falsePositives: 0, why: 'alerts over `rate(…[1m…5m])` without `for:` (ceph, sealed-secrets, a Prometheus fixture)' },
  'rules/dropped-label': { count: 207, severity: 'warning', falsePositives: 0, why: '193 are awesome-prometheus-alerts\' `(instance {{ $labels.instance }})` after an aggregation that drops instance; the rest (cluster, pod, channel, namespace, …) likewise read a label the expression drops: the text prints empty' },
  'rules/duplicate': { count: 6, severity: 'warning', falsePositives: 0, why: 'kube-prometheus records code_verb:apiserver_request_total:increase1h twice (3 copies of the mixin); promtool fixtures; promtool\'s lint agrees' },
  'rules/evaluation-order': { count: 3, severity: 'info', falsePositives: 0, noise: 3, why: 'kube-prometheus reads code_verb:apiserver_request_total:increase1h over [30d] before its group records it: true, one evaluation late, immaterial over 30 days' },
  'rules/record-name': { count: 114, severity: 'hint', falsePositives: 0, noise: 114, why: 'names outside level:metric:operations: a convention' },
  'rules/unused': { count: 10_235, severity: 'hint', falsePositives: 0, noise: 10_235, why: 'the corpus holds rule files without their repositories\' dashboards: nothing here reads most records' },
};

interface ManifestEntry {
  readonly file: string;
  readonly repo: string;
  readonly kind: string;
}

/** Count and severities of the findings that are not errors, per rule id. */
function tally(results: readonly WorkspaceCheckResult[]): Map<string, { count: number; severities: Set<string> }> {
  const out = new Map<string, { count: number; severities: Set<string> }>();
  for (const result of results) {
    for (const file of result.files) {
      for (const d of file.problems) {
        if (d.severity === 'error') continue;
        const code = d.code.code;
        const entry = out.get(code) ?? { count: 0, severities: new Set<string>() };
        entry.count++;
        entry.severities.add(d.severity);
        out.set(code, entry);
      }
    }
  }
  return out;
}

function assertReviewed(found: Map<string, { count: number; severities: Set<string> }>, reviewed: Record<string, Reviewed>): void {
  const actual = Object.fromEntries([...found].sort(([a], [b]) => a.localeCompare(b)).map(([code, e]) => [code, `${e.count} ${[...e.severities].sort().join('/')}`]));
  const expected = Object.fromEntries(Object.entries(reviewed).sort(([a], [b]) => a.localeCompare(b)).map(([code, r]) => [code, `${r.count} ${r.severity}`]));
  assert.deepEqual(actual, expected, 'a count changed: read the findings again and update the review here and the rule\'s precision');
}

function ruleFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (fs.statSync(full).isDirectory()) {
      if (entry !== 'bad' && entry !== 'pint_fixtures') ruleFiles(full, out);
    } else if (/\.ya?ml$/.test(entry) && !entry.startsWith('pint__')) out.push(full);
  }
  return out;
}

describe('lint precision on real repositories and the corpus (reviewed by hand)', function () {
  this.timeout(120_000);

  it('real world: each repository as one workspace, every count reviewed', () => {
    const byRepo = new Map<string, { files: string[]; mentionFiles: string[] }>();
    for (const entry of readJsonLines<ManifestEntry>(path.join(REALWORLD, 'manifest.jsonl'))) {
      const repo = byRepo.get(entry.repo) ?? { files: [], mentionFiles: [] };
      (PROMETHEUS_KINDS.has(entry.kind) ? repo.files : repo.mentionFiles).push(path.join(REALWORLD, entry.file));
      byRepo.set(entry.repo, repo);
    }
    const results = [...byRepo.values()].filter((r) => r.files.length > 0)
      .map((r) => checkWorkspace(r.files, { lint: DEFAULT_LINT_SETTINGS, documentTypes: {}, mentionFiles: r.mentionFiles }));
    assertReviewed(tally(results), REALWORLD_REVIEWED);
  });

  it('corpus: the real-world rule files as one workspace, every count reviewed', () => {
    const result = checkWorkspace(ruleFiles(path.join(CORPUS, 'rules')), { lint: DEFAULT_LINT_SETTINGS, documentTypes: {} });
    assertReviewed(tally([result]), CORPUS_REVIEWED);
  });

  it('no rule is above 10% false positives at warning level', () => {
    const totals = new Map<string, { count: number; falsePositives: number }>();
    for (const [code, r] of [...Object.entries(REALWORLD_REVIEWED), ...Object.entries(CORPUS_REVIEWED)]) {
      if (r.severity !== 'warning') continue;
      const t = totals.get(code) ?? { count: 0, falsePositives: 0 };
      totals.set(code, { count: t.count + r.count, falsePositives: t.falsePositives + r.falsePositives });
    }
    const over = [...totals].filter(([, t]) => t.falsePositives > 0.1 * t.count).map(([code, t]) => `${code}: ${t.falsePositives}/${t.count}`);
    assert.deepEqual(over, []);
  });

  it('publishes each rule\'s figures of this review in its rule file', () => {
    const figure = (text: string): number => Number(text.replace(/,/g, ''));
    for (const rule of LINT_RULES) {
      const reviewed = [REALWORLD_REVIEWED[rule.code], CORPUS_REVIEWED[rule.code]].filter((r): r is Reviewed => r !== undefined);
      const count = reviewed.reduce((sum, r) => sum + r.count, 0);
      const falsePositives = reviewed.reduce((sum, r) => sum + r.falsePositives, 0);
      const rate = /^([\d,]+) of ([\d,]+)\b/.exec(rule.precision);
      const hints = /^([\d,]+) hints\b/.exec(rule.precision);
      if (rate) assert.deepEqual([figure(rate[1]), figure(rate[2])], [falsePositives, count], `${rule.code}: "${rule.precision}"`);
      else if (hints) assert.equal(figure(hints[1]), count, `${rule.code}: "${rule.precision}"`);
      else assert.equal(count, 0, `${rule.code}: "${rule.precision}" while the review counts ${count}`);
    }
  });
});
