import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { StdioLanguageClient } from '../../support/lspClient';
import { startScriptedExporter, type ScriptedExporter } from '../../support/scriptedExporter';

/*
 * instrumentation/bucket-overflow over LSP against real exporters on loopback ports: each target of
 * prometheus.yml serves histograms whose bucket counts put a known share of observations above the
 * largest finite bucket, and the workspace's Python code defines them. Over 5 % (of at least 100
 * observations) the target's entry and the definition (its buckets, or its name with the default
 * buckets) get a finding; under it, with too few observations, or without a +Inf bucket, nothing.
 */

/** A histogram's exposition with HELP: `[le, cumulative count]` in order. */
function histogram(name: string, counts: [string, number][]): string[] {
  const total = counts.find(([le]) => le === '+Inf')?.[1] ?? counts[counts.length - 1][1];
  return [
    `# HELP ${name} Request latency.`, `# TYPE ${name} histogram`,
    ...counts.map(([le, count]) => `${name}_bucket{le="${le}"} ${count}`),
    `${name}_sum ${total}`, `${name}_count ${total}`,
  ];
}

/** A diagnostic's message as text. */
const textOf = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);

const DEFAULT_BUCKETS = ['0.005', '0.01', '0.025', '0.05', '0.075', '0.1', '0.25', '0.5', '0.75', '1.0', '2.5', '5.0', '7.5', '10.0'];

const TARGETS: readonly { job: string; body: string[]; reported: string[] }[] = [
  {
    job: 'over',
    body: [
      ...histogram('api_latency_seconds', [['0.1', 500], ['0.5', 800], ['2.5', 880], ['+Inf', 1000]]),
      ...histogram('default_latency_seconds', [...DEFAULT_BUCKETS.map((le, i): [string, number] => [le, 10 * (i + 1)]), ['+Inf', 200]]),
    ],
    reported: [
      'api_latency_seconds: instrumentation/bucket-overflow: 12 % of observations of api_latency_seconds (120 of 1000) fall above its largest bucket (2.5): quantiles above it are clamped',
      'default_latency_seconds: instrumentation/bucket-overflow: 30 % of observations of default_latency_seconds (60 of 200) fall above its largest bucket (10): quantiles above it are clamped',
    ],
  },
  { job: 'under', body: histogram('under_latency_seconds', [['0.1', 500], ['2.5', 970], ['+Inf', 1000]]), reported: [] },
  { job: 'fresh', body: histogram('fresh_latency_seconds', [['0.1', 10], ['2.5', 40], ['+Inf', 80]]), reported: [] },
  { job: 'noinf', body: histogram('partial_latency_seconds', [['0.1', 10], ['2.5', 400]]), reported: [] },
];

const CODE = [
  'from prometheus_client import Histogram',
  '',
  'API = Histogram("api_latency_seconds", "Request latency.", buckets=(0.1, 0.5, 2.5))',
  'DEFAULT = Histogram("default_latency_seconds", "Request latency.")',
  'UNDER = Histogram("under_latency_seconds", "Request latency.", buckets=(0.1, 2.5))',
  'FRESH = Histogram("fresh_latency_seconds", "Request latency.", buckets=(0.1, 2.5))',
  'PARTIAL = Histogram("partial_latency_seconds", "Request latency.", buckets=(0.1, 2.5))',
  '',
].join('\n');

describe('instrumentation/bucket-overflow over LSP (scripted exporters)', function () {
  this.timeout(60_000);
  const exporters: ScriptedExporter[] = [];
  let client: StdioLanguageClient;
  let folder: string;
  let configUri: string;
  let configText: string;
  let codeUri: string;

  before(async () => {
    for (const t of TARGETS) exporters.push(await startScriptedExporter(() => `${t.body.join('\n')}\n`));
    folder = mkdtempSync(join(tmpdir(), 'overflow-workspace-'));
    configText = [
      'scrape_configs:',
      ...TARGETS.flatMap((t, i) => [`  - job_name: ${t.job}`, '    static_configs:', `      - targets: ['${exporters[i].address}']`]),
      '',
    ].join('\n');
    writeFileSync(join(folder, 'prometheus.yml'), configText);
    mkdirSync(join(folder, 'app'));
    writeFileSync(join(folder, 'app', 'metrics.py'), CODE);
    configUri = pathToFileURL(join(folder, 'prometheus.yml')).href;
    codeUri = pathToFileURL(join(folder, 'app', 'metrics.py')).href;
    client = new StdioLanguageClient();
    await client.initialize(pathToFileURL(folder).href);
    client.open(configUri, 'yaml', configText);
    client.open(codeUri, 'python', CODE);
  });

  after(async () => {
    if (client) assert.equal(await client.stop(), 0);
    await Promise.all(exporters.map((e) => e.stop()));
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('lists the overflowing histograms on their target, and nothing on the others', async () => {
    const diagnostics = await client.diagnosticsFor(configUri, (d) => d.some((x) => x.code === 'target/lint'), 20_000);
    const lines = configText.split('\n');
    for (const [i, t] of TARGETS.entries()) {
      const onTarget = diagnostics.filter((d: Diagnostic) => d.code === 'target/lint' && lines[d.range.start.line].includes(exporters[i].address));
      const related = onTarget.flatMap((d) => (d.relatedInformation ?? []).map((r) => r.message));
      assert.deepEqual(related, t.reported, t.job);
      if (t.reported.length > 0) assert.match(textOf(onTarget[0]), /exposes 2 metrics breaking lint rules \(instrumentation\/bucket-overflow\)/);
    }
  });

  it('puts a finding on the definitions whose histograms overflow: their buckets, or their name with the defaults', async () => {
    const diagnostics = await client.diagnosticsFor(codeUri, (d) => d.filter((x) => x.code === 'instrumentation/bucket-overflow').length >= 2, 20_000);
    const lines = CODE.split('\n');
    const found = diagnostics.filter((d) => d.code === 'instrumentation/bucket-overflow').map((d) => {
      assert.equal(d.range.start.line, d.range.end.line);
      assert.equal(d.severity, 3);
      return [lines[d.range.start.line].slice(d.range.start.character, d.range.end.character), textOf(d).replace(/\(live, .*\)$/, '(live)')];
    });
    assert.deepEqual(found.sort(), [
      ['"default_latency_seconds"', '30 % of observations of default_latency_seconds (60 of 200) fall above its largest bucket (10): quantiles above it are clamped (live)'],
      ['0.1, 0.5, 2.5', '12 % of observations of api_latency_seconds (120 of 1000) fall above its largest bucket (2.5): quantiles above it are clamped (live)'],
    ]);
    const message = textOf(diagnostics.find((d) => d.code === 'instrumentation/bucket-overflow')!);
    assert.ok(message.includes(exporters[0].address), message);
  });
});
