import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CompletionRequest, ExecuteCommandRequest, type CompletionList } from 'vscode-languageserver-protocol/node';
import { FAULTS, startFault, type Fault, type FaultyEndpoint } from '../../support/faultyEndpoints';
import { StdioLanguageClient } from '../../support/lspClient';

/*
 * Faults from the outside, over LSP: every misbehaving endpoint of the harness configured at once,
 * as a scrape URL and (those that speak HTTP) as a Prometheus server, beside one good exporter.
 * Each fault must end in a clear status within the request timeout, the good source must keep
 * serving completion, completion must answer while faults are being retried, and the server's
 * memory must stay bounded (the 200 MB body is cut at the size cap).
 */

const TIMEOUT_MS = 1500;
const QUERY_TIMEOUT_MS = 2000;

/** What each fault's status must say. */
const MESSAGES: Record<Fault, RegExp> = {
  refuse: /refused/i,
  hang: /no complete answer .* within 1500 ms/,
  drip: /no complete answer .* within 1500 ms/,
  status500: /500/,
  status404: /404/,
  status401: /401/,
  badJson: /exposition|JSON|json/,
  huge: /larger than 8 MB/,
  endless: /larger than 8 MB|no complete answer .* within 1500 ms/,
  redirectLoop: /redirect/i,
  selfSigned: /certificate/i,
};

function rssMB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

describe('faults from the outside, over LSP', function () {
  this.timeout(90_000);
  const endpoints: FaultyEndpoint[] = [];
  let good: import('node:http').Server;
  let goodUrl: string;
  let client: StdioLanguageClient;
  const uri = 'file:///faults/q.promql';

  before(async () => {
    endpoints.push(...(await Promise.all(FAULTS.map((f) => startFault(f)))));
    const { createServer } = await import('node:http');
    good = createServer((_req, res) => res.end('# HELP good_requests_total Requests.\n# TYPE good_requests_total counter\ngood_requests_total{code="200"} 7\n'));
    await new Promise<void>((r) => good.listen(0, '127.0.0.1', r));
    goodUrl = `http://127.0.0.1:${(good.address() as import('node:net').AddressInfo).port}/metrics`;
    client = new StdioLanguageClient();
    await client.initialize(undefined, {
      requestTimeoutMs: TIMEOUT_MS,
      queryTimeoutMs: QUERY_TIMEOUT_MS,
      maxResponseMB: 8,
      scrapeUrls: [{ url: goodUrl, name: 'good' }, ...endpoints.map((e) => ({ url: `${e.url}/metrics`, name: `scrape-${e.fault}` }))],
      servers: endpoints.filter((e) => e.fault !== 'selfSigned').map((e) => ({ url: e.url, name: `server-${e.fault}` })),
    });
    client.open(uri, 'promql', '');
  });

  after(async () => {
    if (client) assert.equal(await client.stop(), 0);
    await Promise.all(endpoints.map((e) => e.stop()));
    good?.closeAllConnections();
    await new Promise((r) => good?.close(r));
  });

  it('gives every fault a clear status within the timeout, and keeps the good source', async () => {
    const began = Date.now();
    await client.waitUntil('every source settled', () => client.sourceStatuses.length > 0 && client.sourceStatuses.every((s) => s.state !== 'loading'), 20_000);
    const settledMs = Date.now() - began;
    const byLabel = new Map(client.sourceStatuses.map((s) => [s.label, s]));
    assert.equal(byLabel.get('good')?.state, 'ready');
    for (const endpoint of endpoints) {
      for (const label of [`scrape-${endpoint.fault}`, `server-${endpoint.fault}`]) {
        const status = byLabel.get(label);
        if (!status) continue;
        assert.equal(status.state, 'error', `${label}: ${JSON.stringify(status)}`);
        assert.match(status.message ?? '', MESSAGES[endpoint.fault], `${label}: ${status.message}`);
      }
    }
    // All sources load in parallel: the slowest fault ends at the timeout, not at the sum of them.
    assert.ok(settledMs < TIMEOUT_MS * 4, `settled after ${settledMs} ms`);
  });

  it('completes from the good source while the faulty ones are retried', async () => {
    const refresh = client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'prometheus.refreshMetrics', arguments: [] });
    client.change(uri, 2, 'good_req');
    const began = Date.now();
    const list = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 0, character: 8 } }) as CompletionList;
    const tookMs = Date.now() - began;
    assert.ok(list.items.some((i) => i.label === 'good_requests_total'), list.items.map((i) => i.label).join(', '));
    // A hang guard: completion does not wait for the retried faults (they take up to the timeout).
    assert.ok(tookMs < TIMEOUT_MS, `completion took ${tookMs} ms`);
    await refresh;
  });

  it('runs a query on each faulty server to a clear error within the query timeout', async () => {
    const queryUri = 'file:///faults/run.promql';
    client.open(queryUri, 'promql', 'sum(up)');
    for (const endpoint of endpoints.filter((e) => e.fault !== 'selfSigned')) {
      const began = Date.now();
      const result = await client.connection.sendRequest<{ ok: boolean; summary: string; error?: { kind: string } }>('prometheus/runQuery', { uri: queryUri, queryIndex: 0, server: `server-${endpoint.fault}` });
      const tookMs = Date.now() - began;
      assert.equal(result.ok, false, `${endpoint.fault}: ${result.summary}`);
      assert.ok(result.summary.length > 10 && !/undefined|\[object/.test(result.summary), `${endpoint.fault}: "${result.summary}"`);
      assert.ok(tookMs < QUERY_TIMEOUT_MS + 1000, `${endpoint.fault}: ${tookMs} ms`);
    }
  });

  it('keeps its memory bounded after the 200 MB and endless bodies', () => {
    const rss = rssMB(client.pid);
    assert.ok(rss < 400, `server RSS ${rss.toFixed(0)} MB`);
    console.log(`      [faults] server RSS after the faults: ${rss.toFixed(0)} MB`);
  });

  it('reports each failing source once, in a notification, with no secret and no crash', () => {
    const messages = client.shownMessages.map((m) => m.message);
    assert.ok(messages.length >= endpoints.length, messages.join('\n'));
    assert.equal(new Set(messages).size, messages.length, 'no message twice');
    assert.ok(!/at .*\.js:\d+/.test(client.stderr), `no stack trace on stderr: ${client.stderr.slice(0, 500)}`);
  });
});
