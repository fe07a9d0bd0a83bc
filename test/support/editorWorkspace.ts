import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startInferenceService, type LiveService } from './liveServices';
import { FIXTURES, REPO_ROOT } from './paths';

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
  return {
    dir,
    env,
    exporter,
    scrapeUrl: `${exporter.url}/metrics`,
    async dispose() {
      await exporter.stop();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A name only the live inference service has (the workspace's files do not say it), completed after `rate(inference_`. */
export const EXPECTED_COMPLETION = 'inference_requests_total';
