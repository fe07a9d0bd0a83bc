import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CodeLensRequest, ExecuteCommandRequest } from 'vscode-languageserver-protocol/node';
import type { PreviewRuleResponse, QueryResultParams } from '../../../server/src/lsp/protocol';
import { StdioLanguageClient } from '../../support/lspClient';
import { startNodeExporter, startPrometheus, waitForPrometheusData, type LiveService } from '../../support/liveServices';
import { FIXTURES } from '../../support/paths';

/*
 * The Preview lens and `prometheus/previewRule` end to end (issue 18, editor side): a real Prometheus
 * scraping a node exporter and running its own version of the rules (test/fixtures/preview/
 * server.rules.yml), the editor holding another (editor.rules.yml), the built server spoken to over
 * stdio. Each preview is checked against what Prometheus itself answers: an alert on vector(1)
 * fires over the whole window, the recording rule writes the series `sum by (job) (up)` returns,
 * and the server's own version of each rule is reported, "another version" only where the
 * expressions differ.
 */

const fixture = (name: string): string => readFileSync(join(FIXTURES, 'preview', name), 'utf8');

async function direct(url: string, query: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const response = await fetch(`${url}/api/v1/query`, { method: 'POST', body: new URLSearchParams({ query }) });
  return ((await response.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } }).data.result;
}

describe('rule previews over LSP (real Prometheus)', function () {
  this.timeout(120_000);
  let node: LiveService;
  let prometheus: LiveService;
  let client: StdioLanguageClient;
  const uri = 'file:///preview/editor.rules.yml';
  const results: QueryResultParams[] = [];
  const preview = (params: Record<string, unknown>): Promise<PreviewRuleResponse> => client.connection.sendRequest<PreviewRuleResponse>('prometheus/previewRule', params);

  before(async () => {
    node = await startNodeExporter();
    prometheus = await startPrometheus({ scrapeTargets: [{ job: 'node', targets: [node.address] }], rules: fixture('server.rules.yml') });
    await Promise.all([
      waitForPrometheusData(prometheus.url, 'job:up:sum', 30_000),
      waitForPrometheusData(prometheus.url, 'ALERTS{alertname="AlwaysOn"}', 30_000),
    ]);
    // The window ends on a multiple of the group's 15s interval: wait until it holds a scrape.
    await waitForPrometheusData(prometheus.url, 'up offset 16s', 40_000);
    client = new StdioLanguageClient();
    client.connection.onNotification('prometheus/queryResult', (params: QueryResultParams) => {
      results.push(params);
    });
    await client.initialize(undefined, { servers: [{ name: 'prom', url: prometheus.url }], preview: { window: '1h' }, queryTimeoutMs: 10_000 });
    client.open(uri, 'yaml', fixture('editor.rules.yml'));
  });

  after(async () => {
    if (client) assert.equal(await client.stop(), 0);
    await Promise.all([prometheus, node].filter(Boolean).map((s) => s.stop()));
  });

  it('puts a Preview lens on every alerting and recording rule', async () => {
    const lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
    const previews = lenses.filter((l) => l.command?.title === 'Preview');
    assert.deepEqual(previews.map((l) => `${l.range.start.line} ${l.command?.command} ${JSON.stringify(l.command?.arguments)}`), [
      `5 prometheus.previewRule [{"uri":"${uri}","queryIndex":0}]`,
      `12 prometheus.previewRule [{"uri":"${uri}","queryIndex":1}]`,
      `15 prometheus.previewRule [{"uri":"${uri}","queryIndex":2}]`,
      `17 prometheus.previewRule [{"uri":"${uri}","queryIndex":3}]`,
      `22 prometheus.previewRule [{"uri":"${uri}","queryIndex":4}]`,
      `24 prometheus.previewRule [{"uri":"${uri}","queryIndex":5}]`,
    ]);
  });

  it('replays an alert that is always active: one instance, firing over the whole window, at the group\'s interval', async () => {
    const result = await preview({ uri, queryIndex: 0 });
    assert.ok(result.ok, result.summary);
    assert.equal(result.kind, 'alert');
    assert.equal(result.rule, 'AlwaysOn');
    assert.equal(result.group, 'preview');
    assert.equal(result.server, 'prom');
    assert.equal(result.query, 'vector(1)');
    assert.deepEqual(result.queryRange, { start: { line: 5, character: 14 }, end: { line: 5, character: 23 } });
    assert.equal(result.window.step, 15, 'the group\'s interval');
    assert.equal(result.window.end - result.window.start, 3600, 'prometheus.preview.window');
    assert.ok(Math.abs(result.window.end - Date.now() / 1000) < 60, 'the window ends now');
    assert.equal(result.instances.length, 1);
    const [instance] = result.instances;
    assert.deepEqual(instance.labels, { alertname: 'AlwaysOn', severity: 'page' });
    const last = instance.spans[instance.spans.length - 1];
    assert.equal(last.state, 'firing');
    assert.equal(last.end, null, 'still firing');
    assert.equal(instance.spans[0].start, result.window.start);
    assert.deepEqual(Object.keys(instance.annotations), ['summary']);
    assert.equal(result.headline, 'firing now · fired 1× in 1 h');
    assert.match(result.summary, /fired once for 1 label set in the last 1 h/);
    assert.deepEqual(result.diagnostics, []);
  });

  it('shows the server\'s live state of the rule, the same version as the file\'s', async () => {
    const result = await preview({ uri, queryIndex: 0 });
    assert.ok(result.live, 'Prometheus runs AlwaysOn');
    assert.equal(result.live.state, 'firing');
    assert.equal(result.live.health, 'ok');
    assert.equal(result.live.differs, false);
    assert.equal(result.live.expr, 'vector(1)');
    assert.ok(result.live.lastEvaluation && Math.abs(result.live.lastEvaluation - Date.now() / 1000) < 30, String(result.live.lastEvaluation));
    assert.equal('server' in result && typeof result.server, 'string', 'server is the server\'s name, as in a run');
  });

  it('says when the server runs another version of the rule, and when it runs none', async () => {
    const other = await preview({ uri, queryIndex: 1 });
    assert.ok(other.ok, other.summary);
    assert.equal(other.live?.differs, true);
    assert.equal(other.live?.expr, 'up == 1');
    // Its instances are the file's version's: the node job only.
    assert.deepEqual(other.instances.map((i) => i.labels), [{ alertname: 'NodeUp', instance: node.address, job: 'node' }]);
    const none = await preview({ uri, queryIndex: 2 });
    assert.equal(none.live, undefined);
    assert.deepEqual(none.instances, []);
    assert.equal(none.headline, 'never fired in 1 h');
  });

  it('previews a recording rule: the series it would write now, as Prometheus answers them', async () => {
    const result = await preview({ uri, queryIndex: 3 });
    assert.ok(result.ok, result.summary);
    assert.equal(result.kind, 'record');
    const truth = await direct(prometheus.url, 'sum by (job) (up)');
    assert.equal(result.series, truth.length);
    assert.deepEqual(result.sample?.map((s) => s.labels), truth.map((s) => ({ __name__: 'job:up:sum', ...s.metric })), 'the series named as the rule records them');
    assert.deepEqual(result.sample?.map((s) => s.value), truth.map((s) => s.value[1]));
    assert.equal(result.headline.startsWith(`records ${truth.length} series`), true, result.headline);
    assert.equal(result.live?.differs, false, '`sum(up) by (job)` on the server is the file\'s block, printed alike');
  });

  it('says on its record name when a recording rule would record more series than lint.maxSeries', async () => {
    const settings = (maxSeries: number): Record<string, unknown> => ({ prometheus: { servers: [{ name: 'prom', url: prometheus.url }], preview: { window: '1h' }, queryTimeoutMs: 10_000, lint: { maxSeries } } });
    const wide = 'file:///preview/wide.rules.yml';
    // Two series whatever the server holds: the window's end is a past evaluation time.
    const expr = 'label_replace(vector(1), "k", "a", "", "") or label_replace(vector(2), "k", "b", "", "")';
    const text = `groups:\n  - name: wide\n    rules:\n      - record: job:up:wide\n        expr: '${expr}'\n`;
    const truth = await direct(prometheus.url, expr);
    assert.equal(truth.length, 2);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: settings(truth.length - 1) });
    client.open(wide, 'yaml', text);
    try {
      const result = await preview({ uri: wide, queryIndex: 0 });
      assert.ok(result.ok, result.summary);
      const published = await client.diagnosticsFor(wide, (d) => d.some((x) => x.code === 'cardinality/series'));
      const [finding] = published.filter((d) => d.code === 'cardinality/series');
      assert.equal(finding.severity, 2);
      assert.equal(finding.message, `this rule records ${truth.length} series (over the prometheus.lint.maxSeries threshold of ${truth.length - 1}): "job:up:wide" is costly to store and to query`);
      const line = text.split('\n')[finding.range.start.line];
      assert.equal(line.slice(finding.range.start.character, finding.range.end.character), 'job:up:wide');
      // Within the threshold again: the finding goes with the settings' publication.
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: settings(10_000) });
      await client.diagnosticsFor(wide, (d) => !d.some((x) => x.code === 'cardinality/series'));
    } finally {
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: settings(10_000) });
      client.close(wide);
    }
  });

  it('answers why a rule cannot be evaluated, in the server\'s words', async () => {
    const result = await preview({ uri, queryIndex: 4 });
    assert.equal(result.ok, false);
    assert.match(result.error ?? '', /regular expression|regex|\(/);
    assert.match(result.headline, /^preview failed: /);
  });

  it('takes another window from the request, and refuses a target that is no rule', async () => {
    const result = await preview({ uri, queryIndex: 0, windowSeconds: 7 * 86_400 });
    assert.ok(result.ok, result.summary);
    // 40,320 evaluations at 15s are more than Prometheus returns per series (11,000): the step widens to a multiple of 15s.
    assert.equal(result.window.step, 60);
    assert.equal(result.window.end - result.window.start, 7 * 86_400);
    assert.equal(result.headline, 'firing now · fired 1× in 7 d');
    await assert.rejects(preview({ uri, queryIndex: 9 }), { code: -32602 });
  });

  it('renders the annotations at the last firing, and puts a template that fails at its place in the file', async () => {
    const result = await preview({ uri, queryIndex: 5 });
    assert.ok(result.ok, result.summary);
    const [instance] = result.instances;
    assert.equal(instance.annotations['summary'], 'value 2');
    assert.match(instance.annotations['description'] ?? '', /^<error expanding template: .*at <humanize "abc">/);
    assert.equal(instance.templateErrors?.length, 1);
    assert.equal(result.diagnostics.length, 1);
    const [diagnostic] = result.diagnostics;
    assert.equal(diagnostic.code, 'preview/template-error');
    assert.equal(diagnostic.severity, 2, 'a warning: Prometheus loads the rule');
    assert.match(String(diagnostic.message), /^description: .*humanize/);
    const line = fixture('editor.rules.yml').split('\n')[diagnostic.range.start.line];
    assert.equal(diagnostic.range.start.line, 27);
    const at = line.slice(diagnostic.range.start.character);
    assert.ok(line.indexOf('{{') <= diagnostic.range.start.character && at.length > 0 && line.indexOf('}}') > diagnostic.range.start.character, `inside the failing action: ${JSON.stringify(at)}`);
    // Published with the document's diagnostics too, until the rule is previewed again.
    const published = await client.diagnosticsFor(uri, (d) => d.some((x) => x.code === 'preview/template-error'));
    assert.deepEqual(published.filter((d) => d.code === 'preview/template-error').map((d) => d.range), [diagnostic.range]);
    // Once the template is edited the error is not said any more (the next preview tells); the text back, it is again.
    const text = fixture('editor.rules.yml');
    client.change(uri, 2, text.replace('humanize "abc"', 'humanize 3'));
    await client.diagnosticsFor(uri, (d, version) => version === 2 && !d.some((x) => x.code === 'preview/template-error'));
    client.change(uri, 3, text);
    await client.diagnosticsFor(uri, (d, version) => version === 3 && d.some((x) => x.code === 'preview/template-error'));
  });

  it('runs as the lens\'s command and sends the preview to the results view', async () => {
    results.length = 0;
    const answer = (await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'prometheus.previewRule', arguments: [{ uri, queryIndex: 0 }] })) as PreviewRuleResponse;
    assert.ok(answer.ok, answer.summary);
    assert.equal(results.length, 1);
    assert.equal(results[0].kind, 'preview');
    assert.equal(results[0].uri, uri);
    assert.equal(results[0].queryIndex, 0);
    assert.deepEqual(results[0].result, answer);
  });
});
