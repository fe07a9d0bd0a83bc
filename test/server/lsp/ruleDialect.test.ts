import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { StdioLanguageClient } from '../../support/lspClient';

/*
 * The dialect of rule files over stdio, as an editor gets it: from a workspace file that deploys the
 * tool (found when the server indexes the folder), and from initializationOptions.ruleDialect.
 */

const VMALERT_RULES = 'groups:\n- name: vm\n  concurrency: 2\n  rules:\n  - record: job:up:median\n    expr: median_over_time(up[5m])\n';
const THANOS_RULES = 'groups:\n- name: t\n  partial_response_strategy: abort\n  rules:\n  - alert: Down\n    expr: up == 0\n';

/** [what, files of the folder, initializationOptions, the open rule file, the codes and severities it gets] */
const CASES: [string, Record<string, string>, unknown, string, [string, number][]][] = [
  ['a compose file that runs vmalert', { 'rules/vm.yml': VMALERT_RULES, 'docker-compose.yml': 'services:\n  alerts:\n    image: victoriametrics/vmalert:v1.110.0\n' }, undefined, 'rules/vm.yml', [['promql/metricsql', 2]]],
  ['no evidence: Prometheus', { 'rules/vm.yml': VMALERT_RULES }, undefined, 'rules/vm.yml', [['rules/invalid', 1], ['promql/syntax', 1]]],
  ['initializationOptions.ruleDialect', { 'rules/t.yml': THANOS_RULES }, { ruleDialect: 'thanos' }, 'rules/t.yml', []],
  ['a ThanosRuler resource', { 'rules/t.yml': THANOS_RULES, 'deploy/ruler.yaml': 'apiVersion: monitoring.coreos.com/v1\nkind: ThanosRuler\nmetadata:\n  name: r\n' }, undefined, 'rules/t.yml', []],
];

describe('language server over stdio: rule file dialects', function () {
  this.timeout(30_000);
  for (const [what, files, options, open, expected] of CASES) {
    it(`${what}: ${expected.map(([code]) => code).join(', ') || 'clean'}`, async () => {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'prometheus-lsp-dialect-'));
      const client = new StdioLanguageClient();
      try {
        for (const [name, text] of Object.entries(files)) {
          fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
          fs.writeFileSync(path.join(folder, name), text);
        }
        await client.initialize(pathToFileURL(folder).toString(), options);
        const uri = pathToFileURL(path.join(folder, open)).toString();
        client.open(uri, 'yaml', files[open]);
        const key = (d: { code?: unknown; severity?: number }): string => `${String(d.code)} ${d.severity}`;
        const want = expected.map(([code, severity]) => `${code} ${severity}`).sort();
        // The first diagnostics may come before the folder is indexed: wait for the expected ones.
        const found = await client.diagnosticsFor(uri, (d) => JSON.stringify(d.filter((x) => (x.severity ?? 1) <= 2).map(key).sort()) === JSON.stringify(want)).catch(() => null);
        assert.ok(found, `expected ${JSON.stringify(want)}`);
      } finally {
        await client.stop();
        fs.rmSync(folder, { recursive: true, force: true });
      }
    });
  }
});
