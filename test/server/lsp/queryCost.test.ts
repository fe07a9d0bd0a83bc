import * as assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol/node';
import type { ExplainQueryResponse, PreviewRuleResponse } from '../../../server/src/lsp/protocol';
import { StdioLanguageClient } from '../../support/lspClient';
import { startPrometheus, waitForPrometheusData, type LiveService } from '../../support/liveServices';
import { loadJump, startScriptedExporter, type ScriptedExporter } from '../../support/scriptedExporter';

/*
 * Explain shows what a query costs, and a query above `prometheus.cost` gets a `query/cost` info
 * finding with the figures: the built server over stdio, a real Prometheus with known series.
 */

describe('query cost in Explain, and query/cost over LSP (real Prometheus)', function () {
  this.timeout(60_000);
  let exporter: ScriptedExporter;
  let prometheus: LiveService;
  let client: StdioLanguageClient;

  before(async () => {
    exporter = await startScriptedExporter(loadJump);
    prometheus = await startPrometheus({ scrapeTargets: [{ job: 'known', targets: [exporter.address] }], scrapeInterval: '1s' });
    await waitForPrometheusData(prometheus.url, 'count_over_time(requests_total[10s]) >= 5');
    client = new StdioLanguageClient();
    await client.initialize(undefined, { servers: [{ name: 'local', url: prometheus.url }], cost: { maxSeries: 2 } });
  });

  after(async () => {
    await client?.stop();
    await prometheus?.stop();
    await exporter?.stop();
  });

  it('measures the query and reports it above the threshold, on the query, while it reads the same', async () => {
    const uri = 'file:///cost/queries.promql';
    const text = 'load{host="a"}\n\nsum(load) + sum(rate(requests_total[10s]))\n';
    client.open(uri, 'promql', text);
    const cheap = await client.connection.sendRequest<ExplainQueryResponse>('prometheus/explainQuery', { uri, queryIndex: 0 });
    assert.equal(cheap.cost?.series, 1);
    const costly = await client.connection.sendRequest<ExplainQueryResponse>('prometheus/explainQuery', { uri, queryIndex: 1 });
    assert.deepEqual(costly.cost?.selectors.map((s) => [s.text, s.series]), [['load', 2], ['requests_total[10s]', 1]]);
    assert.ok((costly.cost?.samples ?? 0) >= 5, JSON.stringify(costly.cost));
    const diagnostics = await client.diagnosticsFor(uri, (d) => d.some((x) => x.code === 'query/cost'));
    const found = diagnostics.filter((d) => d.code === 'query/cost');
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, DiagnosticSeverity.Information);
    assert.deepEqual(found[0].range, { start: { line: 2, character: 0 }, end: { line: 2, character: 42 } });
    assert.match(found[0].message as string, /^costly query: selects 3 series \(load 2, requests_total\[10s\] 1\) · [\d,]+ samples · evaluated in .*; more series than prometheus\.cost\.maxSeries \(2\)$/);
    // Another query in its place has not been measured.
    client.change(uri, 2, 'load{host="a"}\n\nsum(load)\n');
    await client.diagnosticsFor(uri, (d, version) => version === 2 && !d.some((x) => x.code === 'query/cost'));
  });

  it('measures a rule with its Preview, and reports it above the threshold on its expr', async () => {
    const uri = 'file:///cost/rules.yml';
    const text = 'groups:\n  - name: g\n    interval: 1s\n    rules:\n      - record: all:load:sum\n        expr: sum(load) + sum(requests_total)\n      - record: one\n        expr: max(load{host="a"})\n';
    client.open(uri, 'yaml', text);
    const costly = await client.connection.sendRequest<PreviewRuleResponse>('prometheus/previewRule', { uri, queryIndex: 0, windowSeconds: 60 });
    assert.deepEqual(costly.cost?.selectors.map((s) => [s.text, s.series]), [['load', 2], ['requests_total', 1]]);
    const cheap = await client.connection.sendRequest<PreviewRuleResponse>('prometheus/previewRule', { uri, queryIndex: 1, windowSeconds: 60 });
    assert.equal(cheap.cost?.series, 1);
    const diagnostics = await client.diagnosticsFor(uri, (d) => d.some((x) => x.code === 'query/cost'));
    assert.deepEqual(diagnostics.filter((d) => d.code === 'query/cost').map((d) => [d.range.start.line, d.severity]), [[5, DiagnosticSeverity.Information]]);
  });
});
