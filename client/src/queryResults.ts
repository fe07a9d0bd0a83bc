import { randomBytes } from 'node:crypto';
import {
  Range, ThemeColor, Uri, ViewColumn, window, workspace,
  type DecorationOptions, type Disposable, type ExtensionContext, type TextEditor, type TextEditorDecorationType, type WebviewPanel,
} from 'vscode';

/*
 * Renders the results of queries the server ran (the `prometheus/queryResult` notification): a
 * line after the query (`⟵ 3 series · max 0.42 · 18 ms`, or the error) and the results view, a
 * webview with the series table, the chart of a range run and the Explain tree
 * (client/webview/results.ts), in the theme's colours. The results themselves are the server's.
 */

export interface QueryResultMessage {
  readonly uri: string;
  readonly queryIndex: number;
  readonly kind: 'instant' | 'range' | 'explain';
  readonly result: {
    readonly ok: boolean;
    readonly summary: string;
    readonly queryRange?: { start: { line: number; character: number }; end: { line: number; character: number } };
    readonly truncation?: string;
  };
}

export class QueryResults implements Disposable {
  private readonly ok: TextEditorDecorationType;
  private readonly failed: TextEditorDecorationType;
  /** The decorations of each document, by URI: kept across editor switches, cleared on edit. */
  private readonly shown = new Map<string, { ok: DecorationOptions[]; failed: DecorationOptions[] }>();
  private panel: WebviewPanel | undefined;
  /**
   * Whether the view's script listens: a message posted before it does is lost (seen when VS Code
   * was slow to load the view), so the last result waits until the view says it is ready.
   */
  private panelReady = false;
  private lastPosted: { kind: QueryResultMessage['kind']; result: QueryResultMessage['result'] } | undefined;
  private readonly subscriptions: Disposable[] = [];

  constructor(private readonly context: ExtensionContext) {
    const after = (color: string): TextEditorDecorationType => window.createTextEditorDecorationType({
      after: { color: new ThemeColor(color), margin: '0 0 0 2em', fontStyle: 'italic' },
      isWholeLine: false,
    });
    this.ok = after('editorCodeLens.foreground');
    this.failed = after('errorForeground');
    this.subscriptions.push(
      window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.apply(e))),
      workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0 || !this.shown.has(event.document.uri.toString())) return;
        this.shown.delete(event.document.uri.toString());
        for (const e of window.visibleTextEditors) if (e.document === event.document) this.apply(e);
      }),
    );
  }

  /** Shows a result: inline after its query, and in the results view. */
  show(message: QueryResultMessage): void {
    const range = message.result.queryRange;
    if (range) {
      const uri = message.uri;
      const entry = this.shown.get(uri) ?? { ok: [], failed: [] };
      const line = range.end.line;
      entry.ok = entry.ok.filter((d) => d.range.start.line !== line);
      entry.failed = entry.failed.filter((d) => d.range.start.line !== line);
      const text = `⟵ ${message.kind === 'explain' ? 'explain: ' : message.kind === 'range' ? 'graph: ' : ''}${message.result.summary}${message.result.truncation ? ` (${message.result.truncation})` : ''}`;
      const decoration: DecorationOptions = { range: new Range(line, Number.MAX_SAFE_INTEGER, line, Number.MAX_SAFE_INTEGER), renderOptions: { after: { contentText: text.length > 160 ? `${text.slice(0, 159)}…` : text } } };
      (message.result.ok ? entry.ok : entry.failed).push(decoration);
      this.shown.set(uri, entry);
      for (const e of window.visibleTextEditors) if (e.document.uri.toString() === uri) this.apply(e);
    }
    this.reveal(message);
  }

  /** The inline summaries of a document, for tests and the UI. */
  summaries(uri: string): string[] {
    const entry = this.shown.get(uri);
    return entry ? [...entry.ok, ...entry.failed].map((d) => String(d.renderOptions?.after?.contentText ?? '')) : [];
  }

  private apply(editor: TextEditor): void {
    const entry = this.shown.get(editor.document.uri.toString());
    editor.setDecorations(this.ok, entry?.ok ?? []);
    editor.setDecorations(this.failed, entry?.failed ?? []);
  }

  private reveal(message: QueryResultMessage): void {
    if (!this.panel) {
      const assets = Uri.joinPath(this.context.extensionUri, 'dist', 'webview');
      this.panel = window.createWebviewPanel('prometheus.results', 'Prometheus Results', { viewColumn: ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: true,
        localResourceRoots: [assets],
        retainContextWhenHidden: true,
      });
      this.panelReady = false;
      this.panel.onDidDispose(() => {
        this.panel = undefined;
      });
      this.panel.webview.onDidReceiveMessage((received: unknown) => {
        if ((received as { kind?: unknown } | null)?.kind !== 'ready') return;
        // Also after the view reloads: it shows the last result again.
        this.panelReady = true;
        if (this.lastPosted) void this.panel?.webview.postMessage(this.lastPosted);
      });
      this.panel.webview.html = this.html(assets);
    } else {
      this.panel.reveal(undefined, true);
    }
    this.lastPosted = { kind: message.kind, result: message.result };
    if (this.panelReady) void this.panel.webview.postMessage(this.lastPosted);
  }

  private html(assets: Uri): string {
    const webview = this.panel!.webview;
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(Uri.joinPath(assets, 'results.js'));
    const chartCss = webview.asWebviewUri(Uri.joinPath(assets, 'uPlot.min.css'));
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<link rel="stylesheet" href="${chartCss}">
<style nonce="${nonce}">
  body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
  h1 { font-size: 1.1em; margin: 0.4em 0; }
  pre.query { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); padding: 0.5em; white-space: pre-wrap; }
  .summary { font-weight: 600; } .error { color: var(--vscode-errorForeground); white-space: pre-wrap; }
  .warning { color: var(--vscode-editorWarning-foreground); } .info, .note { color: var(--vscode-descriptionForeground); }
  table { border-collapse: collapse; width: 100%; font-family: var(--vscode-editor-font-family); }
  th { text-align: left; cursor: pointer; border-bottom: 1px solid var(--vscode-editorWidget-border); padding: 0.2em 0.6em; }
  td { padding: 0.15em 0.6em; border-bottom: 1px solid var(--vscode-editorGroup-border); vertical-align: top; }
  td.value { text-align: right; white-space: nowrap; } tr:hover { background: var(--vscode-list-hoverBackground); }
  ul.tree { list-style: none; padding: 0; font-family: var(--vscode-editor-font-family); } ul.tree li { margin: 0.3em 0; }
  .labels { color: var(--vscode-descriptionForeground); font-size: 0.9em; } .chart { margin: 0.8em 0; }
  .u-legend { color: var(--vscode-foreground); }
</style></head>
<body><div id="root"><p class="note">Run a query (the ▶ Run lens) to see its result here.</p></div>
<script nonce="${nonce}" src="${script}"></script></body></html>`;
  }

  dispose(): void {
    this.panel?.dispose();
    this.ok.dispose();
    this.failed.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
