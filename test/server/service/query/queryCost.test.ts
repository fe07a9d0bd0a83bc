import * as assert from 'node:assert/strict';
import { queryCost } from '../../../../server/src/service/query/queryCost';
import { previewRule } from '../../../../server/src/service/preview/previewRule';
import { queryCostFinding } from '../../../../server/src/service/lint/rules/queryCost';
import { PrometheusQueryClient } from '../../../../server/src/sources/prometheusQuery';
import { startPrometheus, waitForPrometheusData, type LiveService } from '../../../support/liveServices';
import { loadJump, startScriptedExporter, type ScriptedExporter } from '../../../support/scriptedExporter';

/*
 * What a query costs, measured on a real Prometheus holding known series (two `load` series, one
 * `requests_total`): the series each selector selects, the samples the server says it processed.
 */

describe('query cost on a real Prometheus', function () {
  this.timeout(60_000);
  let exporter: ScriptedExporter;
  let prometheus: LiveService;

  before(async () => {
    exporter = await startScriptedExporter(loadJump);
    prometheus = await startPrometheus({ scrapeTargets: [{ job: 'known', targets: [exporter.address] }], scrapeInterval: '1s' });
    await waitForPrometheusData(prometheus.url, 'count_over_time(requests_total[10s]) >= 5');
  });

  after(async () => {
    await prometheus?.stop();
    await exporter?.stop();
  });

  /** A query, and the series each of its selectors selects. */
  const CASES: [string, [string, number][]][] = [
    ['sum(load) + sum(rate(requests_total[10s]))', [['load', 2], ['requests_total[10s]', 1]]],
    ['load{host="a"} > 5', [['load{host="a"}', 1]]],
    ['max(load) / max(load offset 1h)', [['load', 2], ['load offset 1h', 0]]],
    ['absent(nothing_here)', [['nothing_here', 0]]],
  ];

  for (const [query, selectors] of CASES) {
    it(`${query}: ${selectors.map(([s, n]) => `${s} ${n}`).join(', ')}`, async () => {
      const executor = new PrometheusQueryClient({ name: 'local', url: prometheus.url }, { timeoutMs: 10_000, maxBytes: 10_000_000 });
      const time = Math.floor(Date.now() / 1000);
      const cost = await queryCost(query, executor, { time });
      assert.deepEqual(cost.selectors.map((s) => [s.text, s.series]), selectors);
      assert.equal(cost.series, selectors.reduce((n, [, c]) => n + c, 0));
      // The samples are the server's own figure for the same query at the same time.
      const direct = await fetch(`${prometheus.url}/api/v1/query`, { method: 'POST', body: new URLSearchParams({ query, time: String(time), stats: 'all' }) });
      const stats = ((await direct.json()) as { data: { stats: { samples: { totalQueryableSamples: number } } } }).data.stats;
      assert.equal(cost.samples, stats.samples.totalQueryableSamples);
      assert.ok(cost.evalSeconds !== undefined && cost.evalSeconds >= 0);
      assert.match(cost.summary, /^selects \d+ series.* · [\d,]+ samples · evaluated in [\d.]+ (ms|s)$/);
    });
  }

  it('is measured by Preview when asked, at the window\'s end', async () => {
    const executor = new PrometheusQueryClient({ name: 'local', url: prometheus.url }, { timeoutMs: 10_000, maxBytes: 10_000_000 });
    const input = { file: 'rules.yml', group: 'g', groupInterval: 1, kind: 'record' as const, name: 'host:load:max', expr: 'max by (host) (load)' };
    const now = Date.now() / 1000;
    const preview = await previewRule(input, executor, { now, since: 30, cost: true });
    assert.equal(preview.cost?.time, preview.window.end);
    assert.deepEqual(preview.cost?.selectors.map((s) => [s.text, s.series]), [['load', 2]]);
    assert.equal((await previewRule(input, executor, { now, since: 30 })).cost, undefined);
  });

  it('finds a query above the thresholds, with the figures', async () => {
    const executor = new PrometheusQueryClient({ name: 'local', url: prometheus.url }, { timeoutMs: 10_000, maxBytes: 10_000_000 });
    const cost = await queryCost('sum(load) + sum(rate(requests_total[10s]))', executor, { time: Math.floor(Date.now() / 1000) });
    const range = { start: 0, end: 10 };
    assert.equal(queryCostFinding(cost, { maxSeries: 3, maxSamples: 1e9 }, range), null);
    const finding = queryCostFinding(cost, { maxSeries: 2, maxSamples: 1 }, range);
    assert.match(finding?.message ?? '', /^costly query: selects 3 series \(load 2, requests_total\[10s\] 1\) · [\d,]+ samples · evaluated in .*; more series than prometheus\.cost\.maxSeries \(2\) and more samples than prometheus\.cost\.maxSamples \(1\)$/);
  });
});
