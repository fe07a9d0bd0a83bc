// `npm run demo`: the extension live in a real VS Code (code-server) in the browser, with a demo
// workspace. Installs what it needs on first run, says clearly what it could not, prints the URL.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cacheDir, ensureCodeServer, freePort, freshProfile, installExtension, startCodeServer } from './codeServer.mjs';
import { startDemoExporter } from './exporter.mjs';
import { startDemoPrometheus } from './prometheus.mjs';

const repo = resolve(new URL('..', import.meta.url).pathname);
const log = (message) => console.log(`[demo] ${message}`);

async function main() {
  log('packaging the extension');
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: repo, stdio: 'inherit' });
  const bin = ensureCodeServer(log);

  const root = join(cacheDir(), 'demo');
  rmSync(root, { recursive: true, force: true });
  const profile = freshProfile(root);
  const workspace = join(root, 'workspace');
  mkdirSync(workspace, { recursive: true });
  cpSync(join(repo, 'demo', 'workspace'), workspace, { recursive: true });
  // The embedded exporter is the target of the workspace's prometheus.yml: completion offers what it exposes.
  const exporter = await startDemoExporter();
  const configFile = join(workspace, 'prometheus.yml');
  writeFileSync(configFile, readFileSync(configFile, 'utf8').replace('127.0.0.1:8000', new URL(exporter.url).host));
  log(`demo exporter at ${exporter.url}`);
  // A real Prometheus scraping it, named in the workspace settings: completion asks its API, and the
  // run-query lens returns its data.
  const prometheus = await startDemoPrometheus(readFileSync(configFile, 'utf8'), workspace, log);
  if (prometheus) {
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    writeFileSync(join(workspace, '.vscode', 'settings.json'), `${JSON.stringify({ 'prometheus.servers': [{ name: 'demo', url: prometheus.url }] }, null, 2)}\n`);
    log(`Prometheus at ${prometheus.url} (named "demo" in the workspace settings)`);
  } else {
    log('no Prometheus here (install the Debian package "prometheus" as root): live data comes from the exporter alone');
  }
  installExtension(bin, profile, join(repo, 'dist', 'prometheus-lsp.vsix'));

  const port = Number(process.env.PORT ?? 0) || (await freePort());
  const server = await startCodeServer(bin, profile, port, { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
  log('VS Code (code-server) is running with the Prometheus extension installed.');
  log(`open ${url}`);
  log('in the demo workspace, open queries.promql: PromQL errors are underlined as you type, and');
  log('completion (Ctrl+Space) offers the demo exporter\'s metrics, labels and values, with TYPE and HELP.');
  log('service/app.py is the service behind the exporter: its metric mistakes are underlined in the Python code.');
  log('Ctrl+C stops it.');
  const stop = () => {
    server.stop();
    exporter.stop();
    prometheus?.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.child.on('exit', (code) => {
    log(`code-server exited (${code})`);
    process.exit(code ?? 1);
  });
}

main().catch((error) => {
  console.error(`[demo] ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
