import type { DiagnosticCode } from '../../diagnosticCode';
import type { MetricType } from '../../exposition/expositionParser';
import type { LintRule } from '../lintRule';
import { counterTotal } from './counterTotal';

/*
 * The naming rules of Prometheus' instrumentation guidelines, as promlint (client_golang
 * testutil/promlint) checks them and somewhat beyond: base units, unit abbreviations, `_total` on
 * counters only, reserved suffixes, snake_case, colons only in recording rules, the unit at the end.
 * One family: the rules and the one check of a name they share, pure functions over a name and
 * what is known of its type. The callers place the findings: ruleLint.ts (recording-rule names)
 * and targetLint.ts (the metrics a scrape target exports).
 */

const LIVE_ONLY = 'live only';

export const baseUnit: LintRule = {
  code: 'naming/base-unit',
  defaultSeverity: 'warning',
  description: 'A non-base unit or unit abbreviation in a metric or recording-rule name (`_ms`, `_milliseconds`, `_kb`, `_percent`, …): use `_seconds`, `_bytes`, `_ratio`.',
  summary: '`_ms`, `_kb`, `_percent`… instead of `_seconds`, `_bytes`, `_ratio`',
  documentation: [
    'Finds `_ms`, `_milliseconds`, `_microseconds`, `_ns`, `_sec`, `_minutes`, `_hours`, `_days`, `_kb`, `_mb`, `_gb`, `_kib`, `_bits`, `_percent`, … in metric and recording-rule names, in unit position only: the last word before `_total`/`_bucket`/…, or the word before `_per_`; never after `_by_` (`pods_by_ns` is by namespace). The message names the rule and the unit apart.',
    'Why: Prometheus\' guidelines use base units (`_seconds`, `_bytes`, `_ratio`) so that queries can combine metrics without converting; a mix of units in one dashboard is a classic source of wrong graphs.',
    'Fix: rename to the base unit; for a recording rule, the quick fix renames the record and scales its expression (`(…) / 1000`).',
  ].join('\n\n'),
  quickFix: 'rename the record and scale its expression (`(…) / 1000`)',
  liveData: 'sharpens',
  precision: '0 of 2; on code: 0 wrong of 0',
  appliesTo: ['recording rules', 'scrape targets', 'code'],
  example: {
    language: 'yaml',
    reported: 'groups:\n  - name: api\n    rules:\n      - record: job:request_latency_ms:avg\n        expr: avg by (job) (request_latency_ms)\n',
    fixed: 'groups:\n  - name: api\n    rules:\n      - record: job:request_latency_seconds:avg\n        expr: avg by (job) (request_latency_ms) / 1000\n',
  },
};

export const nameStyle: LintRule = {
  code: 'naming/style',
  defaultSeverity: 'warning',
  description: 'A metric or label name in camelCase, or with characters outside [a-zA-Z0-9_:] that older Prometheus versions and most tooling cannot query unquoted.',
  summary: 'camelCase or characters outside `[a-zA-Z0-9_:]` in names',
  documentation: [
    'Finds camelCase, or characters outside `[a-zA-Z0-9_:]`, in the names of recording rules and of exported metrics and labels. A record name that repeats the camelCase of the metric it reads (`:node_memory_MemAvailable_bytes:sum`) is left alone.',
    'Why: Prometheus names are snake_case by convention; a name with other characters must be quoted in every query (`{"my.metric"}`), and older Prometheus versions cannot query it at all.',
    'Fix: rename in snake_case (the quick fix for a recording rule).',
  ].join('\n\n'),
  quickFix: 'rename in snake_case (recording rules)',
  liveData: 'sharpens',
  precision: '0 of 5; on code: 0 wrong of 0',
  appliesTo: ['recording rules', 'scrape targets', 'code'],
  example: {
    language: 'yaml',
    reported: 'groups:\n  - name: api\n    rules:\n      - record: job:httpRequests:rate5m\n        expr: sum by (job) (rate(http_requests_total[5m]))\n',
    fixed: 'groups:\n  - name: api\n    rules:\n      - record: job:http_requests:rate5m\n        expr: sum by (job) (rate(http_requests_total[5m]))\n',
  },
};

export const reservedSuffix: LintRule = {
  code: 'naming/reserved-suffix',
  defaultSeverity: 'warning',
  description: 'A gauge or counter named with a suffix Prometheus reserves for histograms and summaries (`_count`, `_sum`, `_bucket`).',
  summary: 'a gauge or counter named `…_count`, `…_sum` or `…_bucket`',
  documentation: [
    'Finds a gauge, counter or untyped metric of a scrape target named `…_count`, `…_sum` or `…_bucket`, and such a metric defined in code (a prometheus_client Counter is exposed as `…_count_total`: left alone).',
    'Why: those suffixes are the samples of histograms and summaries; a gauge named so collides with them and misleads every reader and tool.',
    'Fix: name the metric otherwise.',
  ].join('\n\n'),
  liveData: 'sharpens',
  precision: 'on code: 0 wrong of 2',
  appliesTo: ['scrape targets', 'code'],
  example: {
    language: 'python',
    reported: 'from prometheus_client import Gauge\n\nMODELS = Gauge("models_loaded_count", "Models in memory.")\n',
    fixed: 'from prometheus_client import Gauge\n\nMODELS = Gauge("models_loaded", "Models in memory.")\n',
  },
};

export const unitPosition: LintRule = {
  code: 'naming/unit-position',
  defaultSeverity: 'info',
  description: 'A unit that is not at the end of the name (before `_total` for counters): `http_request_duration_seconds`, not `http_request_seconds_duration`.',
  summary: 'an exported metric whose unit is not the last word',
  documentation: [
    'Finds an exported metric whose base unit is not its last word (before `_total` and the other sample suffixes): `http_request_seconds_duration`.',
    'Why: the guidelines put the unit last, so that a reader finds it where every other metric has it.',
    'Fix: move the unit to the end (`http_request_duration_seconds`).',
  ].join('\n\n'),
  liveData: 'required',
  precision: LIVE_ONLY,
  appliesTo: ['scrape targets'],
};

export const colon: LintRule = {
  code: 'naming/colon',
  defaultSeverity: 'warning',
  description: 'A colon in the name of an exported metric: colons are reserved for recording rules.',
  summary: 'a colon in an exported metric name',
  documentation: [
    'Finds a colon in the name of a metric a scrape target exports, and in the name a metric defined in code is exposed under (prometheus_client, prom-client).',
    'Why: colons are reserved for the names of recording rules (`level:metric:operations`); an exported name with one looks like a rule\'s output.',
    'Fix: use `_` instead.',
  ].join('\n\n'),
  liveData: 'sharpens',
  precision: 'on code: 0 wrong of 0 (0 of 56 in 2 more projects: vLLM\'s production-stack 23 and lmdeploy 33 expose `vllm:…` and `lmdeploy:…` names)',
  appliesTo: ['scrape targets', 'code'],
  example: {
    language: 'python',
    reported: 'from prometheus_client import Gauge\n\nRUNNING = Gauge("llm:requests_running", "Requests running.")\n',
    fixed: 'from prometheus_client import Gauge\n\nRUNNING = Gauge("llm_requests_running", "Requests running.")\n',
  },
};

export const helpMissing: LintRule = {
  code: 'naming/help',
  defaultSeverity: 'info',
  description: 'An exported metric without HELP text.',
  summary: 'an exported metric without HELP',
  documentation: [
    'Finds a metric family of a scrape target with no HELP text, or an empty one.',
    'Why: HELP is the only place where an exporter says what a metric measures and in which unit; hover and completion show it.',
    'Fix: add HELP text to the instrumentation.',
  ].join('\n\n'),
  liveData: 'required',
  precision: LIVE_ONLY,
  appliesTo: ['scrape targets'],
};

export interface NameFinding {
  readonly code: DiagnosticCode;
  readonly message: string;
  /** The name the rule suggests instead, when the fix is mechanical. */
  readonly suggestion?: string;
  /** Multiply the old value by this to get the value in the suggested unit (`_ms` → `_seconds`: 0.001). */
  readonly scale?: number;
}

/** Where a name comes from: an exporter's /metrics, or a recording rule's `record:`. */
export type NameOrigin = 'exported' | 'recorded';

interface UnitRule {
  /** The base unit to use instead. */
  readonly base: string;
  /** Value in the base unit per value in this unit; undefined when no linear conversion exists. */
  readonly scale?: number;
}

/** Non-base units and unit abbreviations, by the word written in the name. */
const NON_BASE_UNITS: ReadonlyMap<string, UnitRule> = new Map<string, UnitRule>([
  ['ms', { base: 'seconds', scale: 1e-3 }], ['msec', { base: 'seconds', scale: 1e-3 }], ['millis', { base: 'seconds', scale: 1e-3 }],
  ['milliseconds', { base: 'seconds', scale: 1e-3 }], ['us', { base: 'seconds', scale: 1e-6 }], ['usec', { base: 'seconds', scale: 1e-6 }],
  ['microseconds', { base: 'seconds', scale: 1e-6 }], ['ns', { base: 'seconds', scale: 1e-9 }], ['nanoseconds', { base: 'seconds', scale: 1e-9 }],
  ['sec', { base: 'seconds', scale: 1 }], ['secs', { base: 'seconds', scale: 1 }], ['s', { base: 'seconds', scale: 1 }],
  ['mins', { base: 'seconds', scale: 60 }], ['minutes', { base: 'seconds', scale: 60 }],
  ['hours', { base: 'seconds', scale: 3600 }], ['hrs', { base: 'seconds', scale: 3600 }], ['days', { base: 'seconds', scale: 86_400 }],
  ['weeks', { base: 'seconds', scale: 604_800 }],
  ['kb', { base: 'bytes', scale: 1e3 }], ['mb', { base: 'bytes', scale: 1e6 }], ['gb', { base: 'bytes', scale: 1e9 }], ['tb', { base: 'bytes', scale: 1e12 }],
  ['kilobytes', { base: 'bytes', scale: 1e3 }], ['megabytes', { base: 'bytes', scale: 1e6 }], ['gigabytes', { base: 'bytes', scale: 1e9 }],
  ['terabytes', { base: 'bytes', scale: 1e12 }], ['kib', { base: 'bytes', scale: 1024 }], ['mib', { base: 'bytes', scale: 1024 ** 2 }],
  ['gib', { base: 'bytes', scale: 1024 ** 3 }], ['kibibytes', { base: 'bytes', scale: 1024 }], ['mebibytes', { base: 'bytes', scale: 1024 ** 2 }],
  ['gibibytes', { base: 'bytes', scale: 1024 ** 3 }], ['bits', { base: 'bytes', scale: 1 / 8 }],
  ['percent', { base: 'ratio', scale: 0.01 }], ['percentage', { base: 'ratio', scale: 0.01 }], ['pct', { base: 'ratio', scale: 0.01 }],
  ['fahrenheit', { base: 'celsius' }],
]);

/** Base units of the guidelines; one of them should be the last word of the name (before `_total`). */
const BASE_UNITS: ReadonlySet<string> = new Set(['seconds', 'bytes', 'ratio', 'celsius', 'volts', 'amperes', 'joules', 'grams', 'meters', 'metres', 'kelvin', 'hertz']);

/** Suffixes that the exposition formats give histogram, summary and counter samples. */
const SAMPLE_SUFFIXES = ['total', 'bucket', 'count', 'sum', 'created', 'info', 'gcount', 'gsum'];

/** Names an exporter may use for a recording-rule-like or standard metric we should not lint. */
const VALID_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

export function checkMetricName(name: string, type: MetricType | undefined, origin: NameOrigin): NameFinding[] {
  const findings: NameFinding[] = [];
  if (!VALID_NAME.test(name)) {
    findings.push({ code: nameStyle, message: `"${name}" has characters outside [a-zA-Z0-9_:]: it must be quoted in every query ({"${name}"}) and older Prometheus versions cannot query it at all` });
    return findings;
  }
  if (/[a-z][A-Z]/.test(name)) {
    findings.push({ code: nameStyle, message: `metric names are written in snake_case, not camelCase: "${snakeCase(name)}"`, suggestion: snakeCase(name) });
  }
  if (origin === 'exported' && name.includes(':')) {
    findings.push({ code: colon, message: `"${name}" contains ':', which is reserved for the names of recording rules` });
  }
  // The metric part of a recording rule is the middle of level:metric:operations.
  const parts = name.split(':');
  const metricPart = origin === 'recorded' && parts.length >= 2 ? parts[1] : name.replace(/:/g, '_');
  findings.push(...unitFindings(name, metricPart, origin));
  if (origin === 'exported') findings.push(...typeFindings(name, type));
  return findings;
}

function unitFindings(name: string, metricPart: string, origin: NameOrigin): NameFinding[] {
  const findings: NameFinding[] = [];
  const words = metricPart.toLowerCase().split('_');
  let end = words.length;
  while (end > 1 && SAMPLE_SUFFIXES.includes(words[end - 1])) end--;
  // A unit is a unit only in unit position: the last word (before the sample suffixes), or before
  // `_per_` (`_mb_per_second`), and never after `_by_`. Elsewhere the same letters are other words
  // (`_by_ns`: by namespace; `_min`, not listed, is a minimum more often than minutes).
  for (let i = 1; i < end; i++) {
    const word = words[i];
    const unit = NON_BASE_UNITS.get(word);
    if (unit && (i === end - 1 || words[i + 1] === 'per') && words[i - 1] !== 'by') {
      const suggestion = replaceWord(name, metricPart, i, unit.base);
      const how = unit.scale === undefined ? '' : unit.scale < 1 ? ` (divide the value by ${round(1 / unit.scale)})` : unit.scale > 1 ? ` (multiply the value by ${round(unit.scale)})` : '';
      findings.push({
        code: baseUnit,
        message: `the unit "_${word}" is ${unit.scale === 1 ? 'an abbreviation' : 'not a base unit'}: use "_${unit.base}"${how}, as in "${suggestion}"`,
        suggestion,
        ...(unit.scale === undefined ? {} : { scale: unit.scale }),
      });
      return findings;
    }
  }
  // A recording rule's metric part repeats the metric it reads (`node_network_receive_bytes_excluding_lo`): only exported names are held to it.
  for (let i = 1; origin === 'exported' && i < end - 1; i++) {
    if (BASE_UNITS.has(words[i]) && !words.slice(i + 1, end).some((w) => BASE_UNITS.has(w)) && !isUnitQualifier(words, i)) {
      const moved = [...words.slice(0, i), ...words.slice(i + 1, end), words[i], ...words.slice(end)].join('_');
      findings.push({ code: unitPosition, message: `the unit "_${words[i]}" belongs at the end of the name${end < words.length ? ` (before "_${words.slice(end).join('_')}")` : ''}, as in "${moved}"` });
      break;
    }
  }
  return findings;
}

/** `bytes_per_second`, `seconds_total`-like phrases and `_seconds_count`: a unit followed by a word that qualifies it. */
function isUnitQualifier(words: readonly string[], i: number): boolean {
  return words[i + 1] === 'per' || words[i - 1] === 'per';
}

function typeFindings(name: string, type: MetricType | undefined): NameFinding[] {
  const findings: NameFinding[] = [];
  const lower = name.toLowerCase();
  if (type === 'counter' && !lower.endsWith('_total') && !lower.endsWith('_created')) {
    findings.push({ code: counterTotal, message: `counter "${name}" should end in "_total" ("${name}_total")`, suggestion: `${name}_total` });
  }
  if (type !== undefined && type !== 'counter' && type !== 'unknown' && lower.endsWith('_total')) {
    findings.push({ code: counterTotal, message: `"${name}" is a ${type}, and "_total" is for counters only`, suggestion: name.slice(0, -'_total'.length) });
  }
  if (type === 'gauge' || type === 'counter' || type === 'untyped' || type === 'unknown') {
    // `_created` is left alone: prometheus_client exposes every created timestamp as a gauge of that name in the text format.
    for (const suffix of ['_bucket', '_count', '_sum']) {
      if (lower.endsWith(suffix)) {
        findings.push({ code: reservedSuffix, message: `"${suffix}" is reserved for the samples of histograms and summaries; name this ${type} otherwise` });
      }
    }
  }
  return findings;
}

function replaceWord(name: string, metricPart: string, index: number, replacement: string): string {
  const words = metricPart.split('_');
  words[index] = replacement;
  const fixed = words.join('_');
  return name.includes(metricPart) ? name.replace(metricPart, fixed) : fixed;
}

function snakeCase(name: string): string {
  return name.replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(6).replace(/\.?0+$/, '');
}

/** Label names in camelCase or that Prometheus reserves (`__` prefix) on exported series. */
export function checkLabelName(label: string): NameFinding | null {
  if (/[a-z][A-Z]/.test(label)) return { code: nameStyle, message: `label names are written in snake_case, not camelCase: "${snakeCase(label)}"`, suggestion: snakeCase(label) };
  return null;
}
