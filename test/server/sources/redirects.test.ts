import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addressClassOf, type AddressClass } from '../../../server/src/sources/addressClass';
import { HttpError, httpGet } from '../../../server/src/sources/httpClient';

/*
 * Redirects that would carry credentials elsewhere, against real servers on loopback: custom
 * headers and the client certificate stay with their origin, a source with credentials is not
 * redirected to another origin unless the setting allows it, and a redirect from a public address
 * into loopback, private or link-local ranges is refused.
 *
 * What is real and what is not: every server, connection, certificate and DNS lookup here is real.
 * Only loopback addresses can be used in a test, so the public-to-private cases pass a classifier
 * that calls one loopback address (127.0.0.2) public; the classifier itself is tested by table
 * against the real ranges.
 */

interface Seen {
  headers: IncomingMessage['headers'];
  clientCertificate: boolean;
}

describe('redirects', () => {
  const servers: Server[] = [];
  const seen: Seen[] = [];
  let dir = '';
  let cert: Buffer;
  let key: Buffer;

  before(function () {
    this.timeout(20_000);
    dir = mkdtempSync(join(tmpdir(), 'prometheus-lsp-redirect-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,IP:127.0.0.2,DNS:localhost'], { stdio: 'ignore' });
    cert = readFileSync(join(dir, 'cert.pem'));
    key = readFileSync(join(dir, 'key.pem'));
  });

  afterEach(async () => {
    seen.length = 0;
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  /** A server that records what it was sent; `https` asks for (and accepts any) client certificate. */
  const listen = async (handler: (req: IncomingMessage, res: ServerResponse) => void, options: { https?: boolean; host?: string } = {}): Promise<string> => {
    const record = (req: IncomingMessage, res: ServerResponse): void => {
      const socket = req.socket as TLSSocket;
      seen.push({ headers: req.headers, clientCertificate: typeof socket.getPeerCertificate === 'function' && Object.keys(socket.getPeerCertificate()).length > 0 });
      handler(req, res);
    };
    const server = options.https ? createTlsServer({ cert, key, requestCert: true, rejectUnauthorized: false }, record) : createServer(record);
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((r) => server.listen(0, host, r));
    servers.push(server);
    return `${options.https ? 'https' : 'http'}://${host}:${(server.address() as AddressInfo).port}`;
  };
  const redirectTo = (target: () => string) => (_req: IncomingMessage, res: ServerResponse) => res.writeHead(302, { Location: target() }).end();
  const ok = (_req: IncomingMessage, res: ServerResponse) => res.end('ok');

  const failure = async (promise: Promise<unknown>): Promise<HttpError> => {
    try {
      await promise;
    } catch (error) {
      assert.ok(error instanceof HttpError, String(error));
      return error;
    }
    throw new Error('expected a refusal');
  };

  it('refuses a cross-origin redirect of a request with credentials, and says why', async () => {
    const target = await listen(ok);
    const cases: { headers?: Record<string, string>; url?: string }[] = [{ headers: { 'X-Api-Key': 'k3y-value' } }, { headers: { Authorization: 'Bearer t0ken' } }, { url: 'user:pw@' }];
    for (const credentials of cases) {
      const origin = await listen(redirectTo(() => `${target}/elsewhere`));
      const url = credentials.url ? origin.replace('://', `://${credentials.url}`) : origin;
      const error = await failure(httpGet({ url, headers: credentials.headers, timeoutMs: 3000, maxBytes: 1000 }));
      assert.equal(error.kind, 'redirects');
      assert.match(error.message, /redirects to another origin \(http:\/\/127\.0\.0\.1:\d+\), not followed because the request carries credentials \(prometheus\.followRedirectsWithCredentials/);
      assert.ok(!error.message.includes('k3y') && !error.message.includes('t0ken') && !error.message.includes('pw@'));
    }
    assert.equal(seen.filter((s) => s.headers.host === new URL(target).host).length, 0, 'the other origin was never asked');
  });

  it('follows a same-origin redirect with every header', async () => {
    const origin = await listen((req, res) => (req.url === '/metrics' ? res.writeHead(302, { Location: '/real' }).end() : res.end('ok')));
    const response = await httpGet({ url: `${origin}/metrics`, headers: { 'X-Api-Key': 'k3y-value', Authorization: 'Bearer t0ken' }, timeoutMs: 3000, maxBytes: 1000 });
    assert.equal(response.body.toString(), 'ok');
    assert.equal(seen[1].headers['x-api-key'], 'k3y-value');
    assert.equal(seen[1].headers['authorization'], 'Bearer t0ken');
  });

  it('with the setting, follows a cross-origin redirect without any configured header or the client certificate', async () => {
    // https → https on another port: the first hop gets the certificate and headers, the second neither.
    const target = await listen(ok, { https: true });
    const origin = await listen(redirectTo(() => `${target}/x`), { https: true });
    const response = await httpGet({
      url: origin,
      headers: { Accept: 'text/plain', 'X-Api-Key': 'k3y-value', Authorization: 'Bearer t0ken', 'X-Scope-OrgID': 'tenant-1', Cookie: 'a=b' },
      tls: { ca: cert, cert, key },
      followRedirectsWithCredentials: true,
      timeoutMs: 5000,
      maxBytes: 1000,
    });
    assert.equal(response.body.toString(), 'ok');
    assert.equal(seen.length, 2);
    assert.equal(seen[0].clientCertificate, true, 'the origin got the client certificate');
    assert.equal(seen[0].headers['x-api-key'], 'k3y-value');
    assert.equal(seen[1].clientCertificate, false, 'the other origin did not');
    for (const header of ['x-api-key', 'authorization', 'x-scope-orgid', 'cookie']) assert.equal(seen[1].headers[header], undefined, header);
    assert.equal(seen[1].headers['accept'], 'text/plain');
  });

  describe('from a public address', () => {
    // Real: the servers, the redirect, DNS. Pretended: that 127.0.0.2 is a public address.
    const pretendPublic = (address: string): AddressClass => (address === '127.0.0.2' || address === '::ffff:127.0.0.2' ? 'public' : addressClassOf(address));

    it('refuses a redirect to a loopback IP', async () => {
      const inside = await listen(ok);
      const origin = await listen(redirectTo(() => `${inside}/admin`), { host: '127.0.0.2' });
      const error = await failure(httpGet({ url: origin, timeoutMs: 3000, maxBytes: 1000, addressClassOf: pretendPublic }));
      assert.equal(error.kind, 'redirects');
      assert.match(error.message, /a redirect to a loopback address \(127\.0\.0\.1:\d+\) from a public one was refused/);
      assert.equal(seen.length, 1, 'the loopback server was never asked');
    });

    it('refuses a redirect to a name that resolves to loopback (the DNS answer is checked)', async () => {
      const inside = await listen(ok);
      const port = new URL(inside).port;
      const origin = await listen(redirectTo(() => `http://localhost:${port}/admin`), { host: '127.0.0.2' });
      const error = await failure(httpGet({ url: origin, timeoutMs: 3000, maxBytes: 1000, addressClassOf: pretendPublic }));
      assert.equal(error.kind, 'redirects');
      assert.match(error.message, /a redirect from a public address was refused: localhost resolves to a loopback address/);
      assert.equal(seen.length, 1);
    });

    it('still follows a redirect to another public address', async () => {
      const origin = await listen((req, res) => (req.url === '/' ? res.writeHead(302, { Location: '/next' }).end() : res.end('ok')), { host: '127.0.0.2' });
      assert.equal((await httpGet({ url: origin, timeoutMs: 3000, maxBytes: 1000, addressClassOf: pretendPublic })).body.toString(), 'ok');
    });

    it("leaves redirects between private addresses alone (a user's own servers)", async () => {
      const target = await listen(ok);
      const origin = await listen(redirectTo(() => `${target}/x`));
      assert.equal((await httpGet({ url: origin, timeoutMs: 3000, maxBytes: 1000 })).body.toString(), 'ok');
    });
  });

  describe('address classes', () => {
    const cases: readonly [string, AddressClass][] = [
      ['127.0.0.1', 'loopback'], ['127.255.0.9', 'loopback'], ['::1', 'loopback'], ['::ffff:127.0.0.1', 'loopback'],
      ['10.1.2.3', 'private'], ['172.16.0.1', 'private'], ['172.31.255.255', 'private'], ['192.168.1.1', 'private'], ['100.64.0.1', 'private'], ['fd00:ec2::254', 'private'], ['fc00::1', 'private'],
      ['169.254.169.254', 'link-local'], ['fe80::1', 'link-local'], ['::ffff:169.254.169.254', 'link-local'],
      ['0.0.0.0', 'unspecified'], ['::', 'unspecified'],
      ['8.8.8.8', 'public'], ['172.32.0.1', 'public'], ['192.169.0.1', 'public'], ['2001:4860:4860::8888', 'public'], ['[2606:4700::1111]', 'public'],
    ];
    for (const [address, expected] of cases) it(`${address} is ${expected}`, () => assert.equal(addressClassOf(address), expected));
  });
});
