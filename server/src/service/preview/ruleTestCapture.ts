import { parseDuration } from '../promql/duration';
import { analyzePromQL } from '../promql/analysis';
import { forEachPreOrder, type Expr } from '../promql/syntaxTree';
import type { QueryExecutor } from '../query/queryExecutor';
import { previewRule, type RulePreviewInput } from './previewRule';
import { matrixOf } from './rangeMatrix';
import type { AlertInstance, RulePreview } from './rulePreview';
import { gridValues } from './ruleTestSeries';
import type { RuleTestCase, RuleTestSeries } from './ruleTestWriter';

/*
 * The data of Create test, taken from a server: the rule previewed (previewRule.ts) over a window
 * at its group's interval, and each series its selectors read, fetched on the same grid from far
 * enough back that the test sees what the server saw (the history of the alerts firing at the
 * last evaluation, plus the selectors' ranges and the 5 m lookback). The expectations are the
 * preview's at its last evaluation. Pure: the server is a QueryExecutor.
 */

export interface RuleTestCaptureOptions {
  /** Unix seconds: the caller's clock. */
  readonly now: number;
  /** The preview's window, seconds (default 1 h, at most `maxPoints` evaluations): how far back an alert's history is looked for. */
  readonly since?: number;
  /** The configuration's `evaluation_interval`, seconds, for groups without `interval:`. */
  readonly evaluationInterval?: number;
  /** Series written into the test at most (default 100): a rule that reads more makes no readable test. */
  readonly maxSeries?: number;
  /** Grid points at most (default 1,000). */
  readonly maxPoints?: number;
  readonly signal?: AbortSignal;
}

export type RuleTestCapture =
  | { readonly ok: true; readonly testCase: RuleTestCase; readonly preview: RulePreview }
  | { readonly ok: false; readonly message: string };

/** A short window: the history of an alert that fires now, rarely longer. */
const DEFAULT_WINDOW_SECONDS = 3600;

/** Prometheus' default lookback: a sample counts this long after its time. */
const LOOKBACK_SECONDS = 300;

export async function captureRuleTest(input: RulePreviewInput, ruleFile: string, executor: QueryExecutor, options: RuleTestCaptureOptions): Promise<RuleTestCapture> {
  const maxSeries = options.maxSeries ?? 100;
  const maxPoints = options.maxPoints ?? 1000;
  const analysis = analyzePromQL(input.expr);
  if (analysis.syntaxProblems.length > 0) return { ok: false, message: `the expression does not parse: ${analysis.syntaxProblems[0].message}` };
  // promtool's tests have no external labels: render the annotations as the test will.
  const step = input.groupInterval ?? options.evaluationInterval ?? 60;
  const since = Math.min(options.since ?? DEFAULT_WINDOW_SECONDS, (maxPoints - 1) * step);
  const preview = await previewRule(input, executor, { now: options.now, since, step, evaluationInterval: options.evaluationInterval, externalLabels: {}, sampleSize: maxSeries, signal: options.signal });
  if (preview.error !== undefined) return { ok: false, message: `${input.name} could not be evaluated on ${executor.name}: ${preview.error}` };
  const { end } = preview.window;

  // From the start of the activity of every alert firing at the end, back by the selectors' reach.
  let historyStart = end;
  for (const instance of preview.instances) {
    const start = openChainStart(instance);
    if (start !== null) historyStart = Math.min(historyStart, start);
  }
  const reach = LOOKBACK_SECONDS + rangesOf(analysis.expr, input.expr);
  const wanted = Math.floor((historyStart - reach) / step) * step - step;
  const start = Math.max(wanted, end - (maxPoints - 1) * step);
  // The input series at the data's own resolution where the group's interval holds it a whole number
  // of times: rate() and increase() then read in the test the samples they read on the server.
  const selectors = selectorsOf(analysis.expr, input.expr);
  const inputStep = await inputResolution(selectors, step, end, executor, options.signal, Math.floor(maxPoints * 4 / Math.max(1, Math.round((end - start) / step) + 1)));
  const count = Math.round((end - start) / inputStep) + 1;

  const series = new Map<string, RuleTestSeries>();
  for (const selector of selectors) {
    const answer = await executor.range({ query: selector, start, end, step: inputStep }, options.signal);
    if (!answer.ok) return { ok: false, message: `${selector}: ${answer.message}` };
    const matrix = rawMatrixOf(answer.data);
    if (matrix === null) return { ok: false, message: `${selector}: ${executor.name} did not answer a matrix` };
    for (const s of matrix) {
      const key = JSON.stringify(Object.entries(s.metric).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      if (!series.has(key)) series.set(key, { labels: s.metric, values: gridValues(s.values, start, inputStep, count) });
    }
    if (series.size > maxSeries) return { ok: false, message: `the rule reads more than ${maxSeries} series: too many for a unit test (narrow its selectors, or write the test by hand)` };
  }

  const evalTimeSeconds = end - start;
  const cut = start > wanted ? `; its history was cut to ${maxPoints} points` : '';
  const testCase: RuleTestCase = {
    ruleFile,
    name: `${input.name} from ${executor.name}`,
    intervalSeconds: step,
    inputIntervalSeconds: inputStep,
    rule: { kind: input.kind, name: input.name },
    series: [...series.values()],
    evalTimeSeconds,
    ...(input.kind === 'alert'
      ? { alerts: preview.instances.filter(firingAtEnd).map((i) => ({ labels: i.labels, annotations: i.annotations })) }
      : { samples: (preview.sample ?? []).map((s) => ({ labels: s.labels, value: s.value })) }),
    comment: `Created from ${executor.name}: ${series.size} series from ${new Date(start * 1000).toISOString()} to ${new Date(end * 1000).toISOString()} every ${inputStep}s${cut}.\nThe expectations are what the server's data gave at ${new Date(end * 1000).toISOString()}; edit them to what the rule must do.`,
  };
  if (input.kind === 'record' && (preview.series ?? 0) > (preview.sample?.length ?? 0)) {
    return { ok: false, message: `the rule writes ${preview.series} series: more than ${maxSeries}, too many for a unit test` };
  }
  return { ok: true, testCase, preview };
}

/**
 * The input series' step: the group's interval divided by the number of samples the selectors'
 * series hold per interval (`count_over_time` over the last 5 m), when that divides it into whole
 * seconds; the group's interval itself for data as sparse as the evaluations. At most `maxRatio`
 * points per evaluation, to keep the test readable.
 */
async function inputResolution(selectors: readonly string[], step: number, end: number, executor: QueryExecutor, signal: AbortSignal | undefined, maxRatio: number): Promise<number> {
  let perStep = 1;
  for (const selector of selectors) {
    const answer = await executor.instant({ query: `max(count_over_time(${selector}[5m]))`, time: end }, signal);
    const result = answer.ok ? (answer.data as { result?: { value?: [number, string] }[] } | null)?.result : undefined;
    const samples = Number(result?.[0]?.value?.[1] ?? 0);
    if (samples > 1) perStep = Math.max(perStep, Math.round((samples * step) / LOOKBACK_SECONDS));
  }
  for (let k = Math.min(perStep, Math.max(1, maxRatio)); k > 1; k--) if (step % k === 0) return step / k;
  return step;
}

/** Whether an instance is firing at the window's last evaluation. */
function firingAtEnd(instance: AlertInstance): boolean {
  const last = instance.spans[instance.spans.length - 1];
  return last !== undefined && last.state === 'firing' && last.end === null;
}

/** The start of the unbroken run of spans that reaches the window's end; null when the instance is not active there. */
function openChainStart(instance: AlertInstance): number | null {
  const spans = instance.spans;
  let i = spans.length - 1;
  if (i < 0 || spans[i].end !== null) return null;
  while (i > 0 && spans[i - 1].end === spans[i].start) i--;
  return spans[i].start;
}

/** The text of every vector selector of the expression (name and matchers, without offset or `@`), once each. */
export function selectorsOf(root: Expr, text: string): string[] {
  const out = new Set<string>();
  forEachPreOrder(root, (node) => {
    if (node.kind !== 'VectorSelector') return;
    const from = node.name?.range.start ?? node.bracesRange?.start;
    const to = node.bracesRange?.end ?? node.name?.range.end;
    if (from !== undefined && to !== undefined) out.add(text.slice(from, to));
  });
  return [...out];
}

/** Seconds the expression reads before its evaluation time beyond the lookback: every range and offset, added up (an upper bound). */
function rangesOf(root: Expr, text: string): number {
  let total = 0;
  const seconds = (node: Expr | null | undefined): number => {
    if (!node) return 0;
    const parsed = parseDuration(text.slice(node.range.start, node.range.end).trim());
    return 'seconds' in parsed ? Math.max(0, parsed.seconds) : 0;
  };
  forEachPreOrder(root, (node) => {
    if (node.kind === 'MatrixSelector' || node.kind === 'Subquery') total += seconds(node.duration);
    if ((node.kind === 'MatrixSelector' || node.kind === 'Subquery' || node.kind === 'VectorSelector') && node.offset) total += seconds(node.offset.duration);
  });
  return total;
}

/** A matrix answer with its values as the server wrote them (the notation keeps their exact text). */
function rawMatrixOf(data: unknown): { metric: Record<string, string>; values: [number, string][] }[] | null {
  const parsed = matrixOf(data);
  if (parsed === null) return null;
  const result = (data as { result: { metric?: Record<string, unknown>; values?: [number, unknown][] }[] }).result;
  return result.map((item) => ({
    metric: Object.fromEntries(Object.entries(item.metric ?? {}).filter(([, v]) => typeof v === 'string')) as Record<string, string>,
    values: (item.values ?? []).map(([t, v]) => [Number(t), String(v)] as [number, string]),
  }));
}
