import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest, CompletionRequest, DidChangeConfigurationNotification, HoverRequest, type CodeAction, type CompletionItem, type CompletionList, type Diagnostic,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startInferenceService, startPrometheus, waitForPrometheusData, type LiveService } from '../../support/liveServices';
import { StdioLanguageClient } from '../../support/lspClient';

/*
 * A new user's first hour (issue 19), the server's part, over stdio as an editor speaks it: a
 * FastAPI service instrumented with prometheus_client, a real Prometheus scraping it (both live
 * sources: the server in the settings, the service as the target of the workspace's
 * prometheus.yml), and the steps that went wrong: a comment typed in a .promql file, a settings
 * change, a rule file without groups:, a hover, `$labels.` over a recording rule, completion inside
 * rate(), a misspelt metric, a path under rule_files:, `@`.
 */

describe('a first hour with the language server (FastAPI + prometheus_client, Prometheus)', function () {
  this.timeout(120_000);
  let inference: LiveService;
  let prometheus: LiveService;
  let folder: string;
  let client: StdioLanguageClient;
  const versions = new Map<string, number>();
  const uriOf = (name: string): string => pathToFileURL(join(folder, name)).href;
  const targetLabel = (): string => `inference (${inference.address})`;

  const open = (name: string, text: string, languageId = name.endsWith('.promql') ? 'promql' : 'yaml'): string => {
    const uri = uriOf(name);
    versions.set(uri, 1);
    client.open(uri, languageId, text);
    return uri;
  };
  const change = (uri: string, text: string): void => {
    const version = (versions.get(uri) ?? 1) + 1;
    versions.set(uri, version);
    client.change(uri, version, text);
  };
  const positionOf = (text: string, offset: number): { line: number; character: number } => {
    const before = text.slice(0, offset);
    return { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
  };
  /** Completion at `|` of `marked`, after the document holds the text. */
  const complete = async (uri: string, marked: string): Promise<string[]> => {
    const offset = marked.indexOf('|');
    const text = marked.replace('|', '');
    change(uri, text);
    const result = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: positionOf(text, offset) });
    const items: CompletionItem[] = Array.isArray(result) ? result : (result as CompletionList | null)?.items ?? [];
    return items.map((i) => i.label);
  };
  const sources = async (): Promise<{ label: string; state: string }[]> =>
    ((await client.connection.sendRequest('prometheus/sources')) as { sources: { label: string; state: string }[] }).sources;

  before(async () => {
    inference = await startInferenceService();
    prometheus = await startPrometheus({ scrapeTargets: [{ job: 'inference', targets: [inference.address] }], scrapeInterval: '1s' });
    await waitForPrometheusData(prometheus.url, 'inference_requests_total', 30_000);
    folder = mkdtempSync(join(tmpdir(), 'prometheus-lsp-first-hour-'));
    writeFileSync(join(folder, 'prometheus.yml'), [
      'global:',
      '  scrape_interval: 15s',
      'rule_files:',
      '  - recording.yml',
      'scrape_configs:',
      '  - job_name: inference',
      '    static_configs:',
      `      - targets: ['${inference.address}']`,
      '',
    ].join('\n'));
    writeFileSync(join(folder, 'recording.yml'), [
      'groups:',
      '  - name: inference',
      '    rules:',
      '      - record: model:inference_requests:rate5m',
      '        expr: sum by (model) (rate(inference_requests_total[5m]))',
      '',
    ].join('\n'));
    client = new StdioLanguageClient();
    await client.initialize(pathToFileURL(folder).href, { servers: [{ name: 'prometheus', url: prometheus.url }] });
    await client.waitUntil('the server and the target of prometheus.yml loaded', () =>
      client.sourceStatuses.length === 2 && client.sourceStatuses.every((s) => s.state === 'ready'), 30_000);
  });

  after(async () => {
    if (client) assert.equal(await client.stop(), 0);
    await Promise.all([prometheus?.stop(), inference?.stop()]);
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('offers nothing while a comment is typed in a .promql file', async () => {
    const uri = open('latency.promql', '');
    assert.deepEqual(await complete(uri, '# p95 latency per model|'), []);
    assert.deepEqual(await complete(uri, 'sum(rate(inference_requests_total[5m])) # per mod|'), []);
    // The next line is PromQL again.
    assert.ok((await complete(uri, '# p95 latency per model\ninference_lat|')).includes('inference_latency_seconds_bucket'));
  });

  it('keeps the target of an open prometheus.yml as a source when the settings change', async () => {
    open('prometheus.yml', readFileSync(join(folder, 'prometheus.yml'), 'utf8'));
    await new Promise((r) => setTimeout(r, 1000));
    // A client without workspace/configuration pushes its settings in the notification, as after an edit of settings.json.
    void client.connection.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { prometheus: { servers: [{ name: 'prometheus', url: prometheus.url }], lint: { rules: { 'naming/help': 'off' } } } },
    });
    // configureSources runs at once, and again 500 ms after a configuration is noted: past both.
    await new Promise((r) => setTimeout(r, 1500));
    const labels = (await sources()).map((s) => s.label).sort();
    assert.deepEqual(labels, [targetLabel(), 'prometheus'].sort());
    await client.waitUntil('both sources ready again', () => client.sourceStatuses.length === 2 && client.sourceStatuses.every((s) => s.state === 'ready'), 20_000);
  });

  it('counts the series of Prometheus and of its own scrape target once', async () => {
    const answer = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent('count(inference_requests_total)')}`).then((r) => r.json()) as { data: { result: { value: [number, string] }[] } };
    const stored = Number(answer.data.result[0].value[1]);
    const uri = open('hover.promql', 'inference_requests_total');
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 5 } });
    const value = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? String(hover.contents.value) : '';
    assert.match(value, new RegExp(`Series: ${stored}\\b`), value);
    assert.match(value, /Source: .*prometheus/);
    assert.match(value, /Source: .*inference/);
  });

  it('offers a counter and not its _created series inside rate()', async () => {
    const uri = open('rate.promql', '');
    const offered = await complete(uri, 'sum by (model) (rate(inference_req|');
    assert.ok(offered.includes('inference_requests_total'), offered.join(', '));
    assert.ok(!offered.includes('inference_requests_created'), offered.join(', '));
  });

  it('offers start() and end() after @', async () => {
    const uri = open('at.promql', '');
    assert.deepEqual(await complete(uri, 'inference_requests_total @ |'), ['start()', 'end()']);
  });

  it('suggests the name a live source has for a misspelt metric, with a quick fix', async () => {
    const text = 'sum by (model) (rate(inference_request_total[5m]))';
    const uri = open('typo.promql', text);
    const diagnostics = await client.diagnosticsFor(uri, (d) => d.some((x) => x.code === 'promql/unknown-metric'), 20_000);
    const typo = diagnostics.find((d) => d.code === 'promql/unknown-metric')!;
    assert.match(String(typo.message), /did you mean "inference_requests_total"\?/);
    assert.equal(typo.severity, 3);
    const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: typo.range, context: { diagnostics: [typo] } }) as CodeAction[];
    const fix = actions.find((a) => a.title === 'Use inference_requests_total');
    assert.ok(fix, actions.map((a) => a.title).join(', '));
    assert.equal(applyEdits(text, fix.edit!.changes![uri]), 'sum by (model) (rate(inference_requests_total[5m]))');
    // A warning or info can still be silenced where the user decides.
    assert.ok(actions.some((a) => a.title === 'Disable promql/unknown-metric here'));
  });

  it('offers "Wrap in groups:" and no disable comment for a rule file Prometheus refuses', async () => {
    const text = '- name: inference\n  interval: 1m\n  rules:\n    - record: job:inference_requests:rate5m\n      expr: sum by (job) (rate(inference_requests_total[5m]))\n';
    const uri = open('rules.yml', text);
    const diagnostics = await client.diagnosticsFor(uri, (d) => d.some((x) => x.code === 'rules/invalid'), 20_000);
    const refused = diagnostics.filter((d) => d.code === 'rules/invalid');
    assert.equal(refused.length, 1, JSON.stringify(refused));
    const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, context: { diagnostics: refused } }) as CodeAction[];
    assert.deepEqual(actions.map((a) => a.title), ['Wrap in groups:']);
    const fixed = applyEdits(text, actions[0].edit!.changes![uri]);
    change(uri, fixed);
    const after = await client.diagnosticsFor(uri, (_, version) => version === versions.get(uri), 20_000);
    assert.deepEqual(after.filter((d: Diagnostic) => (d.severity ?? 1) <= 2).map((d) => d.message), []);
  });

  it('offers the labels a recording rule keeps for $labels. in an alert that reads it', async () => {
    const uri = open('alerts.yml', '');
    const labels = await complete(uri, [
      'groups:',
      '  - name: alerts',
      '    rules:',
      '      - alert: ModelTrafficDropped',
      '        expr: model:inference_requests:rate5m < 0.1',
      '        for: 10m',
      '        annotations:',
      '          summary: "{{ $labels.| }}"',
      '',
    ].join('\n'));
    assert.deepEqual(labels, ['model']);
  });

  it('completes the files of the workspace under rule_files:', async () => {
    const uri = uriOf('prometheus.yml');
    const offered = await complete(uri, 'rule_files:\n  - rec|\nscrape_configs: []\n');
    assert.ok(offered.includes('recording.yml'), offered.join(', '));
    assert.ok(!offered.includes('latency.promql'), 'YAML files only');
  });
});

function applyEdits(text: string, edits: readonly { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const document = TextDocument.create('file:///x', 'yaml', 1, text);
  const sorted = [...edits].sort((a, b) => document.offsetAt(b.range.start) - document.offsetAt(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, document.offsetAt(e.range.start)) + e.newText + out.slice(document.offsetAt(e.range.end));
  return out;
}
