/*
 * The functions Prometheus adds to alert templates (template/template.go, and prometheus/common's
 * humanizeDuration and humanizeTimestamp), with Go's behaviour: their argument conversions, the
 * `%.4g` of the humanizers, Go regular expressions (re2js) and `$1`/`${name}` expansion in
 * reReplaceAll, errors worded as Go words them. `query` runs through the preview's executor.
 */

import { RE2JS } from 're2js';
import { parseDuration } from '../promql/duration';
import { formatFloat, GoDuration, GoInt, GoTime, goTypeName, sprintf } from './goFormat';

/** A sample of a query's answer, as the preview's executor gives it. */
export interface QuerySample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** A sample of a `query` result: `.Labels`, `.Value`, and what `label`, `value`, `first` take. */
export class TemplateSample {
  constructor(readonly labels: Map<string, string>, readonly value: number) {}
}

export interface FunctionContext {
  /** The evaluation time, Unix seconds. */
  readonly time: number;
  readonly externalURL: string;
  readonly query?: (expr: string, time: number) => Promise<QuerySample[] | { error: string }>;
}

type Fn = (args: unknown[], context: FunctionContext) => unknown;

const METRIC_PREFIXES = ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];
const SMALL_PREFIXES = ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y'];
const BINARY_PREFIXES = ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi'];

const g4 = (v: number): string => sprintf('%.4g', [v]);

const FUNCTIONS: ReadonlyMap<string, { arity: number | null; fn: Fn }> = new Map<string, { arity: number | null; fn: Fn }>([
  ['query', { arity: 1, fn: () => undefined }],
  ['first', { arity: 1, fn: ([v]) => {
    const list = queryResult(v);
    if (list.length === 0) throw new Error('error calling first: first() called on vector with no elements');
    return list[0];
  } }],
  ['label', { arity: 2, fn: ([name, s]) => sample(s).labels.get(str(name)) ?? '' }],
  ['value', { arity: 1, fn: ([s]) => sample(s).value }],
  ['strvalue', { arity: 1, fn: ([s]) => sample(s).labels.get('__value__') ?? '' }],
  ['args', { arity: null, fn: (args) => new Map(args.map((a, i) => [`arg${i}`, a])) }],
  ['reReplaceAll', { arity: 3, fn: ([pattern, repl, text]) => replaceAll(compile(str(pattern), 'reReplaceAll'), str(text), str(repl)) }],
  ['safeHtml', { arity: 1, fn: ([text]) => str(text) }],
  ['match', { arity: 2, fn: ([pattern, text]) => compile(str(pattern), 'match').matcher(str(text)).find() }],
  ['title', { arity: 1, fn: ([text]) => str(text).replace(/(^|[^\p{L}\p{N}_'’])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase()) }],
  ['toUpper', { arity: 1, fn: ([text]) => str(text).toUpperCase() }],
  ['toLower', { arity: 1, fn: ([text]) => str(text).toLowerCase() }],
  ['graphLink', { arity: 1, fn: ([expr]) => `/graph?g0.expr=${queryEscape(str(expr))}&g0.tab=0` }],
  ['tableLink', { arity: 1, fn: ([expr]) => `/graph?g0.expr=${queryEscape(str(expr))}&g0.tab=1` }],
  ['sortByLabel', { arity: 2, fn: ([label, v]) => {
    const name = str(label);
    // A stable sort, as sort.Stable.
    return [...queryResult(v)].sort((a, b) => {
      const x = a.labels.get(name) ?? '';
      const y = b.labels.get(name) ?? '';
      return x < y ? -1 : x > y ? 1 : 0;
    });
  } }],
  ['stripPort', { arity: 1, fn: ([hostPort]) => splitHostPort(str(hostPort))?.host ?? str(hostPort) }],
  ['stripDomain', { arity: 1, fn: ([value]) => {
    const hostPort = str(value);
    const split = splitHostPort(hostPort);
    const host = split?.host ?? hostPort;
    if (/^\d+\.\d+\.\d+\.\d+$/.test(host) || host.includes(':')) return hostPort;
    const short = host.split('.')[0];
    return split && split.port !== '' ? `${short}:${split.port}` : short;
  } }],
  ['humanize', { arity: 1, fn: ([i]) => {
    let v = toFloat(i, 'humanize');
    if (v === 0 || !Number.isFinite(v)) return g4(v);
    if (Math.abs(v) >= 1) {
      let prefix = '';
      for (const p of METRIC_PREFIXES) {
        if (Math.abs(v) < 1000) break;
        prefix = p;
        v /= 1000;
      }
      return g4(v) + prefix;
    }
    let prefix = '';
    for (const p of SMALL_PREFIXES) {
      if (Math.abs(v) >= 1) break;
      prefix = p;
      v *= 1000;
    }
    return g4(v) + prefix;
  } }],
  ['humanize1024', { arity: 1, fn: ([i]) => {
    let v = toFloat(i, 'humanize1024');
    if (Math.abs(v) <= 1 || !Number.isFinite(v)) return g4(v);
    let prefix = '';
    for (const p of BINARY_PREFIXES) {
      if (Math.abs(v) < 1024) break;
      prefix = p;
      v /= 1024;
    }
    return g4(v) + prefix;
  } }],
  ['humanizeDuration', { arity: 1, fn: ([i]) => humanizeDuration(toFloat(i, 'humanizeDuration')) }],
  ['humanizePercentage', { arity: 1, fn: ([i]) => `${g4(toFloat(i, 'humanizePercentage') * 100)}%` }],
  ['humanizeTimestamp', { arity: 1, fn: ([i]) => {
    const v = toFloat(i, 'humanizeTimestamp');
    if (!Number.isFinite(v) || Math.abs(v) > 9.2e9) return g4(v);
    return new GoTime(v).toString();
  } }],
  ['toTime', { arity: 1, fn: ([i]) => {
    const v = toFloat(i, 'toTime');
    if (!Number.isFinite(v)) throw new Error('error calling toTime: value is NaN or Inf');
    if (Math.abs(v * 1e9) > 2 ** 63) throw new Error(`error calling toTime: ${formatFloat(v, 'g', -1)} cannot be represented as a nanoseconds timestamp since it overflows int64`);
    return new GoTime(v);
  } }],
  ['toDuration', { arity: 1, fn: ([i]) => new GoDuration(toFloat(i, 'toDuration')) }],
  ['now', { arity: 0, fn: (_, context) => context.time }],
  ['pathPrefix', { arity: 0, fn: (_, context) => urlPath(context.externalURL) }],
  ['externalURL', { arity: 0, fn: (_, context) => context.externalURL }],
  ['parseDuration', { arity: 1, fn: ([d]) => {
    const text = str(d);
    const negative = text.startsWith('-');
    const parsed = parseDuration(negative ? text.slice(1) : text);
    if ('error' in parsed) throw new Error(`error calling parseDuration: ${parsed.error}`);
    return negative ? -parsed.seconds : parsed.seconds;
  } }],
  ['urlQueryEscape', { arity: 1, fn: ([text]) => queryEscape(str(text)) }],
]);

export function isPrometheusFunction(name: string): boolean {
  return FUNCTIONS.has(name);
}

/** Calls one; throws an Error worded as Go's template execution words it. */
export async function callPrometheusFunction(name: string, args: unknown[], context: FunctionContext): Promise<unknown> {
  const entry = FUNCTIONS.get(name)!;
  if (entry.arity !== null && args.length !== entry.arity) throw new Error(`wrong number of args for ${name}: want ${entry.arity} got ${args.length}`);
  if (name === 'query') {
    const expr = str(args[0]);
    if (!context.query) throw new Error('error calling query: no server to run it on');
    const answer = await context.query(expr, context.time);
    if ('error' in answer) throw new Error(`error calling query: ${answer.error}`);
    return answer.map((s) => new TemplateSample(new Map(Object.entries(s.labels)), s.value));
  }
  return entry.fn(args, context);
}

function str(value: unknown): string {
  if (typeof value === 'string') return value;
  throw new Error(`wrong type for value; expected string; got ${goTypeName(value)}`);
}

function sample(value: unknown): TemplateSample {
  if (value instanceof TemplateSample) return value;
  throw new Error(`wrong type for value; expected *template.sample; got ${value === null || value === undefined ? '<nil>' : goTypeName(value)}`);
}

function queryResult(value: unknown): TemplateSample[] {
  if (Array.isArray(value) && value.every((v) => v instanceof TemplateSample)) return value as TemplateSample[];
  throw new Error(`wrong type for value; expected template.queryResult; got ${goTypeName(value)}`);
}

/** prometheus/common's ConvertToFloat. */
function toFloat(value: unknown, name: string): number {
  if (typeof value === 'number') return value;
  if (value instanceof GoInt) return value.value;
  if (value instanceof GoDuration) return value.seconds;
  if (typeof value === 'string') {
    const text = value.trim() === value ? value : '';
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Number(text);
    if (/^[+-]?(inf|infinity)$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
    if (/^nan$/i.test(text)) return NaN;
    throw new Error(`error calling ${name}: strconv.ParseFloat: parsing ${JSON.stringify(value)}: invalid syntax`);
  }
  throw new Error(`error calling ${name}: can't convert ${goTypeName(value)} to float`);
}

function humanizeDuration(value: number): string {
  let v = value;
  if (!Number.isFinite(v)) return g4(v);
  if (v === 0) return `${g4(v)}s`;
  if (Math.abs(v) >= 1) {
    const sign = v < 0 ? '-' : '';
    v = Math.abs(v);
    const duration = Math.trunc(v);
    const seconds = duration % 60;
    const minutes = Math.trunc(duration / 60) % 60;
    const hours = Math.trunc(duration / 3600) % 24;
    const days = Math.trunc(duration / 86_400);
    if (days !== 0) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
    if (hours !== 0) return `${sign}${hours}h ${minutes}m ${seconds}s`;
    if (minutes !== 0) return `${sign}${minutes}m ${seconds}s`;
    return `${sign}${g4(v)}s`;
  }
  let prefix = '';
  for (const p of SMALL_PREFIXES) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return `${g4(v)}${prefix}s`;
}

/**
 * A Go regular expression. re2js' message is Go's (`error parsing regexp: …`); reReplaceAll's
 * MustCompile panics with it inside `regexp: Compile(<pattern>): …`, match returns it as is.
 */
function compile(pattern: string, name: string): RE2JS {
  try {
    return RE2JS.compile(pattern);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const quoted = /^[^`\x00-\x08\x0a-\x1f\x7f\ufeff]*$/.test(pattern) ? `\`${pattern}\`` : JSON.stringify(pattern);
    throw new Error(`error calling ${name}: ${name === 'reReplaceAll' ? `regexp: Compile(${quoted}): ` : ''}${message}`);
  }
}

/** Go's Regexp.ReplaceAllString: `$1`, `${1}`, `$name`, `${name}` (the longest name), `$$`. */
function replaceAll(re: RE2JS, text: string, template: string): string {
  const m = re.matcher(text);
  let out = '';
  let last = 0;
  let from = 0;
  while (from <= text.length && m.find(from)) {
    const start = m.start();
    const end = m.end();
    out += text.slice(last, start) + expand(template, (name) => {
      const index = /^\d+$/.test(name) ? Number(name) : name;
      try {
        return (typeof index === 'number' && index > m.groupCount()) ? '' : m.group(index) ?? '';
      } catch {
        return '';
      }
    });
    last = end;
    from = end === start ? end + 1 : end;
  }
  return out + text.slice(last);
}

function expand(template: string, group: (name: string) => string): string {
  return template.replace(/\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (whole, _: string, braced?: string, bare?: string) => {
    if (whole === '$$') return '$';
    return group(braced ?? bare ?? '');
  });
}

/** Go's net.SplitHostPort, or null when the text is not host:port. */
function splitHostPort(hostPort: string): { host: string; port: string } | null {
  if (hostPort.startsWith('[')) {
    const m = /^\[([^\]]*)\]:([^:]*)$/.exec(hostPort);
    return m ? { host: m[1], port: m[2] } : null;
  }
  const colon = hostPort.lastIndexOf(':');
  if (colon < 0 || hostPort.indexOf(':') !== colon) return null;
  return { host: hostPort.slice(0, colon), port: hostPort.slice(colon + 1) };
}

/** Go's url.QueryEscape. */
function queryEscape(text: string): string {
  return [...new TextEncoder().encode(text)].map((b) => {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) return c;
    if (c === ' ') return '+';
    return `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}

function urlPath(url: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/[^?#]*)?/i.exec(url);
  return m?.[1] ?? '';
}


