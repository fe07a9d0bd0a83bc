import * as assert from 'node:assert/strict';
import { importedClientLibrary } from '../../../../server/src/service/instrumentation/clientImports';
import type { CodeLanguage } from '../../../../server/src/service/instrumentation/metricDefinition';

/*
 * The textual pre-check: a file that imports no client library is recognised without a parse; every
 * import form the readers know is recognised.
 */

const CASES: readonly [CodeLanguage, string, string | undefined][] = [
  ['python', 'from prometheus_client import Counter\n', 'prometheus_client'],
  ['python', 'from prometheus_client.core import GaugeMetricFamily\n', 'prometheus_client'],
  ['python', 'import prometheus_client\n', 'prometheus_client'],
  ['python', 'import prometheus_client as prom\n', 'prometheus_client'],
  ['python', 'import os, prometheus_client\n', 'prometheus_client'],
  ['python', 'try:\n    from prometheus_client import Counter\nexcept ImportError:\n    Counter = None\n', 'prometheus_client'],
  ['python', '# we used to use prometheus_client here\nimport os\n', undefined],
  ['python', 'from prometheus_client_extra import x\n', undefined],
  ['python', 'import requests\n\nprint("hello")\n', undefined],
  ['javascript', "const client = require('prom-client');\n", 'prom-client'],
  ['javascript', 'const { Counter } = require ( "prom-client" );\n', 'prom-client'],
  ['typescript', "import { Counter, Histogram } from 'prom-client';\n", 'prom-client'],
  ['typescript', "import * as client from 'prom-client';\n", 'prom-client'],
  ['typescriptreact', "const client = await import('prom-client');\n", 'prom-client'],
  ['javascript', "// see prom-client's docs\nconst x = 1;\n", undefined],
  ['typescript', "import { Counter } from 'prom-client-extra';\n", undefined],
];

describe('client imports pre-check', () => {
  for (const [language, text, expected] of CASES) {
    it(`${language}: ${JSON.stringify(text.split('\n')[0])} → ${expected ?? 'none'}`, () => {
      assert.equal(importedClientLibrary(language, text), expected);
    });
  }

  it('answers a large file without the library in well under a millisecond per 100 KB', () => {
    const text = 'def f(x):\n    return x + 1\n'.repeat(4000);
    const start = process.hrtime.bigint();
    for (let i = 0; i < 100; i++) importedClientLibrary('python', text);
    const perCall = Number(process.hrtime.bigint() - start) / 1e6 / 100;
    assert.ok(perCall < 1, `${perCall} ms`);
  });
});
