import type { Browser, Frame, Page } from 'playwright-core';
import { REPO_ROOT } from '../support/paths';

/*
 * What a user does in VS Code's workbench (code-server in Chromium), as Playwright steps: open a
 * file, run a command from the palette, read the suggest widget, find the results view's frame.
 * Selectors of VS Code 1.100 (../shared/docs/vscode-e2e.md); each step retries as that note advises.
 */

/** Debian's Chromium, which the tests drive (the test command installs it as root). */
export const CHROMIUM = '/usr/bin/chromium';

/** Chromium headless, with what root in a container needs and no traffic of its own. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The address that opens `workspace` in the code-server at `port` with this repository's extension under development (and `testsPath`'s tests). */
export function workbenchUrl(port: number, workspace: string, testsPath?: string): string {
  const remote = (path: string): string => `vscode-remote://127.0.0.1:${port}${path}`;
  const payload: [string, string][] = [['extensionDevelopmentPath', remote(REPO_ROOT)]];
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** A page of the workbench at `url`, once its explorer lists the workspace's files. */
export async function openWorkbench(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 90_000 });
  return page;
}

export async function openFile(page: Page, name: string): Promise<void> {
  const base = name.split('/').pop()!;
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.keyboard.press('Control+P');
    await page.waitForTimeout(400);
    await page.keyboard.type(name);
    await page.waitForTimeout(600);
    await page.keyboard.press('Enter');
    try {
      await page.waitForSelector(`.tab.active[aria-label*="${base}"]`, { timeout: 5000 });
      return;
    } catch {
      await page.keyboard.press('Escape');
    }
  }
  throw new Error(`could not open ${name}`);
}

/** Runs a command by its title from the command palette (F1). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input', { timeout: 10_000 });
  await page.keyboard.type(title);
  await page.waitForTimeout(500);
  await page.keyboard.press('Enter');
}

/** Opens the suggest widget (Ctrl+Space) and reads its labels; [] when it does not open. */
export async function suggestions(page: Page): Promise<string[]> {
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.keyboard.press('Control+Space');
    try {
      await page.waitForSelector('.suggest-widget.visible .monaco-list-row', { timeout: 5000 });
      await page.waitForTimeout(300);
      return await page.$$eval('.suggest-widget.visible .monaco-list-row .label-name', (rows) => rows.map((r) => r.textContent ?? ''));
    } catch {
      await page.keyboard.press('Escape');
    }
  }
  return [];
}

/** The frame of the results view (a webview) once it shows a summary, polled until `accept` holds. */
export async function resultsFrame(page: Page, accept: (frame: Frame) => Promise<boolean>, timeoutMs = 60_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (await frame.$('[data-testid=summary]').catch(() => null) && await accept(frame).catch(() => false)) return frame;
    }
    if (Date.now() > deadline) throw new Error('the results view did not show the expected result');
    await page.waitForTimeout(300);
  }
}

/** Polls `probe` until it gives a value, or throws after `timeoutMs`. */
export async function eventually<T>(page: Page, what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(300);
  }
}
