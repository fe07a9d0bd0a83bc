import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { captureRuleTest } from '../../../../server/src/service/preview/ruleTestCapture';
import type { RulePreviewInput } from '../../../../server/src/service/preview/previewRule';
import { ruleTestFile } from '../../../../server/src/service/preview/ruleTestWriter';
import { PrometheusQueryClient } from '../../../../server/src/sources/prometheusQuery';
import { ruleInputs, type RuleInDocument } from '../../../../server/src/service/preview/ruleInputs';
import { parseYamlDocument } from '../../../../server/src/service/documents/yamlDocument';
import { startPrometheus, startVictoriaMetrics, waitForPrometheusData, type LiveService } from '../../../support/liveServices';
import { alertHistory } from '../../../support/alertHistory';
import { createBlocks, importIntoVictoriaMetrics } from '../../../support/tsdbHistory';
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

const HISTORY_TEST_RULES = `groups:
  - name: history
    interval: 1m
    rules:
      - alert: ErrorBurst
        expr: increase(demo_errors_total[1m]) > 0
        for: 5m
        labels:
          severity: page
        annotations:
          summary: '{{ $labels.instance }}: {{ $value }} errors in 1m ({{ humanize $value }})'
      - alert: QueueFlapping
        expr: demo_queue_depth > 10
        for: 3m
        annotations:
          summary: 'queue {{ $labels.queue }} at {{ $value }}'
      - record: queue:demo_queue_depth:max
        expr: max by (queue) (demo_queue_depth)
        labels:
          team: infra
`;

describe('Create test on servers with a known past (15 s samples, 1 m evaluations)', function () {
  this.timeout(180_000);
  const MINUTE = 60;
  const end = Math.floor(Date.now() / 1000 / MINUTE) * MINUTE;
  const history = alertHistory(end);
  let blocks: { dataDir: string; remove: () => void };
  let prometheus: LiveService;
  let victoria: LiveService;
  const folder = temporaryFolder('rule-test-history-');
  const inputs = (): RuleInDocument[] => ruleInputs(parseYamlDocument(HISTORY_TEST_RULES, 'history.rules.yml')!, 'history.rules.yml');

  before(async () => {
    blocks = createBlocks(history.series);
    [prometheus, victoria] = await Promise.all([startPrometheus({ scrapeTargets: [], dataDir: blocks.dataDir }), startVictoriaMetrics({ scrapeTargets: [] })]);
    await importIntoVictoriaMetrics(victoria.url, history.series);
    fs.writeFileSync(path.join(folder.dir, 'history.rules.yml'), HISTORY_TEST_RULES);
  });

  after(async () => {
    await Promise.all([prometheus?.stop(), victoria?.stop()]);
    blocks?.remove();
    folder.remove();
  });

  /** Server, rule, when (seconds after the history's marks), the alerts or series expected: each test written must pass promtool. */
  const CASES: ['Prometheus' | 'VictoriaMetrics', string, (h: ReturnType<typeof alertHistory>) => number, string[]][] = [
    // increase() over 15 s samples: the test reads them all (interval 15s), so it fires as the server's data did.
    ['Prometheus', 'ErrorBurst', (h) => h.burst + 8 * MINUTE, ['instance=a,job=api,severity=page: a: 40 errors in 1m (40)']],
    ['Prometheus', 'ErrorBurst', (h) => h.burst + 4 * MINUTE, []],
    ['Prometheus', 'QueueFlapping', (h) => h.flap + 9 * MINUTE, ['queue=q1: queue q1 at 25']],
    ['Prometheus', 'queue:demo_queue_depth:max', (h) => h.flap + 9 * MINUTE, ['queue=q1,team=infra 25', 'queue=q2,team=infra 5', 'queue=q4,team=infra 5']],
    ['VictoriaMetrics', 'QueueFlapping', (h) => h.flap + 9 * MINUTE, ['queue=q1: queue q1 at 25']],
    ['VictoriaMetrics', 'queue:demo_queue_depth:max', (h) => h.flap + 9 * MINUTE, ['queue=q1,team=infra 25', 'queue=q2,team=infra 5', 'queue=q4,team=infra 5']],
  ];

  for (const [server, name, at, expected] of CASES) {
    it(`${server}: ${name}, ${expected.length === 0 ? 'nothing' : expected.length} expected`, async () => {
      const url = server === 'Prometheus' ? prometheus.url : victoria.url;
      const executor = new PrometheusQueryClient({ name: server, url }, { timeoutMs: 20_000, maxBytes: 50_000_000 });
      const rule = inputs().find((r) => r.input.name === name)!;
      const capture = await captureRuleTest(rule.input, 'history.rules.yml', executor, { now: at(history) });
      assert.ok(capture.ok, capture.ok ? '' : capture.message);
      const { testCase } = capture;
      assert.deepEqual([testCase.intervalSeconds, testCase.inputIntervalSeconds], [60, 15]);
      const labelText = (labels: Readonly<Record<string, string>>): string => Object.entries(labels).filter(([k]) => k !== 'alertname' && k !== '__name__').sort().map(([k, v]) => `${k}=${v}`).join(',');
      const got = testCase.rule.kind === 'alert'
        ? (testCase.alerts ?? []).map((a) => `${labelText(a.labels)}: ${a.annotations['summary']}`)
        : (testCase.samples ?? []).map((s) => `${labelText(s.labels)} ${s.value}`);
      assert.deepEqual(got.sort(), expected);
      const file = `${server}-${name.replace(/:/g, '_')}.test.yml`;
      fs.writeFileSync(path.join(folder.dir, file), ruleTestFile(testCase));
      const { status, output } = runPromtool(['test', 'rules', file], folder.dir);
      assert.equal(status, 0, `${output}\n${fs.readFileSync(path.join(folder.dir, file), 'utf8').slice(0, 3000)}`);
    });
  }
});
