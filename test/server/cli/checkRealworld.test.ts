import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseYamlDocument } from '../../../server/src/service/documents/yamlDocument';
import { readJsonLines, REALWORLD, REPO_ROOT } from '../../support/paths';

/*
 * `check` over the YAML files of public repositories in ../shared/realworld (read in place), against
 * promtool 2.42's verdicts (oracle.jsonl) and the manifest's kinds: no error where promtool loads a
 * file, an error where it rejects one (unless the rejection is this promtool's own limit, said per
 * file below), and nothing at all on YAML that belongs to other tools.
 */

interface ManifestRow {
  readonly file: string;
  readonly kind: string;
}

interface OracleRow {
  readonly file: string;
  readonly check: string;
  readonly verdict: 'ok' | 'error';
  readonly message: string | null;
}

interface Finding {
  readonly file: string;
  readonly severity: string;
  readonly code: string;
  readonly message: string;
}

/** The manifest's kinds of Prometheus files, and the kind the service gives them. */
const PROMETHEUS_KINDS: Record<string, string> = { rules: 'rules', prometheusrule: 'rules', config: 'config', 'scrape-config-list': 'scrapeConfigs', ruletests: 'ruleTests' };

/** Kinds of YAML that is not Prometheus': no finding of any severity. */
const NOT_OURS = new Set(['other-yaml', 'helm-template', 'alertmanager']);

/** Files promtool 2.42 rejects that Prometheus loads, and why. */
const PROMTOOL_LIMITS: Record<string, string> = {
  'yaml/rabbitmq+cluster-operator/observability/prometheus/config-file.yml': 'kubernetes_sd_configs: this Debian build of promtool has no Kubernetes service discovery; upstream Prometheus loads the file',
  'yaml/qingmuio+my-kube-prometheus/prometheus-additional.yaml': 'consul_sd_configs: this Debian build of promtool has no Consul service discovery; upstream Prometheus loads the list',
  'yaml/grafana+docker-otel-lgtm/docker/prometheus.yaml': 'global.scrape_native_histograms and otlp: Prometheus 3.x fields that promtool 2.42 does not know; check follows 3.x',
};

function checkRealworld(): Finding[] {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'prometheus-lsp.js'), 'check', '--format', 'json', 'yaml'], { cwd: REALWORLD, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(result.stderr, '');
  return JSON.parse(result.stdout) as Finding[];
}

describe('prometheus-lsp check on real-world repositories, against promtool', function () {
  this.timeout(120_000);
  const manifest = readJsonLines<ManifestRow>(path.join(REALWORLD, 'manifest.jsonl')).filter((m) => m.file.startsWith('yaml/'));
  let findings: Finding[];
  before(() => {
    findings = checkRealworld();
  });
  const errorsOf = (file: string): Finding[] => findings.filter((f) => f.file === file && f.severity === 'error');

  it('recognises every YAML file as the manifest says: Prometheus kinds as theirs, the rest as none', () => {
    const wrong: string[] = [];
    for (const row of manifest) {
      const model = parseYamlDocument(fs.readFileSync(path.join(REALWORLD, row.file), 'utf8'), row.file);
      const expected = PROMETHEUS_KINDS[row.kind] ?? null;
      if ((model?.kind ?? null) !== expected) wrong.push(`${row.file}: ${row.kind} read as ${model?.kind ?? 'none'}`);
    }
    assert.deepEqual(wrong, []);
    assert.ok(manifest.length >= 295);
  });

  it('puts no error on a file promtool accepts, and an error on each file it rejects', () => {
    const rows = readJsonLines<OracleRow>(path.join(REALWORLD, 'oracle.jsonl'));
    const wrong: string[] = [];
    let agreed = 0;
    for (const row of rows) {
      const errors = errorsOf(row.file);
      const expectError = row.verdict === 'error' && !(row.file in PROMTOOL_LIMITS);
      if (expectError === errors.length > 0) agreed++;
      else wrong.push(`${row.file} (${row.check}: ${row.verdict}${row.message ? `, ${row.message}` : ''}): ${errors.map((e) => e.message).join('; ') || 'no error'}`);
    }
    assert.deepEqual(wrong, []);
    assert.equal(agreed, rows.length);
    console.log(`      check agrees with promtool on ${agreed} of ${rows.length} real-world files (${Object.keys(PROMTOOL_LIMITS).length} rejections are promtool 2.42's own limits)`);
    // The only real error of the set: a replace relabel rule without target_label.
    assert.deepEqual(errorsOf('yaml/cloudzun+k8s-monitoring/prometheus-additional.yaml').map((e) => e.message), ["relabel configuration for replace action requires 'target_label' value"]);
  });

  it('puts no error on a Prometheus file whose rejection is a limit of promtool 2.42', () => {
    for (const [file, why] of Object.entries(PROMTOOL_LIMITS)) assert.deepEqual(errorsOf(file), [], `${file}: ${why}`);
  });

  it('leaves YAML that is not Prometheus\' alone: no finding of any severity', () => {
    const notOurs = new Set(manifest.filter((m) => NOT_OURS.has(m.kind)).map((m) => m.file));
    assert.ok(notOurs.size >= 240);
    const noisy = findings.filter((f) => notOurs.has(f.file)).map((f) => `${f.file}: ${f.severity} ${f.code} ${f.message}`);
    assert.deepEqual(noisy, []);
  });

  it('puts no error on any Prometheus file of the set but the one that is wrong', () => {
    const files = new Set(findings.filter((f) => f.severity === 'error').map((f) => f.file));
    assert.deepEqual([...files], ['yaml/cloudzun+k8s-monitoring/prometheus-additional.yaml']);
  });
});
