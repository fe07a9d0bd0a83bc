import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startInferenceService, type LiveService } from './liveServices';
import { FIXTURES, REPO_ROOT } from './paths';
import { readmeSnippet, README_EXAMPLE_SCRAPE_URL } from './readmeSnippets';

/**
 * What an editor test needs: a copy of test/fixtures/editors/workspace, a `prometheus-lsp` command
 * on the PATH (this checkout's bin, as `npm link` installs it) and the live inference service to
 * complete metric names from.
 */
export interface EditorWorkspace {
  readonly dir: string;
  /** The environment the editor runs in: PATH finds `prometheus-lsp` and node. */
  readonly env: NodeJS.ProcessEnv;
  readonly exporter: LiveService;
  readonly scrapeUrl: string;
  /**
   * Writes the README's snippet whose first line says `marker` beside the workspace, as `fileName`,
   * with the live exporter's URL in place of the example's; returns its path.
   */
  writeSnippet(marker: string, fileName: string): string;
  /** Writes `text` beside the workspace, as `fileName`; returns its path. */
  writeFile(fileName: string, text: string): string;
  /**
   * Runs an editor in the workspace until it exits; the editor's script writes its findings as JSON
   * to the file named by PROMETHEUS_LSP_RESULT, which this returns.
   */
  runEditor<T>(editor: string, command: string, args: readonly string[], env?: NodeJS.ProcessEnv): T;
  dispose(): Promise<void>;
}

export async function createEditorWorkspace(): Promise<EditorWorkspace> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'prometheus-lsp-editor-'));
  const dir = path.join(root, 'workspace');
  fs.cpSync(path.join(FIXTURES, 'editors', 'workspace'), dir, { recursive: true });
  const bin = path.join(root, 'bin');
  fs.mkdirSync(bin);
  fs.symlinkSync(path.join(REPO_ROOT, 'bin', 'prometheus-lsp.js'), path.join(bin, 'prometheus-lsp'));
  const env = { ...process.env, PATH: [bin, path.dirname(process.execPath), process.env['PATH'] ?? ''].join(path.delimiter), HOME: root };
  const exporter = await startInferenceService();
  const scrapeUrl = `${exporter.url}/metrics`;
  const writeFile = (fileName: string, text: string): string => {
    const file = path.join(root, fileName);
    fs.writeFileSync(file, text);
    return file;
  };
  return {
    dir,
    env,
    exporter,
    scrapeUrl,
    writeFile,
    writeSnippet(marker, fileName) {
      const snippet = readmeSnippet(marker);
      assert.ok(snippet.includes(README_EXAMPLE_SCRAPE_URL), `the README's "${marker}" snippet names no ${README_EXAMPLE_SCRAPE_URL}`);
      return writeFile(fileName, snippet.replace(README_EXAMPLE_SCRAPE_URL, scrapeUrl));
    },
    runEditor<T>(editor: string, command: string, args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): T {
      const output = path.join(root, 'result.json');
      fs.rmSync(output, { force: true });
      const run = spawnSync(command, args, { cwd: dir, env: { ...env, ...extraEnv, PROMETHEUS_LSP_RESULT: output }, timeout: 100_000, encoding: 'utf8' });
      assert.ok(fs.existsSync(output), `${editor} wrote no result (status ${run.status}, signal ${run.signal}): ${run.stderr}${run.stdout}`);
      return JSON.parse(fs.readFileSync(output, 'utf8')) as T;
    },
    async dispose() {
      await exporter.stop();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A name only the live inference service has (the workspace's files do not say it), completed after `rate(inference_`. */
export const EXPECTED_COMPLETION = 'inference_requests_total';

/** The fixture workspace's findings every editor must show, as `line code` (0-based lines). */
export const EXPECTED_DIAGNOSTICS = ['3 naming/base-unit', '3 rules/unused', '6 promql/syntax'];
