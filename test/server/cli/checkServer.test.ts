import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../support/paths';
import { startPrometheus, type LiveService } from '../../support/liveServices';

/*
 * `check --server URL` against a real Prometheus (Debian's, 2.42): the server's version decides
 * what PromQL may use, as in the editor, and a 3.x function is flagged with the version it needs.
 */

function runCheck(args: readonly string[], cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'prometheus-lsp.js'), 'check', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('prometheus-lsp check --server (a live Prometheus)', function () {
  this.timeout(120_000);
  let prometheus: LiveService | undefined;
  let dir: string;
  before(async function () {
    if (spawnSync('sh', ['-c', 'command -v prometheus']).status !== 0) {
      console.log('      prometheus is not installed (scripts/install-test-services.sh): skipped');
      this.skip();
    }
    prometheus = await startPrometheus({ scrapeTargets: [] });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prometheus-lsp-check-server-'));
    fs.writeFileSync(path.join(dir, 'top.promql'), 'limitk(2, up)\n');
  });
  after(async () => {
    await prometheus?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('flags what the server cannot run, with the version it needs', async () => {
    const result = await runCheck(['--server', prometheus!.url, '--format', 'json', '.'], dir);
    assert.equal(result.stderr, '');
    const findings = JSON.parse(result.stdout) as { code: string; severity: string; message: string }[];
    const unsupported = findings.filter((f) => f.code === 'promql/unsupported');
    assert.equal(unsupported.length, 1, result.stdout);
    assert.match(unsupported[0].message, /limitk.*2\.54\.0 or later.*2\.42/);
    assert.equal(result.status, 0, 'a warning');
  });

  it('without --server, everything Prometheus 3.x knows is allowed', async () => {
    const result = await runCheck(['.'], dir);
    assert.equal(result.stdout, '1 file checked: 0 errors, 0 warnings, 0 infos\n');
    assert.equal(result.status, 0);
  });
});
