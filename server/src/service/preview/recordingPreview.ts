/*
 * What a recording rule would write: its expression at the window's end (how many series, a
 * sample of them with the rule's name and `labels:` applied, as Prometheus writes them), and over
 * the window as a range query, which label sets appeared after its start or vanished before its end.
 */

import { isRecord } from '../json/isRecord';
import type { QueryExecutor } from '../query/queryExecutor';
import type { RulePreviewInput, RulePreviewOptions } from './previewInput';
import { labelKey, queryMatrix } from './rangeMatrix';
import { recordingSummary } from './previewSummary';
import type { PreviewWindow, RulePreview } from './rulePreview';

type RecordingPart = Pick<RulePreview, 'instances' | 'series' | 'sample' | 'churn' | 'summary' | 'error'>;

export async function previewRecordingRule(input: RulePreviewInput, executor: QueryExecutor, window: PreviewWindow, options: RulePreviewOptions): Promise<RecordingPart> {
  const now = await executor.instant({ query: input.expr, time: window.end }, options.signal);
  if (!now.ok) return { instances: [], summary: `could not be evaluated: ${now.message}`, error: now.message };
  const written = writtenSeries(now.data, input);
  if (written === null) {
    const error = 'rule result is not a vector or scalar';
    return { instances: [], summary: `could not be evaluated: ${error}`, error };
  }
  const sample = written.slice(0, options.sampleSize ?? 10);
  const range = await queryMatrix(executor, input.expr, window.start, window.end, window.step, options.signal);
  const churn = range.ok ? churnOf(range.series, input, window) : undefined;
  return { instances: [], series: written.length, sample, ...(churn ? { churn } : {}), summary: recordingSummary(written.length, churn, window) };
}

/** The series the rule writes from an instant answer: the metric name set to the rule's, its labels added. */
function writtenSeries(data: unknown, input: RulePreviewInput): { labels: Record<string, string>; value: string }[] | null {
  if (!isRecord(data) || !Array.isArray(data['result'])) return null;
  if (data['resultType'] === 'scalar') return [{ labels: withRule({}, input), value: String(data['result'][1]) }];
  if (data['resultType'] !== 'vector') return null;
  const out: { labels: Record<string, string>; value: string }[] = [];
  for (const item of data['result']) {
    if (!isRecord(item) || !Array.isArray(item['value'])) continue;
    const metric = isRecord(item['metric']) ? item['metric'] : {};
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(metric)) if (typeof v === 'string') labels[k] = v;
    out.push({ labels: withRule(labels, input), value: String(item['value'][1]) });
  }
  return out;
}

function withRule(labels: Record<string, string>, input: RulePreviewInput): Record<string, string> {
  const merged = new Map<string, string>([['__name__', input.name]]);
  for (const [k, v] of Object.entries(labels)) if (k !== '__name__') merged.set(k, v);
  // An empty value removes the label, as Prometheus' labels builder does.
  for (const [k, v] of Object.entries(input.labels ?? {})) {
    if (v === '') merged.delete(k);
    else merged.set(k, v);
  }
  return Object.fromEntries(merged);
}

/** Label sets absent at the window's first step that are there later (appeared), and present at some step but not at its last (vanished). */
function churnOf(matrix: readonly { metric: Record<string, string>; values: [number, number][] }[], input: RulePreviewInput, window: PreviewWindow): { appeared: number; vanished: number } {
  // Two series of the expression can become one written series once the rule's labels apply: join them.
  const spans = new Map<string, { first: number; last: number }>();
  for (const series of matrix) {
    if (series.values.length === 0) continue;
    const key = labelKey(withRule(series.metric, input));
    const first = series.values[0][0];
    const last = series.values[series.values.length - 1][0];
    const known = spans.get(key);
    spans.set(key, known ? { first: Math.min(known.first, first), last: Math.max(known.last, last) } : { first, last });
  }
  let appeared = 0;
  let vanished = 0;
  for (const { first, last } of spans.values()) {
    if (first > window.start) appeared++;
    if (last < window.end) vanished++;
  }
  return { appeared, vanished };
}
