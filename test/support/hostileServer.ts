import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A server on loopback that speaks Prometheus' HTTP API and the exposition format, and puts
 * hostile text in everything it answers: metric names, HELP, label values, query errors, warnings
 * and infos carry `[x](command:…)` links, raw HTML, code fences, ANSI and OSC 8 escape sequences,
 * and error bodies echo the request's credentials back. With `unauthorized`, every path answers
 * 401 with such a body.
 */

export const HOSTILE = {
  link: '[run me](command:workbench.action.terminal.new?%5B%5D)',
  html: '<img src=x onerror=alert(1)><a href="command:evil">click</a>',
  fence: '```\n[x](command:evil.fence)\n```',
  ansi: '\u001b[31mred\u001b[0m\u001b]8;;command:evil.osc\u0007osc\u001b]8;;\u0007\u001b[2J',
} as const;

/** All four in one string. */
export const HOSTILE_TEXT = `${HOSTILE.link} ${HOSTILE.html} ${HOSTILE.fence} ${HOSTILE.ansi}`;

/** Metric names the API lists: one plain, one hostile. */
export const HOSTILE_METRIC = 'hostile_metric';
export const HOSTILE_NAMES: readonly string[] = [HOSTILE_METRIC, `evil${HOSTILE.link}${HOSTILE.ansi}`];

export interface HostileServer {
  readonly url: string;
  stop(): Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

/** What the request carried, echoed as a careless server does. */
function echo(req: IncomingMessage): string {
  return `Authorization: ${req.headers.authorization ?? ''} X-Api-Key: ${String(req.headers['x-api-key'] ?? '')}`;
}

function handler(unauthorized: boolean) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0];
    if (unauthorized) {
      res.writeHead(401, { 'Content-Type': 'text/plain' }).end(`denied ${HOSTILE_TEXT} ${echo(req)} ${'padding '.repeat(2000)}`);
      return;
    }
    if (path === '/metrics') {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' }).end([
        `# HELP scraped_total ${HOSTILE.link} ${HOSTILE.html} \`\`\` ${HOSTILE.ansi}`,
        '# TYPE scraped_total counter',
        `scraped_total{path="${HOSTILE.link}${HOSTILE.ansi}"} 1`,
        `scraped_total{path="<b>bold</b>\`\`\`"} 2`,
        '',
      ].join('\n'));
      return;
    }
    switch (path) {
      case '/api/v1/status/buildinfo':
        return json(res, 200, { status: 'success', data: { version: '2.42.0' } });
      case '/api/v1/label/__name__/values':
        return json(res, 200, { status: 'success', data: HOSTILE_NAMES });
      case '/api/v1/metadata':
        return json(res, 200, { status: 'success', data: { [HOSTILE_METRIC]: [{ type: 'counter', help: HOSTILE_TEXT, unit: '' }] } });
      case '/api/v1/labels':
        return json(res, 200, { status: 'success', data: ['job', `la${HOSTILE.ansi}bel`] });
      case '/api/v1/query':
      case '/api/v1/query_range':
        return json(res, 422, {
          status: 'error',
          errorType: 'bad_data',
          error: `${HOSTILE_TEXT} ${echo(req)} ${'x'.repeat(50_000)}`,
          warnings: Array.from({ length: 500 }, (_, i) => `warning ${i} ${HOSTILE.link} ${HOSTILE.ansi} ${'w'.repeat(10_000)}`),
          infos: [`${HOSTILE.link} ${echo(req)}`],
        });
      default:
        if (path.startsWith('/api/v1/label/') && path.endsWith('/values')) {
          return json(res, 200, { status: 'success', data: [HOSTILE.link, HOSTILE.html, `${HOSTILE.ansi}value`, '`tick`'] });
        }
        return json(res, 404, { status: 'error', errorType: 'not_found', error: `no ${HOSTILE.link}` });
    }
  };
}

export async function startHostileServer(options: { unauthorized?: boolean } = {}): Promise<HostileServer> {
  const server: Server = createServer(handler(options.unauthorized === true));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
