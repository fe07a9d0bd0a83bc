import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCodeGrammars } from '../../../../server/src/fileSystem/codeGrammars';
import type { CodeGrammars } from '../../../../server/src/service/instrumentation/codeParser';
import { readCodeMetrics } from '../../../../server/src/service/instrumentation/codeMetrics';
import { startInferenceService } from '../../../support/liveServices';
import { REPO_ROOT } from '../../../support/paths';

/*
 * The names the Python reader predicts, checked against what prometheus_client itself exposes: the
 * same module is read by the reader and run by Debian's python3-prometheus-client, whose
 * generate_latest() is the oracle; and the FastAPI inference service of the fixtures runs under
 * uvicorn, its real /metrics compared with what the reader predicts from its source.
 */

const PYTHON = '/usr/bin/python3';

/** Definitions that exercise every rule of the name derivation; unlabelled, so that each exposes its samples before any use. */
const MODULE = `
import prometheus_client
from prometheus_client import Counter as C, Gauge, Histogram, Summary, Info, Enum

NS = "shop"
SUB = "cart"
UNIT = "seconds"
PREFIX = NS + "_" + SUB

C("plain_requests", "Counter without _total.")
C("kept_requests_total", "Counter with _total given.")
C("lookups", "Namespace and subsystem.", namespace=NS, subsystem=SUB)
C("waits_total", "Unit after the _total is taken off.", unit=UNIT)
C("already_seconds", "Unit already at the end.", unit="seconds")
prometheus_client.Gauge(name="temperature", documentation="Module-qualified, keywords.", unit="celsius")
Gauge(f"{PREFIX}_items", "f-string of constants.")
Gauge(PREFIX + "_value_" + "bytes", "Concatenation.")
Histogram("checkout_duration", "Histogram with a unit.", unit="seconds", buckets=[0.1, 1])
Summary("payload_size_bytes", "Summary.")
Info("build", "Info.")
Enum("phase", "Enum.", states=["starting", "running"])
`;

/** The sample names of a text exposition, without the default collectors' (process_, python_). */
function exposedNames(exposition: string): string[] {
  const names = new Set<string>();
  for (const line of exposition.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
    if (name && !name.startsWith('process_') && !name.startsWith('python_')) names.add(name);
  }
  return [...names].sort();
}

describe('prometheus_client names: predicted against the library', () => {
  let grammars: CodeGrammars;
  before(async () => {
    grammars = await loadCodeGrammars(['python']);
  });

  it('predicts every name generate_latest() exposes, and no other', () => {
    const metrics = readCodeMetrics('python', MODULE, grammars);
    metrics.parsed?.release();
    const predicted = metrics.definitions.flatMap((d) => d.exposed.map((e) => e.name)).sort();
    const real = exposedNames(execFileSync(PYTHON, ['-c', `${MODULE}\nprint(prometheus_client.generate_latest().decode())`], { encoding: 'utf8' }));
    assert.deepEqual(predicted, real);
  });

  it('names each family as the library does, with the TYPE of OpenMetrics', () => {
    const metrics = readCodeMetrics('python', MODULE, grammars);
    metrics.parsed?.release();
    assert.deepEqual(metrics.definitions.map((d) => [d.metricClass, d.family, d.exposed[0].type]), [
      ['Counter', 'plain_requests', 'counter'],
      ['Counter', 'kept_requests', 'counter'],
      ['Counter', 'shop_cart_lookups', 'counter'],
      ['Counter', 'waits_seconds', 'counter'],
      ['Counter', 'already_seconds', 'counter'],
      ['Gauge', 'temperature_celsius', 'gauge'],
      ['Gauge', 'shop_cart_items', 'gauge'],
      ['Gauge', 'shop_cart_value_bytes', 'gauge'],
      ['Histogram', 'checkout_duration_seconds', 'histogram'],
      ['Summary', 'payload_size_bytes', 'summary'],
      ['Info', 'build', 'info'],
      ['Enum', 'phase', 'stateset'],
    ]);
    assert.deepEqual(metrics.definitions[11].exposed[0].addedLabels, ['phase'], 'the Enum state label is named after the metric');
  });

  it('predicts the real /metrics of the FastAPI inference service from its source', async () => {
    const source = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'exporters', 'inference_service.py'), 'utf8');
    const metrics = readCodeMetrics('python', source, grammars);
    metrics.parsed?.release();
    const service = await startInferenceService();
    try {
      const response = await fetch(`${service.url}/metrics`);
      const real = exposedNames(await response.text());
      const predicted = metrics.definitions.flatMap((d) => d.exposed.map((e) => e.name)).sort();
      assert.deepEqual(predicted, real);
      assert.deepEqual(metrics.definitions.map((d) => d.labelNames?.map((l) => l.value) ?? []), [['model', 'status'], ['model'], ['model'], [], ['model'], [], []]);
    } finally {
      await service.stop();
    }
  });
});
