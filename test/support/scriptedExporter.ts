import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * An exporter whose values follow a script: the exposition it serves is a function of how many
 * times it was scraped, so that a real Prometheus scraping it every second holds known history
 * (a gauge that jumps at the 5th scrape, a counter that grows by a known step), whenever the
 * scrapes start.
 */

export interface ScriptedExporter {
  /** `127.0.0.1:PORT`, as a scrape target. */
  readonly address: string;
  /** Scrapes served so far. */
  scrapes(): number;
  stop(): Promise<void>;
}

export async function startScriptedExporter(exposition: (scrape: number) => string): Promise<ScriptedExporter> {
  let scrapes = 0;
  const server = createServer((_, response) => {
    response.setHeader('content-type', 'text/plain; version=0.0.4');
    response.end(exposition(scrapes++));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    address: `127.0.0.1:${port}`,
    scrapes: () => scrapes,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** `load` of host a is 1 for 4 scrapes then 9; host b stays at 2; `requests_total` of host a grows by 3 a scrape. */
export function loadJump(scrape: number): string {
  return [
    '# TYPE load gauge', `load{host="a"} ${scrape < 4 ? 1 : 9}`, 'load{host="b"} 2',
    '# TYPE requests_total counter', `requests_total{host="a"} ${3 * scrape}`, '',
  ].join('\n');
}
