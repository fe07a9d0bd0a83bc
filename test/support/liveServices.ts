import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';

/*
 * Real Prometheus parts for tests, from Debian's packages (scripts/install-test-services.sh installs
 * them): node exporter, a FastAPI service instrumented with prometheus_client, Prometheus and
 * VictoriaMetrics, each on a free loopback port with a temporary data folder, ready when started
 * (readiness polled with a deadline) and stopped by the test, or at exit at the latest.
 */

export interface LiveService {
  /** Base URL, `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** `127.0.0.1:PORT`, as a scrape target. */
  readonly address: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface ScrapeJob {
  readonly job: string;
  readonly targets: readonly string[];
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

function requireBinary(command: string): void {
  if (spawnSync('sh', ['-c', `command -v ${command}`]).status !== 0) {
    throw new Error(`${command} is not installed: run scripts/install-test-services.sh as root (Debian packages)`);
  }
}

async function waitReady(name: string, url: string, child: ChildProcess, output: () => string, deadlineMs = 20_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before it was ready:\n${output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${name} was not ready at ${url} within ${deadlineMs} ms:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function start(name: string, command: string, args: string[], readyPath: string, port: number, dataDir?: string, env?: NodeJS.ProcessEnv): Promise<LiveService> {
  requireBinary(command);
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  running.add(child);
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    running.delete(child);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitReady(name, url + readyPath, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, address: `127.0.0.1:${port}`, port, stop };
}

export async function startNodeExporter(): Promise<LiveService> {
  const port = await freePort();
  return start('node exporter', 'prometheus-node-exporter', [`--web.listen-address=127.0.0.1:${port}`, '--collector.disable-defaults',
    '--collector.cpu', '--collector.loadavg', '--collector.meminfo', '--collector.filesystem', '--collector.netdev', '--collector.time', '--collector.uname'], '/metrics', port);
}

export async function startInferenceService(): Promise<LiveService> {
  const port = await freePort();
  const folder = join(REPO_ROOT, 'test', 'fixtures', 'exporters');
  return start('inference service', '/usr/bin/python3', ['-m', 'uvicorn', 'inference_service:app', '--app-dir', folder, '--host', '127.0.0.1', '--port', String(port), '--log-level', 'warning'], '/metrics', port);
}

/** An exporter written with prometheus_client that makes the naming and cardinality mistakes the lint rules catch. */
export async function startNamingMistakesExporter(): Promise<LiveService> {
  const port = await freePort();
  return start('naming-mistakes exporter', '/usr/bin/python3', [join(REPO_ROOT, 'test', 'fixtures', 'exporters', 'naming_mistakes.py'), String(port)], '/metrics', port);
}

function scrapeConfig(jobs: readonly ScrapeJob[], interval: string): string {
  const lines = ['global:', `  scrape_interval: ${interval}`, 'scrape_configs:'];
  for (const job of jobs) {
    lines.push(`  - job_name: ${job.job}`, '    static_configs:', `      - targets: [${job.targets.map((t) => `'${t}'`).join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

export async function startPrometheus(options: {
  scrapeTargets: readonly ScrapeJob[];
  scrapeInterval?: string;
  /** A rule file's text: Prometheus loads it and evaluates it every `evaluationInterval` (default 1s). */
  rules?: string;
  evaluationInterval?: string;
  /** A remote-read URL asked on every query (`read_recent`): one that does not answer makes Prometheus add a warning to every answer. */
  remoteReadUrl?: string;
  /** The port to listen on (to start a stopped server again at the same address); absent: a free one. */
  port?: number;
  /** A prepared TSDB folder (tsdbHistory.ts) to serve instead of an empty one; the caller removes it. */
  dataDir?: string;
  /** `global.external_labels`. */
  externalLabels?: Readonly<Record<string, string>>;
}): Promise<LiveService> {
  const port = options.port ?? await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'prometheus-lsp-prom-'));
  const config = join(dir, 'prometheus.yml');
  let text = scrapeConfig(options.scrapeTargets, options.scrapeInterval ?? '1s');
  if (options.externalLabels !== undefined) {
    const labels = Object.entries(options.externalLabels).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}\n`).join('');
    text = text.replace('global:\n', `global:\n  external_labels:\n${labels}`);
  }
  if (options.rules !== undefined) {
    writeFileSync(join(dir, 'rules.yml'), options.rules);
    text = text.replace('global:\n', `global:\n  evaluation_interval: ${options.evaluationInterval ?? '1s'}\n`) + `rule_files:\n  - ${JSON.stringify(join(dir, 'rules.yml'))}\n`;
  }
  if (options.remoteReadUrl !== undefined) text += `remote_read:\n  - url: ${JSON.stringify(options.remoteReadUrl)}\n    read_recent: true\n    remote_timeout: 1s\n`;
  writeFileSync(config, text);
  return start('Prometheus', 'prometheus', [`--config.file=${config}`, `--storage.tsdb.path=${options.dataDir ?? join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], '/-/ready', port, dir);
}

export async function startVictoriaMetrics(options: { scrapeTargets: readonly ScrapeJob[]; scrapeInterval?: string }): Promise<LiveService> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'prometheus-lsp-vm-'));
  const config = join(dir, 'scrape.yml');
  writeFileSync(config, scrapeConfig(options.scrapeTargets, options.scrapeInterval ?? '1s'));
  return start('VictoriaMetrics', 'victoria-metrics', [`-httpListenAddr=127.0.0.1:${port}`, `-storageDataPath=${join(dir, 'data')}`,
    `-promscrape.config=${config}`, '-promscrape.config.strictParse=false', '-search.latencyOffset=0s'], '/health', port, dir);
}

/** Polls `/api/v1/query` until the query returns a series, or fails after the deadline. */
export async function waitForPrometheusData(url: string, query: string, deadlineMs = 20_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  let last = '';
  for (;;) {
    try {
      const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`, { signal: AbortSignal.timeout(2000) });
      last = await response.text();
      const body = JSON.parse(last) as { data?: { result?: unknown[] } };
      if ((body.data?.result?.length ?? 0) > 0) return;
    } catch (error) {
      last = String(error);
    }
    if (Date.now() > deadline) throw new Error(`no data for ${query} at ${url} within ${deadlineMs} ms; last answer: ${last.slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
