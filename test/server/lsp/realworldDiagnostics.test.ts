import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { StdioLanguageClient } from '../../support/lspClient';
import { REALWORLD, REPO_ROOT } from '../../support/paths';

/*
 * The editor and `check` give the same findings on the same real-world files (one code path): a
 * few files of ../shared/realworld opened in the language server over stdio, their published
 * diagnostics compared with what `check --format json` says of the same files.
 */

/** Rule files with findings, a PrometheusRule, a scrape config list with an error, and files of other tools named like Prometheus'. */
const FILES = [
  'yaml/cortexproject+cortex/docs/getting-started/rules.yaml',
  'yaml/openshift+cluster-etcd-operator/manifests/0000_90_etcd-operator_03_prometheusrule.yaml',
  'yaml/cloudzun+k8s-monitoring/prometheus-additional.yaml',
  'yaml/kubernetes+kube-state-metrics/tests/rules/alerts-test.yaml',
  'yaml/prometheus-community+helm-charts/charts/kube-prometheus-stack/templates/prometheus/rules-1.14/general.rules.yaml',
  'yaml/GoogleCloudPlatform+prometheus-engine/examples/rules.yaml',
  'yaml/prometheus+alertmanager/examples/ha/alertmanager.yml',
  'yaml/grafana+docker-otel-lgtm/docker/otelcol-config.yaml',
];

const SEVERITIES: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

interface Finding {
  readonly file: string;
  readonly range: { start: { line: number; character: number }; end: { line: number; character: number } };
  readonly severity: string;
  readonly code: string;
  readonly message: string;
}

const key = (f: Omit<Finding, 'file'>): string => `${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.severity} ${f.code} ${f.message}`;

describe('the editor and check on real-world files', function () {
  this.timeout(60_000);
  let client: StdioLanguageClient;

  before(async () => {
    client = new StdioLanguageClient();
    await client.initialize();
  });

  after(async () => {
    assert.equal(await client.stop(), 0, client.stderr);
  });

  it('publish the same diagnostics', async () => {
    const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'prometheus-lsp.js'), 'check', '--format', 'json', ...FILES], { cwd: REALWORLD, encoding: 'utf8' });
    assert.equal(result.stderr, '');
    const fromCheck = JSON.parse(result.stdout) as Finding[];
    let withFindings = 0;
    for (const file of FILES) {
      const uri = pathToFileURL(path.join(REALWORLD, file)).toString();
      client.open(uri, 'yaml', fs.readFileSync(path.join(REALWORLD, file), 'utf8'));
      const expected = fromCheck.filter((f) => f.file === file).map(key).sort();
      if (expected.length > 0) withFindings++;
      // Hints (faded unused rules) are counted by check, not listed: compare the rest.
      const published = await client.diagnosticsFor(uri, (d) => d.filter((x) => x.severity !== 4).length === expected.length);
      const actual = published
        .filter((d) => d.severity !== 4)
        .map((d) => key({ range: d.range, severity: SEVERITIES[d.severity ?? 1], code: String(d.code), message: String(d.message) }))
        .sort();
      assert.deepEqual(actual, expected, file);
    }
    assert.ok(withFindings >= 3);
  });
});
