/*
 * Previews one rule against a server: for an alerting rule, its expression as a range query over a
 * window at the group's interval, Prometheus' alerting state machine replayed per label set
 * (alertReplay.ts), and the annotations rendered at each instance's last firing
 * (templateRender.ts); for a recording rule, what it would write now and how its series came and
 * went (recordingPreview.ts). The editor's Preview lens and `prometheus-lsp preview` both call this.
 *
 * A range query evaluates at start, start + step, …: an approximation of the rule's own evaluation
 * times, which Prometheus offsets per group. Spans are therefore exact to the step, not the second.
 */

import { isRecord } from '../json/isRecord';
import type { QueryAnswer, QueryExecutor } from '../query/queryExecutor';
import { queryCost } from '../query/queryCost';
import { replayAlerts, type Evaluation } from './alertReplay';
import { previewRecordingRule } from './recordingPreview';
import type { AlertInstance, AlertSpan, PreviewWindow, RulePreview } from './rulePreview';
import { serverRuleState } from './serverRule';
import { alertSummary, DEFAULT_WINDOW_SECONDS } from './previewSummary';
import { renderTemplate, type QuerySample, type TemplateData, type TemplateEnvironment } from './templateRender';
import { parse as parseYaml } from 'yaml';
import type { RulePreviewInput, RulePreviewOptions } from './previewInput';
import { labelKey, queryMatrix, sampleValue, stringRecord, toMilliseconds as round } from './rangeMatrix';

export type { RulePreviewInput, RulePreviewOptions } from './previewInput';

/** The alert instances kept at most: an expression that returns thousands of label sets is cut there. */
export const MAX_INSTANCES = 500;

/** The longest replay before the window (`for:` + `keep_firing_for:`). */
const MAX_PRE_ROLL = 86_400;

export async function previewRule(input: RulePreviewInput, executor: QueryExecutor, options: RulePreviewOptions): Promise<RulePreview> {
  const preview = await previewRuleOnly(input, executor, options);
  if (!options.cost || preview.error !== undefined || options.signal?.aborted) return preview;
  // What the expression costs at the window's last evaluation (query/queryCost.ts).
  return { ...preview, cost: await queryCost(input.expr, executor, { time: preview.window.end, signal: options.signal }) };
}

async function previewRuleOnly(input: RulePreviewInput, executor: QueryExecutor, options: RulePreviewOptions): Promise<RulePreview> {
  const window = previewWindow(input, options);
  const server = await serverRuleState(input, executor, options.signal);
  const base = { file: input.file, group: input.group, rule: input.name, kind: input.kind, window, approximation: approximationNote(window.step), ...(server ? { server } : {}) };
  if (input.kind === 'record') return { ...base, ...(await previewRecordingRule(input, executor, window, options)) };
  const externalLabels = options.externalLabels ?? await serverExternalLabels(executor, options.signal);
  // The replay starts `for:` + `keep_firing_for:` before the window, so that an alert pending or
  // held at the window's start is in the state Prometheus' would be in; spans are cut at the start.
  const preRoll = Math.min(MAX_PRE_ROLL, Math.ceil(((input.for ?? 0) + (input.keepFiringFor ?? 0)) / window.step) * window.step);
  const answer = await queryMatrix(executor, input.expr, window.start - preRoll, window.end, window.step, options.signal);
  if (!answer.ok) return { ...base, instances: [], summary: `could not be evaluated: ${answer.message}`, error: answer.message };
  const series = answer.series;
  const query = queryFunction(executor, options.signal);
  const environment = (time: number): TemplateEnvironment => ({ name: `__alert_${input.name}`, time, query });
  const data = (labels: Record<string, string>, value: number): TemplateData => ({ labels, value, externalLabels, externalURL: options.externalURL ?? '' });

  // The evaluations: at each step, the label sets the expression returned, with the rule's labels rendered.
  const byTime = new Map<number, { metric: Record<string, string>; value: number }[]>();
  for (const s of series) {
    for (const [t, v] of s.values) {
      let list = byTime.get(t);
      if (!list) byTime.set(t, (list = []));
      list.push({ metric: s.metric, value: v });
    }
  }
  const ruleLabels = Object.entries(input.labels ?? {});
  const templated = ruleLabels.some(([, v]) => v.includes('{{'));
  const labelErrors = new Map<string, { key: string; field: 'labels'; offset: number; message: string }>();
  const evaluations: Evaluation<{ labels: Record<string, string>; metric: Record<string, string>; value: number }>[] = [];
  for (let t = window.start - preRoll; t <= window.end + 1e-9; t += window.step) {
    const time = round(t);
    const samples = byTime.get(time) ?? [];
    const active = [];
    const seen = new Set<string>();
    for (const sample of samples) {
      // As Prometheus' labels builder: the result's labels without __name__, the rule's set over
      // them (an empty value removes the label), alertname last; sorted by name.
      const built = new Map(Object.entries(sample.metric));
      built.delete('__name__');
      for (const [key, text] of ruleLabels) {
        let value = text;
        if (templated && text.includes('{{')) {
          const rendered = await renderTemplate(text, data(sample.metric, sample.value), environment(time));
          value = rendered.text;
          if (!rendered.ok && !labelErrors.has(key)) labelErrors.set(key, { key, field: 'labels', offset: rendered.offset, message: rendered.message });
        }
        if (value === '') built.delete(key);
        else built.set(key, value);
      }
      built.set('alertname', input.name);
      const labels = Object.fromEntries([...built].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      const key = labelKey(labels);
      if (seen.has(key)) {
        const message = 'vector contains metrics with the same labelset after applying alert labels';
        return { ...base, instances: [], summary: `could not be evaluated: ${message}`, error: message };
      }
      seen.add(key);
      active.push({ key, payload: { labels, metric: sample.metric, value: sample.value } });
    }
    evaluations.push({ time, active });
  }
  const replayed = replayAlerts(evaluations, input.for ?? 0, input.keepFiringFor ?? 0)
    .map((alert) => ({ ...alert, spans: clipSpans(alert.spans, window.start) }))
    .filter((alert) => alert.spans.length > 0);

  // Each instance's annotations, at its last firing (or its last active evaluation when it never fired).
  const instances: AlertInstance[] = [];
  for (const alert of replayed.slice(0, MAX_INSTANCES)) {
    const { payload, time } = alert.last;
    const annotations: Record<string, string> = {};
    const templateErrors: { key: string; field: 'labels' | 'annotations'; offset: number; message: string }[] = [];
    for (const [key, text] of Object.entries(input.annotations ?? {})) {
      const rendered = await renderTemplate(text, data(payload.metric, payload.value), environment(time));
      annotations[key] = rendered.text;
      if (!rendered.ok) templateErrors.push({ key, field: 'annotations', offset: rendered.offset, message: rendered.message });
    }
    templateErrors.push(...labelErrors.values());
    instances.push({ labels: payload.labels, spans: alert.spans, annotations, ...(templateErrors.length > 0 ? { templateErrors } : {}) });
  }
  const summary = alertSummary(instances, replayed, window);
  return { ...base, instances, summary, ...(replayed.length > MAX_INSTANCES ? { omittedInstances: replayed.length - MAX_INSTANCES } : {}) };
}

/** Spans as seen from the window's start: those over before it dropped, those open at it starting there. */
function clipSpans(spans: readonly AlertSpan[], start: number): AlertSpan[] {
  return spans.filter((s) => s.end === null || s.end > start).map((s) => (s.start < start ? { ...s, start } : s));
}

/** The window and step of a preview: steps aligned on multiples of the step, so that two runs agree. */
export function previewWindow(input: Pick<RulePreviewInput, 'groupInterval'>, options: Pick<RulePreviewOptions, 'now' | 'since' | 'step' | 'evaluationInterval'>): PreviewWindow {
  const step = options.step ?? input.groupInterval ?? options.evaluationInterval ?? 60;
  const since = options.since ?? DEFAULT_WINDOW_SECONDS;
  const end = Math.floor(options.now / step) * step;
  const start = end - Math.floor(since / step) * step;
  return { start, end, step };
}

export function approximationNote(step: number): string {
  return `evaluated as a range query every ${stepText(step)}: this approximates the rule's own evaluation times (Prometheus offsets each group's), so spans are exact to the step`;
}

function stepText(step: number): string {
  return step % 3600 === 0 ? `${step / 3600}h` : step % 60 === 0 ? `${step / 60}m` : `${step}s`;
}

/** `global.external_labels` of the server's configuration (`/api/v1/status/config`), or none when it does not answer. */
async function serverExternalLabels(executor: QueryExecutor, signal?: AbortSignal): Promise<Record<string, string>> {
  if (!executor.config) return {};
  const answer = await executor.config(signal);
  if (!answer.ok || !isRecord(answer.data) || typeof answer.data['yaml'] !== 'string') return {};
  try {
    const config: unknown = parseYaml(answer.data['yaml']);
    const global = isRecord(config) ? config['global'] : undefined;
    const labels = isRecord(global) ? global['external_labels'] : undefined;
    if (!isRecord(labels)) return {};
    return Object.fromEntries(Object.entries(labels).filter(([, v]) => typeof v === 'string' || typeof v === 'number').map(([k, v]) => [k, String(v)]));
  } catch {
    return {};
  }
}

/** The template function `query`: an instant query at the evaluation time, as a list of samples (a scalar becomes one sample without labels). */
/**
 * The most distinct queries (expression and time) a preview's templates run. A label template runs
 * at every step for every series: with `query` in it, 100,000 label sets would be 100,000 requests.
 */
export const MAX_TEMPLATE_QUERIES = 200;

function queryFunction(executor: QueryExecutor, signal?: AbortSignal): TemplateEnvironment['query'] {
  const cache = new Map<string, Promise<QuerySample[] | { error: string }>>();
  return (expr, time) => {
    const key = `${time} ${expr}`;
    let answer = cache.get(key);
    if (answer) return answer;
    if (cache.size >= MAX_TEMPLATE_QUERIES) return Promise.resolve({ error: `the preview runs at most ${MAX_TEMPLATE_QUERIES} distinct template queries` });
    cache.set(key, (answer = executor.instant({ query: expr, time }, signal).then(samplesOf)));
    return answer;
  };
}

function samplesOf(answer: QueryAnswer): QuerySample[] | { error: string } {
  if (!answer.ok) return { error: answer.message };
  const data = answer.data;
  if (!isRecord(data)) return { error: 'the server did not answer a result' };
  if (data['resultType'] === 'scalar' && Array.isArray(data['result'])) return [{ labels: {}, value: sampleValue(data['result'][1]) }];
  if (data['resultType'] !== 'vector' || !Array.isArray(data['result'])) return { error: 'rule result is not a vector or scalar' };
  const out: QuerySample[] = [];
  for (const item of data['result']) {
    if (!isRecord(item) || !Array.isArray(item['value'])) continue;
    out.push({ labels: stringRecord(item['metric']), value: sampleValue(item['value'][1]) });
  }
  return out;
}
