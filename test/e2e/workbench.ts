import type { Frame, Page } from 'playwright-core';

/*
 * What a user does in VS Code's workbench (code-server in Chromium), as Playwright steps: open a
 * file, run a command from the palette, read the suggest widget, find the results view's frame.
 * Selectors of VS Code 1.100 (../shared/docs/vscode-e2e.md); each step retries as that note advises.
 */

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
