import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import * as path from 'node:path';
import { captureRuleTest } from '../../../../server/src/service/preview/ruleTestCapture';
import type { RulePreviewInput } from '../../../../server/src/service/preview/previewRule';
import { ruleTestFile } from '../../../../server/src/service/preview/ruleTestWriter';
import { PrometheusQueryClient } from '../../../../server/src/sources/prometheusQuery';
import { freePort, startPrometheus, waitForPrometheusData, type LiveService } from '../../../support/liveServices';
import { runPromtool, temporaryFolder } from '../../../support/promtool';

/*
 * Create test against a real Prometheus that scrapes known values every second: the test written
 * from its data must pass `promtool test rules` as it is, for an alert that fires (with `for:`),
 * one that never does, and a recording rule.
 */

/** The exposition at the `scrape`th scrape (from 0): `load` of host a jumps from 1 to 9 at the 5th, b stays at 2; `requests_total` grows by 3 a scrape. */
function exposition(scrape: number): string {
  const a = scrape < 4 ? 1 : 9;
  return [
    '# TYPE load gauge', `load{host="a"} ${a}`, 'load{host="b"} 2',
    '# TYPE requests_total counter', `requests_total{host="a"} ${3 * scrape}`, '',
  ].join('\n');
}

const RULES = `groups:
  - name: capture
    interval: 1s
    rules:
      - alert: HighLoad
        expr: load > 5
        for: 3s
        labels:
          severity: page
        annotations:
          summary: '{{ $labels.host }} has load {{ $value }}'
      - alert: NeverFires
        expr: load > 100
      - record: instance:load:sum
        expr: sum(load)
`;

const INPUTS: RulePreviewInput[] = [
  { file: 'rules.yml', group: 'capture', groupInterval: 1, kind: 'alert', name: 'HighLoad', expr: 'load > 5', for: 3, labels: { severity: 'page' }, annotations: { summary: '{{ $labels.host }} has load {{ $value }}' } },
  { file: 'rules.yml', group: 'capture', groupInterval: 1, kind: 'alert', name: 'NeverFires', expr: 'load > 100' },
  { file: 'rules.yml', group: 'capture', groupInterval: 1, kind: 'record', name: 'instance:load:sum', expr: 'sum(load)' },
];

describe('Create test: a rule unit test from a real Prometheus', function () {
  this.timeout(90_000);
  let exporter: Server;
  let prometheus: LiveService;
  let scrapes = 0;
  let exporterPort = 0;

  before(async () => {
    const port = await freePort();
    exporterPort = port;
    exporter = createServer((_, response) => {
      response.setHeader('content-type', 'text/plain; version=0.0.4');
      response.end(exposition(scrapes++));
    });
    await new Promise<void>((resolve) => exporter.listen(port, '127.0.0.1', resolve));
    prometheus = await startPrometheus({ scrapeTargets: [{ job: 'known', targets: [`127.0.0.1:${port}`] }], scrapeInterval: '1s' });
    await waitForPrometheusData(prometheus.url, 'load{host="a"} == 9');
    // The alert's `for: 3s` elapses on the server's data.
    await new Promise((r) => setTimeout(r, 6000));
  });

  after(async () => {
    await prometheus?.stop();
    await new Promise((r) => exporter?.close(r));
  });

  it('writes tests that pass promtool test rules, with the expectations the data gave', async () => {
    const executor = new PrometheusQueryClient({ name: 'local', url: prometheus.url }, { timeoutMs: 10_000, maxBytes: 10_000_000 });
    const { dir, remove } = temporaryFolder('rule-test-capture-');
    try {
      fs.writeFileSync(path.join(dir, 'rules.yml'), RULES);
      const now = Date.now() / 1000;
      for (const input of INPUTS) {
        const capture = await captureRuleTest(input, 'rules.yml', executor, { now, since: 60 });
        assert.ok(capture.ok, capture.ok ? '' : capture.message);
        const { testCase } = capture;
        assert.equal(testCase.intervalSeconds, 1);
        if (input.name === 'HighLoad') {
          assert.deepEqual(testCase.alerts, [{ labels: { alertname: 'HighLoad', host: 'a', instance: `127.0.0.1:${exporterPort}`, job: 'known', severity: 'page' }, annotations: { summary: 'a has load 9' } }]);
          // Both series of `load`, from before the jump.
          assert.equal(testCase.series.length, 2);
          assert.ok(testCase.series.some((s) => s.values.includes('1') && s.values.includes('9')));
        }
        if (input.name === 'NeverFires') assert.deepEqual(testCase.alerts, []);
        if (input.kind === 'record') assert.deepEqual(testCase.samples, [{ labels: { __name__: 'instance:load:sum' }, value: '11' }]);
        const file = `${input.name.replace(/:/g, '_')}.test.yml`;
        fs.writeFileSync(path.join(dir, file), ruleTestFile(testCase));
        const { status, output } = runPromtool(['test', 'rules', file], dir);
        assert.equal(status, 0, `${output}\n${fs.readFileSync(path.join(dir, file), 'utf8')}`);
      }
    } finally {
      remove();
    }
  });
});
