import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CompletionRequest, HoverRequest } from 'vscode-languageserver-protocol/node';
import { StdioLanguageClient } from '../support/lspClient';

/*
 * A scripted session against the server over stdio, as an editor drives it: a workspace of rule
 * files with a live scrape source configured, and a long run of edits to open documents, with
 * completion and hover along the way. Checked: no error response, the heap at the end within 10%
 * of the heap after the first tenth of the edits (no leak), no growth of open files and sockets.
 * SOAK_EDITS and SOAK_FILES set the size: short in `npm test`, 20,000 edits over 1,000 files in
 * `npm run soak`.
 */

const EDITS = Number(process.env['SOAK_EDITS'] ?? 2000);
const FILES = Number(process.env['SOAK_FILES'] ?? 100);
const OPEN = 20;

interface Stats {
  heapUsedBytes: number;
  rssBytes: number;
  openFiles: number | null;
}

function ruleFile(i: number, variant: number): string {
  return [
    'groups:',
    `  - name: service-${i}`,
    '    rules:',
    `      - record: job:requests_${i}:rate5m`,
    `        expr: sum by (job) (rate(soak_requests_total{shard="${variant % 7}"}[5m]))`,
    `      - alert: Errors${i}`,
    '        expr: |',
    `          sum by (job) (rate(soak_errors_total[5m])) / sum by (job) (rate(soak_requests_total[5m])) > 0.0${variant % 9 + 1}`,
    '        for: 5m',
    `      - record: job:latency_${i}:p99`,
    `        expr: histogram_quantile(0.99, sum by (le, job) (rate(soak_latency_seconds_bucket[${variant % 5 + 1}m])))`,
    '',
  ].join('\n');
}

describe(`soak: ${EDITS} edits over ${FILES} rule files, over stdio`, function () {
  this.timeout(0);
  let folder: string;
  let exporter: Server;
  let client: StdioLanguageClient;

  before(async () => {
    exporter = createServer((_req, res) => res.end('# TYPE soak_requests_total counter\nsoak_requests_total{shard="1"} 5\n# TYPE soak_errors_total counter\nsoak_errors_total 1\n'));
    await new Promise<void>((r) => exporter.listen(0, '127.0.0.1', r));
    const port = (exporter.address() as AddressInfo).port;
    folder = mkdtempSync(join(tmpdir(), 'soak-'));
    mkdirSync(join(folder, 'rules'));
    for (let i = 0; i < FILES; i++) writeFileSync(join(folder, 'rules', `service-${i}.rules.yml`), ruleFile(i, 0));
    writeFileSync(join(folder, 'prometheus.yml'), `rule_files: ['rules/*.yml']\nscrape_configs:\n  - job_name: soak\n    static_configs:\n      - targets: ['127.0.0.1:${port}']\n`);
    client = new StdioLanguageClient(['--expose-gc']);
    await client.initialize(pathToFileURL(folder).href, { refreshIntervalSeconds: 5 });
  });

  after(async () => {
    if (client) assert.equal(await client.stop(), 0);
    exporter?.closeAllConnections();
    await new Promise((r) => exporter?.close(r));
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('ends with the heap, files and sockets it had early on, and no error response', async () => {
    const uris = Array.from({ length: OPEN }, (_, i) => pathToFileURL(join(folder, 'rules', `service-${i}.rules.yml`)).href);
    const versions = uris.map(() => 1);
    uris.forEach((uri, i) => client.open(uri, 'yaml', ruleFile(i, 0)));
    await client.waitUntil('the scrape source is ready', () => client.sourceStatuses.some((s) => s.state === 'ready'), 20_000);
    let early: Stats | undefined;
    const errors: string[] = [];
    const request = async <T>(work: () => Promise<T>): Promise<void> => {
      try {
        await work();
      } catch (error) {
        errors.push(String(error));
      }
    };
    const began = Date.now();
    for (let edit = 1; edit <= EDITS; edit++) {
      const i = edit % OPEN;
      client.change(uris[i], ++versions[i], ruleFile(i, edit));
      if (edit % 10 === 0) {
        // As an editor does while typing: completion and hover, awaited, so the server keeps up.
        await request(() => client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uris[i] }, position: { line: 4, character: 45 } }));
        await request(() => client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uris[i] }, position: { line: 4, character: 45 } }));
      }
      if (edit % 50 === 0) {
        // A pause in typing: the server validates the document and publishes its diagnostics.
        await client.diagnosticsFor(uris[i], (_d, version) => version === versions[i], 30_000);
      }
      if (edit === Math.ceil(EDITS / 10)) {
        early = await client.connection.sendRequest<Stats>('prometheus/serverStats');
      }
    }
    const last = EDITS % OPEN;
    await client.diagnosticsFor(uris[last], (_d, version) => version === versions[last], 60_000);
    const end = await client.connection.sendRequest<Stats>('prometheus/serverStats');
    const seconds = (Date.now() - began) / 1000;
    assert.ok(early);
    const mb = (b: number): string => (b / 1024 / 1024).toFixed(1);
    console.log(`      [soak] ${EDITS} edits in ${seconds.toFixed(1)} s; heap ${mb(early.heapUsedBytes)} MB after ${Math.ceil(EDITS / 10)} edits, ${mb(end.heapUsedBytes)} MB at the end; RSS ${mb(end.rssBytes)} MB; open files ${early.openFiles} → ${end.openFiles}`);
    assert.deepEqual(errors, []);
    assert.ok(end.heapUsedBytes <= early.heapUsedBytes * 1.1, `heap grew from ${mb(early.heapUsedBytes)} to ${mb(end.heapUsedBytes)} MB`);
    if (early.openFiles !== null && end.openFiles !== null) assert.ok(end.openFiles <= early.openFiles + 2, `open files ${early.openFiles} → ${end.openFiles}`);
  });
});
