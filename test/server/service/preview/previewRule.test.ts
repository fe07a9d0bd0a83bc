import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { parseDuration } from '../../../../server/src/service/promql/duration';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../../server/src/cli/main';
import { parseYamlDocument } from '../../../../server/src/service/documents/yamlDocument';
import { MAX_TEMPLATE_QUERIES, previewRule } from '../../../../server/src/service/preview/previewRule';
import { ruleInputs, type RuleInDocument } from '../../../../server/src/service/preview/ruleInputs';
import type { RulePreview } from '../../../../server/src/service/preview/rulePreview';
import { PrometheusQueryClient } from '../../../../server/src/sources/prometheusQuery';
import { alertHistory, HISTORY_RULES } from '../../../support/alertHistory';
import { startPrometheus, startVictoriaMetrics, type LiveService } from '../../../support/liveServices';
import { runPromtool } from '../../../support/promtool';
import { createBlocks, importIntoVictoriaMetrics, type HistorySeries } from '../../../support/tsdbHistory';

/*
 * Rule previews against real servers that hold a known past (alertHistory.ts): a Prometheus
 * serving TSDB blocks that promtool built from OpenMetrics, and a VictoriaMetrics that imported the
 * same samples. The spans expected are worked out from the samples and rules/alerting.go's state
 * machine by hand (in minutes from the burst or from the flapping's start), the annotations from
 * Prometheus' template functions; the CLI's JSON is checked on the same server.
 */

const MINUTE = 60;

/** What the server itself evaluates: QueueHeld as the file has it (spaced otherwise), ErrorBurst in another version. */
const SERVER_RULES = `groups:
  - name: demo
    rules:
      - alert: QueueHeld
        expr: demo_queue_depth>10
        keep_firing_for: 3m
      - alert: ErrorBurst
        expr: increase(demo_errors_total[5m]) > 0
`;
const limits = { timeoutMs: 30_000, maxBytes: 64 * 1024 * 1024 };

/** Spans as `P<start>-<end>` / `F…` in minutes from `origin` (`end` empty: still active). */
function spansFrom(preview: RulePreview, origin: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const instance of preview.instances) {
    const key = instance.labels['queue'] ?? instance.labels['instance'] ?? '';
    out[key] = instance.spans.map((s) => `${s.state === 'firing' ? 'F' : 'P'}${(s.start - origin) / MINUTE}-${s.end === null ? '' : (s.end - origin) / MINUTE}`).join(' ');
  }
  return out;
}

/** The history in promtool's series notation, from `start` every 15 s (`_` where a series has no sample). */
function promtoolSeries(series: readonly HistorySeries[], start: number, end: number): string {
  return series.map((s) => {
    const byTime = new Map(s.points.map(([t, v]) => [t, v]));
    const values: string[] = [];
    for (let t = start; t <= end; t += 15) values.push(byTime.has(t) ? String(byTime.get(t)) : '_');
    const name = s.type === 'counter' ? `${s.family}_total` : s.family;
    return `      - series: '${name}{${Object.entries(s.labels).map(([k, v]) => `${k}="${v}"`).join(',')}}'\n        values: '${values.join(' ')}'`;
  }).join('\n');
}

/** `{a="b", c="d"}` as promtool prints a label set, as one comparable string. */
function labelSetText(text: string): string {
  return [...text.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => `${m[1]}=${m[2]}`).sort().join(',');
}

describe('rule previews on servers with a known past (Prometheus from promtool blocks, VictoriaMetrics)', function () {
  this.timeout(180_000);
  const end = Math.floor(Date.now() / 1000 / MINUTE) * MINUTE;
  const history = alertHistory(end);
  let blocks: { dataDir: string; remove: () => void };
  let prometheus: LiveService;
  let victoria: LiveService;
  let folder: string;
  let rules: RuleInDocument[];
  const rule = (name: string): RuleInDocument => rules.find((r) => r.input.name === name)!;
  const options = { now: end, since: 2 * 3600 };

  before(async () => {
    blocks = createBlocks(history.series);
    [prometheus, victoria] = await Promise.all([
      startPrometheus({ scrapeTargets: [], dataDir: blocks.dataDir, externalLabels: { cluster: 'eu-1' }, rules: SERVER_RULES }),
      startVictoriaMetrics({ scrapeTargets: [] }),
    ]);
    await importIntoVictoriaMetrics(victoria.url, history.series);
    // Tests read the server's own rules: wait for their first evaluation.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const body = await (await fetch(`${prometheus.url}/api/v1/rules`)).json() as { data: { groups: { rules: { health: string }[] }[] } };
      if (body.data.groups.flatMap((g) => g.rules).every((r) => r.health === 'ok')) break;
      if (Date.now() > deadline) throw new Error(`the server's rules were not evaluated in time: ${JSON.stringify(body)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    folder = mkdtempSync(join(tmpdir(), 'prometheus-lsp-preview-'));
    writeFileSync(join(folder, 'demo.rules.yml'), HISTORY_RULES);
    rules = ruleInputs(parseYamlDocument(HISTORY_RULES, 'demo.rules.yml')!, 'demo.rules.yml');
  });

  after(async () => {
    await Promise.all([prometheus?.stop(), victoria?.stop()]);
    blocks?.remove();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  const servers = (): [string, PrometheusQueryClient][] => [
    ['Prometheus', new PrometheusQueryClient({ name: 'prometheus', url: prometheus.url }, limits)],
    ['VictoriaMetrics', new PrometheusQueryClient({ name: 'victoria', url: victoria.url }, limits)],
  ];

  it('reads the rules of the file with their group interval, for:, keep_firing_for:, labels and annotations', () => {
    assert.deepEqual(rules.map((r) => r.input.name), ['ErrorBurst', 'ErrorBurstHeld', 'QueueFlapping', 'QueueHeld', 'queue:demo_queue_depth:max', 'Broken']);
    assert.deepEqual({ ...rule('ErrorBurstHeld').input }, {
      file: 'demo.rules.yml', group: 'demo', groupInterval: 60, kind: 'alert', name: 'ErrorBurstHeld', expr: 'increase(demo_errors_total[1m]) > 0', for: 300, keepFiringFor: 600, labels: { job: '' },
    });
  });

  for (const which of ['Prometheus', 'VictoriaMetrics']) {
    it(`for: 5m over a 12-minute burst: pending 5 min, firing until the burst ends (${which})`, async () => {
      const executor = servers().find(([name]) => name === which)![1];
      const preview = await previewRule(rule('ErrorBurst').input, executor, options);
      assert.deepEqual(preview.window, { start: end - 2 * 3600, end, step: 60 });
      assert.deepEqual(spansFrom(preview, history.burst), { a: 'P1-6 F6-13' });
      assert.equal(preview.summary, 'would have fired once for 1 label set in the last 2 h; longest 7 min; now: inactive');
      assert.deepEqual(preview.instances[0].labels, { alertname: 'ErrorBurst', instance: 'a', job: 'api', severity: 'page' });
    });

    it(`keep_firing_for: 10m holds the alert 10 minutes past the burst (${which})`, async () => {
      const executor = servers().find(([name]) => name === which)![1];
      const preview = await previewRule(rule('ErrorBurstHeld').input, executor, options);
      assert.deepEqual(spansFrom(preview, history.burst), { a: 'P1-6 F6-23' });
      // A rule label set to '' removes the label, as in Prometheus; labels come sorted by name.
      assert.deepEqual(Object.entries(preview.instances[0].labels), [['alertname', 'ErrorBurstHeld'], ['instance', 'a']]);
    });

    it(`a flapping gauge with for: 3m fires once, the rest stays pending (${which})`, async () => {
      const executor = servers().find(([name]) => name === which)![1];
      const preview = await previewRule(rule('QueueFlapping').input, executor, options);
      assert.deepEqual(spansFrom(preview, history.flap), { q1: 'P0-2 P3-6 F6-10 P12-13', q2: 'P5-6' });
      assert.equal(preview.summary, 'would have fired once for 1 label set in the last 2 h; longest 4 min; now: inactive');
      assert.deepEqual(preview.instances.map((i) => i.annotations), [{ summary: 'queue q1 at 25' }, { summary: 'queue q2 at 25' }]);
    });

    it(`keep_firing_for: 3m bridges the flapping gaps (${which})`, async () => {
      const executor = servers().find(([name]) => name === which)![1];
      const preview = await previewRule(rule('QueueHeld').input, executor, options);
      assert.deepEqual(spansFrom(preview, history.flap), { q1: 'F0-16', q2: 'F5-9' });
      assert.equal(preview.summary, 'would have fired 2 times for 2 label sets in the last 2 h; longest 16 min; now: inactive');
    });

    it(`a recording rule: series now, a sample with the rule's labels, label sets that came and went (${which})`, async () => {
      const executor = servers().find(([name]) => name === which)![1];
      const preview = await previewRule(rule('queue:demo_queue_depth:max').input, executor, options);
      assert.equal(preview.series, 3);
      assert.deepEqual(preview.sample?.map((s) => s.labels['queue']).sort(), ['q1', 'q2', 'q3']);
      assert.deepEqual(preview.sample?.find((s) => s.labels['queue'] === 'q1'), { labels: { __name__: 'queue:demo_queue_depth:max', queue: 'q1', team: 'infra' }, value: '5' });
      assert.deepEqual(preview.churn, { appeared: 1, vanished: 1 });
      assert.equal(preview.summary, 'records 3 series now; 1 appeared and 1 vanished in the last 2 h');
    });
  }

  it('renders annotations at the last firing: $labels, $value, humanize, printf, query on the server, $externalLabels from its configuration', async () => {
    const [, executor] = servers()[0];
    const preview = await previewRule(rule('ErrorBurst').input, executor, options);
    const [instance] = preview.instances;
    assert.equal(instance.annotations['summary'], 'a of api: 40 errors in 1m (40)');
    // At the last firing (burst + 12 min) the queues q1, q2 and q4 hold 5 each; q3 is not there yet.
    assert.equal(instance.annotations['queues'], 'queues hold 15 in eu-1');
    assert.equal(instance.annotations['broken'], '<error expanding template: error executing template __alert_ErrorBurst: template: __alert_ErrorBurst:1:118: executing "__alert_ErrorBurst" at <gt $value 10>: error calling gt: incompatible types for comparison>');
    assert.deepEqual(instance.templateErrors?.map((e) => [e.key, e.field, e.offset]), [['broken', 'annotations', 6]]);
    // The error's place in the file: the `gt` of the annotation's template.
    const at = rule('ErrorBurst').templateOffset('annotations', 'broken', 6)!;
    assert.equal(HISTORY_RULES.slice(at, at + 12), 'gt $value 10');
  });

  it('replays for: before the window: an alert pending at its start fires when Prometheus\' would', async () => {
    const [, executor] = servers()[0];
    // The window starts 4 minutes into the burst, 3 minutes into the pending.
    const preview = await previewRule(rule('ErrorBurst').input, executor, { now: end, since: 96 * MINUTE });
    assert.equal(preview.window.start, history.burst + 4 * MINUTE);
    assert.deepEqual(spansFrom(preview, history.burst), { a: 'P4-6 F6-13' });
  });

  it('runs a window of more than 10,000 steps in pieces: 3 h every second, spans exact to the second', async () => {
    const [, executor] = servers()[0];
    const seconds = (instance: RulePreview['instances'][number]): string =>
      instance.spans.map((s) => `${s.state} ${s.start - history.burst}-${s.end === null ? '' : s.end - history.burst}`).join(', ');
    const held = await previewRule(rule('ErrorBurstHeld').input, executor, { now: end, since: 3 * 3600, step: 1 });
    // increase(…[1m]) > 0 holds while the range [t-1m, t] holds two samples of the burst: from
    // burst + 15 s (the first increment) to burst + 12 min 45 s (the last one, at 12 min, is 45 s old);
    // held 10 minutes from the first evaluation without it (12 min 46 s).
    assert.deepEqual(held.instances.map(seconds), ['pending 15-315, firing 315-1366']);
    // A templated label is part of the alert's identity: while the increase, extrapolated at the
    // burst's edges, is 30 or less, `severity` is ticket and that is another alert.
    const burst = await previewRule(rule('ErrorBurst').input, executor, { now: end, since: 3 * 3600, step: 1 });
    assert.deepEqual(Object.fromEntries(burst.instances.map((i) => [i.labels['severity'], seconds(i)])), {
      ticket: 'pending 15-46, pending 735-766',
      page: 'pending 46-346, firing 346-735',
    });
  });

  it('shows the rule of the same name the server runs: its state, last evaluation, and whether its expression is the file\'s', async () => {
    const [, executor] = servers()[0];
    const held = await previewRule(rule('QueueHeld').input, executor, options);
    assert.deepEqual({ ...held.server, lastEvaluation: undefined }, { state: 'inactive', health: 'ok', lastEvaluation: undefined, expr: 'demo_queue_depth > 10', differs: false });
    assert.ok(Math.abs(held.server!.lastEvaluation! - Date.now() / 1000) < 60);
    const burst = await previewRule(rule('ErrorBurst').input, executor, options);
    assert.equal(burst.server?.differs, true);
    assert.equal(burst.server?.expr, 'increase(demo_errors_total[5m]) > 0');
    // VictoriaMetrics evaluates no rules: nothing to show.
    const [, victoriaExecutor] = servers()[1];
    assert.equal((await previewRule(rule('QueueHeld').input, victoriaExecutor, options)).server, undefined);
  });

  it('agrees with promtool 2.42 (Prometheus\' own rule evaluation) on which alerts fire, minute by minute over 3 h', async function () {
    this.timeout(120_000);
    const start = end - 3 * 3600;
    const alerts = ['ErrorBurst', 'ErrorBurstHeld', 'QueueFlapping', 'QueueHeld'];
    const [, executor] = servers()[0];
    // Ours: the firing label sets at each minute, from the spans.
    const ours = new Map<string, string[]>();
    for (const name of alerts) {
      const preview = await previewRule(rule(name).input, executor, { now: end, since: 3 * 3600 });
      for (let minute = 0; minute <= 180; minute++) {
        const t = start + minute * MINUTE;
        const firing = preview.instances.filter((i) => i.spans.some((s) => s.state === 'firing' && s.start <= t && (s.end === null || t < s.end)));
        if (firing.length > 0) ours.set(`${name} ${minute}`, firing.map((i) => Object.entries(i.labels).map(([k, v]) => `${k}=${v}`).sort().join(',')).sort());
      }
    }
    // promtool's: a rule unit test over the same samples (from time 0) that expects no alert at any
    // minute; its report lists the alerts that fire.
    const rulesFile = HISTORY_RULES.replace(/      - alert: Broken[\s\S]*$/, '');
    writeFileSync(join(folder, 'oracle.rules.yml'), rulesFile);
    const cases = alerts.flatMap((name) => Array.from({ length: 181 }, (_, minute) => `      - eval_time: ${minute}m\n        alertname: ${name}\n        exp_alerts: []`));
    writeFileSync(join(folder, 'oracle.test.yml'), `rule_files: [oracle.rules.yml]\nevaluation_interval: 1m\ntests:\n  - interval: 15s\n    external_labels:\n      cluster: eu-1\n    input_series:\n${promtoolSeries(history.series, start, end)}\n    alert_rule_test:\n${cases.join('\n')}\n`);
    const { output } = runPromtool(['test', 'rules', 'oracle.test.yml'], folder);
    const theirs = new Map<string, string[]>();
    for (const block of output.split(/\n\s*alertname: /).slice(1)) {
      const head = /^(\w+), time: ([\w.]+),/.exec(block);
      assert.ok(head, block);
      const parsed = parseDuration(head[2]);
      const minute = 'seconds' in parsed ? parsed.seconds / MINUTE : NaN;
      theirs.set(`${head[1]} ${minute}`, [...block.matchAll(/Labels:(\{.*\})/g)].map((m) => labelSetText(m[1])).sort());
    }
    assert.ok(theirs.size > 40, output.slice(0, 2000));
    assert.deepEqual(Object.fromEntries([...ours].sort()), Object.fromEntries([...theirs].sort()));
  });

  it('a rule whose expression the server refuses: the server\'s error, no instances', async () => {
    const [, executor] = servers()[0];
    const preview = await previewRule(rule('Broken').input, executor, options);
    assert.deepEqual(preview.instances, []);
    assert.match(preview.error ?? '', /parse error/);
    assert.equal(preview.summary, `could not be evaluated: ${preview.error}`);
  });

  it('prometheus-lsp preview --format json prints the issue\'s shape; exit 1 when a rule fails, 0 otherwise', async () => {
    const run = async (args: string[]): Promise<{ status: number; stdout: string; stderr: string }> => {
      let stdout = '';
      let stderr = '';
      const status = await main(['preview', ...args], { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
      return { status: status as number, stdout, stderr };
    };
    const file = join(folder, 'demo.rules.yml');
    const ok = await run(['--server', prometheus.url, '--since', '3h', '--format', 'json', file, 'QueueHeld', 'queue:demo_queue_depth:max']);
    assert.equal(ok.status, 0, ok.stderr);
    const printed = JSON.parse(ok.stdout) as { rule: string; kind: string; window: { start: string; end: string; step: string }; instances: { labels: Record<string, string>; spans: { state: string; start: string; end: string | null }[] }[]; series?: number }[];
    assert.deepEqual(printed.map((p) => [p.rule, p.kind]), [['QueueHeld', 'alert'], ['queue:demo_queue_depth:max', 'record']]);
    assert.equal(printed[0].window.step, '1m');
    assert.match(printed[0].window.start, /^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/);
    const iso = (seconds: number): string => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
    assert.deepEqual(printed[0].instances.find((i) => i.labels['queue'] === 'q1')?.spans, [{ state: 'firing', start: iso(history.flap), end: iso(history.flap + 16 * MINUTE) }]);
    // The series the rule writes at the window's end, as the server itself counts them then: the known
    // past ends when the suite started, so under load the count at "now" falls as series go stale.
    const counted = await (await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent('count(max by (queue) (demo_queue_depth))')}&time=${printed[1].window.end}`)).json() as { data: { result: { value: [number, string] }[] } };
    assert.equal(printed[1].series, Number(counted.data.result[0]?.value[1] ?? 0));
    assert.ok(Date.now() / 1000 - end > 4 * MINUTE || printed[1].series === 3, 'three queues hold series while the known past is recent');
    assert.match((printed[0] as { approximation?: string }).approximation ?? '', /approximates the rule's own evaluation times/);
    // The server evaluates QueueHeld itself (SERVER_RULES): its state beside the preview.
    assert.deepEqual({ ...(printed[0] as { server?: Record<string, unknown> }).server, lastEvaluation: undefined }, { state: 'inactive', health: 'ok', lastEvaluation: undefined, expr: 'demo_queue_depth > 10', differs: false });

    const failed = await run(['--server', prometheus.url, '--format', 'json', file, 'Broken']);
    assert.equal(failed.status, 1);
    assert.match((JSON.parse(failed.stdout) as { error: string }[])[0].error, /parse error/);

    const text = await run(['--server', prometheus.url, '--since', '3h', file, 'QueueFlapping']);
    assert.equal(text.status, 0);
    assert.match(text.stdout, /^note: evaluated as a range query every 1m: this approximates the rule's own evaluation times/);
    assert.match(text.stdout, /would have fired once for 1 label set in the last 3 h; longest 4 min/);
    assert.match(text.stdout, /firing {2}\d\d:\d\d → \d\d:\d\d \(4 min\)/);
    const other = await run(['--server', prometheus.url, file, 'ErrorBurst']);
    assert.match(other.stdout, /on the server: inactive \(the server runs another version of this rule\)/);

    assert.equal((await run([file])).status, 2);
    assert.equal((await run(['--server', prometheus.url, file, 'NoSuchRule'])).status, 2);
    assert.equal((await run(['--server', prometheus.url, '--format', 'yaml', file])).status, 2);
  });
});

describe('rule previews with hostile templates on a live Prometheus', function () {
  this.timeout(60_000);
  let prometheus: LiveService;
  before(async () => {
    prometheus = await startPrometheus({ scrapeTargets: [] });
  });
  after(async () => {
    await prometheus?.stop();
  });
  const now = Math.floor(Date.now() / 1000 / 60) * 60;
  const alert = (labels: Record<string, string>, annotations: Record<string, string> = {}): Parameters<typeof previewRule>[0] =>
    ({ file: 'hostile.rules.yml', group: 'g', kind: 'alert', name: 'Hostile', expr: 'vector(1)', labels, annotations });

  it('prometheus-lsp preview --since 10y without --step: the group\'s interval widened to under 11,000 evaluations', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'prometheus-lsp-hostile-'));
    try {
      const file = join(folder, 'long.rules.yml');
      writeFileSync(file, 'groups:\n  - name: g\n    interval: 1s\n    rules:\n      - alert: Long\n        expr: vector(1)\n        for: 100000d\n');
      let stdout = '';
      let stderr = '';
      const status = await main(['preview', '--server', prometheus.url, '--since', '10y', '--format', 'json', file], { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
      assert.equal(status, 0, stderr);
      const [printed] = JSON.parse(stdout) as { window: { start: string; end: string; step: string }; instances: { spans: { state: string }[] }[] }[];
      const step = parseDuration(printed.window.step);
      assert.ok(!('error' in step));
      const evaluations = (Date.parse(printed.window.end) - Date.parse(printed.window.start)) / 1000 / step.seconds;
      assert.ok(evaluations > 10_000 && evaluations < 11_000, `${evaluations} evaluations every ${printed.window.step}`);
      // for: 100000d is never reached in 10 years: pending throughout.
      assert.deepEqual(printed.instances.map((i) => i.spans.map((s) => s.state)), [['pending']]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  // Each template is run at each of the 301 steps of 5 h every minute: distinct queries are capped.
  const CASES: [string, Record<string, string>, Record<string, string>, string | null][] = [
    ['query in a label template at every step', { q: '{{ with query "vector(2)" }}{{ . | first | value }}{{ end }}' }, {}, `at most ${MAX_TEMPLATE_QUERIES} distinct template queries`],
    ['the same query in an annotation: run once', {}, { a: '{{ with query "vector(2)" }}{{ . | first | value }}{{ end }}' }, null],
    ['recursion in an annotation', {}, { a: '{{ define "a" }}{{ template "a" }}{{ end }}{{ template "a" }}' }, 'exceeded maximum template depth'],
  ];
  for (const [title, labels, annotations, error] of CASES) {
    it(`${title}: ${error ?? 'no error'}`, async () => {
      const executor = new PrometheusQueryClient({ name: 'prometheus', url: prometheus.url }, limits);
      const preview = await previewRule(alert(labels, annotations), executor, { now, since: 5 * 3600, step: 60 });
      assert.equal(preview.error, undefined);
      const messages = preview.instances.flatMap((i) => (i.templateErrors ?? []).map((e) => e.message));
      if (error === null) assert.deepEqual(messages, []);
      else assert.ok(messages.length > 0 && messages.every((m) => m.includes(error)), JSON.stringify(messages));
    });
  }
});
