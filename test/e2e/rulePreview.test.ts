import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { startNodeExporter, startPrometheus, waitForPrometheusData, type LiveService } from '../support/liveServices';
import { FIXTURES, REPO_ROOT } from '../support/paths';
import { CHROMIUM, launchChromium, openFile, openWorkbench, resultsFrame, runCommand, workbenchUrl } from './workbench';

/*
 * A rule's Preview in a real VS Code (issue 18, "Proof"): code-server in Chromium driven by
 * Playwright, a real Prometheus scraping a node exporter. The user clicks the Preview lens above an
 * alerting rule and sees the timeline of its instances in the results view, with the summary and
 * the server's version of the rule; a window button previews it again over 24 h; the lens of a
 * recording rule shows the series it would write. Screenshots go to out/test-artifacts/rule-preview/.
 */

interface CodeServerModule {
  ensureCodeServer(log: (m: string) => void): string;
  freePort(): Promise<number>;
  freshProfile(root: string): object;
  startCodeServer(bin: string, profile: object, port: number, options?: { stdio?: string }): Promise<{ stop(): void }>;
}

const ARTIFACTS = join(REPO_ROOT, 'out', 'test-artifacts', 'rule-preview');
const log = (message: string): void => console.log(`      [rule preview] ${message}`);
const importModule = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;

describe('previewing a rule in VS Code (code-server, real Prometheus)', function () {
  this.timeout(600_000);
  let node: LiveService;
  let prometheus: LiveService;
  let root: string;
  let codeServer: { stop(): void } | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  };
  /**
   * Clicks the nth Preview lens of the open rule file until the results view shows what `accept`
   * wants: a click can land while VS Code redraws the lenses (the rule-state lens resolving) and be lost.
   */
  const preview = async (nth: number, accept: (frame: Frame) => Promise<boolean>): Promise<Frame> => {
    for (let attempt = 1; ; attempt++) {
      const lens = page.locator('.codelens-decoration a', { hasText: /^Preview$/ }).nth(nth);
      await lens.waitFor({ timeout: 60_000 });
      await lens.click();
      try {
        return await resultsFrame(page, accept, attempt < 3 ? 15_000 : 60_000);
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  };

  before(async function () {
    if (!existsSync(CHROMIUM)) this.skip();
    const cs = await importModule<CodeServerModule>(join(REPO_ROOT, 'demo', 'codeServer.mjs'));
    const bin = cs.ensureCodeServer(log);
    mkdirSync(ARTIFACTS, { recursive: true });
    log(`screenshots in ${ARTIFACTS}`);
    node = await startNodeExporter();
    prometheus = await startPrometheus({ scrapeTargets: [{ job: 'node', targets: [node.address] }], rules: readFileSync(join(FIXTURES, 'preview', 'server.rules.yml'), 'utf8') });
    await waitForPrometheusData(prometheus.url, 'up offset 16s', 40_000);
    root = mkdtempSync(join(tmpdir(), 'prometheus-rule-preview-'));
    const workspace = join(root, 'workspace');
    const files: Record<string, string> = {
      '.vscode/settings.json': `${JSON.stringify({ 'prometheus.servers': [{ name: 'local', url: prometheus.url }], 'prometheus.preview.window': '1h' }, null, 2)}\n`,
      'rules/alerts.rules.yml': readFileSync(join(FIXTURES, 'preview', 'editor.rules.yml'), 'utf8'),
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(workspace, name)), { recursive: true });
      writeFileSync(join(workspace, name), text);
    }
    const port = await cs.freePort();
    codeServer = await cs.startCodeServer(bin, cs.freshProfile(join(root, 'profile')), port, { stdio: 'ignore' });
    browser = await launchChromium();
    page = await openWorkbench(browser, workbenchUrl(port, workspace));
    await openFile(page, 'alerts.rules.yml');
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await shot(`failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  after(async () => {
    await browser?.close();
    codeServer?.stop();
    await Promise.all([prometheus, node].filter(Boolean).map((s) => s.stop()));
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('opens the timeline of an alert in the results view from the Preview lens', async () => {
    const frame = await preview(0, async (f) => (await f.$$('[data-testid=preview-instance]')).length > 0);
    await page.waitForTimeout(500);
    await shot('01-alert-preview');
    assert.equal(await frame.textContent('h1'), 'Preview of alert AlwaysOn on local');
    assert.match((await frame.textContent('[data-testid=summary]')) ?? '', /^would have fired once for 1 label set in the last 1 h; longest 1 h; now: firing$/);
    assert.equal((await frame.$$('[data-testid=preview-instance]')).length, 1);
    assert.match((await frame.textContent('[data-testid=preview-instance] .labels')) ?? '', /severity="page"/);
    // The firing span covers the whole track: the alert was active at every evaluation of the hour.
    const [track, span] = await Promise.all([
      frame.$eval('[data-testid=preview-instance] .track', (e) => e.getBoundingClientRect().width),
      frame.$eval('[data-testid=span-firing]', (e) => e.getBoundingClientRect().width),
    ]);
    assert.ok(track > 100 && span >= track * 0.97, `span ${span} px of ${track} px`);
    assert.match((await frame.textContent('[data-testid=live-rule]')) ?? '', /^On local: firing · evaluated \d\d:\d\d:\d\d$/);
    assert.equal(await frame.$('[data-testid=other-version]'), null, 'the server runs the same AlwaysOn');
    assert.match((await frame.textContent('[data-testid=preview-annotations]')) ?? '', /summary/);
    assert.match((await frame.textContent('[data-testid=approximation]')) ?? '', /range query every 15s/);
    // After the rule in the editor, as a run's summary: VS Code draws it as the ::after content of a span of the line.
    const inline = await page.$$eval('.monaco-editor .view-lines span', (spans) => spans.map((s) => (globalThis as unknown as { getComputedStyle(e: unknown, pseudo: string): { content: string } }).getComputedStyle(s, '::after').content).filter((c) => c.includes('preview:')));
    assert.deepEqual(inline, ['"⟵ preview: firing now · fired 1× in 1 h"']);
  });

  it('previews again over 24 h from the view\'s window buttons', async () => {
    const first = await resultsFrame(page, async (f) => (await f.$('[data-testid=preview-windows]')) !== null);
    await first.click('[data-testid=preview-windows] button[data-window="24h"]');
    const frame = await resultsFrame(page, async (f) => /in the last 1 d;/.test((await f.textContent('[data-testid=summary]')) ?? ''));
    // Over a day, the axis names the days.
    assert.match((await frame.textContent('[data-testid=preview-timeline] .axis')) ?? '', /^[A-Z][a-z]{2} \d+ \d\d:\d\d[A-Z][a-z]{2} \d+ \d\d:\d\d$/);
    assert.equal(await frame.getAttribute('[data-testid=preview-windows] button[data-window="24h"]', 'aria-pressed'), 'true');
    await shot('02-alert-24h');
  });

  it('previews the rule at the cursor over a window picked from a quick pick', async () => {
    await page.locator('.view-line', { hasText: 'vector(1)' }).first().click();
    await runCommand(page, 'Prometheus: Preview Rule');
    await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) .monaco-list-row', { timeout: 10_000 });
    const offered = await page.$$eval('.quick-input-widget .monaco-list-row .label-name', (rows) => rows.map((r) => r.textContent ?? ''));
    assert.deepEqual(offered, ['1h', '6h', '24h', '7d']);
    await page.keyboard.type('7d');
    await page.keyboard.press('Enter');
    const frame = await resultsFrame(page, async (f) => /in the last 7 d;/.test((await f.textContent('[data-testid=summary]')) ?? ''));
    assert.equal(await frame.textContent('h1'), 'Preview of alert AlwaysOn on local');
    await shot('03-quick-pick-7d');
  });

  it('says the server runs another version of a rule', async () => {
    const frame = await preview(1, async (f) => (await f.$('[data-testid=other-version]')) !== null);
    assert.match((await frame.textContent('h1')) ?? '', /NodeUp/);
    assert.match((await frame.textContent('[data-testid=other-version]')) ?? '', /another version of this rule:\s*up == 1/);
    await shot('03-other-version');
  });

  it('shows what a recording rule would write', async () => {
    const frame = await preview(3, async (f) => (await f.$('[data-testid=preview-series]')) !== null);
    assert.match((await frame.textContent('h1')) ?? '', /recording rule job:up:sum/);
    assert.equal(await frame.textContent('[data-testid=preview-series]'), 'Would write 1 series now.');
    assert.match((await frame.textContent('[data-testid=preview-sample]')) ?? '', /job:up:sum\{job="node"\}/);
    await shot('04-recording-preview');
  });
});
