import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { startInferenceService, startPrometheus, waitForPrometheusData, type LiveService } from '../support/liveServices';
import { REPO_ROOT } from '../support/paths';
import { CHROMIUM, eventually, launchChromium, openFile, openWorkbench, resultsFrame, runCommand, suggestions, workbenchUrl } from './workbench';

/*
 * A new user's first hour (issue 19, "Proof"), in a real VS Code: code-server in Chromium driven by
 * Playwright, an ML engineer's FastAPI service instrumented with prometheus_client
 * (test/fixtures/exporters/inference_service.py) and a real Prometheus scraping it. Each step is
 * what the user does (click a lens, run a command, stop and restart Prometheus, close a tab) and
 * asserts what the user sees. Screenshots go to out/test-artifacts/first-hour/ (printed).
 *
 * The last `describe` holds the steps of the language server's own fixes of issue 19 (completion in
 * comments, settings keeping the prometheus.yml source, quick fixes for rules/invalid, series
 * counts, $labels through recording rules, _created, did-you-mean, rule_files paths).
 */

interface CodeServerModule {
  ensureCodeServer(log: (m: string) => void): string;
  freePort(): Promise<number>;
  freshProfile(root: string): object;
  startCodeServer(bin: string, profile: object, port: number, options?: { stdio?: string }): Promise<{ stop(): void }>;
}

const ARTIFACTS = join(REPO_ROOT, 'out', 'test-artifacts', 'first-hour');
const log = (message: string): void => console.log(`      [first hour] ${message}`);
const importModule = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;

function writeFiles(folder: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, name)), { recursive: true });
    writeFileSync(join(folder, name), text);
  }
}

describe("a new user's first hour in VS Code (code-server, FastAPI service, real Prometheus)", function () {
  this.timeout(600_000);
  let service: LiveService;
  let prometheus: LiveService;
  let prometheusPort: number;
  let root: string;
  let workspace: string;
  let codeServer: { stop(): void } | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let load: NodeJS.Timeout | undefined;
  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  };
  const startProm = async (): Promise<void> => {
    prometheus = await startPrometheus({ scrapeTargets: [{ job: 'llm-api', targets: [service.address] }], port: prometheusPort || undefined });
    prometheusPort = prometheus.port;
  };
  /** The status-bar item of the extension: its text and what a screen reader says. */
  const statusItem = async (): Promise<{ text: string; label: string }> => {
    const item = page.locator('[id="prometheus-lsp.prometheus-lsp.prometheus.sources"]');
    const label = (await item.getAttribute('aria-label')) ?? '';
    return { text: (await item.textContent()) ?? '', label };
  };
  const clickLens = async (title: string, line = 0): Promise<void> => {
    await openFile(page, 'queries.promql');
    const lens = page.locator('.codelens-decoration a', { hasText: title }).nth(line);
    await lens.waitFor({ timeout: 60_000 });
    await lens.click();
  };

  before(async function () {
    if (!existsSync(CHROMIUM)) this.skip();
    const cs = await importModule<CodeServerModule>(join(REPO_ROOT, 'demo', 'codeServer.mjs'));
    const bin = cs.ensureCodeServer(log);
    mkdirSync(ARTIFACTS, { recursive: true });
    log(`screenshots in ${ARTIFACTS}`);
    service = await startInferenceService();
    await startProm();
    // Traffic, as the service has in use: the rates become numbers with many digits.
    load = setInterval(() => void fetch(`${service.url}/predict?model=${Math.random() < 0.7 ? 'resnet50' : 'bert-base'}`).then((r) => r.arrayBuffer(), () => undefined), 150);
    await waitForPrometheusData(prometheus.url, 'inference_requests_total', 30_000);
    root = mkdtempSync(join(tmpdir(), 'prometheus-first-hour-'));
    workspace = join(root, 'workspace');
    writeFiles(workspace, {
      'prometheus.yml': `global:\n  scrape_interval: 1s\nrule_files:\n  - rules/*.yml\nscrape_configs:\n  - job_name: llm-api\n    static_configs:\n      - targets: ['${service.address}']\n`,
      '.vscode/settings.json': `${JSON.stringify({ 'prometheus.servers': [{ name: 'local', url: prometheus.url }] }, null, 2)}\n`,
      'queries.promql': 'sum by (model) (rate(inference_requests_total[1m])) / 3\n\nsum by (model) (rate(inference_latency_seconds_sum[1m]))\n',
      'rules/recording.rules.yml': 'groups:\n  - name: llm\n    rules:\n      - record: model:inference_requests:rate1m\n        expr: sum by (model) (rate(inference_requests_total[1m]))\n',
    });
    const port = await cs.freePort();
    codeServer = await cs.startCodeServer(bin, cs.freshProfile(join(root, 'profile')), port, { stdio: 'ignore' });
    browser = await launchChromium();
    page = await openWorkbench(browser, workbenchUrl(port, workspace));
    await shot('00-workbench');
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await shot(`failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  after(async () => {
    clearInterval(load);
    await browser?.close();
    codeServer?.stop();
    await Promise.all([prometheus, service].filter(Boolean).map((s) => s.stop()));
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('sees the server in the status bar, said in plain words', async () => {
    await openFile(page, 'queries.promql');
    const status = await eventually(page, 'the server ready in the status bar', async () => {
      const s = await statusItem();
      return /local, [^;]*: [\d,]+ metrics/.test(s.label) ? s : undefined;
    }, 60_000);
    await shot('01-status');
    assert.match(status.text, /local/);
    assert.match(status.label, /local, Prometheus \d+\.\d+\.\d+ server: [\d,]+ metrics/);
    assert.doesNotMatch(status.label, /\*\*|&nbsp;|\\-|prometheus prometheus/);
  });

  let valueFrame: Frame;
  it('runs a query: readable values (exact on hover), shown beside an editor that keeps its width', async () => {
    // Until the rates have two scrapes to compare.
    await waitForPrometheusData(prometheus.url, 'sum by (model) (rate(inference_requests_total[1m])) > 0', 30_000);
    await clickLens('Run');
    valueFrame = await resultsFrame(page, async (f) => (await f.$$('[data-testid=series-table] tbody tr')).length > 0);
    await page.waitForTimeout(500);
    await shot('02-run');
    const cells = await valueFrame.$$eval('td.value', (tds) => tds.map((td) => ({ shown: td.textContent ?? '', exact: td.getAttribute('title') ?? '' })));
    assert.ok(cells.length > 0);
    for (const cell of cells) {
      assert.ok(cell.shown.replace(/^-|e.*$|\./g, '').replace(/^0+/, '').length <= 6, `at most 6 significant digits: ${cell.shown} (exact ${cell.exact})`);
      assert.ok(Math.abs(Number(cell.shown) - Number(cell.exact)) <= Math.abs(Number(cell.exact)) * 1e-5, `${cell.shown} reads as ${cell.exact}`);
    }
    assert.ok(cells.some((c) => c.exact.length > c.shown.length), `a value rounded for reading: ${JSON.stringify(cells)}`);
    const widths = await page.$$eval('.editor-group-container', (groups) => groups.map((g) => g.getBoundingClientRect().width));
    assert.equal(widths.length, 2, `two editor groups: ${widths.join(', ')}`);
    assert.ok(widths[0] >= 0.6 * (widths[0] + widths[1]), `the editor keeps most of the width: ${widths.join(' / ')}`);
  });

  it('explains a query: the tree shows as a tree (indented by depth)', async () => {
    await clickLens('Explain');
    const frame = await resultsFrame(page, async (f) => (await f.$$('[data-testid=explain-tree] li')).length > 1);
    await page.waitForTimeout(500);
    await shot('03-explain');
    const indents = await frame.$$eval('[data-testid=explain-tree] li', (items) => items.map((li) => [Number(li.getAttribute('data-depth')), li.getBoundingClientRect().left]));
    const byDepth = new Map<number, number>(indents.map(([d, left]) => [d, left]));
    assert.ok(byDepth.size > 1, JSON.stringify(indents));
    const depths = [...byDepth.keys()].sort((a, b) => a - b);
    for (let i = 1; i < depths.length; i++) assert.ok(byDepth.get(depths[i])! > byDepth.get(depths[i - 1])!, `depth ${depths[i]} further right: ${JSON.stringify(indents)}`);
  });

  it('stops Prometheus: the run fails with its error once; restarted, the status and the view recover unasked', async () => {
    await prometheus.stop();
    await clickLens('Run');
    const failed = await resultsFrame(page, async (f) => /refused|unreachable/i.test((await f.textContent('[data-testid=summary]')) ?? ''));
    const text = (await failed.textContent('body')) ?? '';
    const error = (await failed.textContent('[data-testid=summary]'))!.trim();
    assert.equal(text.split(error).length - 1, 1, `the error once in the view: ${text}`);
    await eventually(page, 'the status bar saying the server is down', async () => (/local, [^;]*: error/.test((await statusItem()).label) ? true : undefined), 15_000);
    await shot('04-prometheus-down');
    await startProm();
    const back = Date.now();
    await eventually(page, 'the status bar ready again', async () => (/local, [^;]*: [\d,]+ metrics/.test((await statusItem()).label) ? true : undefined), 20_000);
    log(`status bar ready ${Date.now() - back} ms after Prometheus answered again (no click)`);
    const frame = await resultsFrame(page, async (f) => (await f.$('[data-testid=recovered]')) !== null, 10_000);
    await shot('05-prometheus-back');
    assert.match((await frame.textContent('[data-testid=recovered]')) ?? '', /local answers again/);
    await frame.click('[data-testid=run-again]');
    // Prometheus started with an empty database: "no series" is its true answer until it has scraped twice.
    await resultsFrame(page, async (f) => /^(\d+|no) series/.test((await f.textContent('[data-testid=summary]')) ?? ''), 20_000);
  });

  it('opens the target report read-only and closes it without being asked to save', async () => {
    await openFile(page, 'prometheus.yml');
    // The cursor on the target, as the command asks.
    await page.locator('.view-line span span', { hasText: service.address }).first().click();
    await runCommand(page, 'Prometheus: Show Target Report');
    await page.waitForSelector('.tab[aria-label*="Target report"]', { timeout: 30_000 });
    // The preview draws the report: its heading names the job and the target.
    await eventually(page, 'the report drawn in the preview', async () => {
      for (const frame of page.frames()) {
        const text = (await frame.textContent('body').catch(() => null)) ?? '';
        if (text.includes('llm-api') && text.includes(`${service.address}/metrics`)) return true;
      }
      return undefined;
    });
    await shot('06-target-report');
    const tabs = await page.$$eval('.tab', (t) => t.map((x) => x.getAttribute('aria-label') ?? ''));
    assert.ok(!tabs.some((t) => /Untitled/.test(t)), `no Untitled document: ${tabs.join(' | ')}`);
    await page.locator('.tab[aria-label*="Target report"]').first().click();
    await page.keyboard.press('Control+W');
    await page.waitForTimeout(1000);
    assert.equal(await page.$('.monaco-dialog-box'), null, 'no "save changes?" dialog');
    assert.equal(await page.$('.tab[aria-label*="Target report"]'), null, 'the report closed');
  });

  it('sets "prometheus.resultsView": "panel": results open in the panel area', async () => {
    writeFileSync(join(workspace, '.vscode', 'settings.json'), `${JSON.stringify({ 'prometheus.servers': [{ name: 'local', url: prometheus.url }], 'prometheus.resultsView': 'panel' }, null, 2)}\n`);
    await page.waitForTimeout(1500);
    await clickLens('Graph');
    const frame = await resultsFrame(page, async (f) => /^Graph on local/.test((await f.textContent('h1')) ?? ''));
    await page.waitForTimeout(800);
    await shot('07-results-in-panel');
    let outer: Frame = frame;
    while (outer.parentFrame() && outer.parentFrame() !== page.mainFrame()) outer = outer.parentFrame()!;
    // Webviews are drawn in an overlay over their part: compare where they are.
    const view = await (await outer.frameElement()).boundingBox();
    const panel = await page.locator('.part.panel').boundingBox();
    assert.ok(view && panel, 'the view and the panel are shown');
    assert.ok(view.y >= panel.y - 1 && view.y + view.height <= panel.y + panel.height + 1, `the results view (${JSON.stringify(view)}) inside the panel (${JSON.stringify(panel)})`);
  });

  describe('the language server as a new user meets it', () => {
    before(async () => {
      // Back to the first settings. Prometheus, restarted above with an empty database, answered
      // before it had scraped anything: the server is loaded again shortly after it recovers, so its
      // metrics come back without a click.
      writeFileSync(join(workspace, '.vscode', 'settings.json'), `${JSON.stringify({ 'prometheus.servers': [{ name: 'local', url: prometheus.url }] }, null, 2)}\n`);
      await waitForPrometheusData(prometheus.url, 'inference_requests_total', 30_000);
      await eventually(page, 'the server ready with its metrics', async () => (/local, [^;]*: [1-9][\d,]* metrics/.test((await statusItem()).label) ? true : undefined), 45_000);
    });
    /** The lines the active editor shows, in order (Monaco keeps its line elements in no particular order). */
    const shownLines = async (): Promise<string[]> => {
      const lines = await page.$$eval('.editor-group-container.active .view-lines .view-line', (els) => els.map((e) => [Number(/top:\s*([\d.]+)px/.exec(e.getAttribute('style') ?? '')?.[1] ?? 0), e.textContent ?? ''] as [number, string]));
      return lines.sort((a, b) => a[0] - b[0]).map(([, text]) => text.replace(/\u00a0/g, ' '));
    };
    /** The text area of the editor that has focus: with the results view or a split open, there are several editors. */
    const ACTIVE_EDITOR_LINES = '.editor-group-container.active .monaco-editor .view-lines';
    const typeAtEnd = async (name: string, text: string): Promise<void> => {
      await openFile(page, name);
      await page.click(ACTIVE_EDITOR_LINES);
      await page.keyboard.press('Control+End');
      await page.keyboard.type(text, { delay: 30 });
    };

    it('types a comment and presses Enter: no suggestion is accepted', async () => {
      await typeAtEnd('queries.promql', '\n# p95 latency per model');
      await page.waitForTimeout(800);
      await page.keyboard.press('Enter');
      await page.waitForTimeout(300);
      await shot('10-comment');
      const lines = await shownLines();
      assert.deepEqual(lines.filter((l) => l.startsWith('# p95')).map((l) => l.trimEnd()), ['# p95 latency per model'], lines.join('\n'));
    });

    it('offers no _created series inside rate(', async () => {
      await typeAtEnd('queries.promql', '\nrate(inference_requests');
      const offered = await suggestions(page);
      await page.keyboard.press('Escape');
      await page.keyboard.type('[1m])', { delay: 30 });
      assert.ok(offered.includes('inference_requests_total'), offered.join(', '));
      assert.ok(!offered.some((l) => l.endsWith('_created')), offered.join(', '));
    });

    it('gets "did you mean" on a typo of a live name', async () => {
      // A query of its own: queries of a .promql file are separated by blank lines.
      await typeAtEnd('queries.promql', '\n\ninference_request_total');
      await page.keyboard.press('Control+Shift+M');
      const rows = await eventually(page, 'a did-you-mean in the problems', async () => {
        const found = await page.$$eval('.markers-panel .monaco-list-row', (r) => r.map((x) => x.textContent ?? ''));
        return found.some((r) => /did you mean.*inference_requests_total/i.test(r)) ? found : undefined;
      });
      await shot('11-did-you-mean');
      assert.ok(rows.length > 0);
    });

    it('hovers a metric: the series count is the server\'s, not doubled by its scrape target', async () => {
      const truth = await (await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent('count(inference_requests_total)')}`)).json() as { data: { result: { value: [number, string] }[] } };
      const count = truth.data.result[0].value[1];
      await openFile(page, 'queries.promql');
      await page.locator('.view-line span', { hasText: 'inference_requests_total' }).first().hover();
      const hover = await eventually(page, 'a hover', async () => (await page.textContent('.monaco-hover:not(.hidden) .monaco-hover-content').catch(() => null)) ?? undefined);
      await shot('12-hover');
      assert.match(hover, new RegExp(`Series: ${count}(?!\\d)`), hover);
    });

    it('changes a setting in .vscode/settings.json: the prometheus.yml target stays a live source', async () => {
      writeFileSync(join(workspace, '.vscode', 'settings.json'), `${JSON.stringify({ 'prometheus.servers': [{ name: 'local', url: prometheus.url }], 'prometheus.graphRange': '30m' }, null, 2)}\n`);
      await page.waitForTimeout(3000);
      const status = await statusItem();
      await shot('13-settings-changed');
      assert.match(status.label, new RegExp(`llm-api \\(${service.address.replace(/\./g, '\\.')}\\)`), status.label);
    });

    it('types the rule-group snippet into an empty rule file: the file it makes loads', async () => {
      writeFileSync(join(workspace, 'rules', 'empty.rules.yml'), '');
      await openFile(page, 'rules/empty.rules.yml');
      await page.click(ACTIVE_EDITOR_LINES);
      await page.keyboard.type('rule-g', { delay: 30 });
      const offered = await suggestions(page);
      assert.ok(offered.includes('rule-group'), offered.join(', '));
      await page.keyboard.press('Enter');
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1500);
      await shot('14-rule-group-snippet');
      const lines = await shownLines();
      assert.equal(lines[0]?.trim(), 'groups:', lines.join('\n'));
      assert.equal(await page.locator('.editor-group-container.active .squiggly-error').count(), 0, lines.join('\n'));
    });

    it('opens a rule file without groups: the quick fix wraps it, no disable comment', async () => {
      await typeAtEnd('rules/recording.rules.yml', '\n');
      writeFileSync(join(workspace, 'rules', 'new.rules.yml'), '- record: job:x:sum\n  expr: sum(up)\n');
      await openFile(page, 'rules/new.rules.yml');
      await page.waitForSelector('.squiggly-error', { timeout: 30_000 });
      // To the first problem (F8), as a keyboard user goes, then the quick fixes (Ctrl+.).
      await page.click(ACTIVE_EDITOR_LINES);
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('F8');
      await page.waitForTimeout(500);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+.');
      await page.waitForSelector('.action-widget', { timeout: 10_000 });
      const actions = await page.$$eval('.action-widget .monaco-list-row', (r) => r.map((x) => x.textContent ?? ''));
      await shot('15-quick-fix');
      await page.keyboard.press('Escape');
      assert.ok(actions.some((a) => /groups/.test(a)), actions.join(' | '));
      assert.ok(!actions.some((a) => /Disable rules\/invalid/.test(a)), actions.join(' | '));
    });

    it('completes $labels. over a recording rule', async () => {
      writeFileSync(join(workspace, 'rules', 'alerts.rules.yml'), 'groups:\n  - name: alerts\n    rules:\n      - alert: ModelBusy\n        expr: model:inference_requests:rate1m > 1\n        annotations:\n          summary: "{{ $labels.');
      await openFile(page, 'rules/alerts.rules.yml');
      await page.click(ACTIVE_EDITOR_LINES);
      await page.keyboard.press('Control+End');
      const labels = await suggestions(page);
      await page.keyboard.press('Escape');
      assert.ok(labels.includes('model'), labels.join(', '));
    });

    it('completes paths under rule_files:', async () => {
      await openFile(page, 'prometheus.yml');
      await page.locator('.view-line', { hasText: 'rules/*.yml' }).click();
      await page.keyboard.press('End');
      await page.keyboard.type('\n- ', { delay: 30 });
      const paths = await suggestions(page);
      await page.keyboard.press('Escape');
      await shot('16-rule-files');
      assert.ok(paths.some((p) => p.startsWith('rules')), paths.join(', '));
    });
  });
});
