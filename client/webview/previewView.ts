import type { PreviewRuleResponse } from '../../server/src/lsp/protocol';
import { el } from './element';
import { readableValue } from './sampleValue';
import { PREVIEW_WINDOWS } from './viewMessages';

/*
 * A rule's preview in the results view: the summary line, the server's own version of the rule
 * beside it, buttons for another window, and then for an alerting rule a timeline per alert
 * instance (its pending and firing spans over the window) with the annotations rendered at its
 * last firing and the templates that failed; for a recording rule the series it would write now,
 * a sample of them and how many label sets came and went. Everything shown was computed by the
 * server (service/preview/); this file only lays it out.
 */

/** A time of the window as the view writes it: `13:05` within a day, `Dec 7 13:05` beyond. */
function clock(seconds: number, withDay: boolean): string {
  const date = new Date(seconds * 1000);
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  return withDay ? `${date.toLocaleDateString('en-US', { month: 'short', day: 'numeric' })} ${time}` : time;
}

function minutes(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return m > 0 ? `${h} h ${m} min` : `${h} h`;
}

/** Labels as Prometheus' UI prints a series: `name{a="1", b="2"}` (an alert's name is the view's title, so it is left out). */
function labelText(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels).filter(([k]) => k !== 'alertname' && k !== '__name__');
  const name = labels['__name__'] ?? '';
  return entries.length === 0 ? name || '{}' : `${name}{${entries.map(([k, v]) => `${k}="${v}"`).join(', ')}}`;
}

function windowButtons(result: PreviewRuleResponse, choose: (seconds: number) => void): HTMLElement {
  const length = result.window.end - result.window.start;
  const bar = el('div', { class: 'windows', 'data-testid': 'preview-windows' }, el('span', { class: 'note' }, 'Window: '));
  for (const w of PREVIEW_WINDOWS) {
    const current = Math.abs(w.seconds - length) < 60;
    const button = el('button', { 'data-window': w.label, ...(current ? { class: 'current', 'aria-pressed': 'true' } : {}) }, w.label);
    button.addEventListener('click', () => choose(w.seconds));
    bar.append(button, ' ');
  }
  return bar;
}

/** The server's own version of the rule: `On prom: firing · evaluated 13:05:02 · health err · last error: …`, and whether it is another version. */
function liveRule(result: PreviewRuleResponse): HTMLElement[] {
  const live = result.live;
  if (!live) return [el('p', { class: 'note', 'data-testid': 'live-rule' }, `${result.server} runs no rule named ${result.rule} (or does not say which rules it runs).`)];
  const line = [
    live.state,
    live.lastEvaluation !== undefined ? `evaluated ${new Date(live.lastEvaluation * 1000).toLocaleTimeString('en-GB')}` : 'not evaluated yet',
    live.health === 'ok' ? undefined : `health ${live.health}`,
    live.lastError !== undefined ? `last error: ${live.lastError}` : undefined,
  ].filter((p): p is string => p !== undefined && p !== '').join(' · ');
  const parts: HTMLElement[] = [el('p', { class: 'note', 'data-testid': 'live-rule' }, `On ${result.server}: ${line}`)];
  if (live.differs) {
    parts.push(el('div', { class: 'warning', 'data-testid': 'other-version' },
      el('p', {}, 'The server runs another version of this rule:'),
      el('pre', { class: 'query' }, live.expr)));
  }
  return parts;
}

/** One instance's row: its labels, then its spans drawn over the window. */
function timelineRow(instance: PreviewRuleResponse['instances'][number], window: PreviewRuleResponse['window']): HTMLElement {
  const length = Math.max(1, window.end - window.start);
  const withDay = length >= 86_400;
  const track = el('div', { class: 'track' });
  for (const span of instance.spans) {
    const end = span.end ?? window.end;
    const title = `${span.state} ${clock(span.start, withDay)} – ${span.end === null ? 'now' : clock(span.end, withDay)} (${minutes(end - span.start)})`;
    const bar = el('div', { class: `span ${span.state}`, 'data-testid': `span-${span.state}`, title });
    // Through the CSSOM: the view's Content-Security-Policy blocks inline style attributes.
    bar.style.left = `${(Math.max(0, span.start - window.start) / length) * 100}%`;
    bar.style.width = `${Math.max(0.3, ((Math.min(end, window.end) - Math.max(span.start, window.start)) / length) * 100)}%`;
    track.append(bar);
  }
  return el('div', { class: 'instance', 'data-testid': 'preview-instance' }, el('div', { class: 'labels' }, labelText(instance.labels)), track);
}

function annotationsOf(instance: PreviewRuleResponse['instances'][number]): HTMLElement | null {
  const rows = Object.entries(instance.annotations);
  const errors = instance.templateErrors ?? [];
  if (rows.length === 0 && errors.length === 0) return null;
  const body = el('tbody');
  for (const [key, value] of rows) body.append(el('tr', {}, el('td', { class: 'labels' }, key), el('td', { class: 'annotation' }, value)));
  const box = el('details', { class: 'annotations', 'data-testid': 'preview-annotations', open: '' },
    el('summary', {}, `${labelText(instance.labels)} at its last ${instance.spans.some((s) => s.state === 'firing') ? 'firing' : 'evaluation'}`),
    el('table', {}, body));
  for (const e of errors) box.append(el('pre', { class: 'error', 'data-testid': 'template-error' }, `${e.field === 'labels' ? 'label ' : ''}${e.key}: ${e.message}`));
  return box;
}

function alertParts(result: PreviewRuleResponse): HTMLElement[] {
  if (result.instances.length === 0) return [];
  const withDay = result.window.end - result.window.start >= 86_400;
  const timeline = el('div', { class: 'timeline', 'data-testid': 'preview-timeline' },
    el('div', { class: 'axis' }, el('span', {}, clock(result.window.start, withDay)), el('span', {}, clock(result.window.end, withDay))));
  for (const instance of result.instances) timeline.append(timelineRow(instance, result.window));
  const parts: HTMLElement[] = [timeline];
  if (result.omittedInstances) parts.push(el('p', { class: 'note' }, `${result.omittedInstances.toLocaleString('en-US')} more alert instances not shown`));
  const annotated = result.instances.map(annotationsOf).filter((a): a is HTMLElement => a !== null);
  if (annotated.length > 0) parts.push(el('h2', {}, 'Annotations'), ...annotated);
  return parts;
}

function recordParts(result: PreviewRuleResponse): HTMLElement[] {
  const parts: HTMLElement[] = [el('p', { 'data-testid': 'preview-series' }, `Would write ${(result.series ?? 0).toLocaleString('en-US')} series now.`)];
  if (result.churn) parts.push(el('p', { class: 'note', 'data-testid': 'preview-churn' }, `Over the window: ${result.churn.appeared} label sets appeared, ${result.churn.vanished} vanished.`));
  if (result.sample && result.sample.length > 0) {
    const body = el('tbody');
    for (const s of result.sample) body.append(el('tr', {}, el('td', { class: 'labels' }, labelText(s.labels)), el('td', { class: 'value', title: s.value, 'data-exact': s.value }, readableValue(s.value))));
    parts.push(el('table', { 'data-testid': 'preview-sample' }, el('thead', {}, el('tr', {}, el('th', {}, 'Series'), el('th', {}, 'Value'))), body));
  }
  return parts;
}

/** @param choose previews the rule again over another window (seconds) */
export function renderPreview(result: PreviewRuleResponse, choose: (seconds: number) => void): HTMLElement[] {
  const what = result.kind === 'alert' ? 'alert' : 'recording rule';
  const parts: HTMLElement[] = [el('header', {},
    el('h1', {}, result.server ? `Preview of ${what} ${result.rule} on ${result.server}` : `Preview of ${what} ${result.rule}: no server`),
    el('pre', { class: 'query' }, result.query),
    el(result.ok ? 'p' : 'pre', { class: result.ok ? 'summary' : 'summary error', 'data-testid': 'summary' }, result.summary))];
  if (result.error !== undefined && !result.summary.includes(result.error)) parts.push(el('pre', { class: 'error', 'data-testid': 'error' }, result.error));
  if (result.server) parts.push(...liveRule(result), windowButtons(result, choose));
  if (result.ok) {
    parts.push(el('p', { class: 'note', 'data-testid': 'approximation' }, result.approximation ?? `Replayed from a range query every ${minutes(result.window.step)}: this approximates the rule's own evaluation times.`));
    parts.push(...(result.kind === 'alert' ? alertParts(result) : recordParts(result)));
  }
  return parts;
}
