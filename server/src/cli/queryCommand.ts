import { readFileSync } from 'node:fs';
import { formatLabels, type ShapedSeries } from '../service/query/queryResult';
import { runQuery, type QueryRunResult } from '../service/query/queryRun';
import { PrometheusQueryClient } from '../sources/prometheusQuery';
import { addHeaderOption, durationOption, readCommandOptions, UsageError } from './commandOptions';
import { serverEndpointOf } from '../sources/sourcesFromSettings';
import { escapeControlCharacters } from '../service/remoteText/controlCharacters';
import type { ServerSettings } from '../sources/sourceSettings';

/*
 * `prometheus-lsp query`: runs one query on a Prometheus-API server and prints the result as a
 * table, shaped exactly as the editor's preview shapes it (the same service code).
 *
 * Exit status: 0 with a result, 1 when the server refuses the query or cannot be reached, 2 for a
 * wrong command line.
 */

export const QUERY_HELP = `Usage: prometheus-lsp query --server URL [options] 'EXPR'

Runs a PromQL query on a Prometheus-API server (Prometheus, VictoriaMetrics, Thanos, Mimir) and
prints the result as a table.

Options:
  --server URL           the server's base URL (or PROMETHEUS_URL)
  --range DURATION       run a range query over this range ending now (1h, 30m); default: instant
  --step DURATION        step of a range query (default: about 250 points)
  --time TIME            evaluation time (instant) or end (range): Unix seconds or RFC 3339
  --timeout DURATION     deadline of the request (default 30s)
  --limit N              series printed at most (default 50); the rest are counted
  --tenant ID            tenant sent as X-Scope-OrgID (Mimir, Cortex)
  --header 'NAME: VALUE' an extra HTTP header (repeatable)
  --bearer-token-file F  read a bearer token from a file
  --var NAME=VALUE       a Grafana variable's value ($NAME, \${NAME}); $__range, $__interval and
                         $__rate_interval are set from the range and step (repeatable)
  --json                 print the shaped result as JSON
`;

interface QueryIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

interface Options {
  server?: string;
  rangeSeconds?: number;
  step?: number;
  time?: number;
  timeoutMs: number;
  limit: number;
  tenant?: string;
  headers: Record<string, string>;
  bearerTokenFile?: string;
  variables: Record<string, string>;
  json: boolean;
  query?: string;
}

export async function runQueryCommand(args: readonly string[], io: QueryIo): Promise<number> {
  let options: Options;
  try {
    options = parseArgs(args);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`prometheus-lsp query: ${error.message}\n\n${QUERY_HELP}`);
      return 2;
    }
    throw error;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(QUERY_HELP);
    return 0;
  }
  const url = options.server ?? process.env['PROMETHEUS_URL'];
  if (!url || !/^https?:\/\//.test(url)) {
    io.stderr(`prometheus-lsp query: give the server with --server http://host:9090 (or PROMETHEUS_URL)\n`);
    return 2;
  }
  if (options.query === undefined || options.query.trim() === '') {
    io.stderr(`prometheus-lsp query: give the query, for example 'up'\n`);
    return 2;
  }
  const headers = { ...options.headers };
  let bearerToken: string | undefined;
  if (options.bearerTokenFile) {
    try {
      bearerToken = readFileSync(options.bearerTokenFile, 'utf8').trim();
    } catch (error) {
      io.stderr(`prometheus-lsp query: cannot read ${options.bearerTokenFile} (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`);
      return 2;
    }
  }
  const server: ServerSettings = { name: new URL(url).host, url, headers, bearerToken, tenant: options.tenant, tls: {} };
  const executor = new PrometheusQueryClient(serverEndpointOf(server), { timeoutMs: options.timeoutMs, maxBytes: 64 * 1024 * 1024 });
  const isRange = options.rangeSeconds !== undefined;
  const result = await runQuery(options.query, executor, {
    kind: isRange ? 'range' : 'instant',
    time: options.time,
    rangeSeconds: options.rangeSeconds ?? 3600,
    step: options.step,
    maxSeries: options.limit,
    templates: { variables: options.variables, scrapeIntervalSeconds: 15 },
  });
  if (options.json) {
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return result.ok ? 0 : 1;
  }
  // The server's words and its label values are printed with control characters escaped: raw, an
  // ANSI sequence in them would act on the terminal.
  const shown = escapeControlCharacters;
  if (result.templateNote) io.stderr(`note: ${shown(result.templateNote)}\n`);
  for (const w of result.warnings) io.stderr(`warning: ${shown(w)}\n`);
  for (const i of result.infos) io.stderr(`info: ${shown(i)}\n`);
  if (!result.ok) {
    io.stderr(`error: ${shown(result.error?.message ?? result.summary)}\n`);
    const range = result.error?.range;
    if (range) io.stderr(pointAt(options.query, range.start, range.end));
    return 1;
  }
  io.stdout(renderTable(result));
  return 0;
}

/** The result as a text table, with its summary first and the count of series left out last. */
export function renderTable(result: QueryRunResult): string {
  const lines: string[] = [escapeControlCharacters(result.summary + (result.statsLine ? ` · ${result.statsLine}` : ''))];
  if (result.resultType === 'scalar' || result.resultType === 'string') {
    lines.push(escapeControlCharacters(result.scalar ?? ''));
    return `${lines.join('\n')}\n`;
  }
  const series = result.series ?? [];
  if (series.length > 0) {
    const rows: string[][] = result.resultType === 'matrix'
      ? [['SERIES', 'POINTS', 'LAST', 'MAX'], ...series.map((s) => [labelsOf(s), String(s.points?.length ?? 0), last(s), maxOf(s)])]
      : [['SERIES', 'VALUE'], ...series.map((s) => [labelsOf(s), s.value ?? ''])];
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    for (const row of rows) lines.push(row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd());
  }
  if ((result.omittedSeries ?? 0) > 0) lines.push(`… and ${result.omittedSeries} more series (--limit)`);
  // The series left out are counted above; other cuts (points of long series) are said here.
  const cuts = (result.truncation ?? '').split('; ').filter((t) => t !== '' && !t.startsWith('showing the first'));
  if (cuts.length > 0) lines.push(`(${cuts.join('; ')})`);
  return `${lines.join('\n')}\n`;
}

function labelsOf(series: ShapedSeries): string {
  return escapeControlCharacters(series.labels || formatLabels(series.metric));
}

function last(series: ShapedSeries): string {
  const points = series.points ?? [];
  return points.length > 0 ? points[points.length - 1][1] : '';
}

function maxOf(series: ShapedSeries): string {
  let max = -Infinity;
  let written = '';
  for (const [, v] of series.points ?? []) {
    const n = Number(v);
    if (n > max) {
      max = n;
      written = v;
    }
  }
  return written;
}

/** The query's line with a caret under the error. */
function pointAt(query: string, start: number, end: number): string {
  const lineStart = query.lastIndexOf('\n', Math.max(0, start - 1)) + 1;
  const lineEndAt = query.indexOf('\n', start);
  const lineEnd = lineEndAt < 0 ? query.length : lineEndAt;
  const line = query.slice(lineStart, lineEnd);
  const column = start - lineStart;
  const width = Math.max(1, Math.min(end, lineEnd) - start);
  return `  ${line}\n  ${' '.repeat(column)}${'^'.repeat(width)}\n`;
}

function parseArgs(args: readonly string[]): Options {
  const options: Options = { timeoutMs: 30_000, limit: 50, headers: {}, variables: {}, json: false };
  const rest = readCommandOptions(args, (name, value) => {
    switch (name) {
      case '--server': options.server = value(); break;
      case '--range': options.rangeSeconds = durationOption(value(), '--range'); break;
      case '--step': options.step = durationOption(value(), '--step'); break;
      case '--time': options.time = parseTime(value()); break;
      case '--timeout': options.timeoutMs = Math.round(durationOption(value(), '--timeout') * 1000); break;
      case '--limit': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1) throw new UsageError('--limit: give a positive whole number');
        options.limit = n;
        break;
      }
      case '--tenant': options.tenant = value(); break;
      case '--header': addHeaderOption(value(), options.headers); break;
      case '--bearer-token-file': options.bearerTokenFile = value(); break;
      case '--var': {
        const pair = value();
        const at = pair.indexOf('=');
        if (at <= 0) throw new UsageError(`--var: write it NAME=VALUE`);
        options.variables[pair.slice(0, at)] = pair.slice(at + 1);
        break;
      }
      case '--json': options.json = true; break;
      case '--help':
      case '-h':
        break;
      default:
        return false;
    }
    return true;
  });
  if (rest.length > 1) throw new UsageError(`give the query as one argument (quote it): ${rest.map((r) => JSON.stringify(r)).join(' ')}`);
  options.query = rest[0];
  return options;
}

function parseTime(text: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new UsageError(`--time: give Unix seconds or an RFC 3339 time, not ${text}`);
  return ms / 1000;
}
