import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCodeGrammars } from '../../../../server/src/fileSystem/codeGrammars';
import type { CodeGrammars } from '../../../../server/src/service/instrumentation/codeParser';
import { readCodeMetrics } from '../../../../server/src/service/instrumentation/codeMetrics';
import { LINT_RULES } from '../../../../server/src/service/lint/lintRegistry';
import type { CodeLanguage } from '../../../../server/src/service/instrumentation/metricDefinition';
import { REALWORLD } from '../../../support/paths';

/*
 * The prom-client reader on real code: the JavaScript and TypeScript files of ../shared/realworld/code
 * (read in place), each finding reviewed by hand and listed below with its verdict. prom-client's own
 * examples import the library as require('..'); they are also read as a user's copy would be, with
 * require('prom-client'), since they exercise most of its API. The test fails when a finding
 * appears or goes away, when any is an error (real code runs), or when a warning rule's false
 * positives exceed 1 in 10.
 */

type Verdict = 'true' | 'false';

/** Every finding on the real files: file (under code/), line, rule, verdict, why. */
const REVIEWED: readonly (readonly [file: string, line: number, code: string, verdict: Verdict, why: string])[] = [
  ['jochen-schweizer+express-prom-bundle/advanced-example.js', 36, 'naming/counter-total', 'true', 'counter "c1" is exposed as c1, no _total'],
  ['siimon+prom-client/example/counter.js', 11, 'naming/counter-total', 'true', 'test_counter is exposed without _total'],
  ['siimon+prom-client/example/counter.js', 32, 'instrumentation/labels-missing', 'true', 'c.inc() on a counter labelled by code: the example prints the unlabelled series it makes'],
  ['siimon+prom-client/example/counter.js', 48, 'instrumentation/labels-missing', 'true', 'c.inc(15): the same, shown as test_counter 15'],
  ['siimon+prom-client/example/exemplars.js', 25, 'instrumentation/labels-missing', 'true', 'c.inc({ exemplarLabels }): no labels, an unlabelled series'],
  ['siimon+prom-client/example/exemplars.js', 26, 'instrumentation/labels-missing', 'true', 'c.inc() on a labelled counter'],
  ['siimon+prom-client/example/gauge.js', 26, 'instrumentation/labels-missing', 'true', 'g.set(15) beside test_gauge{code="200"}: the example shows both series'],
  ['siimon+prom-client/example/gauge.js', 44, 'instrumentation/labels-missing', 'true', 'g.inc() on a labelled gauge'],
  ['siimon+prom-client/example/gauge.js', 53, 'instrumentation/labels-missing', 'true', 'g.set(22) on a labelled gauge'],
  ['siimon+prom-client/example/server.js', 25, 'naming/counter-total', 'true', 'test_counter is exposed without _total'],
  ['siimon+prom-client/example/server.js', 31, 'naming/counter-total', 'true', 'scrape_counter is exposed without _total'],
  ['siimon+prom-client/example/server.js', 62, 'instrumentation/labels-missing', 'true', 'c.inc() on a counter labelled by code'],
  ['siimon+prom-client/example/server.js', 67, 'instrumentation/labels-missing', 'true', 'g.set(Math.random()) on a gauge labelled by method and code'],
];

/** Definitions found per file (the reader's recall on them), and how many have a name it could resolve. */
const DEFINITIONS: Readonly<Record<string, readonly [found: number, named: number]>> = {
  'Unleash+unleash/src/lib/features/metrics/impact/metrics-translator.ts': [2, 0],
  'Unleash+unleash/src/lib/util/metrics/createCounter.ts': [1, 0],
  'Unleash+unleash/src/lib/util/metrics/createGauge.ts': [1, 0],
  'Unleash+unleash/src/lib/util/metrics/createHistogram.ts': [1, 0],
  'Unleash+unleash/src/lib/util/metrics/createSummary.ts': [1, 0],
  'grafana+intro-to-mltp/source/mythical-beasts-recorder/index.js': [1, 1],
  'grafana+intro-to-mltp/source/mythical-beasts-requester/index.js': [1, 1],
  'grafana+intro-to-mltp/source/mythical-beasts-server/index.js': [1, 1],
  'jochen-schweizer+express-prom-bundle/advanced-example.js': [1, 1],
  'jochen-schweizer+express-prom-bundle/src/index.js': [3, 0],
  'louislam+uptime-kuma/server/prometheus.js': [6, 6],
  'siimon+prom-client/example/counter.js': [1, 1],
  'siimon+prom-client/example/exemplars.js': [3, 3],
  'siimon+prom-client/example/gauge.js': [1, 1],
  'siimon+prom-client/example/histogram-1.js': [1, 1],
  'siimon+prom-client/example/histogram-2.js': [1, 1],
  'siimon+prom-client/example/histogram-3.js': [1, 1],
  'siimon+prom-client/example/histogram-4.js': [1, 1],
  'siimon+prom-client/example/histogram-large-memory.js': [1, 0],
  'siimon+prom-client/example/server.js': [4, 4],
  'willsoto+nestjs-prometheus/src/metrics/utils.ts': [4, 0],
};

const CODE = path.join(REALWORLD, 'code');

function codeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return codeFiles(file);
    return /\.(js|ts)$/.test(entry.name) ? [file] : [];
  });
}

/** prom-client's examples, as a user's copy of them reads: `require('..')` is `require('prom-client')`. */
function asUserCopy(file: string, text: string): string {
  return file.includes('siimon+prom-client/') ? text.replace(/require\((['"])\.\.\/?\1\)/g, "require('prom-client')") : text;
}

describe('prom-client reader: precision on real code', () => {
  let grammars: CodeGrammars;
  const found: { file: string; line: number; code: string; severity: string; message: string }[] = [];
  const definitions: Record<string, [number, number]> = {};

  before(async () => {
    grammars = await loadCodeGrammars(['javascript', 'typescript']);
    for (const file of codeFiles(CODE)) {
      const relative = path.relative(CODE, file).split(path.sep).join('/');
      const text = asUserCopy(relative, fs.readFileSync(file, 'utf8'));
      const language: CodeLanguage = file.endsWith('.ts') ? 'typescript' : 'javascript';
      const metrics = readCodeMetrics(language, text, grammars);
      if (metrics.definitions.length > 0) definitions[relative] = [metrics.definitions.length, metrics.definitions.filter((d) => d.family !== undefined).length];
      for (const problem of metrics.problems) {
        found.push({ file: relative, line: text.slice(0, problem.range.start).split('\n').length, code: problem.code.code, severity: problem.severity, message: problem.message });
      }
    }
  });

  it('reads the 45 JavaScript and TypeScript files', () => {
    assert.equal(codeFiles(CODE).length, 45);
  });

  it('finds the definitions written with literal configurations, and says when a name is built at run time', () => {
    assert.deepEqual(definitions, DEFINITIONS);
  });

  it('reports no error on code that runs', () => {
    assert.deepEqual(found.filter((f) => f.severity === 'error'), []);
  });

  it('reports exactly the reviewed findings', () => {
    assert.deepEqual(found.map((f) => [f.file, f.line, f.code]), REVIEWED.map(([file, line, code]) => [file, line, code]), JSON.stringify(found, null, 1));
  });

  it('keeps each warning rule under 1 false positive in 10', () => {
    const byRule = new Map<string, { all: number; false: number }>();
    for (const [, , code, verdict] of REVIEWED) {
      const counts = byRule.get(code) ?? { all: 0, false: 0 };
      counts.all++;
      if (verdict === 'false') counts.false++;
      byRule.set(code, counts);
    }
    for (const [code, counts] of byRule) assert.ok(counts.false * 10 <= counts.all, `${code}: ${counts.false} false of ${counts.all}`);
  });

  it('publishes the figures of this review in each rule\'s precision ("on prom-client code: N wrong of M")', () => {
    for (const rule of LINT_RULES) {
      const reviewed = REVIEWED.filter(([, , code]) => code === rule.code);
      const figures = /\bon prom-client code: (\d+) wrong of (\d+)\b/.exec(rule.precision);
      if (!figures && reviewed.length === 0) continue;
      assert.ok(figures, `${rule.code}: "${rule.precision}" does not say "on prom-client code: N wrong of M"`);
      assert.deepEqual([Number(figures[1]), Number(figures[2])], [reviewed.filter(([, , , verdict]) => verdict === 'false').length, reviewed.length], `${rule.code}: "${rule.precision}"`);
    }
  });
});
