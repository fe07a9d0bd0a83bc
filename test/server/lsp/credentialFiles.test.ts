import * as assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CREDENTIAL_FILE_REQUEST, type CredentialFileParams } from '../../../server/src/lsp/protocol';
import { StdioLanguageClient } from '../../support/lspClient';

/*
 * A trusted workspace whose prometheus.yml names credential files: one inside the workspace, one
 * outside it (an absolute path), one through a symbolic link inside the workspace that points
 * outside. The built server over stdio, a real target on loopback that records what it is sent:
 * the outside files are read only after the client answers the server's request with `allowed`,
 * or when `prometheus.allowedCredentialFiles` lists them; until then their targets are not scraped.
 */

describe('credential files outside the workspace, over LSP', function () {
  this.timeout(60_000);
  let target: Server;
  let requests: { path: string; authorization?: string }[];
  let folder: string;
  let outside: string;
  let outsideFile: string;
  let linkedFile: string;

  before(async () => {
    requests = [];
    target = createServer((req: IncomingMessage, res) => {
      requests.push({ path: req.url ?? '', authorization: req.headers.authorization });
      res.end('up 1\n');
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    const host = `127.0.0.1:${(target.address() as AddressInfo).port}`;
    folder = realpathSync(mkdtempSync(join(tmpdir(), 'credfiles-workspace-')));
    outside = realpathSync(mkdtempSync(join(tmpdir(), 'credfiles-home-')));
    outsideFile = join(outside, 'git-credentials');
    linkedFile = join(outside, 'other-token');
    writeFileSync(join(folder, 'token.txt'), 'INSIDE-TOKEN\n');
    writeFileSync(outsideFile, 'OUTSIDE-TOKEN\n');
    writeFileSync(linkedFile, 'LINKED-TOKEN\n');
    symlinkSync(linkedFile, join(folder, 'link.txt'));
    const job = (name: string, file: string): string[] => [
      `  - job_name: ${name}`, '    authorization:', `      credentials_file: ${file}`, `    metrics_path: /${name}`, '    static_configs:', `      - targets: ['${host}']`,
    ];
    writeFileSync(join(folder, 'prometheus.yml'), ['scrape_configs:', ...job('inside', 'token.txt'), ...job('outside', outsideFile), ...job('linked', 'link.txt'), ''].join('\n'));
  });

  after(async () => {
    target.closeAllConnections();
    await new Promise((r) => target.close(r));
    rmSync(folder, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  const seen = (path: string): string[] => requests.filter((r) => r.path === path).map((r) => r.authorization ?? '');

  async function session(answer: ((params: CredentialFileParams) => boolean) | null, settings: Record<string, unknown> = {}): Promise<{ asked: CredentialFileParams[]; client: StdioLanguageClient }> {
    requests.length = 0;
    const asked: CredentialFileParams[] = [];
    const client = new StdioLanguageClient();
    if (answer) {
      client.connection.onRequest(CREDENTIAL_FILE_REQUEST, (params: CredentialFileParams) => {
        asked.push(params);
        return { allowed: answer(params) };
      });
    }
    await client.initialize(pathToFileURL(folder).href, { requestTimeoutMs: 2000, ...settings });
    await client.waitUntil('the inside target was scraped', () => seen('/inside').length > 0, 20_000);
    return { asked, client };
  }

  it('reads a file inside the workspace, and asks before reading one outside it (a link is followed to see where it points)', async () => {
    const { asked, client } = await session(() => false);
    await client.waitUntil('both outside files were asked about', () => asked.length >= 2, 10_000);
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(seen('/inside'), ['Bearer INSIDE-TOKEN']);
    assert.deepEqual(asked.map((a) => [a.job, a.path]).sort(), [['linked', linkedFile], ['outside', outsideFile]]);
    assert.deepEqual(seen('/outside'), [], 'refused: its target is not scraped');
    assert.deepEqual(seen('/linked'), []);
    assert.ok(client.shownMessages.some((m) => m.message.includes(`${outsideFile} is outside the workspace`)), JSON.stringify(client.shownMessages));
    assert.equal(client.shownMessages.filter((m) => m.message.includes(outsideFile)).length, 1, 'said once');
    assert.ok(!JSON.stringify(client.shownMessages).includes('OUTSIDE-TOKEN'));
    assert.equal(await client.stop(), 0);
  });

  it('reads an outside file once the user allows it, and only that one', async () => {
    const { asked, client } = await session((params) => params.path === outsideFile);
    await client.waitUntil('the allowed file\'s target was scraped', () => seen('/outside').length > 0, 10_000);
    assert.deepEqual(seen('/outside').slice(0, 1), ['Bearer OUTSIDE-TOKEN']);
    assert.deepEqual(seen('/linked'), []);
    assert.equal(asked.filter((a) => a.path === outsideFile).length, 1, 'asked once');
    assert.equal(await client.stop(), 0);
  });

  it('reads the files prometheus.allowedCredentialFiles lists, without asking (editors that cannot ask)', async () => {
    const { client } = await session(null, { allowedCredentialFiles: [outsideFile, join(folder, 'link.txt')] });
    await client.waitUntil('both outside targets were scraped', () => seen('/outside').length > 0 && seen('/linked').length > 0, 10_000);
    assert.deepEqual(seen('/outside').slice(0, 1), ['Bearer OUTSIDE-TOKEN']);
    assert.deepEqual(seen('/linked').slice(0, 1), ['Bearer LINKED-TOKEN']);
    assert.equal(await client.stop(), 0);
  });
});
