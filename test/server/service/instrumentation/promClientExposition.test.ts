import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCodeGrammars } from '../../../../server/src/fileSystem/codeGrammars';
import { parseExposition, type ExpositionFormat, expositionFormatOf } from '../../../../server/src/service/exposition/expositionParser';
import { readCodeMetrics } from '../../../../server/src/service/instrumentation/codeMetrics';
import type { CodeMetrics } from '../../../../server/src/service/instrumentation/metricDefinition';
import { freePort } from '../../../support/liveServices';
import { FIXTURES } from '../../../support/paths';

/*
 * The names the prom-client reader predicts, against what prom-client really exposes: the fixture
 * shop service (test/fixtures/code/shop-service/server.js) runs with the real library (a dev
 * dependency), serves a few requests, and its two registries' /metrics (the default text format,
 * and one in OpenMetrics) must hold exactly the predicted series names with the predicted types.
 * Also the findings the fixture is written to show.
 */

const SERVICE = path.join(FIXTURES, 'code', 'shop-service', 'server.js');

describe('prom-client reader against the real library', function () {
  this.timeout(30_000);
  let metrics: CodeMetrics;
  let child: ChildProcess;
  let url: string;
  let output = '';

  before(async () => {
    const grammars = await loadCodeGrammars(['javascript']);
    metrics = readCodeMetrics('javascript', fs.readFileSync(SERVICE, 'utf8'), grammars);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [SERVICE], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        await (await fetch(`${url}/cart?items=3`)).text();
        break;
      } catch {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the shop service did not start:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    for (const request of ['/checkout?payment=card', '/checkout?payment=invoice', '/nowhere']) await (await fetch(url + request)).text();
  });

  after(() => {
    child?.kill('SIGTERM');
  });

  async function scrape(route: string): Promise<{ format: ExpositionFormat; names: Map<string, string> }> {
    const response = await fetch(url + route);
    const format = expositionFormatOf(response.headers.get('content-type') ?? undefined);
    const parsed = parseExposition(await response.text(), format);
    assert.deepEqual(parsed.problems, []);
    const names = new Map<string, string>();
    for (const family of parsed.families) for (const sample of family.samples) names.set(sample.name, family.type);
    return { format, names };
  }

  function predicted(registry: 'default' | 'partner'): Map<string, string> {
    const names = new Map<string, string>();
    for (const definition of metrics.definitions) {
      if ((definition.family === 'partner_api_calls') !== (registry === 'partner')) continue;
      for (const exposed of definition.exposed) names.set(exposed.name, exposed.type);
    }
    return names;
  }

  it('predicts every series name and type of the default registry (text format)', async () => {
    const { format, names } = await scrape('/metrics');
    assert.equal(format, 'text');
    assert.deepEqual([...names].sort(), [...predicted('default')].sort());
    assert.ok(names.has('orders_placed') && !names.has('orders_placed_total'), 'no _total appended');
  });

  it('predicts the labels prom-client adds (le on _bucket, quantile on a summary)', async () => {
    const response = await fetch(`${url}/metrics`);
    const parsed = parseExposition(await response.text(), 'text');
    const added = new Map<string, string[]>();
    for (const definition of metrics.definitions) {
      const own = new Set((definition.labelNames ?? []).map((label) => label.value));
      for (const family of parsed.families) {
        for (const sample of family.samples) {
          const exposed = definition.exposed.find((e) => e.name === sample.name);
          const names = sample.labels.filter((_, i) => i % 2 === 0);
          if (exposed) added.set(sample.name, names.filter((label) => !own.has(label)).sort());
        }
      }
      for (const exposed of definition.exposed) if (added.has(exposed.name)) assert.deepEqual(added.get(exposed.name), [...(exposed.addedLabels ?? [])].sort(), exposed.name);
    }
    assert.ok(added.size >= 9);
  });

  it('predicts the _total of a counter in an OpenMetrics registry', async () => {
    const { format, names } = await scrape('/partner/metrics');
    assert.equal(format, 'openmetrics');
    assert.deepEqual([...names].sort(), [...predicted('partner')].sort());
  });

  it('reports the mistakes the fixture carries', () => {
    assert.deepEqual(metrics.problems.map((p) => [p.code.code, p.severity]), [
      ['naming/base-unit', 'warning'],
      ['naming/counter-total', 'warning'],
      ['cardinality/label', 'warning'],
    ]);
  });
});
