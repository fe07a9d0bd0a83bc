import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './liveServices';

/*
 * Misbehaving HTTP endpoints on loopback, one server per fault, answering every path the same way
 * (so that a scrape URL and a Prometheus API base URL both meet the fault).
 */

export type Fault = 'refuse' | 'hang' | 'drip' | 'status500' | 'status404' | 'status401' | 'badJson' | 'huge' | 'endless' | 'redirectLoop' | 'selfSigned';

export const FAULTS: readonly Fault[] = ['refuse', 'hang', 'drip', 'status500', 'status404', 'status401', 'badJson', 'huge', 'endless', 'redirectLoop', 'selfSigned'];

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const HANDLERS: Record<Exclude<Fault, 'refuse' | 'selfSigned'>, Handler> = {
  // Accepts, reads the request, never answers.
  hang: () => undefined,
  // One byte per second.
  drip: (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    const timer = setInterval(() => res.write('#'), 1000);
    res.on('close', () => clearInterval(timer));
  },
  status500: (_req, res) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end('internal error: database is on fire\n'),
  status404: (_req, res) => res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 page not found\n'),
  status401: (_req, res) => res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="metrics"' }).end('Unauthorized\n'),
  // JSON that is not JSON, as an API answer; garbage, as an exposition.
  badJson: (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"success","data":[\u0000 not json'),
  // 200 MB, streamed.
  huge: (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': String(200 * 1024 * 1024) });
    const chunk = Buffer.from('metric_with_a_long_name{label="value"} 1\n'.repeat(25_000));
    let sent = 0;
    const write = (): void => {
      while (sent < 200 * 1024 * 1024) {
        sent += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', write);
          return;
        }
      }
      res.end();
    };
    res.on('close', () => {
      sent = Number.POSITIVE_INFINITY;
    });
    write();
  },
  // A chunked stream that never ends.
  endless: (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    const timer = setInterval(() => res.write('endless_metric 1\n'.repeat(100)), 5);
    res.on('close', () => clearInterval(timer));
  },
  redirectLoop: (req, res) => res.writeHead(302, { Location: req.url === '/a' ? '/b' : '/a' }).end(),
};

export interface FaultyEndpoint {
  readonly fault: Fault;
  readonly url: string;
  stop(): Promise<void>;
}

export async function startFault(fault: Fault): Promise<FaultyEndpoint> {
  if (fault === 'refuse') {
    // A port nothing listens on.
    const port = await freePort();
    return { fault, url: `http://127.0.0.1:${port}`, stop: async () => undefined };
  }
  let server: Server;
  let cleanup = (): void => undefined;
  if (fault === 'selfSigned') {
    const dir = mkdtempSync(join(tmpdir(), 'fault-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    server = createTlsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => res.end('up 1\n'));
    cleanup = () => rmSync(dir, { recursive: true, force: true });
  } else {
    server = createServer(HANDLERS[fault]);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    fault,
    url: `${fault === 'selfSigned' ? 'https' : 'http'}://127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      cleanup();
    },
  };
}
