// Runs every compiled test (out/test/**/*.test.js) with mocha and closes with one plain line,
// "N passed, N failed", that CI reads. With --unit (`npm run test:unit`), only the files that need
// nothing beyond Node and the built product (test/support/testNeeds.ts says which).
import Mocha from 'mocha';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';

const root = new URL('../out/test/', import.meta.url).pathname;
const sources = new URL('./', import.meta.url).pathname;
const grep = process.argv.find((a) => a.startsWith('--grep='))?.slice('--grep='.length);
const unitOnly = process.argv.includes('--unit');
const mocha = new Mocha({ reporter: 'spec', timeout: 60_000, grep });
const { testNeeds, TEST_NEED_DESCRIPTIONS } = createRequire(import.meta.url)(join(root, 'support', 'testNeeds.js'));

const files = [];
function collect(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) collect(path);
    else if (entry.endsWith('.test.js')) files.push(path);
  }
}
collect(root);

// tsc never deletes what it compiled: a test moved or removed since the last build would still run
// from out/ and be counted. Only the compiled files whose source is still here run.
const stale = files.filter((path) => !existsSync(join(sources, relative(root, path)).replace(/\.js$/, '.ts')));
for (const path of stale) files.splice(files.indexOf(path), 1);
if (stale.length > 0) console.log(`left out ${stale.length} compiled test files whose source is gone: ${stale.map((p) => relative(root, p)).join(', ')}`);

const leftOut = new Map();
for (const path of files) {
  const needs = unitOnly ? testNeeds(relative(root, path).split(sep).join('/'), readFileSync(path, 'utf8')) : [];
  if (needs.length === 0) mocha.addFile(path);
  for (const need of needs) leftOut.set(need, (leftOut.get(need) ?? 0) + 1);
}
if (unitOnly) {
  const kept = mocha.files.length;
  const reasons = [...leftOut].map(([need, count]) => `${count} ${TEST_NEED_DESCRIPTIONS[need]}`).join(', ');
  console.log(`unit tests: ${kept} of ${files.length} test files${reasons ? ` (left out: ${reasons})` : ''}`);
}

await mocha.loadFilesAsync();
const runner = mocha.run((failures) => {
  const { passes = 0, pending = 0 } = runner.stats ?? {};
  console.log(`\n${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
  process.exitCode = failures > 0 || passes === 0 ? 1 : 0;
});
