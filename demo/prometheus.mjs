// The demo's real Prometheus (Debian's package), scraping the demo exporter and loading the demo
// workspace's rules, so that completion asks a real Prometheus API and the run-query lens returns
// data. Optional: without the package (and not root to install it), the demo runs without it.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDebianPackages, freePort } from './codeServer.mjs';

/** Starts Prometheus with `configText` (its rule_files relative to `workspace`); null when it cannot be installed. */
export async function startDemoPrometheus(configText, workspace, log) {
  if (spawnSync('sh', ['-c', 'command -v prometheus']).status !== 0 && !ensureDebianPackages(['prometheus'], log)) return null;
  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'demo-prometheus-'));
  const configFile = join(workspace, '.prometheus-demo.yml');
  writeFileSync(configFile, configText);
  const child = spawn('prometheus', [
    `--config.file=${configFile}`, `--storage.tsdb.path=${data}`, `--web.listen-address=127.0.0.1:${port}`, '--web.enable-lifecycle',
  ], { stdio: 'ignore', cwd: workspace });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    child.kill('SIGTERM');
    rmSync(data, { recursive: true, force: true });
    rmSync(configFile, { force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      stop();
      log(`Prometheus exited with ${child.exitCode}; the demo goes on without it`);
      return null;
    }
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return { url, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      stop();
      log('Prometheus did not become ready in 30 s; the demo goes on without it');
      return null;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
