import { isMap, isSeq, parseDocument, stringify } from 'yaml';
import { formatDuration, parseDuration } from '../promql/duration';
import { seriesNotation, type GridValue } from './ruleTestSeries';

/*
 * Create test: a `promtool test rules` test of one rule, written from live data. Its input series
 * are the rule's selectors' real series on the evaluation grid (values in the expanding notation,
 * ruleTestSeries.ts) and its expectations are what the preview computed at the last evaluation: the
 * alert instances firing then, with their labels and annotations, or the series a recording rule
 * writes then. The writer is pure: the edge fetches the data, picks the file and writes the text.
 *
 * promtool adds `alertname` to every expected alert's labels and compares annotations whole; it
 * evaluates the rules every `evaluation_interval` from time 0, so the test starts far enough back
 * for the alert's `for:` and the selectors' ranges to see the history the server saw.
 */

export interface RuleTestSeries {
  /** Every label, `__name__` included. */
  readonly labels: Readonly<Record<string, string>>;
  /** One value per point of the test's grid. */
  readonly values: readonly GridValue[];
}

export interface RuleTestCase {
  /** The rule file as the test's `rule_files` names it (relative to the test file). */
  readonly ruleFile: string;
  /** The test group's name (promtool prints it beside a failure). */
  readonly name: string;
  /** The rule's group's evaluation interval, seconds: the test's `evaluation_interval`. */
  readonly intervalSeconds: number;
  /** The grid of the input series (`interval`), seconds; absent: the evaluation interval. */
  readonly inputIntervalSeconds?: number;
  readonly rule: { readonly kind: 'alert' | 'record'; readonly name: string };
  readonly series: readonly RuleTestSeries[];
  /** Seconds from the first point of the grid. */
  readonly evalTimeSeconds: number;
  /** Alerting rules: the instances firing at the evaluation time. */
  readonly alerts?: readonly { readonly labels: Readonly<Record<string, string>>; readonly annotations: Readonly<Record<string, string>> }[];
  /** Recording rules: the series written at the evaluation time (labels without `__name__`), values as the server wrote them. */
  readonly samples?: readonly { readonly labels: Readonly<Record<string, string>>; readonly value: string }[];
  /** A comment above the test group: where its data came from. */
  readonly comment?: string;
}

/** A new test file holding the one case. */
export function ruleTestFile(testCase: RuleTestCase): string {
  const head = stringify({ rule_files: [testCase.ruleFile], evaluation_interval: formatDuration(testCase.intervalSeconds) }, STRINGIFY);
  return `${head}tests:\n${indent(testGroupText(testCase), '  ')}`;
}

/**
 * The text to insert in an existing test file to add the case, at the end of its `tests:` list:
 * an offset and the text, or null when the file has no `tests:` list to add to, or evaluates the
 * rules at another interval than the case's (its expectations would not hold).
 */
export function ruleTestAddition(existing: string, testCase: RuleTestCase): { offset: number; text: string } | null {
  const document = parseDocument(existing, { keepSourceTokens: false });
  if (document.errors.length > 0 || !isMap(document.contents)) return null;
  // promtool's default evaluation_interval is 1m.
  const evaluation = document.contents.get('evaluation_interval');
  const evaluationSeconds = evaluation === undefined || evaluation === null ? 60 : secondsOf(String(evaluation));
  if (evaluationSeconds !== testCase.intervalSeconds) return null;
  const tests = document.contents.get('tests', true);
  if (!isSeq(tests) || !tests.range || tests.items.length === 0) return null;
  const last = tests.items[tests.items.length - 1] as { range?: [number, number, number] };
  const firstItem = tests.items[0] as { range?: [number, number, number] };
  if (!last.range || !firstItem.range) return null;
  // The column of the items' dashes: the first item's start, less the "- " before it.
  const lineStart = existing.lastIndexOf('\n', firstItem.range[0] - 1) + 1;
  const dash = existing.slice(lineStart, firstItem.range[0]).replace(/- *$/, '');
  if (!/^ *$/.test(dash)) return null;
  // After the last item's last line.
  let offset = last.range[1];
  const lineEnd = existing.indexOf('\n', offset - 1 < 0 ? 0 : offset - 1);
  offset = lineEnd === -1 ? existing.length : lineEnd + 1;
  const prefix = offset === existing.length && !existing.endsWith('\n') ? '\n' : '';
  return { offset, text: prefix + indent(testGroupText(testCase), dash) };
}

/** Whether a test file's `rule_files` names the rule file (as written, relative to the test file). */
export function namesRuleFile(testText: string, ruleFile: string): boolean {
  const document = parseDocument(testText);
  if (!isMap(document.contents)) return false;
  const files = document.contents.get('rule_files', true);
  if (!isSeq(files)) return false;
  const wanted = ruleFile.replace(/^\.\//, '');
  return files.items.some((item) => String((item as { value?: unknown }).value ?? '').replace(/^\.\//, '') === wanted);
}

function secondsOf(text: string): number | undefined {
  const parsed = parseDuration(text);
  return 'seconds' in parsed ? parsed.seconds : undefined;
}

const STRINGIFY = { lineWidth: 0, defaultKeyType: 'PLAIN', defaultStringType: 'QUOTE_SINGLE' } as const;

/** One test group (`- name: …`), at column 0. */
function testGroupText(testCase: RuleTestCase): string {
  const group: Record<string, unknown> = {
    name: testCase.name,
    interval: formatDuration(testCase.inputIntervalSeconds ?? testCase.intervalSeconds),
    input_series: testCase.series.map((s) => ({ series: selectorOf(s.labels), values: seriesNotation(s.values) })),
  };
  const evalTime = formatDuration(testCase.evalTimeSeconds);
  if (testCase.rule.kind === 'alert') {
    group['alert_rule_test'] = [{
      eval_time: evalTime,
      alertname: testCase.rule.name,
      exp_alerts: (testCase.alerts ?? []).map((alert) => ({
        exp_labels: withoutKey(alert.labels, 'alertname'),
        ...(Object.keys(alert.annotations).length > 0 ? { exp_annotations: { ...alert.annotations } } : {}),
      })),
    }];
  } else {
    group['promql_expr_test'] = [{
      expr: testCase.rule.name,
      eval_time: evalTime,
      exp_samples: (testCase.samples ?? []).map((sample) => ({ labels: selectorOf({ ...withoutKey(sample.labels, '__name__'), __name__: testCase.rule.name }), value: sampleValue(sample.value) })),
    }];
  }
  const comment = testCase.comment ? testCase.comment.split('\n').map((line) => `# ${line}\n`).join('') : '';
  const body = stringify([group], STRINGIFY);
  return comment + body;
}

function indent(text: string, prefix: string): string {
  return text.split('\n').map((line) => (line === '' ? line : prefix + line)).join('\n');
}

function withoutKey(labels: Readonly<Record<string, string>>, key: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(labels).sort()) if (name !== key) out[name] = labels[name];
  return out;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A series as promtool reads `series:` and `labels:`: `name{a="b"}`, or `{__name__="…"}` when the name is not a plain one. */
export function selectorOf(labels: Readonly<Record<string, string>>): string {
  const name = labels['__name__'];
  const plainName = name !== undefined && METRIC_NAME.test(name);
  const matchers = Object.keys(labels)
    .filter((key) => !(plainName && key === '__name__'))
    .sort()
    .map((key) => `${LABEL_NAME.test(key) ? key : JSON.stringify(key)}=${goString(labels[key])}`);
  return `${plainName ? name : ''}{${matchers.join(', ')}}`;
}

/** A PromQL double-quoted string: Go escapes for quote, backslash and control characters. */
function goString(value: string): string {
  return JSON.stringify(value);
}

/** A sample's value for `value:` (a YAML float: `.inf`, `-.inf`, `.nan` for the special ones). */
function sampleValue(value: string): number | string {
  if (value === '+Inf' || value === 'Inf') return Infinity;
  if (value === '-Inf') return -Infinity;
  if (value === 'NaN') return NaN;
  return Number(value);
}
