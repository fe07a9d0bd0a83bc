import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CompletionRequest, HoverRequest, type CompletionItem, type CompletionList } from 'vscode-languageserver-protocol/node';
import { StdioLanguageClient } from '../../support/lspClient';
import {
  freePort, startInferenceService, startNodeExporter, startPrometheus, startVictoriaMetrics, waitForPrometheusData, type LiveService,
} from '../../support/liveServices';

/*
 * The live catalog end to end: real exporters (node exporter, a FastAPI service instrumented with
 * prometheus_client), a real Prometheus and a real VictoriaMetrics on loopback, and the built
 * server spoken to over stdio. Completion and hover must offer what those processes really expose,
 * and broken endpoints must give a clear status without holding completion up.
 */

interface Started {
  node: LiveService;
  inference: LiveService;
  prometheus: LiveService;
  victoria: LiveService;
}

async function complete(client: StdioLanguageClient, uri: string, text: string, marker = '|'): Promise<CompletionList> {
  const offset = text.indexOf(marker);
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  const character = offset - (before.lastIndexOf('\n') + 1);
  client.change(uri, ++versions[uri], text.replace(marker, ''));
  const result = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line, character } });
  assert.ok(result && !Array.isArray(result), 'a completion list');
  return result;
}

const versions: Record<string, number> = {};

function openDoc(client: StdioLanguageClient, uri: string, languageId: string): void {
  versions[uri] = 1;
  client.open(uri, languageId, '');
}

const labels = (list: CompletionList): string[] => list.items.map((i: CompletionItem) => i.label);

describe('live metric catalog over LSP (real exporters and servers)', function () {
  this.timeout(120_000);
  let started: Started;

  before(async () => {
    const [node, inference] = await Promise.all([startNodeExporter(), startInferenceService()]);
    const scrapeTargets = [
      { job: 'node', targets: [node.address] },
      { job: 'inference', targets: [inference.address] },
    ];
    const [prometheus, victoria] = await Promise.all([startPrometheus({ scrapeTargets, scrapeInterval: '1s' }), startVictoriaMetrics({ scrapeTargets })]);
    started = { node, inference, prometheus, victoria };
    // Both jobs scraped once, so that the label values asked below are complete.
    await Promise.all([prometheus.url, victoria.url].flatMap((url) => [
      waitForPrometheusData(url, 'inference_requests_total', 30_000),
      waitForPrometheusData(url, 'node_cpu_seconds_total', 30_000),
    ]));
  });

  after(async () => {
    if (!started) return;
    await Promise.all(Object.values(started).map((s: LiveService) => s.stop()));
  });

  describe('scraping exporters named in prometheus.scrapeUrls', () => {
    let client: StdioLanguageClient;
    const uri = 'file:///live/scrape.promql';

    before(async () => {
      client = new StdioLanguageClient();
      await client.initialize(undefined, { scrapeUrls: [`${started.node.url}/metrics`, { url: `${started.inference.url}/metrics`, name: 'inference' }] });
      await client.waitUntil('both scrapes loaded', () => client.sourceStatuses.length === 2 && client.sourceStatuses.every((s) => s.state === 'ready'));
      openDoc(client, uri, 'promql');
    });
    after(async () => assert.equal(await client.stop(), 0));

    it('offers metric names the exporters expose, with TYPE and HELP', async () => {
      const list = await complete(client, uri, 'rate(node_cpu_sec|');
      const item = list.items.find((i) => i.label === 'node_cpu_seconds_total');
      assert.ok(item, `node_cpu_seconds_total in ${labels(list).slice(0, 20).join(', ')}`);
      assert.match(item.detail ?? '', /^counter · Seconds the CPUs spent in each mode/);
      assert.equal(labels(list)[0], 'node_cpu_seconds_total', 'the best match first');
    });

    it('offers a histogram under its real sample names', async () => {
      const names = labels(await complete(client, uri, 'inference_latency|'));
      for (const n of ['inference_latency_seconds_bucket', 'inference_latency_seconds_sum', 'inference_latency_seconds_count']) assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
    });

    it('offers the label names of the selector\'s metric inside braces', async () => {
      const names = labels(await complete(client, uri, 'inference_requests_total{|}'));
      assert.deepEqual(names.filter((n) => ['model', 'status', 'mode', 'cpu'].includes(n)).sort(), ['model', 'status']);
    });

    it('offers the label values of the series, quoted', async () => {
      const list = await complete(client, uri, 'inference_requests_total{model=|}');
      const values = labels(list);
      assert.ok(values.length > 0, 'some model values');
      const edit = list.items[0].textEdit;
      assert.ok(edit && 'newText' in edit && edit.newText.startsWith('"') && edit.newText.endsWith('"'), JSON.stringify(edit));
      const cpu = labels(await complete(client, uri, 'node_cpu_seconds_total{mode="|"}'));
      assert.ok(cpu.includes('idle') && cpu.includes('user'), cpu.join(', '));
    });

    it('narrows by (…) to the labels of the aggregated metric', async () => {
      const names = labels(await complete(client, uri, 'sum by (|) (rate(node_cpu_seconds_total[5m]))'));
      assert.ok(names.includes('mode') && names.includes('cpu'), names.join(', '));
      assert.ok(!names.includes('model'), 'no labels of other metrics');
    });

    it('hovers a metric with TYPE, HELP, labels, series count and source', async () => {
      client.change(uri, ++versions[uri], 'rate(inference_requests_total[5m])');
      const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 10 } });
      const value = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? String(hover.contents.value) : '';
      assert.match(value, /\*\*inference_requests_total\*\* · counter/);
      assert.match(value, /Labels: .*`model`.*`status`/);
      assert.match(value, /Series: \d+/);
      assert.match(value, /Source: inference/);
    });
  });

  describe('a Prometheus server in prometheus.servers', () => {
    let client: StdioLanguageClient;
    const uri = 'file:///live/prom.promql';

    before(async () => {
      client = new StdioLanguageClient();
      await client.initialize(undefined, { servers: [{ name: 'local', url: started.prometheus.url }] });
      await client.waitUntil('the server loaded', () => client.sourceStatuses[0]?.state === 'ready');
      openDoc(client, uri, 'promql');
    });
    after(async () => assert.equal(await client.stop(), 0));

    it('reports the server\'s version', () => {
      assert.equal(client.sourceStatuses[0].server?.product, 'prometheus');
      assert.match(client.sourceStatuses[0].server?.version ?? '', /^\d+\.\d+\.\d+$/);
    });

    it('offers the names Prometheus has stored, with metadata', async () => {
      const list = await complete(client, uri, 'inference_req|');
      const item = list.items.find((i) => i.label === 'inference_requests_total');
      assert.ok(item, labels(list).join(', '));
      assert.match(item.detail ?? '', /^counter/);
    });

    it('asks the server for label values on demand, narrowed to the metric', async () => {
      const jobs = labels(await complete(client, uri, 'up{job="|"}'));
      assert.deepEqual(jobs.filter((j) => j === 'node' || j === 'inference').sort(), ['inference', 'node']);
      const models = labels(await complete(client, uri, 'inference_requests_total{model="|"}'));
      assert.ok(models.length > 0 && !models.includes('node'), models.join(', '));
    });

    it('asks for the label names of a metric inside braces', async () => {
      const names = labels(await complete(client, uri, 'node_cpu_seconds_total{|}'));
      assert.ok(names.includes('mode') && names.includes('cpu') && names.includes('job'), names.join(', '));
      assert.ok(!names.includes('model'));
    });

    it('flags what the server\'s version cannot run, and does not offer it', async () => {
      const version = client.sourceStatuses[0].server?.version ?? '';
      if (!/^2\./.test(version)) return; // the gate below is about Prometheus 2.x, as Debian ships it
      const gated = 'file:///live/gated.promql';
      client.open(gated, 'promql', 'limitk(2, up)');
      const diagnostics = await client.diagnosticsFor(gated, (d) => d.length > 0);
      assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.character, d.range.end.character]), [['promql/unsupported', 0, 6]]);
      assert.match(String(diagnostics[0].message), new RegExp(`aggregation "limitk" needs Prometheus 2\\.54\\.0 or later with --enable-feature=promql-experimental-functions; local runs ${version.replace(/\./g, '\\.')}`));
      const offered = labels(await complete(client, uri, 'limi|'));
      assert.ok(!offered.includes('limitk'), 'limitk not offered');
    });
  });

  describe('VictoriaMetrics in prometheus.servers', () => {
    let client: StdioLanguageClient;
    const uri = 'file:///live/vm.promql';

    before(async () => {
      client = new StdioLanguageClient();
      await client.initialize(undefined, { servers: [{ name: 'vm', url: started.victoria.url }] });
      await client.waitUntil('VictoriaMetrics loaded', () => client.sourceStatuses[0]?.state === 'ready');
      openDoc(client, uri, 'promql');
    });
    after(async () => assert.equal(await client.stop(), 0));

    it('offers names and label values without metadata, quietly', async () => {
      assert.equal(client.sourceStatuses[0].server?.product, 'victoriametrics');
      assert.equal(client.shownMessages.length, 0, JSON.stringify(client.shownMessages));
      const list = await complete(client, uri, 'node_load|');
      assert.ok(labels(list).includes('node_load1'), labels(list).join(', '));
      const values = labels(await complete(client, uri, 'node_cpu_seconds_total{mode="|"}'));
      assert.ok(values.includes('idle'), values.join(', '));
    });
  });

  describe('the targets of the workspace\'s prometheus.yml', () => {
    let folder: string;
    before(() => {
      folder = mkdtempSync(join(tmpdir(), 'prometheus-lsp-live-'));
      writeFileSync(join(folder, 'prometheus.yml'), [
        'scrape_configs:',
        '  - job_name: inference',
        '    static_configs:',
        `      - targets: ['${started.inference.address}']`,
        '',
      ].join('\n'));
    });
    after(() => rmSync(folder, { recursive: true, force: true }));

    it('are scraped in a trusted workspace', async () => {
      const client = new StdioLanguageClient();
      await client.initialize(pathToFileURL(folder).href);
      await client.waitUntil('the target loaded', () => client.sourceStatuses.some((s) => s.label === `inference (${started.inference.address})` && s.state === 'ready'), 20_000);
      const uri = pathToFileURL(join(folder, 'q.promql')).href;
      openDoc(client, uri, 'promql');
      assert.ok(labels(await complete(client, uri, 'model_lo|')).includes('model_loaded'));
      assert.equal(await client.stop(), 0);
    });

    it('are not fetched when the workspace is untrusted', async () => {
      const client = new StdioLanguageClient();
      await client.initialize(pathToFileURL(folder).href, { trustedWorkspace: false });
      const uri = pathToFileURL(join(folder, 'q.promql')).href;
      openDoc(client, uri, 'promql');
      // The workspace scan has run once completion answers; no source may have been configured.
      await complete(client, uri, 'model_lo|');
      await new Promise((r) => setTimeout(r, 1000));
      const list = await complete(client, uri, 'model_lo|');
      assert.ok(!labels(list).includes('model_loaded'));
      const statuses = await client.connection.sendRequest('prometheus/sources') as { sources: unknown[] };
      assert.deepEqual(statuses.sources, []);
      assert.equal(await client.stop(), 0);
    });
  });

  describe('endpoints that fail', () => {
    let hanging: Server;
    let garbage: Server;
    let hangingUrl: string;
    let garbageUrl: string;
    let stoppedUrl: string;

    before(async () => {
      hanging = createServer(() => { /* accepts and never answers */ });
      garbage = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body>Sign in</body></html>'));
      await Promise.all([hanging, garbage].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
      hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/metrics`;
      garbageUrl = `http://127.0.0.1:${(garbage.address() as AddressInfo).port}/metrics`;
      stoppedUrl = `http://127.0.0.1:${await freePort()}/metrics`;
    });
    after(async () => {
      hanging.closeAllConnections();
      await Promise.all([hanging, garbage].map((s) => new Promise((r) => s.close(r))));
    });

    it('give each a clear status and message, and leave the working source serving completion', async () => {
      const client = new StdioLanguageClient();
      await client.initialize(undefined, { scrapeUrls: [stoppedUrl, hangingUrl, garbageUrl, `${started.node.url}/metrics`], requestTimeoutMs: 1500 });
      const uri = 'file:///live/faults.promql';
      openDoc(client, uri, 'promql');
      const began = Date.now();
      const list = await complete(client, uri, 'node_load|');
      assert.ok(Date.now() - began < 5000, 'completion is not held up by the hanging endpoint');
      await client.waitUntil('every source settled and reported', () => client.sourceStatuses.length === 4 && client.sourceStatuses.every((s) => s.state !== 'loading') && client.shownMessages.length >= 3, 10_000);
      const byUrl = (u: string) => client.sourceStatuses.find((s) => s.id === `scrape:${u}`);
      assert.equal(byUrl(stoppedUrl)?.state, 'error');
      assert.match(byUrl(stoppedUrl)?.message ?? '', /refused/);
      assert.equal(byUrl(hangingUrl)?.state, 'error');
      assert.match(byUrl(hangingUrl)?.message ?? '', /1500 ms/);
      assert.equal(byUrl(garbageUrl)?.state, 'error');
      assert.match(byUrl(garbageUrl)?.message ?? '', /not answer with a Prometheus exposition/);
      assert.equal(byUrl(`${started.node.url}/metrics`)?.state, 'ready');
      assert.equal(client.shownMessages.length, 3, JSON.stringify(client.shownMessages));
      const again = labels(await complete(client, uri, 'node_load|'));
      assert.ok(again.includes('node_load1') || labels(list).includes('node_load1'), again.join(', '));
      assert.equal(await client.stop(), 0);
    });
  });
});
