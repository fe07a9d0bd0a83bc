import * as assert from 'node:assert/strict';
import {
  commands, extensions, languages, Position, Selection, Uri, window, workspace,
  type CodeAction, type CodeLens, type CompletionList, type Diagnostic, type Hover, type TextEdit,
} from 'vscode';

/*
 * Runs inside VS Code's extension host, with the extension, its real language server, the demo
 * exporter and the workspace the runner (test/e2e/vscode.test.ts) prepared: prometheus.yml scraping
 * the exporter, a rule file with known mistakes, a .promql file. Every answer comes from the real
 * server through VS Code's own provider commands; results arrive asynchronously, so each check
 * polls with a deadline.
 */

const folder = (): Uri => {
  const first = workspace.workspaceFolders?.[0];
  assert.ok(first, 'a workspace folder is open');
  return first.uri;
};
const file = (name: string): Uri => Uri.joinPath(folder(), name);

async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function open(name: string): Promise<Uri> {
  const uri = file(name);
  const document = await workspace.openTextDocument(uri);
  await window.showTextDocument(document);
  return uri;
}

function positionOf(text: string, needle: string, delta = 0): Position {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `"${needle}" in the document`);
  const before = text.slice(0, offset + delta);
  const line = before.split('\n').length - 1;
  return new Position(line, before.length - (before.lastIndexOf('\n') + 1));
}

describe('the Prometheus extension in VS Code', () => {
  it('activates on a .promql file', async () => {
    await open('queries.promql');
    const extension = extensions.getExtension('prometheus-lsp.prometheus-lsp');
    assert.ok(extension, 'the extension is installed');
    await eventually('activation', () => (extension.isActive ? true : undefined));
  });

  it('contributes its commands', async () => {
    const all = await commands.getCommands(true);
    for (const id of ['prometheus.refreshMetricsNow', 'prometheus.showTargetReport', 'prometheus.storeSecret', 'prometheus.restartServer']) assert.ok(all.includes(id), id);
  });

  it("completes metric names that the workspace's scrape target really exposes", async () => {
    const uri = await open('queries.promql');
    const text = (await workspace.openTextDocument(uri)).getText();
    const position = positionOf(text, 'inference_req', 'inference_req'.length);
    const labels = await eventually('live metric names in completion', async () => {
      const list = await commands.executeCommand<CompletionList>('vscode.executeCompletionItemProvider', uri, position);
      const names = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      return names.includes('inference_requests_total') ? names : undefined;
    });
    assert.ok(labels.includes('inference_requests_total'));
  });

  it('shows HELP and TYPE on hover', async () => {
    const uri = await open('queries.promql');
    const text = (await workspace.openTextDocument(uri)).getText();
    const position = positionOf(text, 'inference_latency_seconds_bucket', 3);
    const hover = await eventually('a hover with HELP', async () => {
      const hovers = await commands.executeCommand<Hover[]>('vscode.executeHoverProvider', uri, position);
      const value = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      return /Time to answer one inference request/.test(value) ? value : undefined;
    });
    assert.match(hover, /histogram/);
  });

  it("underlines the rule file's known mistakes, with quick fixes", async () => {
    const uri = await open('rules/mistakes.rules.yml');
    const diagnostics = await eventually('diagnostics of the rule file', () => {
      const found = languages.getDiagnostics(uri);
      return found.some((d) => d.code === 'promql/histogram-le') ? found : undefined;
    });
    const codes = diagnostics.map((d: Diagnostic) => String(typeof d.code === 'object' ? d.code.value : d.code));
    for (const code of ['promql/histogram-le', 'promql/type', 'naming/base-unit', 'promql/regex-literal']) assert.ok(codes.includes(code), `${code} in ${codes.join(', ')}`);
    const le = diagnostics.find((d) => d.code === 'promql/histogram-le')!;
    const actions = await commands.executeCommand<CodeAction[]>('vscode.executeCodeActionProvider', uri, le.range);
    assert.ok(actions.some((a) => a.title === 'Add "le" to the grouping'), actions.map((a) => a.title).join(', '));
  });

  it('formats PromQL', async () => {
    const uri = await open('format-me.promql');
    const edits = await commands.executeCommand<TextEdit[]>('vscode.executeFormatDocumentProvider', uri, { tabSize: 2, insertSpaces: true });
    assert.ok(edits.length > 0, 'edits');
    const document = await workspace.openTextDocument(uri);
    let text = document.getText();
    for (const edit of [...edits].sort((a, b) => document.offsetAt(b.range.start) - document.offsetAt(a.range.start))) {
      text = text.slice(0, document.offsetAt(edit.range.start)) + edit.newText + text.slice(document.offsetAt(edit.range.end));
    }
    assert.equal(text.trim(), 'sum by (job) (rate(inference_requests_total[5m]))');
  });

  it('puts Run, Graph and Explain lenses above each query; running one shows the server\'s result inline', async () => {
    const uri = await open('queries.promql');
    const lenses = await eventually('code lenses', async () => {
      const found = await commands.executeCommand<CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
      return found.length >= 9 ? found : undefined;
    });
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.equal(titles.filter((t) => t === '▶ Run').length, 3, titles.join(' | '));
    assert.ok(titles.includes('Graph') && titles.includes('Explain'), titles.join(' | '));
    const run = lenses.find((l) => l.command?.title === '▶ Run')!;
    const result = await commands.executeCommand<{ ok: boolean; seriesCount?: number; summary: string }>(run.command!.command, ...(run.command!.arguments ?? []));
    assert.ok(result.ok, result.summary);
    assert.ok((result.seriesCount ?? 0) > 0, result.summary);
    const api = extensions.getExtension<{ resultSummaries(uri: string): string[] }>('prometheus-lsp.prometheus-lsp')!.exports;
    const inline = await eventually('the inline summary', () => {
      const shown = api.resultSummaries(uri.toString());
      return shown.length > 0 ? shown : undefined;
    });
    assert.match(inline[0], /^⟵ \d+ series/);
  });

  it('shows the target report as a read-only document, never an unsaved one', async () => {
    const uri = await open('prometheus.yml');
    const text = (await workspace.openTextDocument(uri)).getText();
    const at = positionOf(text, "targets: ['", "targets: ['".length + 2);
    window.activeTextEditor!.selection = new Selection(at, at);
    await commands.executeCommand('prometheus.showTargetReport');
    const report = await eventually('the report document', () => workspace.textDocuments.find((d) => d.uri.scheme === 'prometheus-report'));
    assert.match(report.getText(), /^# inference — /);
    assert.equal(report.isDirty, false);
    assert.deepEqual(workspace.textDocuments.filter((d) => d.isUntitled).map((d) => d.uri.toString()), []);
  });

  it('says the status in plain words to screen readers', async () => {
    const api = extensions.getExtension<{ statusBar(): { text: string; accessibilityLabel: string } }>('prometheus-lsp.prometheus-lsp')!.exports;
    const status = await eventually('a ready source in the status', () => {
      const shown = api.statusBar();
      return /: [\d,]+ metrics/.test(shown.accessibilityLabel) ? shown : undefined;
    });
    assert.match(status.accessibilityLabel, /^Prometheus live sources: /);
    assert.doesNotMatch(status.accessibilityLabel, /\*\*|&nbsp;|\\-|\$\(/);
  });
});
