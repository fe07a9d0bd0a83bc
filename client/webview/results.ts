import uPlot from 'uplot';
import type { ExplainQueryResponse, QueryResult, QuerySeries, RunQueryResponse } from '../../server/src/lsp/protocol';
import type { FromResultsView, ToResultsView } from './viewMessages';
import { readableValue } from './sampleValue';
import { el } from './element';
import { renderPreview } from './previewView';

/*
 * The results view (a webview): a sortable table of series, a chart of range results (uPlot,
 * bundled, offline), the Explain tree and a rule's preview (previewView.ts), in the editor's theme colours. It renders the message the
 * extension posts (a `prometheus/queryResult`'s result, typed in server/src/lsp/protocol.ts) and
 * holds no other state; it tells the extension when it listens.
 */

const root = document.getElementById('root')!;
let sortColumn: 'labels' | 'value' = 'value';
let sortDescending = true;
let current: QueryResult | null = null;
/** Said when the server of a failed run answers again: shown above the result, with "Run again". */
let recovered: string | null = null;
let chart: uPlot | null = null;

/** The title, the query and the summary; a failed run's summary is its error, printed once (here). */
function header(result: { server: string; query: string; summary: string; ok: boolean }, title: string): HTMLElement {
  return el('header', {},
    el('h1', {}, result.server ? `${title} on ${result.server}` : `${title}: no server`),
    el('pre', { class: 'query' }, result.query),
    el(result.ok ? 'p' : 'pre', { class: result.ok ? 'summary' : 'summary error', 'data-testid': 'summary' }, result.summary));
}

/** The error's text when it says more than the summary already does. */
function errorBeyondSummary(summary: string, error: string | undefined): string | undefined {
  if (error === undefined || error === '' || summary.includes(error)) return undefined;
  return error;
}

function notes(lines: readonly (string | undefined)[], cls: string): HTMLElement[] {
  return lines.filter((l): l is string => typeof l === 'string' && l !== '').map((l) => el('p', { class: cls }, l));
}

function numeric(value: string | undefined): number {
  if (value === undefined) return Number.NEGATIVE_INFINITY;
  const n = Number(value);
  return Number.isNaN(n) ? Number.NEGATIVE_INFINITY : n;
}

function lastValue(series: QuerySeries): string | undefined {
  return series.value ?? series.points?.[series.points.length - 1]?.[1];
}

function table(series: readonly QuerySeries[], omitted: number): HTMLElement {
  const rows = [...series].sort((a, b) => {
    const order = sortColumn === 'labels' ? a.labels.localeCompare(b.labels) : numeric(lastValue(a)) - numeric(lastValue(b));
    return sortDescending ? -order : order;
  });
  const th = (column: 'labels' | 'value', text: string): HTMLElement => {
    const cell = el('th', { role: 'button', tabindex: '0' }, text + (sortColumn === column ? (sortDescending ? ' ▼' : ' ▲') : ''));
    cell.addEventListener('click', () => {
      if (sortColumn === column) sortDescending = !sortDescending;
      else {
        sortColumn = column;
        sortDescending = column === 'value';
      }
      render();
    });
    return cell;
  };
  const body = el('tbody');
  for (const s of rows) {
    const exact = lastValue(s) ?? '';
    // The exact value on hover and in what is copied (see the copy listener).
    body.append(el('tr', {}, el('td', { class: 'labels' }, s.labels || '{}'), el('td', { class: 'value', title: exact, 'data-exact': exact }, readableValue(exact))));
  }
  const out = el('div', { class: 'table' }, el('table', { 'data-testid': 'series-table' }, el('thead', {}, el('tr', {}, th('labels', 'Series'), th('value', 'Value'))), body));
  if (omitted > 0) out.append(el('p', { class: 'note' }, `${omitted.toLocaleString('en-US')} more series not shown`));
  return out;
}

function themeColor(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

const PALETTE = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-red', '--vscode-charts-purple', '--vscode-charts-yellow'];

function graph(series: readonly QuerySeries[]): HTMLElement {
  const container = el('div', { class: 'chart', 'data-testid': 'chart' });
  const shown = series.filter((s) => s.points && s.points.length > 0).slice(0, 20);
  const times = [...new Set(shown.flatMap((s) => s.points!.map((p) => p[0])))].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const data: (number | null)[][] = [times];
  for (const s of shown) {
    const column: (number | null)[] = times.map(() => null);
    for (const [t, v] of s.points!) {
      const n = Number(v);
      column[index.get(t)!] = Number.isFinite(n) ? n : null;
    }
    data.push(column);
  }
  const fg = themeColor('--vscode-editor-foreground', '#888');
  const grid = themeColor('--vscode-editorWidget-border', '#8884');
  queueMicrotask(() => {
    chart?.destroy();
    chart = new uPlot({
      width: Math.max(300, container.clientWidth || 800),
      height: 280,
      axes: [{ stroke: fg, grid: { stroke: grid } }, { stroke: fg, grid: { stroke: grid } }],
      series: [{}, ...shown.map((s, i) => ({ label: s.labels || '{}', stroke: themeColor(PALETTE[i % PALETTE.length], '#4e9'), width: 1.5 }))],
      legend: { show: shown.length <= 8 },
    }, data as uPlot.AlignedData, container);
  });
  return container;
}

function renderRun(result: RunQueryResponse, kind: 'instant' | 'range'): HTMLElement[] {
  const parts: HTMLElement[] = [header(result, kind === 'range' ? 'Graph' : 'Run')];
  if (result.rule) parts.push(el('p', { class: 'note' }, result.rule.title));
  parts.push(...notes([result.statsLine, result.truncation, result.templateNote], 'note'));
  parts.push(...notes(result.warnings ?? [], 'warning'), ...notes(result.infos ?? [], 'info'));
  const error = errorBeyondSummary(result.summary, result.error?.message);
  if (error) parts.push(el('pre', { class: 'error', 'data-testid': 'error' }, error));
  if (result.scalar !== undefined) parts.push(el('p', { class: 'scalar', title: result.scalar }, `${result.resultType ?? 'scalar'}: ${readableValue(result.scalar)}`));
  const series = result.series ?? [];
  if (kind === 'range' && series.length > 0) parts.push(graph(series));
  if (series.length > 0 || result.ok) parts.push(table(series, result.omittedSeries ?? 0));
  return parts;
}

function renderExplain(result: ExplainQueryResponse): HTMLElement[] {
  const parts: HTMLElement[] = [header(result, 'Explain')];
  parts.push(...notes([result.templateNote, result.omitted > 0 ? `${result.omitted} deeper nodes not run` : undefined, result.cost ? `Cost: ${result.cost.summary}` : undefined], 'note'));
  const error = errorBeyondSummary(result.summary, result.error);
  if (error) parts.push(el('pre', { class: 'error' }, error));
  const list = el('ul', { class: 'tree', 'data-testid': 'explain-tree' });
  for (const node of result.nodes) {
    const labels = (node.labels ?? []).map((l) => `${l.name} (${l.values})`).join(', ');
    const item = el('li', { class: node.ok ? 'node' : 'node error', 'data-depth': String(node.depth) },
      el('code', {}, node.query),
      el('span', { class: 'count' }, ` — ${node.summary}`),
      labels ? el('div', { class: 'labels' }, labels) : '');
    // Through the CSSOM: the view's Content-Security-Policy blocks inline style attributes.
    item.style.marginLeft = `${node.depth * 1.2}em`;
    list.append(item);
  }
  parts.push(list);
  return parts;
}

declare function acquireVsCodeApi(): { postMessage(message: FromResultsView): void };
const vscode = acquireVsCodeApi();

function banner(note: string): HTMLElement {
  const button = el('button', { 'data-testid': 'run-again' }, 'Run again');
  button.addEventListener('click', () => vscode.postMessage({ kind: 'rerun' }));
  return el('div', { class: 'recovered', 'data-testid': 'recovered' }, el('span', {}, `${note} `), button);
}

function render(): void {
  if (!current) return;
  const parts = current.kind === 'explain' ? renderExplain(current.result)
    : current.kind === 'preview' ? renderPreview(current.result, (windowSeconds) => vscode.postMessage({ kind: 'previewWindow', windowSeconds }))
      : renderRun(current.result, current.kind);
  root.replaceChildren(...(recovered ? [banner(recovered)] : []), ...parts);
}

/** Copying value cells copies the exact values Prometheus sent, not the rounded ones shown. */
document.addEventListener('copy', (event) => {
  const selection = document.getSelection();
  if (!selection || selection.isCollapsed) return;
  const rows = Array.from(document.querySelectorAll('[data-testid=series-table] tbody tr')).filter((row) => selection.containsNode(row, true));
  if (rows.length === 0) return;
  const lines = rows.map((row) => Array.from(row.querySelectorAll('td')).filter((cell) => selection.containsNode(cell, true))
    .map((cell) => cell.getAttribute('data-exact') ?? cell.textContent ?? '').join('\t'));
  event.clipboardData?.setData('text/plain', lines.join('\n'));
  event.preventDefault();
});

window.addEventListener('message', (event: MessageEvent<ToResultsView>) => {
  const message = event.data;
  if (message.kind === 'recovered') recovered = message.note;
  else {
    current = message;
    recovered = null;
  }
  render();
});
// Only now can a result reach this view: the extension holds it until told.
vscode.postMessage({ kind: 'ready' });
