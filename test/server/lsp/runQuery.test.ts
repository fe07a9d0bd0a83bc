import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  CancellationTokenSource, CodeLensRequest, CodeLensResolveRequest, DiagnosticSeverity, ExecuteCommandRequest, type CodeLens, type Range,
} from 'vscode-languageserver-protocol/node';
import type { ExplainQueryResponse, RunQueryResponse } from '../../../server/src/lsp/protocol';
import { StdioLanguageClient } from '../../support/lspClient';
import { freePort, startNodeExporter, startPrometheus, startVictoriaMetrics, waitForPrometheusData, type LiveService } from '../../support/liveServices';
import { FIXTURES } from '../../support/paths';

/*
 * The run-query lenses and requests end to end: node exporter scraped by a real Prometheus (with
 * the rule file test/fixtures/query/live.rules.yml loaded) and a real VictoriaMetrics, a Prometheus
 * whose remote read fails (so that it warns on every answer), a stopped server and one that never
 * answers; the built server spoken to over stdio as an editor does.
 */

const fixture = (name: string): string => readFileSync(join(FIXTURES, 'query', name), 'utf8');

function textAt(text: string, range: Range): string {
  const lines = text.split('\n');
  const offset = (p: Range['start']): number => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(offset(range.start), offset(range.end));
}

/** What the server itself answers to an instant query: the ground truth the preview must show. */
async function direct(url: string, query: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const response = await fetch(`${url}/api/v1/query`, { method: 'POST', body: new URLSearchParams({ query }) });
  return ((await response.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } }).data.result;
}

const labelSets = (series: readonly { metric: Readonly<Record<string, string>> }[]): string[] => series.map((s) => JSON.stringify(Object.entries(s.metric).sort())).sort();

describe('run-query code lens over LSP (real Prometheus and VictoriaMetrics)', function () {
  this.timeout(120_000);
  let node: LiveService;
  let prometheus: LiveService;
  let victoria: LiveService;
  let warning: LiveService;
  let client: StdioLanguageClient;
  const results: { uri: string; kind: string; result: RunQueryResponse }[] = [];
  const promqlUri = 'file:///live/queries.promql';
  const rulesUri = 'file:///live/live.rules.yml';

  const run = (params: Record<string, unknown>): Promise<RunQueryResponse> => client.connection.sendRequest<RunQueryResponse>('prometheus/runQuery', params);
  const open = (uri: string, languageId: string, text: string): void => client.open(uri, languageId, text);

  before(async () => {
    node = await startNodeExporter();
    const scrapeTargets = [{ job: 'node', targets: [node.address] }];
    const deadRemote = `http://127.0.0.1:${await freePort()}/api/v1/read`;
    [prometheus, victoria, warning] = await Promise.all([
      startPrometheus({ scrapeTargets, rules: fixture('live.rules.yml') }),
      startVictoriaMetrics({ scrapeTargets }),
      startPrometheus({ scrapeTargets, remoteReadUrl: deadRemote }),
    ]);
    await Promise.all([
      waitForPrometheusData(prometheus.url, 'job:up:sum', 30_000),
      waitForPrometheusData(prometheus.url, 'ALERTS{alertname="TargetUp"}', 30_000),
      waitForPrometheusData(victoria.url, 'up', 30_000),
      waitForPrometheusData(warning.url, 'up', 30_000),
    ]);
    client = new StdioLanguageClient();
    client.connection.onNotification('prometheus/queryResult', (params: (typeof results)[number]) => {
      results.push(params);
    });
    const init = await client.initialize(undefined, {
      servers: [{ name: 'prom', url: prometheus.url }, { name: 'vm', url: victoria.url }, { name: 'warn', url: warning.url }],
      templateVariables: { job: 'node' },
      queryTimeoutMs: 10_000,
    });
    assert.deepEqual(init.capabilities.codeLensProvider, { resolveProvider: true });
    for (const command of ['prometheus.runQuery', 'prometheus.graphQuery', 'prometheus.explainQuery', 'prometheus.chooseServer']) {
      assert.ok(init.capabilities.executeCommandProvider?.commands.includes(command), command);
    }
    open(promqlUri, 'promql', fixture('queries.promql'));
    open(rulesUri, 'yaml', fixture('live.rules.yml'));
  });

  after(async () => {
    if (client) assert.equal(await client.stop(), 0);
    await Promise.all([prometheus, victoria, warning, node].filter(Boolean).map((s) => s.stop()));
  });

  it('puts Run, Graph and Explain above each query of a .promql file, naming the server', async () => {
    const lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: promqlUri } })) ?? [];
    assert.deepEqual(lenses.map((l) => `${l.range.start.line}:${l.range.start.character} ${l.command?.title}`), [
      '0:0 ▶ Run on prom', '0:0 Graph', '0:0 Explain', '0:0 ⇄ prom',
      '3:0 ▶ Run on prom', '3:0 Graph', '3:0 Explain', '3:0 ⇄ prom',
      '5:2 ▶ Run on prom', '5:2 Graph', '5:2 Explain', '5:2 ⇄ prom',
    ]);
  });

  it('puts lenses above each expr: of a rule file, and resolves each rule\'s live state', async () => {
    const lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: rulesUri } })) ?? [];
    const runs = lenses.filter((l) => l.command?.title === '▶ Run on prom').map((l) => l.range.start.line);
    assert.deepEqual(runs, [4, 6, 10, 12], 'the lines of the four expr: keys');
    const pending = lenses.filter((l) => !l.command);
    assert.equal(pending.length, 4);
    const resolved: CodeLens[] = await Promise.all(pending.map((l) => client.connection.sendRequest(CodeLensResolveRequest.type, l)));
    assert.deepEqual(resolved.map((l) => `${l.range.start.line} ${l.command?.title}`), [
      '4 recorded · 1 series on prom',
      '6 🔥 firing · 1 alert on prom',
      '10 ✓ not firing on prom',
      '12 not recorded on prom',
    ]);
    assert.deepEqual(resolved[1].command?.arguments, [{ uri: rulesUri, queryIndex: 1, kind: 'instant' }]);
  });

  for (const server of ['prom', 'vm'] as const) {
    it(`runs a query and returns the series ${server === 'prom' ? 'Prometheus' : 'VictoriaMetrics'} holds`, async () => {
      const result = await run({ uri: promqlUri, queryIndex: 0, kind: 'instant', server });
      assert.ok(result.ok, result.summary);
      assert.equal(result.server, server);
      assert.equal(result.resultType, 'vector');
      assert.match(result.summary, /^1 series · value 1 · \d+ ms$/);
      const truth = await direct(server === 'prom' ? prometheus.url : victoria.url, 'sum by (job) (up)');
      assert.deepEqual(labelSets(result.series ?? []), labelSets(truth));
      assert.deepEqual(result.series?.map((s) => s.value), truth.map((s) => s.value[1]));
      assert.deepEqual(result.queryRange, { start: { line: 0, character: 0 }, end: { line: 1, character: 17 } });
      if (server === 'prom') assert.match(result.statsLine ?? '', /samples · evaluated in/, 'Prometheus gives stats=all');
    });
  }

  it('runs the rules\' expressions as Prometheus evaluates them (YAML unescaped)', async () => {
    const result = await run({ uri: rulesUri, queryIndex: 2, kind: 'instant' });
    assert.equal(result.query, 'up{job="node"} == 0');
    assert.ok(result.ok, result.summary);
    assert.equal(result.seriesCount, 0);
    assert.equal(result.rule?.state, 'inactive');
    const firing = await run({ uri: rulesUri, position: { line: 6, character: 20 } });
    assert.equal(firing.query, 'up{job="node"} == 1');
    assert.deepEqual(labelSets(firing.series ?? []), labelSets(await direct(prometheus.url, 'up{job="node"} == 1')));
    assert.equal(firing.rule?.state, 'firing');
    assert.equal(firing.rule?.count, 1);
  });

  it('runs a selection inside a query on its own', async () => {
    // `sum by (job) (` … `)` of the block scalar at lines 13-15: select `node_does_not_exist`.
    const result = await run({ uri: rulesUri, range: { start: { line: 14, character: 12 }, end: { line: 14, character: 31 } } });
    assert.equal(result.query, 'node_does_not_exist');
    assert.equal(result.summary.split(' · ')[0], 'no series');
    assert.equal(result.rule, undefined);
  });

  it('substitutes Grafana variables in .promql files and says so', async () => {
    const result = await run({ uri: promqlUri, queryIndex: 2 });
    assert.equal(result.query, 'up{job="node"}\n    == 1');
    assert.match(result.templateNote ?? '', /substituted \$job = node/);
    assert.equal(result.seriesCount, 1);
    const rate = await run({ uri: promqlUri, queryIndex: 1 });
    assert.match(rate.query, /\[1m\]\)$/);
    assert.match(rate.templateNote ?? '', /\$__rate_interval = 1m/);
    assert.ok(rate.ok, rate.summary);
  });

  it('graphs a query over the last hour from the lens command, and notifies the result', async () => {
    let before = 0;
    let result: RunQueryResponse | undefined;
    // VictoriaMetrics makes freshly scraped samples searchable for range queries a moment later: ask again until they are.
    for (const deadline = Date.now() + 20_000; ;) {
      before = Date.now() / 1000;
      result = (await client.connection.sendRequest(ExecuteCommandRequest.type, {
        command: 'prometheus.graphQuery', arguments: [{ uri: promqlUri, queryIndex: 0, kind: 'range', server: 'vm' }],
      })) as RunQueryResponse;
      if ((result.series?.[0]?.points?.length ?? 0) >= 1 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    assert.ok(result.ok, result.summary);
    assert.equal(result.resultType, 'matrix');
    assert.equal(result.step, 15);
    assert.ok(Math.abs((result.end ?? 0) - before) < 10 && Math.abs((result.end ?? 0) - (result.start ?? 0) - 3600) < 0.01);
    assert.ok((result.series?.[0]?.points?.length ?? 0) >= 1);
    assert.match(result.summary, /^1 series · \d+ points · value 1 · \d+ ms$/);
    await client.waitUntil('the queryResult notification', () => results.some((r) => r.kind === 'range' && r.uri === promqlUri));
  });

  describe('a syntax error comes back placed on the query', () => {
    const brokenUri = 'file:///live/broken.rules.yml';
    const broken = [
      'groups:',
      '  - name: broken',
      '    rules:',
      '      - record: x:broken:one',
      '        expr: "up{job=\\"node\\"} bar"',
      '      - record: x:broken:two',
      '        expr: |',
      '          sum by (job) (up)',
      '            + on(job) bogus(up)',
      '',
    ].join('\n');
    before(() => open(brokenUri, 'yaml', broken));

    for (const server of ['prom', 'vm'] as const) {
      it(`from ${server === 'prom' ? 'Prometheus' : 'VictoriaMetrics'}, through YAML escapes and block scalars`, async () => {
        const first = await run({ uri: brokenUri, queryIndex: 0, server });
        assert.equal(first.ok, false);
        assert.equal(first.error?.kind, 'api');
        assert.match(first.summary, server === 'prom' ? /^error: invalid parameter "query": 1:16: parse error: unexpected identifier "bar"$/ : /^error: .*unparsed data left: "bar"$/);
        assert.ok(first.errorRange, 'a position');
        assert.equal(textAt(broken, first.errorRange), 'bar');
        assert.equal(first.errorRange.start.line, 4);
        assert.equal(first.diagnostics[0]?.severity, DiagnosticSeverity.Error);

        const second = await run({ uri: brokenUri, queryIndex: 1, server });
        assert.equal(second.ok, false);
        assert.ok(second.errorRange);
        assert.equal(textAt(broken, second.errorRange), 'bogus');
        assert.deepEqual(second.errorRange.start, { line: 8, character: 22 });
      });
    }

    it('at the end of a .promql query', async () => {
      const uri = 'file:///live/end.promql';
      open(uri, 'promql', '# broken\nsum(up) by (job) +\n');
      const result = await run({ uri, queryIndex: 0 });
      assert.equal(result.ok, false);
      assert.deepEqual(result.errorRange, { start: { line: 1, character: 17 }, end: { line: 1, character: 18 } });
    });
  });

  it('explains a query: every part run on its own, with series, labels and time', async () => {
    const uri = 'file:///live/explain.promql';
    const text = 'sum by (job) (up) / on (job) count by (job) (node_does_not_exist)';
    open(uri, 'promql', text);
    const result = await client.connection.sendRequest<ExplainQueryResponse>('prometheus/explainQuery', { uri, queryIndex: 0 });
    assert.equal(result.ok, true, result.summary);
    assert.deepEqual(result.nodes.map((n) => `${'  '.repeat(n.depth)}${n.label} → ${n.seriesCount}`), [
      '/ on (job) → 0',
      '  sum by (job) → 1',
      '    selector → 1',
      '  count by (job) → 0',
      '    selector → 0',
    ]);
    assert.deepEqual(result.nodes[1].labels, [{ name: 'job', values: 1 }]);
    assert.equal(textAt(text, result.nodes[3].documentRange), 'count by (job) (node_does_not_exist)');
    assert.ok(result.nodes.every((n) => n.elapsedMs >= 0 && /\d+ ms$/.test(n.summary)));
  });

  it('turns the server\'s warnings into diagnostics on the query', async () => {
    const result = await run({ uri: promqlUri, queryIndex: 0, server: 'warn' });
    assert.ok(result.ok, result.summary);
    assert.equal(result.seriesCount, 1);
    assert.match(result.warnings[0] ?? '', /^remote_read: .*connection refused/);
    assert.deepEqual(result.diagnostics.map((d) => [d.code, d.severity, d.range]), [
      ['promql/server-warning', DiagnosticSeverity.Warning, { start: { line: 0, character: 0 }, end: { line: 1, character: 17 } }],
    ]);
    assert.equal(result.diagnostics[0].source, 'prometheus (warn)');
  });

  it('lists the servers and remembers the one chosen', async () => {
    const listed = await client.connection.sendRequest<{ servers: { name: string; url: string }[]; active: string }>('prometheus/servers', {});
    assert.deepEqual(listed.servers.map((s) => s.name), ['prom', 'vm', 'warn']);
    assert.equal(listed.active, 'prom');
    assert.deepEqual(await client.connection.sendRequest('prometheus/chooseServer', { name: 'vm' }), { active: 'vm' });
    const lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: promqlUri } })) ?? [];
    assert.equal(lenses[0].command?.title, '▶ Run on vm');
    assert.equal((await run({ uri: promqlUri, queryIndex: 0 })).server, 'vm');
    // VictoriaMetrics evaluates no rules (vmalert does): the lens reads its ALERTS series and says so.
    const ruleLenses = ((await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: rulesUri } })) ?? []).filter((l) => !l.command);
    const states = await Promise.all(ruleLenses.slice(0, 2).map((l) => client.connection.sendRequest(CodeLensResolveRequest.type, l)));
    assert.deepEqual(states.map((l) => l.command?.title), ['not recorded on vm', 'not firing on vm (no rule of this name loaded there)']);
    await assert.rejects(client.connection.sendRequest('prometheus/chooseServer', { name: 'nope' }), /no server named "nope"/);
    assert.deepEqual(await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'prometheus.chooseServer', arguments: ['prom'] }), { active: 'prom' });
  });

  describe('servers that cannot answer', () => {
    let other: StdioLanguageClient;
    let stopped: LiveService;
    let hanging: Server;
    let hangingPort: number;
    const uri = 'file:///live/fail.promql';

    before(async () => {
      stopped = await startVictoriaMetrics({ scrapeTargets: [] });
      await stopped.stop();
      hanging = createServer(() => undefined);
      await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
      hangingPort = (hanging.address() as AddressInfo).port;
      other = new StdioLanguageClient();
      await other.initialize(undefined, { servers: [{ name: 'gone', url: stopped.url }, { name: 'slow', url: `http://127.0.0.1:${hangingPort}` }], queryTimeoutMs: 600 });
      other.open(uri, 'promql', 'up');
    });
    after(async () => {
      hanging.closeAllConnections();
      hanging.close();
      assert.equal(await other.stop(), 0);
    });

    it('a stopped server: one sentence, at once', async () => {
      const started = Date.now();
      const result = await other.connection.sendRequest<RunQueryResponse>('prometheus/runQuery', { uri, queryIndex: 0, server: 'gone' });
      assert.equal(result.ok, false);
      assert.equal(result.summary, `gone: connection refused by ${stopped.address}`);
      assert.ok(Date.now() - started < 1500);
    });

    it('a server that never answers: the deadline, and no hang', async () => {
      const started = Date.now();
      const result = await other.connection.sendRequest<RunQueryResponse>('prometheus/runQuery', { uri, queryIndex: 0, server: 'slow' });
      assert.equal(result.ok, false);
      assert.equal(result.error?.kind, 'timeout');
      assert.equal(result.summary, `slow: no complete answer from 127.0.0.1:${hangingPort} within 600 ms`);
      assert.ok(Date.now() - started < 2500);
    });

    it('a run the user cancels ends at once', async () => {
      const source = new CancellationTokenSource();
      const started = Date.now();
      const pending = other.connection.sendRequest<RunQueryResponse>('prometheus/runQuery', { uri, queryIndex: 0, server: 'slow' }, source.token);
      setTimeout(() => source.cancel(), 100);
      const outcome = await pending.then((r) => r.summary, (e: Error) => e.message);
      assert.match(outcome, /cancel/i);
      assert.ok(Date.now() - started < 450, `${Date.now() - started} ms`);
    });

    it('a server not in the settings', async () => {
      const result = await other.connection.sendRequest<RunQueryResponse>('prometheus/runQuery', { uri, queryIndex: 0, server: 'nope' });
      assert.equal(result.ok, false);
      assert.equal(result.summary, 'no server named "nope" in prometheus.servers');
    });
  });
});
