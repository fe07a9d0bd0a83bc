import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PrometheusApiSource } from '../../../server/src/sources/prometheusApiSource';
import { MAX_METRIC_NAMES } from '../../../server/src/service/catalog/metricCatalog';
import { ScrapeSource } from '../../../server/src/sources/scrapeSource';
import { MAX_LABEL_VALUES } from '../../../server/src/service/catalog/metricCatalog';

/*
 * What a server or an exporter can make us keep, against real servers on loopback: a server that
 * lists more metric names than the cap (and ignores `limit`, as servers before Prometheus 2.51 do)
 * is cut on our side, and an exposition with more label values than the cap is cut per label, each
 * with a warning (the source's status) that says what was dropped.
 */

describe('bounds on what sources keep', function () {
  this.timeout(30_000);
  const servers: Server[] = [];
  const start = async (handler: Parameters<typeof createServer>[1]): Promise<string> => {
    const server = createServer(handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  after(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it(`keeps at most ${MAX_METRIC_NAMES.toLocaleString('en-US')} metric names of a server that ignores limit, and says how many it dropped`, async () => {
    const total = MAX_METRIC_NAMES + 50_000;
    const names = JSON.stringify({ status: 'success', data: Array.from({ length: total }, (_, i) => `metric_${i}`) });
    const url = await start((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (path === '/api/v1/label/__name__/values') res.writeHead(200, { 'Content-Type': 'application/json' }).end(names);
      else if (path === '/api/v1/status/buildinfo') res.writeHead(200).end(JSON.stringify({ status: 'success', data: { version: '2.40.0' } }));
      else res.writeHead(404).end('{}');
    });
    const loaded = await new PrometheusApiSource({ name: 'big', url }, { timeoutMs: 20_000, maxBytes: 64 * 1024 * 1024 }).load(new AbortController().signal);
    assert.equal(loaded.snapshot.metrics.length, MAX_METRIC_NAMES);
    assert.ok(loaded.warnings.some((w) => w === 'big has 250,000 metric names; the first 200,000 are kept, 50,000 dropped'), loaded.warnings.join('\n'));
  });

  it(`keeps at most ${MAX_LABEL_VALUES.toLocaleString('en-US')} values per label of an exposition, and says what it dropped`, async () => {
    const lines = ['# TYPE sessions gauge', ...Array.from({ length: MAX_LABEL_VALUES + 500 }, (_, i) => `sessions{id="s${i}",zone="a"} 1`), ''];
    const url = await start((_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end(lines.join('\n')));
    const loaded = await new ScrapeSource({ url: `${url}/metrics`, label: 'exporter' }, { timeoutMs: 5000, maxBytes: 8 * 1024 * 1024 }).load(new AbortController().signal);
    assert.equal(loaded.snapshot.labelValues?.get('sessions')?.get('id')?.length, MAX_LABEL_VALUES);
    assert.equal(loaded.snapshot.labelValues?.get('sessions')?.get('zone')?.length, 1);
    assert.equal(loaded.snapshot.metrics[0].seriesCount, MAX_LABEL_VALUES + 500, 'every series is still counted');
    assert.deepEqual(loaded.warnings, ['kept within the catalog\'s bounds: 500 label values beyond 1,000 per label dropped (1 label)']);
  });
});
