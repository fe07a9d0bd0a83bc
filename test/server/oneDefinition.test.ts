import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/paths';

/*
 * Small things the server once wrote again and again (issue 17, "Small repeats"), each now written in
 * one module: a new copy elsewhere fails here and names the module to import instead.
 */

function sources(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sources(full));
    else if (entry.name.endsWith('.ts')) files.push(full);
  }
  return files;
}

const SERVER = path.join(REPO_ROOT, 'server', 'src');

// [what, how a copy reads, the one module allowed to write it]
const SINGLE: [string, RegExp, string][] = [
  ['the test for a JSON object', /typeof (\w+) === 'object' && \1 !== null && !Array\.isArray\(\1\)|typeof (\w+) !== 'object' \|\| \2 === null \|\| Array\.isArray\(\2\)/, 'service/json/isRecord.ts'],
  ['isRecord', /function isRecord\b/, 'service/json/isRecord.ts'],
  ['the disable directive', /['"`]prometheus-lsp-disable-next-line\b/, 'service/lint/suppressions.ts'],
  // The other two that bore the name print other things: formatDuration (promql/duration.ts), formatEvalTime (query/queryResult.ts).
  ['formatSeconds', /function formatSeconds\b/, 'sources/prometheusQuery.ts'],
  ['a range moved by an offset', /start: (\w+)\.start \+ ([\w.]+), end: \1\.end \+ \2 \}/, 'service/documents/textRanges.ts'],
];

describe('one definition of what was written again', () => {
  const files = sources(SERVER).map((file) => ({ name: path.relative(SERVER, file).split(path.sep).join('/'), text: fs.readFileSync(file, 'utf8') }));
  for (const [what, pattern, home] of SINGLE) {
    it(`${what}: only in ${home}`, () => {
      const writers = files.filter((f) => pattern.test(f.text)).map((f) => f.name);
      assert.deepEqual(writers.filter((name) => name !== home), [], `import it from ${home}`);
    });
  }
});
