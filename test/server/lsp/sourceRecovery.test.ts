import * as assert from 'node:assert/strict';
import { CodeLensRequest, CodeLensResolveRequest, ExecuteCommandRequest } from 'vscode-languageserver-protocol/node';
import type { RunQueryResponse } from '../../../server/src/lsp/protocol';
import { StdioLanguageClient } from '../../support/lspClient';
import { startNodeExporter, startPrometheus, waitForPrometheusData, type LiveService } from '../../support/liveServices';

/*
 * A live source that goes away and comes back (issue 19: the status bar kept "connection refused"
 * for over a minute after Prometheus returned). A real Prometheus is stopped and started again on
 * the same port while the built server runs over stdio; the status must follow within seconds,
 * from the background retry alone, and at once when a query reaches the server again. Also the
 * lens of a firing alert: a codicon for a client that draws them, no emoji font needed.
 */

describe('a live source that recovers (real Prometheus stopped and restarted)', function () {
  this.timeout(120_000);
  let node: LiveService;
  let prometheus: LiveService;
  let port: number;
  let client: StdioLanguageClient;
  const uri = 'file:///recovery/queries.promql';
  const rulesUri = 'file:///recovery/alerts.rules.yml';
  const rules = 'groups:\n  - name: up\n    rules:\n      - alert: NodeUp\n        expr: up{job="node"} == 1\n';
  const state = (): string => client.sourceStatuses.find((s) => s.label === 'local')?.state ?? 'none';
  /** Starts Prometheus again at the same address; resolves when it answers /-/ready. */
  const start = async (): Promise<void> => {
    prometheus = await startPrometheus({ scrapeTargets: [{ job: 'node', targets: [node.address] }], rules, port });
  };
  const run = (): Promise<RunQueryResponse> => client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'prometheus.runQuery', arguments: [{ uri, queryIndex: 0 }] }) as Promise<RunQueryResponse>;

  before(async () => {
    node = await startNodeExporter();
    prometheus = await startPrometheus({ scrapeTargets: [{ job: 'node', targets: [node.address] }], rules });
    port = prometheus.port;
    await waitForPrometheusData(prometheus.url, 'ALERTS{alertname="NodeUp",alertstate="firing"}', 30_000);
    client = new StdioLanguageClient();
    // The refresh interval as the settings have it by default (300 s): recovery must not wait for it.
    await client.initialize(undefined, { servers: [{ name: 'local', url: prometheus.url }] });
    await client.waitUntil('the server loaded', () => state() === 'ready');
    client.open(uri, 'promql', 'up\n');
    client.open(rulesUri, 'yaml', rules);
  });

  after(async () => {
    if (client) assert.equal(await client.stop(), 0);
    await Promise.all([prometheus, node].filter(Boolean).map((s) => s.stop()));
  });

  it('turns to error when a query finds the server gone, and back to ready within seconds of its return, unasked', async () => {
    await prometheus.stop();
    const failed = await run();
    assert.equal(failed.ok, false);
    assert.equal(failed.error?.kind, 'unreachable', failed.summary);
    // The query's failure is news about the server: the status says so without waiting for a refresh.
    await client.waitUntil('the status says the server is down', () => state() === 'error', 5000);
    assert.match(client.sourceStatuses[0].message ?? '', /refused|unreachable|ECONNREFUSED/i);
    await start();
    const back = Date.now();
    assert.equal(state(), 'error', 'not ready before Prometheus answered');
    // No request from the client: the background retry alone (2 s, then doubling).
    await client.waitUntil('the status back to ready', () => state() === 'ready', 20_000);
    const recoveredMs = Date.now() - back;
    assert.ok(recoveredMs < 20_000, `ready ${recoveredMs} ms after Prometheus was back`);
    console.log(`      status ready ${recoveredMs} ms after Prometheus answered again`);
  });

  it('turns back to ready at once when a query succeeds', async () => {
    await prometheus.stop();
    await run();
    await client.waitUntil('the status says the server is down', () => state() === 'error', 5000);
    await start();
    // At once: before the background retry, which now waits longer after each failure.
    const ok = await run();
    assert.ok(ok.ok, ok.summary);
    const answered = Date.now();
    await client.waitUntil('the status back to ready after the query', () => state() === 'ready', 1500);
    console.log(`      status ready ${Date.now() - answered} ms after the query succeeded`);
  });

  it('puts a codicon, not an emoji, on the lens of a firing alert for a client that draws codicons', async () => {
    await waitForPrometheusData(prometheus.url, 'ALERTS{alertname="NodeUp",alertstate="firing"}', 30_000);
    const titles = async (): Promise<string[]> => {
      const lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: rulesUri } })) ?? [];
      const resolved = await Promise.all(lenses.filter((l) => !l.command).map((l) => client.connection.sendRequest(CodeLensResolveRequest.type, l)));
      return resolved.map((l) => l.command?.title ?? '');
    };
    assert.deepEqual(await titles(), ['🔥 firing · 1 alert on local']);
    void client.connection.sendNotification('prometheus/clientFeatures', { queryResults: true, codicons: true });
    await client.waitUntil('the client features applied', () => true);
    assert.deepEqual(await titles(), ['$(flame) firing · 1 alert on local']);
  });
});
