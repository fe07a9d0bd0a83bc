import * as assert from 'node:assert/strict';
import { loadCodeGrammars } from '../../../../server/src/fileSystem/codeGrammars';
import type { CodeGrammars } from '../../../../server/src/service/instrumentation/codeParser';
import { readCodeMetrics } from '../../../../server/src/service/instrumentation/codeMetrics';
import type { CodeLanguage } from '../../../../server/src/service/instrumentation/metricDefinition';

/*
 * The code readers on hostile files, table-driven: each file must give its answer (the library,
 * the definitions, what their names resolve to) without throwing. The large ones guard against the
 * quadratic passes found by attacking the reader (a 2.6 MB module with 40,000 definitions took
 * over 100 s, a 100,000-bucket histogram minutes): they must answer within the test's timeout.
 */

const PY = 'from prometheus_client import Counter, Histogram\n';
const JS = "const client = require('prom-client');\n";

interface Case {
  readonly title: string;
  readonly language: CodeLanguage;
  readonly code: string;
  readonly library: string | undefined;
  /** The exposed family of each definition (undefined when it cannot be resolved). */
  readonly families: readonly (string | undefined)[];
}

const CASES: readonly Case[] = [
  { title: 'prometheus_client imported only in a comment and a string', language: 'python', code: "# import prometheus_client\ns = 'from prometheus_client import Counter'\nc = Counter('x_total', 'h')\n", library: undefined, families: [] },
  { title: '10,000 nested parentheses', language: 'python', code: `${PY}x = ${'('.repeat(10_000)}1${')'.repeat(10_000)}\nc = Counter('a_total', 'h')\n`, library: 'prometheus_client', families: ['a'] },
  { title: '10,000 nested brackets', language: 'python', code: `${PY}x = ${'['.repeat(10_000)}1${']'.repeat(10_000)}\nc = Counter('a_total', 'h')\n`, library: 'prometheus_client', families: ['a'] },
  { title: 'NUL bytes and replacement characters', language: 'python', code: `${PY}c = Counter('b_total', 'h\0')\n\0\0\uFFFD\uFFFD\n`, library: 'prometheus_client', families: ['b'] },
  { title: 'constants defined by each other', language: 'python', code: `${PY}A = B + 'x'\nB = A + 'y'\nc = Counter(A, 'h')\n`, library: 'prometheus_client', families: [undefined] },
  { title: 'a constant defined by itself', language: 'python', code: `${PY}A = A + 'x'\nc = Counter(A, 'h', [A])\n`, library: 'prometheus_client', families: [undefined] },
  { title: 'a chain of 5,000 constants', language: 'python', code: `${PY}A0 = 'a'\n${Array.from({ length: 5000 }, (_, i) => `A${i + 1} = A${i} + 'x'`).join('\n')}\nc = Counter(A5000 + '_total', 'h')\n`, library: 'prometheus_client', families: [undefined] },
  { title: 'JS constants defined by each other', language: 'javascript', code: `${JS}const A = B + 'x'; const B = A + 'y'; new client.Counter({ name: A, help: 'h' });`, library: 'prom-client', families: [undefined] },
  { title: 'JS 10,000 nested parentheses', language: 'javascript', code: `${JS}const x = ${'('.repeat(10_000)}1${')'.repeat(10_000)}; new client.Counter({ name: 'a_total', help: 'h' });`, library: 'prom-client', families: ['a_total'] },
  { title: 'a .ts file that is JSX', language: 'typescript', code: "import { Counter } from 'prom-client';\nconst c = new Counter({ name: 'a_total', help: 'h' });\nconst el = <div>{c}</div>;\n", library: 'prom-client', families: ['a_total'] },
];

describe('code readers on hostile files', () => {
  let grammars: CodeGrammars;
  before(async () => {
    grammars = await loadCodeGrammars();
  });
  for (const c of CASES) {
    it(`${c.title}: ${c.families.length} definition(s)`, () => {
      const read = readCodeMetrics(c.language, c.code, grammars);
      read.parsed?.release();
      assert.equal(read.library, c.library);
      assert.deepEqual(read.definitions.map((d) => d.family), c.families);
    });
  }
  it('a 100,000-bucket histogram: one pass finds the bound written twice', function () {
    this.timeout(30_000);
    const buckets = [...Array.from({ length: 100_000 }, (_, i) => `${i}.5`), '7.5'];
    const read = readCodeMetrics('python', `${PY}H = Histogram('a_seconds', 'h', buckets=[${buckets.join(', ')}])\n`, grammars);
    read.parsed?.release();
    assert.equal(read.definitions[0].buckets?.length, 100_001);
    assert.deepEqual(read.problems.filter((p) => p.message.includes('written twice')).map((p) => p.message), ['bucket 7.5 is written twice: its two series have the same "le" and Prometheus drops one as a duplicate']);
  });
  it('a module of 20,000 definitions and their uses: every binding counted in one pass', function () {
    this.timeout(60_000);
    const definitions = Array.from({ length: 20_000 }, (_, i) => `C${i} = Counter('c${i}_total', 'h', ['a'])`);
    const code = `${PY}${definitions.join('\n')}\nC19999.inc()\nC0 = None\nC0.inc()\n`;
    const read = readCodeMetrics('python', code, grammars);
    read.parsed?.release();
    assert.equal(read.definitions.length, 20_000);
    // C19999 is bound once: its use without .labels(...) is found; C0 is bound twice: nothing is said.
    assert.deepEqual(read.problems.filter((p) => p.code.code === 'instrumentation/labels-missing').map((p) => p.message.split(':')[0]), ['C19999 has label names (a)']);
  });
});
