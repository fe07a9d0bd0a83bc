import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PrometheusQueryClient } from '../../../server/src/sources/prometheusQuery';
import type { QueryAnswer } from '../../../server/src/service/query/queryExecutor';
import { FIXTURES } from '../../support/paths';
import { startNodeExporter, startPrometheus, startVictoriaMetrics, waitForPrometheusData, type LiveService } from '../../support/liveServices';

/*
 * The query API client against real servers on loopback: Debian's Prometheus (scraping node
 * exporter, evaluating a rule file) and VictoriaMetrics, one that has stopped, and one that never
 * answers. Every failure is one sentence, within the deadline.
 */

const limits = { timeoutMs: 5000, maxBytes: 8 * 1024 * 1024 };

function data(answer: QueryAnswer): { resultType: string; result: { metric: Record<string, string>; value?: [number, string]; values?: [number, string][] }[] } {
  assert.ok(answer.ok, answer.ok ? '' : answer.message);
  return answer.data as ReturnType<typeof data>;
}

describe('Prometheus query API client (real servers)', function () {
  this.timeout(90_000);
  let node: LiveService;
  let prometheus: LiveService;
  let victoria: LiveService;
  let hanging: Server | undefined;

  before(async () => {
    node = await startNodeExporter();
    const scrapeTargets = [{ job: 'node', targets: [node.address] }];
    [prometheus, victoria] = await Promise.all([
      startPrometheus({ scrapeTargets, rules: readFileSync(join(FIXTURES, 'query', 'live.rules.yml'), 'utf8') }),
      startVictoriaMetrics({ scrapeTargets }),
    ]);
    await Promise.all([waitForPrometheusData(prometheus.url, 'job:up:sum', 30_000), waitForPrometheusData(victoria.url, 'up', 30_000)]);
  });
  after(async () => {
    hanging?.close();
    hanging?.closeAllConnections();
    await Promise.all([prometheus, victoria, node].filter(Boolean).map((s) => s.stop()));
  });

  for (const which of ['Prometheus', 'VictoriaMetrics'] as const) {
    describe(which, () => {
      const client = (): PrometheusQueryClient => new PrometheusQueryClient({ name: which, url: which === 'Prometheus' ? prometheus.url : victoria.url }, limits);

      it('runs an instant query (POST) and returns the series the server holds', async () => {
        const answer = data(await client().instant({ query: 'up{job="node"}', stats: true }));
        assert.equal(answer.resultType, 'vector');
        assert.equal(answer.result.length, 1);
        assert.deepEqual({ job: answer.result[0].metric['job'], instance: answer.result[0].metric['instance'] }, { job: 'node', instance: node.address });
        assert.equal(answer.result[0].value?.[1], '1');
      });

      it('runs a range query', async () => {
        const end = Date.now() / 1000;
        const answer = data(await client().range({ query: 'up{job="node"}', start: end - 20, end, step: 2 }));
        assert.equal(answer.resultType, 'matrix');
        assert.ok((answer.result[0]?.values?.length ?? 0) >= 3, JSON.stringify(answer.result));
      });

      it('sends long queries in the body', async () => {
        // About 12 KB: past the 8 KB URL limit of many proxies (VictoriaMetrics refuses queries over 16 KB).
        const query = Array.from({ length: 700 }, () => 'up{job="node"}').join(' or ');
        assert.ok(query.length > 10_000);
        assert.equal(data(await client().instant({ query })).result.length, 1);
      });

      it('returns the server\'s error verbatim', async () => {
        const answer = await client().instant({ query: 'foo{a="b"} bar' });
        assert.ok(!answer.ok);
        assert.equal(answer.kind, 'api');
        assert.match(answer.message, which === 'Prometheus' ? /1:12: parse error: unexpected identifier "bar"/ : /unparsed data left: "bar"/);
        assert.equal(answer.errorType, which === 'Prometheus' ? 'bad_data' : '422');
      });

      it('lists alerts and rules', async () => {
        const alerts = await client().alerts();
        assert.ok(alerts.ok, alerts.ok ? '' : alerts.message);
        const rules = await client().rules('alert');
        assert.ok(rules.ok, rules.ok ? '' : rules.message);
        const names = ((rules.data as { groups: { rules: { name: string }[] }[] }).groups).flatMap((g) => g.rules.map((r) => r.name));
        assert.deepEqual(names.sort(), which === 'Prometheus' ? ['TargetDown', 'TargetUp'] : [], 'VictoriaMetrics leaves rules to vmalert');
      });
    });
  }

  it('reports Prometheus\' own query timeout', async () => {
    const client = new PrometheusQueryClient({ name: 'local', url: prometheus.url }, { timeoutMs: 350, maxBytes: limits.maxBytes });
    const started = Date.now();
    const answer = await client.instant({ query: 'count_over_time((up + up)[30d:1s])' });
    assert.ok(!answer.ok);
    assert.equal(answer.kind, 'timeout');
    assert.match(answer.message, /query timed out/);
    assert.ok(Date.now() - started < 3000);
  });

  it('says in one sentence that a stopped server refused the connection', async () => {
    const stopped = await startVictoriaMetrics({ scrapeTargets: [] });
    await stopped.stop();
    const started = Date.now();
    const answer = await new PrometheusQueryClient({ name: 'gone', url: stopped.url }, limits).instant({ query: 'up' });
    assert.ok(!answer.ok);
    assert.equal(answer.kind, 'unreachable');
    assert.equal(answer.message, `gone: connection refused by ${stopped.address}`);
    assert.ok(Date.now() - started < 1000);
  });

  it('gives up on a server that never answers at the deadline', async () => {
    hanging = createServer(() => undefined);
    await new Promise<void>((r) => hanging!.listen(0, '127.0.0.1', r));
    const port = (hanging.address() as AddressInfo).port;
    const started = Date.now();
    const answer = await new PrometheusQueryClient({ name: 'slow', url: `http://127.0.0.1:${port}` }, { timeoutMs: 400, maxBytes: 1024 }).instant({ query: 'up' });
    assert.ok(!answer.ok);
    assert.equal(answer.kind, 'timeout');
    assert.equal(answer.message, `slow: no complete answer from 127.0.0.1:${port} within 400 ms`);
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 390 && elapsed < 1500, `${elapsed} ms`);

    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const cancelled = await new PrometheusQueryClient({ name: 'slow', url: `http://127.0.0.1:${port}` }, limits).instant({ query: 'up' }, controller.signal);
    assert.ok(!cancelled.ok);
    assert.equal(cancelled.kind, 'cancelled');
  });

  it('refuses an answer over the size cap with a hint', async () => {
    const answer = await new PrometheusQueryClient({ name: 'local', url: prometheus.url }, { timeoutMs: 5000, maxBytes: 1024 }).instant({ query: '{job="node"}' });
    assert.ok(!answer.ok);
    assert.equal(answer.kind, 'too-large');
    assert.match(answer.message, /larger than the 1 KB cap \(prometheus\.maxResponseMB\); narrow the query/);
  });
});
