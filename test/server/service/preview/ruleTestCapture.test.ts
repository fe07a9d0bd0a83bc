import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { captureRuleTest } from '../../../../server/src/service/preview/ruleTestCapture';
import type { RulePreviewInput } from '../../../../server/src/service/preview/previewRule';
import { ruleTestFile } from '../../../../server/src/service/preview/ruleTestWriter';
import { PrometheusQueryClient } from '../../../../server/src/sources/prometheusQuery';
import { startPrometheus, waitForPrometheusData, type LiveService } from '../../../support/liveServices';
import { runPromtool, temporaryFolder } from '../../../support/promtool';
import { loadJump, startScriptedExporter, type ScriptedExporter } from '../../../support/scriptedExporter';

/*
 * Create test against a real Prometheus that scrapes known values every second: the test written
 * from its data must pass `promtool test rules` as it is, for an alert that fires (with `for:`),
 * one that never does, and a recording rule.
 */

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
  let exporter: ScriptedExporter;
  let prometheus: LiveService;

  before(async () => {
    exporter = await startScriptedExporter(loadJump);
    prometheus = await startPrometheus({ scrapeTargets: [{ job: 'known', targets: [exporter.address] }], scrapeInterval: '1s' });
    await waitForPrometheusData(prometheus.url, 'load{host="a"} == 9');
    // The alert's `for: 3s` elapses on the server's data.
    await new Promise((r) => setTimeout(r, 6000));
  });

  after(async () => {
    await prometheus?.stop();
    await exporter?.stop();
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
          assert.deepEqual(testCase.alerts, [{ labels: { alertname: 'HighLoad', host: 'a', instance: exporter.address, job: 'known', severity: 'page' }, annotations: { summary: 'a has load 9' } }]);
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
