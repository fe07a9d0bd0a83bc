import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CompletionRequest, ExecuteCommandRequest, HoverRequest } from 'vscode-languageserver-protocol/node';
import { freePort } from '../../support/liveServices';
import { StdioLanguageClient } from '../../support/lspClient';

/*
 * Untrusted workspaces and secrets, over LSP. Secrets are planted everywhere a user puts them (the
 * settings' tokens and passwords, a URL's userinfo, a prometheus.yml's basic_auth and a credentials
 * file); every output of the server (messages, source statuses, diagnostics, hover, completion, the
 * target report, stderr) is searched for them. In an untrusted workspace, the targets of the
 * workspace's configuration get no request, and the user is told why, once.
 */

const PLANTED = ['PLANTED-SETTINGS-TOKEN', 'PLANTED-SETTINGS-PASSWORD', 'PLANTED-URL-PASSWORD', 'PLANTED-CONFIG-PASSWORD', 'PLANTED-FILE-TOKEN'];

interface Recorder {
  url: string;
  requests: { path: string; headers: IncomingHttpHeaders }[];
  server: Server;
}

async function recorder(status: number): Promise<Recorder> {
  const requests: Recorder['requests'] = [];
  const server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', headers: req.headers });
    res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status === 200 ? 'up 1\n' : 'denied\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

describe('secrets and untrusted workspaces, over LSP', function () {
  this.timeout(60_000);
  let folder: string;
  let target: Recorder;
  let api: Recorder;
  let configText: string;
  let configUri: string;
  let refusedPort: number;

  before(async () => {
    [target, api] = await Promise.all([recorder(401), recorder(500)]);
    refusedPort = await freePort();
    folder = mkdtempSync(join(tmpdir(), 'secrets-workspace-'));
    writeFileSync(join(folder, 'token.txt'), 'PLANTED-FILE-TOKEN\n');
    configText = [
      'scrape_configs:',
      '  - job_name: secured',
      '    basic_auth:',
      '      username: scraper',
      '      password: PLANTED-CONFIG-PASSWORD',
      '    static_configs:',
      `      - targets: ['${new URL(target.url).host}']`,
      '  - job_name: token',
      '    authorization:',
      '      credentials_file: token.txt',
      '    static_configs:',
      `      - targets: ['${new URL(target.url).host}']`,
      '    metrics_path: /with-token',
      '',
    ].join('\n');
    writeFileSync(join(folder, 'prometheus.yml'), configText);
    configUri = pathToFileURL(join(folder, 'prometheus.yml')).href;
  });

  after(async () => {
    for (const r of [target, api]) {
      r?.server.closeAllConnections();
      await new Promise((done) => r?.server.close(done));
    }
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  const settings = (trusted: boolean): Record<string, unknown> => ({
    trustedWorkspace: trusted,
    requestTimeoutMs: 1500,
    servers: [{ name: 'prod', url: api.url, bearerToken: 'PLANTED-SETTINGS-TOKEN' }],
    scrapeUrls: [
      { name: 'basic', url: `http://127.0.0.1:${refusedPort}/metrics`, basicAuth: { username: 'me', password: 'PLANTED-SETTINGS-PASSWORD' } },
      `http://me:PLANTED-URL-PASSWORD@127.0.0.1:${refusedPort}/other`,
    ],
  });

  async function everyOutput(client: StdioLanguageClient): Promise<string> {
    client.open(configUri, 'yaml', configText);
    const diagnostics = await client.diagnosticsFor(configUri, () => true);
    const lines = configText.split('\n');
    const passwordLine = lines.findIndex((l) => l.includes('password:'));
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: configUri }, position: { line: passwordLine, character: 8 } });
    const completion = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: configUri }, position: { line: passwordLine, character: 6 } });
    const report = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'prometheus.targetReport', arguments: [configUri] });
    const sources = await client.connection.sendRequest('prometheus/sources');
    return JSON.stringify({ messages: client.shownMessages, statuses: client.sourceStatuses, diagnostics, hover, completion, report, sources, stderr: client.stderr });
  }

  it('in a trusted workspace, sends the configured credentials and shows none of them anywhere', async () => {
    const client = new StdioLanguageClient();
    await client.initialize(pathToFileURL(folder).href, settings(true));
    await client.waitUntil('the workspace targets were scraped', () => target.requests.length >= 2, 20_000);
    await client.waitUntil('every source settled', () => client.sourceStatuses.length >= 5 && client.sourceStatuses.every((s) => s.state !== 'loading'), 20_000);
    const output = await everyOutput(client);
    assert.equal(await client.stop(), 0);
    const auth = target.requests.map((r) => r.headers.authorization ?? '');
    assert.ok(auth.includes(`Basic ${Buffer.from('scraper:PLANTED-CONFIG-PASSWORD').toString('base64')}`), auth.join(', '));
    assert.ok(auth.includes('Bearer PLANTED-FILE-TOKEN'), auth.join(', '));
    assert.ok(api.requests.every((r) => r.headers.authorization === 'Bearer PLANTED-SETTINGS-TOKEN'));
    for (const secret of PLANTED) assert.ok(!output.includes(secret), `${secret} leaked: ${output.slice(Math.max(0, output.indexOf(secret) - 200), output.indexOf(secret) + 50)}`);
    assert.ok(output.includes('401') && output.includes('500'), 'the failures themselves are reported');
  });

  it('in an untrusted workspace, fetches nothing the workspace names and says why, once', async () => {
    target.requests.length = 0;
    api.requests.length = 0;
    const client = new StdioLanguageClient();
    await client.initialize(pathToFileURL(folder).href, settings(false));
    await client.waitUntil('the settings\' server was asked', () => api.requests.length > 0, 20_000);
    await client.waitUntil('the user was told', () => client.shownMessages.some((m) => /not trusted/.test(m.message)), 10_000);
    client.open(configUri, 'yaml', configText);
    await client.diagnosticsFor(configUri, () => true);
    await new Promise((r) => setTimeout(r, 1000));
    const told = client.shownMessages.filter((m) => /not trusted/.test(m.message));
    assert.equal(await client.stop(), 0);
    assert.deepEqual(target.requests, [], 'no request to a target named by the workspace');
    assert.equal(told.length, 1);
    assert.match(told[0].message, /2 scrape targets .* not fetched and no credential file it names is read/);
  });
});
