import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT } from '../support/paths';
import { PLANTED_TOKEN, writeWorkspace } from './e2eWorkspace';
import { CHROMIUM, launchChromium, openFile, openWorkbench, suggestions, workbenchUrl } from './workbench';

/*
 * The extension in a real VS Code: code-server (VS Code's workbench and Node extension host, from
 * npm) in Debian's Chromium, driven by Playwright, with the demo exporter as the workspace's scrape
 * target. Two parts:
 * - the mocha suite of test/e2e/extension runs inside the extension host (as @vscode/test-electron
 *   runs it where VS Code can be downloaded) and writes its outcome to a file checked here;
 * - Playwright types into the editor as a user does, reads the suggest widget and saves
 *   screenshots into .test-artifacts/e2e/.
 * See ../shared/docs/vscode-e2e.md for the recipe and its pitfalls.
 */

interface CodeServerModule {
  ensureCodeServer(log: (m: string) => void): string;
  ensureDebianPackages(packages: string[], log: (m: string) => void): boolean;
  freePort(): Promise<number>;
  freshProfile(root: string): { userDataDir: string; extensionsDir: string; configFile: string; xdgDataHome: string };
  startCodeServer(bin: string, profile: object, port: number, options?: { stdio?: string; timeoutMs?: number; extraArgs?: string[] }): Promise<{ stop(): void }>;
}
interface ExporterModule {
  startDemoExporter(port?: number): Promise<{ url: string; stop(): void }>;
}
interface PrometheusModule {
  startDemoPrometheus(configText: string, workspace: string, log: (m: string) => void): Promise<{ url: string; stop(): void } | null>;
}

const ARTIFACTS = join(REPO_ROOT, '.test-artifacts', 'e2e');
const log = (message: string): void => console.log(`      [e2e] ${message}`);
// ESM modules of the demo, loaded from CommonJS tests (TypeScript would turn import() into require()).
const importModule = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;

async function waitForData(url: string, query: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const answer = await (await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`)).json() as { data?: { result?: unknown[] } };
      if ((answer.data?.result?.length ?? 0) > 0) return;
    } catch {
      // not ready
    }
    if (Date.now() > deadline) throw new Error(`no ${query} in ${url} after 30 s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('the extension in a real VS Code (code-server, Chromium)', function () {
  this.timeout(600_000);
  let codeServer: CodeServerModule;
  let bin: string;
  let root: string;
  let workspace: string;
  let exporter: { url: string; stop(): void } | undefined;
  let prometheus: { url: string; stop(): void } | null = null;
  let server: { stop(): void } | undefined;
  let browser: Browser | undefined;
  let port: number;

  before(async function () {
    codeServer = await importModule<CodeServerModule>(join(REPO_ROOT, 'demo', 'codeServer.mjs'));
    const { startDemoExporter } = await importModule<ExporterModule>(join(REPO_ROOT, 'demo', 'exporter.mjs'));
    if (!existsSync(CHROMIUM)) codeServer.ensureDebianPackages(['chromium'], log);
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is needed: apt-get install chromium (as root the test command installs it)`);
    bin = codeServer.ensureCodeServer(log);
    assert.ok(existsSync(join(REPO_ROOT, 'dist', 'client.js')), 'the extension is built (npm run build)');
    root = mkdtempSync(join(tmpdir(), 'prometheus-e2e-'));
    exporter = await startDemoExporter();
    workspace = join(root, 'workspace');
    writeWorkspace(workspace, new URL(exporter.url).host);
    // A real Prometheus (Debian's) scraping the exporter: the run-query lens asks it.
    const { startDemoPrometheus } = await importModule<PrometheusModule>(join(REPO_ROOT, 'demo', 'prometheus.mjs'));
    prometheus = await startDemoPrometheus(readFileSync(join(workspace, 'prometheus.yml'), 'utf8').replace('scrape_interval: 15s', 'scrape_interval: 1s'), root, log);
    assert.ok(prometheus, 'Prometheus runs (the Debian package "prometheus"; the test command installs it as root)');
    writeWorkspace(workspace, new URL(exporter.url).host, prometheus.url);
    await waitForData(prometheus.url, 'inference_requests_total');
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    server?.stop();
    exporter?.stop();
    prometheus?.stop();
    if (root && !process.env['PROMETHEUS_LSP_E2E_KEEP']) rmSync(root, { recursive: true, force: true });
  });

  let hostProfile = '';

  /** A fresh code-server for one part, with the extension loaded from this checkout. */
  async function startVsCode(name: string, env: Record<string, string> = {}): Promise<void> {
    server?.stop();
    const profile = codeServer.freshProfile(join(root, name));
    if (name === 'host') hostProfile = profile.userDataDir;
    port = await codeServer.freePort();
    Object.assign(process.env, env);
    // Log level trace: the protocol trace (with the planted token masked) is written to the logs.
    server = await codeServer.startCodeServer(bin, profile, port, { stdio: 'ignore', extraArgs: name === 'host' ? ['--log', 'trace'] : [] });
  }


  it('passes the extension-host suite: live completion, hover, diagnostics with quick fixes, formatting, run-query lenses', async () => {
    const results = join(root, 'extension-host-results.json');
    await startVsCode('host', { PROMETHEUS_LSP_E2E_RESULTS: results });
    const page = await browser!.newPage();
    const lines: string[] = [];
    let exitCode: number | undefined;
    await page.exposeFunction('codeAutomationLog', (_level: string, args: unknown[]) => lines.push(format(...(Array.isArray(args) ? args : [args]))));
    await page.exposeFunction('codeAutomationExit', (code: number) => {
      exitCode = code;
    });
    await page.goto(workbenchUrl(port, workspace, join(REPO_ROOT, 'out', 'test', 'e2e', 'extension', 'index.js')));
    const deadline = Date.now() + 240_000;
    while (!existsSync(results) && exitCode === undefined && Date.now() < deadline) await page.waitForTimeout(500);
    await page.close();
    for (const line of lines.filter((l) => l.startsWith('e2e '))) log(line);
    assert.ok(existsSync(results), `the extension-host suite wrote no results (exit ${exitCode}); its log:\n${lines.slice(-40).join('\n')}`);
    const outcome = JSON.parse(readFileSync(results, 'utf8')) as { passed: number; failed: number; failures: { title: string; error: string }[] };
    assert.deepEqual(outcome.failures, []);
    assert.ok(outcome.passed >= 7, `${outcome.passed} passed`);
  });

  it("shows the planted secret in no output channel or log, and masks it in the protocol trace", () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) walk(path);
        else files.push(path);
      }
    };
    walk(join(hostProfile, 'logs'));
    const leaks = files.filter((f) => readFileSync(f, 'latin1').includes(PLANTED_TOKEN));
    assert.deepEqual(leaks, []);
    const trace = files.filter((f) => /Prometheus \(protocol trace\)|protocol trace/i.test(f) || readFileSync(f, 'latin1').includes('workspace/configuration'));
    assert.ok(trace.length > 0, `a protocol trace among ${files.length} log files`);
    assert.ok(trace.some((f) => readFileSync(f, 'latin1').includes('"bearerToken": "***"') || readFileSync(f, 'latin1').includes('***')), 'the token masked in the trace');
  });

  describe('driven through the UI with Playwright', () => {
    let page: Page;

    before(async () => {
      await startVsCode('ui');
      page = await openWorkbench(browser!, workbenchUrl(port, workspace));
    });
    after(async () => page?.close());

    it('types a query and reads live metric names in the suggest widget', async () => {
      await openFile(page, 'queries.promql');
      await page.click('.monaco-editor .view-lines');
      await page.keyboard.press('Control+End');
      await page.keyboard.type('\nrate(inference_lat', { delay: 30 });
      let labels: string[] = [];
      const deadline = Date.now() + 60_000;
      while (!labels.some((l) => l.startsWith('inference_latency_seconds')) && Date.now() < deadline) {
        labels = await suggestions(page);
        if (!labels.some((l) => l.startsWith('inference_latency_seconds'))) {
          await page.keyboard.press('Escape');
          await page.waitForTimeout(1000);
        }
      }
      await page.screenshot({ path: join(ARTIFACTS, 'suggest.png') });
      assert.ok(labels.includes('inference_latency_seconds_bucket'), `suggestions: ${labels.join(', ')}`);
      await page.keyboard.press('Escape');
    });

    it('runs a query from its lens and shows the result inline and in the results view', async () => {
      await openFile(page, 'queries.promql');
      const lens = page.locator('.codelens-decoration a', { hasText: 'Run' }).first();
      await lens.waitFor({ timeout: 60_000 });
      await lens.click();
      // The webview's table (the inline summary is drawn by CSS, which the extension-host suite checks through the extension's API).
      let summary = '';
      let rows = 0;
      const deadline = Date.now() + 60_000;
      // Until the view is drawn whole: its summary and its rows are written one after the other.
      const drawn = (): boolean => rows > 0 && /^\d+ series/.test(summary);
      while (Date.now() < deadline && !drawn()) {
        for (const frame of page.frames()) {
          const cell = await frame.$('[data-testid=summary]').catch(() => null);
          if (cell) {
            rows = (await frame.$$('[data-testid=series-table] tbody tr')).length;
            summary = (await cell.textContent()) ?? '';
          }
        }
        if (!drawn()) await page.waitForTimeout(500);
      }
      await page.screenshot({ path: join(ARTIFACTS, 'results.png') });
      assert.match(summary, /^\d+ series/);
      assert.ok(rows > 0, 'series rows in the results view');
    });

    it('graphs a query from its lens: a chart in the results view', async () => {
      await page.locator('.codelens-decoration a', { hasText: 'Graph' }).first().click();
      let drawn = false;
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && !drawn) {
        for (const frame of page.frames()) if (await frame.$('[data-testid=chart] canvas').catch(() => null)) drawn = true;
        if (!drawn) await page.waitForTimeout(500);
      }
      await page.waitForTimeout(500);
      await page.screenshot({ path: join(ARTIFACTS, 'graph.png') });
      assert.ok(drawn, 'a chart canvas in the results view');
    });

    it('shows the diagnostics of a rule file with mistakes', async () => {
      await openFile(page, 'rules/mistakes.rules.yml');
      await page.waitForSelector('.squiggly-error, .squiggly-warning', { timeout: 60_000 });
      const problems = await page.textContent('[id="status.problems"]');
      await page.keyboard.press('Control+Shift+M');
      await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 20_000 });
      await page.waitForTimeout(500);
      const rows = await page.$$eval('.markers-panel .monaco-list-row', (r) => r.map((x) => x.textContent ?? ''));
      await page.screenshot({ path: join(ARTIFACTS, 'diagnostics.png') });
      assert.match(problems ?? '', /\d/);
      assert.ok(rows.some((r) => r.includes('histogram_quantile needs the "le" label')), rows.join('\n'));
    });
  });
});
