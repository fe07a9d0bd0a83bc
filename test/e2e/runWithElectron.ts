import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { REPO_ROOT } from '../support/paths';
import { writeWorkspace } from './e2eWorkspace';

/*
 * The same extension-host suite (test/e2e/extension) under @vscode/test-electron, for machines that
 * can download VS Code desktop: `npm run test:electron`, with the workspace and the demo exporter
 * of test/e2e/vscode.test.ts.
 */

interface ExporterModule {
  startDemoExporter(port?: number): Promise<{ url: string; stop(): void }>;
}
const importModule = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'prometheus-electron-'));
  const results = join(scratch, 'results.json');
  const workspace = join(scratch, 'workspace');
  const { startDemoExporter } = await importModule<ExporterModule>(join(REPO_ROOT, 'demo', 'exporter.mjs'));
  const exporter = await startDemoExporter();
  writeWorkspace(workspace, new URL(exporter.url).host);
  try {
    await runTests({
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: join(REPO_ROOT, 'out', 'test', 'e2e', 'extension', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: { PROMETHEUS_LSP_E2E_RESULTS: results },
    });
    const outcome = JSON.parse(readFileSync(results, 'utf8')) as { passed: number; failed: number };
    console.log(`${outcome.passed} passed, ${outcome.failed} failed`);
    process.exitCode = outcome.failed > 0 ? 1 : 0;
  } finally {
    exporter.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
