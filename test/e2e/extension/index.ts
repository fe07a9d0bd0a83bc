import Mocha from 'mocha';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * The tests module VS Code's extension host loads (extensionTestsPath), under code-server here and
 * under @vscode/test-electron where VS Code can be downloaded. It runs every *.e2e.js beside it and
 * writes the outcome to the file named by PROMETHEUS_LSP_E2E_RESULTS: the runner trusts that file,
 * not the host's exit code (a crashed extension host reports 0).
 */

interface Outcome {
  passed: number;
  failed: number;
  failures: { title: string; error: string }[];
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
  for (const file of readdirSync(__dirname)) if (file.endsWith('.e2e.js')) mocha.addFile(join(__dirname, file));
  const outcome: Outcome = { passed: 0, failed: 0, failures: [] };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const file = process.env['PROMETHEUS_LSP_E2E_RESULTS'];
      if (file) writeFileSync(file, JSON.stringify(outcome, null, 2));
      if (failures > 0) reject(new Error(`${failures} end-to-end tests failed`));
      else resolve();
    });
    runner.on('pass', (test) => {
      outcome.passed++;
      console.log(`e2e ✔ ${test.fullTitle()}`);
    });
    runner.on('fail', (test, error: Error) => {
      outcome.failed++;
      outcome.failures.push({ title: test.fullTitle(), error: String(error.stack ?? error) });
      console.log(`e2e ✘ ${test.fullTitle()}: ${error.message}`);
    });
  });
}
