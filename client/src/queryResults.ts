import { randomBytes } from 'node:crypto';
import {
  Range, ThemeColor, Uri, ViewColumn, commands, window, workspace,
  type DecorationOptions, type Disposable, type ExtensionContext, type TextEditor, type TextEditorDecorationType, type Webview, type WebviewPanel, type WebviewView,
} from 'vscode';
import type { QueryResult, QueryResultParams, SourceStatus } from '../../server/src/lsp/protocol';
import type { FromResultsView, ToResultsView } from '../webview/viewMessages';

/*
 * Renders the results of queries the server ran (the `prometheus/queryResult` notification): a
 * line after the query (`⟵ 3 series · max 0.42 · 18 ms`, or the error; `⟵ preview: fired 3× in 6 h`
 * after a previewed rule) and the results view, a webview with the series table, the chart of a
 * range run, the Explain tree and a rule's preview
 * (client/webview/results.ts), in the theme's colours. The results themselves are the server's.
 *
 * The view opens beside the editor, which keeps two thirds of the width (the inline result of a
 * long rule line stays visible), or in the panel (`prometheus.resultsView: "panel"`). When a run
 * failed because its server was down or missing, and the server then answers (its live source turns
 * ready), the view says so and offers to run the query again.
 */

/** The view in the panel area (package.json: contributes.views). */
export const RESULTS_VIEW_ID = 'prometheus.resultsView';
/** The editor's share of the width when the results open beside it in a new group. */
const EDITOR_SHARE = 0.64;

export class QueryResults implements Disposable {
  private readonly ok: TextEditorDecorationType;
  private readonly failed: TextEditorDecorationType;
  /** The decorations of each document, by URI: kept across editor switches, cleared on edit. */
  private readonly shown = new Map<string, { ok: DecorationOptions[]; failed: DecorationOptions[] }>();
  private panel: WebviewPanel | undefined;
  /** The view in the panel area, once VS Code has shown it. */
  private panelView: WebviewView | undefined;
  private viewShown: (() => void) | undefined;
  /**
   * Whether the view's script listens: a message posted before it does is lost (seen when VS Code
   * was slow to load the view), so the last result waits until the view says it is ready.
   */
  private panelReady = false;
  private lastPosted: QueryResult | undefined;
  /** The last preview shown: what the view's window buttons preview again. */
  private lastPreview: QueryResultParams | undefined;
  /** The last result, when its run failed for want of its server: what to run again once it answers. */
  private waiting: { message: QueryResultParams; server: string; sawDown: boolean; told: boolean } | undefined;
  private lastSources: readonly SourceStatus[] = [];
  private readonly subscriptions: Disposable[] = [];

  /** @param rerun runs a result's query again (the view's "Run again"; for a preview, over another window when given) */
  constructor(private readonly context: ExtensionContext, private readonly rerun: (message: QueryResultParams, windowSeconds?: number) => Promise<void>) {
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
      window.registerWebviewViewProvider(RESULTS_VIEW_ID, {
        resolveWebviewView: (view) => {
          this.panelView = view;
          this.attach(view.webview);
          view.onDidDispose(() => {
            this.panelView = undefined;
          });
          this.viewShown?.();
        },
      }, { webviewOptions: { retainContextWhenHidden: true } }),
    );
  }

  /** Shows a result: inline after its query, and in the results view. */
  show(message: QueryResultParams): void {
    const range = message.result.queryRange;
    if (range) {
      const uri = message.uri;
      const entry = this.shown.get(uri) ?? { ok: [], failed: [] };
      const line = range.end.line;
      entry.ok = entry.ok.filter((d) => d.range.start.line !== line);
      entry.failed = entry.failed.filter((d) => d.range.start.line !== line);
      const text = inlineText(message);
      const decoration: DecorationOptions = { range: new Range(line, Number.MAX_SAFE_INTEGER, line, Number.MAX_SAFE_INTEGER), renderOptions: { after: { contentText: text.length > 160 ? `${text.slice(0, 159)}…` : text } } };
      (message.result.ok ? entry.ok : entry.failed).push(decoration);
      this.shown.set(uri, entry);
      for (const e of window.visibleTextEditors) if (e.document.uri.toString() === uri) this.apply(e);
    }
    this.waiting = undefined;
    if (message.kind === 'preview') this.lastPreview = message;
    if (!message.result.ok && wantedItsServer(message.result.error)) {
      const server = message.result.server ?? '';
      this.waiting = { message, server, sawDown: !this.serverReady(server), told: false };
    }
    void this.reveal(message);
  }

  /** The live sources changed (`prometheus/sourceStatus`): a result that waited for its server offers to run again. */
  sourcesChanged(sources: readonly SourceStatus[]): void {
    this.lastSources = sources;
    const waiting = this.waiting;
    if (!waiting || waiting.told) return;
    if (!this.serverReady(waiting.server)) {
      waiting.sawDown = true;
      return;
    }
    if (!waiting.sawDown) return;
    waiting.told = true;
    const name = waiting.server || sources.find((s) => s.kind === 'prometheus' && s.state === 'ready')?.label || 'the server';
    this.post({ kind: 'recovered', note: `${name} answers again.` });
  }

  /** Whether the server of that name (any server, for '') is a live source that answers. */
  private serverReady(server: string): boolean {
    return this.lastSources.some((s) => s.kind === 'prometheus' && s.state === 'ready' && (server === '' || s.label === server));
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

  private async reveal(message: QueryResultParams): Promise<void> {
    // The view needs the result, not where its query is.
    const { uri: _uri, queryIndex: _queryIndex, ...result } = message;
    this.lastPosted = result;
    if (workspace.getConfiguration('prometheus').get<string>('resultsView') === 'panel') {
      this.panel?.dispose();
      if (this.panelView) {
        this.panelView.show(true);
        this.post(this.lastPosted);
      } else {
        // VS Code resolves the view when it is first shown; the view then asks for the last result.
        const shown = new Promise<void>((resolve) => (this.viewShown = resolve));
        const editor = window.activeTextEditor;
        await commands.executeCommand(`${RESULTS_VIEW_ID}.focus`);
        await shown;
        if (editor) await window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false, selection: editor.selection });
      }
      return;
    }
    if (!this.panel) {
      const groups = window.tabGroups.all.length;
      const assets = Uri.joinPath(this.context.extensionUri, 'dist', 'webview');
      this.panel = window.createWebviewPanel('prometheus.results', 'Prometheus Results', { viewColumn: ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: true,
        localResourceRoots: [assets],
        retainContextWhenHidden: true,
      });
      this.panel.onDidDispose(() => {
        this.panel = undefined;
      });
      this.attach(this.panel.webview);
      // A new group beside a lone editor: the editor keeps most of the width. (VS Code reports the new group a moment later.)
      if (groups === 1 && await groupCountBecomes(2)) {
        await commands.executeCommand('vscode.setEditorLayout', { orientation: 0, groups: [{ size: EDITOR_SHARE }, { size: 1 - EDITOR_SHARE }] });
      }
    } else {
      this.panel.reveal(undefined, true);
    }
    this.post(this.lastPosted);
  }

  /** Posts to the view when it listens; the last result is posted again when it says it is ready. */
  private post(message: ToResultsView): void {
    const webview = this.panelView && workspace.getConfiguration('prometheus').get<string>('resultsView') === 'panel' ? this.panelView.webview : this.panel?.webview;
    if (this.panelReady && webview) void webview.postMessage(message);
  }

  /** Loads the view's page into a webview (beside, or in the panel) and listens to it. */
  private attach(webview: Webview): void {
    const assets = Uri.joinPath(this.context.extensionUri, 'dist', 'webview');
    webview.options = { enableScripts: true, localResourceRoots: [assets] };
    this.panelReady = false;
    webview.onDidReceiveMessage((received: unknown) => {
      // From the view's page: read defensively.
      const kind = (received as Partial<FromResultsView> | null)?.kind;
      if (kind === 'rerun' && this.waiting) {
        void this.rerun(this.waiting.message);
        return;
      }
      const windowSeconds = (received as { windowSeconds?: unknown }).windowSeconds;
      if (kind === 'previewWindow' && this.lastPreview && typeof windowSeconds === 'number' && Number.isFinite(windowSeconds)) {
        void this.rerun(this.lastPreview, windowSeconds);
        return;
      }
      if (kind !== 'ready') return;
      // Also after the view reloads: it shows the last result again.
      this.panelReady = true;
      if (this.lastPosted) void webview.postMessage(this.lastPosted);
    });
    webview.html = this.html(webview, assets);
  }

  private html(webview: Webview, assets: Uri): string {
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
  pre.summary { font-family: inherit; margin: 0.6em 0; }
  .recovered { padding: 0.4em 0.6em; margin: 0.4em 0; border-left: 3px solid var(--vscode-charts-green); background: var(--vscode-textBlockQuote-background); }
  button { color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 0.2em 0.8em; cursor: pointer; }
  button:hover { background: var(--vscode-button-hoverBackground); }
  .warning { color: var(--vscode-editorWarning-foreground); } .info, .note { color: var(--vscode-descriptionForeground); }
  table { border-collapse: collapse; width: 100%; font-family: var(--vscode-editor-font-family); }
  th { text-align: left; cursor: pointer; border-bottom: 1px solid var(--vscode-editorWidget-border); padding: 0.2em 0.6em; }
  td { padding: 0.15em 0.6em; border-bottom: 1px solid var(--vscode-editorGroup-border); vertical-align: top; }
  td.value { text-align: right; white-space: nowrap; } tr:hover { background: var(--vscode-list-hoverBackground); }
  ul.tree { list-style: none; padding: 0; font-family: var(--vscode-editor-font-family); } ul.tree li { margin-top: 0.3em; margin-bottom: 0.3em; }
  ul.tree li.node:not([data-depth="0"]) { border-left: 1px solid var(--vscode-tree-indentGuidesStroke); padding-left: 0.6em; }
  .labels { color: var(--vscode-descriptionForeground); font-size: 0.9em; } .chart { margin: 0.8em 0; }
  .u-legend { color: var(--vscode-foreground); }
  h2 { font-size: 1em; margin: 0.8em 0 0.3em; } .windows button.current { outline: 1px solid var(--vscode-focusBorder); }
  .timeline { margin: 0.6em 0; } .axis { display: flex; justify-content: space-between; color: var(--vscode-descriptionForeground); font-size: 0.85em; }
  .instance { margin: 0.3em 0; } .track { position: relative; height: 0.9em; background: var(--vscode-editorWidget-background); border: 1px solid var(--vscode-editorGroup-border); }
  .span { position: absolute; top: 0; bottom: 0; } .span.pending { background: var(--vscode-charts-yellow); } .span.firing { background: var(--vscode-charts-red); }
  details.annotations { margin: 0.4em 0; } td.annotation { white-space: pre-wrap; }
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

/** Whether the editor area has `count` groups, now or within a second. */
function groupCountBecomes(count: number): Promise<boolean> {
  if (window.tabGroups.all.length === count) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      resolve(window.tabGroups.all.length === count);
    }, 1000);
    const subscription = window.tabGroups.onDidChangeTabGroups(() => {
      if (window.tabGroups.all.length !== count) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(true);
    });
  });
}

/** The line left after a query (`⟵ 3 series · 18 ms`) or a previewed rule (`⟵ preview: fired 3× in 6 h`). */
function inlineText(message: QueryResultParams): string {
  if (message.kind === 'preview') return `⟵ preview: ${message.result.headline}`;
  const truncation = message.kind === 'explain' ? undefined : message.result.truncation;
  return `⟵ ${message.kind === 'explain' ? 'explain: ' : message.kind === 'range' ? 'graph: ' : ''}${message.result.summary}${truncation ? ` (${truncation})` : ''}`;
}

/** Whether a run failed for want of its server (down, unreachable, or none configured), not because of the query. */
function wantedItsServer(error: QueryResultParams['result']['error']): boolean {
  if (error === undefined) return false;
  if (typeof error === 'string') return true;
  return error.kind === 'unreachable' || error.kind === 'config' || error.kind === 'timeout';
}
