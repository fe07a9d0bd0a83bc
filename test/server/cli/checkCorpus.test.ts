import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { DIAGNOSTIC_CODES } from '../../../server/src/service/diagnostic';
import { CORPUS, readJsonLines, REPO_ROOT } from '../../support/paths';

/*
 * `check` over the corpus' real-world rule files and configurations, against promtool's verdict on
 * syntax and schema errors (oracle/files_promtool.jsonl: promtool 2.42), with the manifest's
 * `expected` (Prometheus 3.x sources) as the truth where it has one. A file is invalid for `check`
 * when it has an error of a syntax or schema rule; every other finding is named by a rule id of the
 * service (lint, rule graph), which the last test asserts.
 */

interface OracleRow {
  readonly file: string;
  readonly category: string;
  readonly check: string;
  readonly verdict: 'valid' | 'invalid';
}

interface ManifestRow {
  readonly file: string;
  readonly expected: 'valid' | 'invalid' | null;
}

interface Finding {
  readonly file: string;
  readonly severity: string;
  readonly code: string;
  readonly message: string;
}

/** The rules whose errors are syntax or schema errors, what promtool check rules/config rejects. */
const SYNTAX_AND_SCHEMA = new Set(['yaml/syntax', 'config/invalid', 'rules/invalid', 'ruletests/invalid', 'promql/syntax', 'promql/type']);

/** Where check and the truth differ, and why (each a difference of Prometheus versions or of scope). */
const KNOWN_DISAGREEMENTS: Record<string, string> = {
  'rules/crd/kube-prometheus__grafana.yaml': 'a Kubernetes PrometheusRule resource: promtool reads bare rule groups only; check (as the editor) reads the groups of its spec',
  'rules/crd/kube-prometheus__kubePrometheus.yaml': 'PrometheusRule resource, as above',
  'rules/crd/kube-prometheus__kubernetesControlPlane.yaml': 'PrometheusRule resource, as above',
  'rules/crd/kube-prometheus__nodeExporter.yaml': 'PrometheusRule resource, as above',
  'rules/crd/kube-prometheus__prometheus.yaml': 'PrometheusRule resource, as above',
  'rules/prometheus__promtool__rules_extrafields.yml': 'unknown fields: valid only with promtool --ignore-unknown-fields (manifest); check, like promtool 2.42 without the flag, rejects them',
  'rules/pint_fixtures/pint__0166_invalid_label__rules_1.yml': 'label and annotation names "{{ $value }}": Prometheus 3.x accepts UTF-8 label names, promtool 2.42 does not',
  'rules/pint_fixtures/pint__0230_issue_1696__rules_1.yml': '`labels` of a rule group: a Prometheus 3.x field that promtool 2.42 does not know',
  'config/other/prometheus__config-testdata__config_with_deprecated_am_api_config.yml': 'alertmanager api_version v1: removed in Prometheus 3.x, accepted by promtool 2.42',
  'config/bad/prometheus__config-testdata__scrape_config_files_duplicate.bad.yml': 'the error is in the scrape config files it includes (not in the corpus), which check reads only when named',
  'config/bad/prometheus__config-testdata__scrape_config_files_global.bad.yml': 'as above: the error is in an included scrape config file',
  'config/bad/prometheus__config-testdata__scrape_config_files_global_duplicate.bad.yml': 'as above: the error is in an included scrape config file',
  'config/other/prometheus__config-testdata__scrape_config_local_global_validation_mode.yml': 'metric_name_validation_scheme and metric_name_escaping_scheme: Prometheus 3.x fields that promtool 2.42 does not know',
  'config/bad/prometheus__promtool__authorization_credentials_file.bad.yml': 'a credentials_file that does not exist: check says so as a config/no-match warning (the file must exist where Prometheus runs, not where CI runs), not as a schema error',
};

/** Files of the corpus on which check agrees with the truth, at least (574 of 588 when written). */
const MIN_AGREEMENT = 574;

function checkCorpus(workers?: number): Finding[] {
  const env = workers === undefined ? process.env : { ...process.env, PROMETHEUS_LSP_CHECK_WORKERS: String(workers) };
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'prometheus-lsp.js'), 'check', '--format', 'json', 'rules', 'config'], { cwd: CORPUS, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  assert.equal(result.status, 1, result.stderr);
  assert.equal(result.stderr, '');
  return JSON.parse(result.stdout) as Finding[];
}

describe('prometheus-lsp check on the corpus, against promtool', function () {
  this.timeout(180_000);
  let findings: Finding[];
  before(() => {
    findings = checkCorpus();
  });

  it('agrees with promtool (and the 3.x expectations) on syntax and schema errors', () => {
    const expected = new Map(readJsonLines<ManifestRow>(path.join(CORPUS, 'manifest.jsonl')).map((m) => [m.file, m.expected]));
    const invalid = new Set(findings.filter((f) => f.severity === 'error' && SYNTAX_AND_SCHEMA.has(f.code)).map((f) => f.file));
    // Configurations: the --syntax-only verdict, as the full check also fails on the files they name, which are elsewhere.
    const rows = readJsonLines<OracleRow>(path.join(CORPUS, 'oracle', 'files_promtool.jsonl'))
      .filter((r) => (r.file.startsWith('rules/') && r.check === 'check rules') || (r.file.startsWith('config/') && r.check === 'check config --syntax-only'));
    let agreement = 0;
    const disagreements: string[] = [];
    for (const row of rows) {
      const truth = expected.get(row.file) ?? row.verdict;
      const ours = invalid.has(row.file) ? 'invalid' : 'valid';
      if (ours === truth) agreement++;
      else disagreements.push(row.file);
    }
    const unexplained = disagreements.filter((file) => !(file in KNOWN_DISAGREEMENTS));
    assert.deepEqual(unexplained, [], 'new disagreements with promtool: explain them in KNOWN_DISAGREEMENTS or fix them');
    assert.equal(agreement + disagreements.length, rows.length);
    assert.ok(rows.length >= 588, `${rows.length} files`);
    assert.ok(agreement >= MIN_AGREEMENT, `${agreement} of ${rows.length} agree`);
    console.log(`      check agrees with promtool on ${agreement} of ${rows.length} corpus files; ${disagreements.length} explained disagreements`);
  });

  it('worker threads (PROMETHEUS_LSP_CHECK_WORKERS) find exactly what one thread finds', () => {
    assert.deepEqual(checkCorpus(3), findings);
  });

  it('names every other finding by a rule id of the service', () => {
    const known = new Set<string>(Object.values(DIAGNOSTIC_CODES).map((c) => c.code));
    const unknown = findings.filter((f) => !known.has(f.code));
    assert.deepEqual(unknown, []);
    const beyond = new Set(findings.filter((f) => !SYNTAX_AND_SCHEMA.has(f.code)).map((f) => f.code));
    assert.ok(beyond.size > 5, [...beyond].join(', '));
  });
});
