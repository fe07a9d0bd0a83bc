// Runs every compiled test (out/test/**/*.test.js) with mocha and closes with one plain line,
// "N passed, N failed", that CI reads.
import Mocha from 'mocha';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../out/test/', import.meta.url).pathname;
const grep = process.argv.find((a) => a.startsWith('--grep='))?.slice('--grep='.length);
const mocha = new Mocha({ reporter: 'spec', timeout: 60_000, grep });

function collect(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) collect(path);
    else if (entry.endsWith('.test.js')) mocha.addFile(path);
  }
}
collect(root);

await mocha.loadFilesAsync();
const runner = mocha.run((failures) => {
  const { passes = 0, pending = 0 } = runner.stats ?? {};
  console.log(`\n${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
  process.exitCode = failures > 0 || passes === 0 ? 1 : 0;
});
