import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { HttpError, httpGet } from '../../../server/src/sources/httpClient';
import { redactUrl } from '../../../server/src/service/remoteText/urlRedaction';

/*
 * The HTTP client against real misbehaving servers on loopback: each fault ends in its own clear
 * error within the deadline, and no message carries a secret.
 */

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function serve(handler: Handler): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof HttpError, String(error));
    return error;
  }
  throw new Error('expected a failure');
}

describe('httpClient', () => {
  const servers: Server[] = [];
  const start = async (handler: Handler): Promise<string> => {
    const { url, server } = await serve(handler);
    servers.push(server);
    return url;
  };
  after(async () => {
    for (const s of servers) s.closeAllConnections();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  });

  it('reads a gzip body and sends basic auth from the URL without echoing it', async () => {
    let auth = '';
    const url = await start((req, res) => {
      auth = req.headers.authorization ?? '';
      res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Type': 'text/plain' }).end(gzipSync('up 1\n'));
    });
    const response = await httpGet({ url: url.replace('http://', 'http://alice:s3cret@') + '/metrics', timeoutMs: 2000, maxBytes: 1000 });
    assert.equal(response.body.toString(), 'up 1\n');
    assert.equal(auth, `Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
    assert.ok(!response.url.includes('s3cret'));
  });

  it('stops at the size cap, after decompression too', async () => {
    const big = await start((_req, res) => res.end(Buffer.alloc(200_000, 97)));
    assert.equal((await failure(httpGet({ url: big, timeoutMs: 2000, maxBytes: 100_000 }))).kind, 'too-large');
    const bomb = await start((_req, res) => res.writeHead(200, { 'Content-Encoding': 'gzip' }).end(gzipSync(Buffer.alloc(5_000_000))));
    const error = await failure(httpGet({ url: bomb, timeoutMs: 2000, maxBytes: 1024 * 1024 }));
    assert.equal(error.kind, 'too-large');
    assert.match(error.message, /larger than 1 MB/);
  });

  it('ends a slow drip and an endless stream at the deadline', async () => {
    const drip = await start((_req, res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write('a'), 100);
      res.on('close', () => clearInterval(timer));
    });
    const began = Date.now();
    const error = await failure(httpGet({ url: drip, timeoutMs: 500, maxBytes: 1_000_000 }));
    assert.equal(error.kind, 'timeout');
    assert.ok(Date.now() - began < 1500);
  });

  it('gives up on a redirect loop, and drops credentials on a cross-origin redirect it may follow', async () => {
    const loop = await start((req, res) => res.writeHead(302, { Location: req.url === '/a' ? '/b' : '/a' }).end());
    assert.equal((await failure(httpGet({ url: `${loop}/a`, timeoutMs: 2000, maxBytes: 1000 }))).kind, 'redirects');
    let forwarded: string | undefined = 'unset';
    const other = await start((req, res) => {
      forwarded = req.headers.authorization;
      res.end('ok');
    });
    const hop = await start((_req, res) => res.writeHead(302, { Location: `${other}/x` }).end());
    await httpGet({ url: hop, headers: { Authorization: 'Bearer t0ken' }, timeoutMs: 2000, maxBytes: 1000, followRedirectsWithCredentials: true });
    assert.equal(forwarded, undefined);
  });

  it('reports an HTTP error status with an excerpt of the body', async () => {
    const url = await start((_req, res) => res.writeHead(401, { 'Content-Type': 'text/plain' }).end('missing token'));
    const error = await failure(httpGet({ url, headers: { Authorization: 'Bearer t0ken' }, timeoutMs: 2000, maxBytes: 1000 }));
    assert.equal(error.kind, 'status');
    assert.equal(error.status, 401);
    assert.match(error.message, /^HTTP 401 Unauthorized from 127\.0\.0\.1:\d+: missing token$/);
    assert.ok(!error.message.includes('t0ken'));
  });

  it('refuses a self-signed certificate unless told to trust it', async function () {
    this.timeout(20_000);
    const dir = mkdtempSync(join(tmpdir(), 'prometheus-lsp-tls-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
        '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
      const cert = readFileSync(join(dir, 'cert.pem'));
      const server = createTlsServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (_req, res) => res.end('up 1\n'));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      servers.push(server);
      const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
      const error = await failure(httpGet({ url, timeoutMs: 2000, maxBytes: 1000 }));
      assert.equal(error.kind, 'tls');
      assert.match(error.message, /give the CA file, or set insecureSkipVerify/);
      assert.equal((await httpGet({ url, timeoutMs: 2000, maxBytes: 1000, tls: { insecureSkipVerify: true } })).body.toString(), 'up 1\n');
      assert.equal((await httpGet({ url, timeoutMs: 2000, maxBytes: 1000, tls: { ca: cert } })).body.toString(), 'up 1\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is cancelled by its signal', async () => {
    const url = await start(() => { /* never answers */ });
    const controller = new AbortController();
    const pending = httpGet({ url, timeoutMs: 5000, maxBytes: 1000, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    assert.equal((await failure(pending)).kind, 'aborted');
  });

  it('redacts credentials from URLs', () => {
    assert.equal(redactUrl('https://bob:pw@host:9090/api?token=abc&match=up'), 'https://host:9090/api?token=redacted&match=up');
  });
});
