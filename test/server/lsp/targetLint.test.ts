import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeActionRequest, ExecuteCommandRequest, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { startInferenceService, startNamingMistakesExporter, type LiveService } from '../../support/liveServices';
import { StdioLanguageClient } from '../../support/lspClient';

/*
 * Lint rules over LSP against real exporters: the live /metrics of each target of prometheus.yml is
 * checked, and a target that breaks the rules gets a diagnostic on its `targets:` entry listing
 * every offending metric; a clean one (the FastAPI service instrumented with prometheus_client)
 * gets none. Quick fixes come back as code actions that edit the file.
 */

describe('lint rules over LSP (real exporters)', function () {
  this.timeout(60_000);
  let mistakes: LiveService;
  let inference: LiveService;
  let client: StdioLanguageClient;
  let folder: string;
  let configUri: string;
  let configText: string;

  before(async () => {
    [mistakes, inference] = await Promise.all([startNamingMistakesExporter(), startInferenceService()]);
    folder = mkdtempSync(join(tmpdir(), 'lint-workspace-'));
    configText = [
      'global:',
      '  scrape_interval: 30s',
      'scrape_configs:',
      '  - job_name: batch',
      '    static_configs:',
      `      - targets: ['${mistakes.address}']`,
      '  - job_name: inference',
      '    static_configs:',
      `      - targets: ['${inference.address}']`,
      '',
    ].join('\n');
    writeFileSync(join(folder, 'prometheus.yml'), configText);
    configUri = pathToFileURL(join(folder, 'prometheus.yml')).href;
    client = new StdioLanguageClient();
    await client.initialize(pathToFileURL(folder).href, { lint: { maxLabelValues: 100 } });
    client.open(configUri, 'yaml', configText);
  });

  after(async () => {
    if (client) assert.equal(await client.stop(), 0);
    await Promise.all([mistakes?.stop(), inference?.stop()]);
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  const targetDiagnostics = (all: Diagnostic[]): Diagnostic[] => all.filter((d) => d.code === 'target/lint');

  it("puts the exporter's mistakes on its targets: entry, one related entry per finding", async () => {
    const diagnostics = await client.diagnosticsFor(configUri, (d) => targetDiagnostics(d).length > 0, 20_000);
    const [problem] = targetDiagnostics(diagnostics);
    const line = configText.split('\n')[problem.range.start.line];
    assert.ok(line.includes(mistakes.address), `on the batch target's line, not "${line}"`);
    assert.equal(configText.split('\n')[problem.range.start.line].slice(problem.range.start.character, problem.range.end.character), `'${mistakes.address}'`);
    const related = (problem.relatedInformation ?? []).map((r) => r.message);
    const expected: [string, string][] = [
      ['request_latency_ms', 'naming/base-unit'],
      ['cpu_usage_percent', 'naming/base-unit'],
      ['cpu_usage_percent', 'naming/style'],
      ['queue_depth_total', 'naming/counter-total'],
      ['jobs_processed', 'naming/counter-total'],
      ['session_bytes', 'cardinality/label'],
      ['tenant_quota_bytes', 'cardinality/label'],
    ];
    for (const [metric, rule] of expected) {
      assert.ok(related.some((r) => r.startsWith(`${metric}: ${rule}:`)), `${metric} ${rule} in:\n${related.join('\n')}`);
    }
    assert.ok(!related.some((r) => r.startsWith('build_info_seconds')), 'the well-named metric is not listed');
    assert.ok(related.some((r) => /tenant_quota_bytes: cardinality\/label: label "tenant" has 150 values/.test(r)), related.join('\n'));
    assert.ok(!diagnostics.some((d) => d.code === 'target/lint' && configText.split('\n')[d.range.start.line].includes(inference.address)), 'the clean inference service gets no diagnostic');
  });

  it('returns the full report of a target as Markdown', async () => {
    const line = configText.split('\n').findIndex((l) => l.includes(mistakes.address));
    const report = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'prometheus.targetReport', arguments: [configUri, { line, character: 20 }] }) as string;
    assert.match(report, /^# batch — 127\.0\.0\.1:\d+/);
    assert.match(report, /\| `request_latency_ms` \| naming\/base-unit \| .*_seconds/);
    assert.equal((report.match(/^\| `/gm) ?? []).length >= 7, true, report);
  });

  it('offers quick fixes as code actions that edit the document', async () => {
    const rulesUri = pathToFileURL(join(folder, 'alerts.rules.yml')).href;
    const text = 'groups:\n  - name: api\n    rules:\n      - alert: ApiDown\n        expr: up{job=~"api"} == 0\n        for: 5m\n';
    client.open(rulesUri, 'yaml', text);
    const diagnostics = await client.diagnosticsFor(rulesUri, (d) => d.some((x) => x.code === 'promql/regex-literal'));
    const regex = diagnostics.find((d) => d.code === 'promql/regex-literal')!;
    const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: rulesUri }, range: regex.range, context: { diagnostics: [regex] } }) as CodeAction[];
    const titles = actions.map((a) => a.title);
    assert.deepEqual(titles, ['Use =', 'Disable promql/regex-literal here']);
    const [edit] = actions[0].edit!.changes![rulesUri];
    assert.equal(edit.newText, '=');
    assert.equal(actions[0].isPreferred, true);
    const disable = actions[1].edit!.changes![rulesUri][0];
    assert.deepEqual(disable, { range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, newText: '        # prometheus-lsp-disable-next-line promql/regex-literal\n' });
  });
});
