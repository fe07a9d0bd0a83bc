// Runs every compiled benchmark (out/bench/*.bench.js), each in its own process with the garbage
// collector exposed (the memory figures need it), and fails if one fails.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const dir = new URL('../out/bench/', import.meta.url).pathname;
let failed = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.bench.js')).sort()) {
  console.log(`\n== ${file.replace('.bench.js', '')}`);
  const run = spawnSync(process.execPath, ['--expose-gc', dir + file], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
