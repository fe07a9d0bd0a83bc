import { readFileSync } from 'node:fs';
import { parseYamlDocument } from '../service/documents/yamlDocument';
import { formatDuration } from '../service/promql/duration';
import { previewRule } from '../service/preview/previewRule';
import { previewStep } from '../service/preview/previewStep';
import { ruleInputs } from '../service/preview/ruleInputs';
import { spanText } from '../service/preview/previewSummary';
import type { RulePreview } from '../service/preview/rulePreview';
import { escapeControlCharacters } from '../service/remoteText/controlCharacters';
import { PrometheusQueryClient } from '../sources/prometheusQuery';
import { addHeaderOption, durationOption, readCommandOptions, UsageError } from './commandOptions';
import { serverEndpointOf } from '../sources/sourcesFromSettings';
import type { ServerSettings } from '../sources/sourceSettings';

/*
 * `prometheus-lsp preview`: previews the rules of a rule file against a server (issue 18), as the
 * editor's Preview lens does (the same service code, previewRule.ts): for each alerting rule, the
 * alert instances its expression would have produced over the window with their pending and firing
 * spans and rendered annotations; for each recording rule, the series it would write.
 *
 * Exit status: 0 when every rule was evaluated, 1 when one could not be (the server refused its
 * expression or cannot be reached), 2 for a wrong command line or a file that cannot be read.
 */

export const PREVIEW_HELP = `Usage: prometheus-lsp preview --server URL [options] FILE [RULE…]

Previews the alerting and recording rules of a rule file against a Prometheus-API server: would an
alert have fired over the window, for which label sets, when (pending and firing spans, replaying
Prometheus' for: and keep_firing_for:), and what its annotations would have said; how many series
a recording rule would write. RULE names the rules to preview (default: all of the file).

The expression runs as a range query at the group's interval (else --step, else 1m): this
approximates the rule's own evaluation times, so spans are exact to the step.

Options:
  --server URL           the server's base URL (or PROMETHEUS_URL)
  --since DURATION       the window, ending now (default 6h)
  --step DURATION        seconds between evaluations (default: the group's interval, else 1m)
  --format text|json     output format (default text); json: a list, times in RFC 3339
  --timeout DURATION     deadline of each request (default 60s)
  --tenant ID            tenant sent as X-Scope-OrgID (Mimir, Cortex)
  --header 'NAME: VALUE' an extra HTTP header (repeatable)
  --bearer-token-file F  read a bearer token from a file
`;

interface PreviewIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

interface Options {
  server?: string;
  since: number;
  step?: number;
  format: 'text' | 'json';
  timeoutMs: number;
  tenant?: string;
  headers: Record<string, string>;
  bearerTokenFile?: string;
  file?: string;
  rules: string[];
  help: boolean;
}

export async function runPreviewCommand(args: readonly string[], io: PreviewIo, now: () => number = () => Date.now() / 1000): Promise<number> {
  const usage = (message: string): number => {
    io.stderr(`prometheus-lsp preview: ${escapeControlCharacters(message)}\n`);
    return 2;
  };
  let options: Options;
  try {
    options = parseArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`prometheus-lsp preview: ${error.message}\n\n${PREVIEW_HELP}`);
    return 2;
  }
  if (options.help) {
    io.stdout(PREVIEW_HELP);
    return 0;
  }
  const url = options.server ?? process.env['PROMETHEUS_URL'];
  if (!url || !/^https?:\/\//.test(url)) return usage('give the server with --server http://host:9090 (or PROMETHEUS_URL)');
  if (options.file === undefined) return usage('give the rule file to preview');
  let text: string;
  try {
    text = readFileSync(options.file, 'utf8');
  } catch (error) {
    return usage(`cannot read ${options.file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const model = parseYamlDocument(text, options.file, 'rules');
  const rules = model ? ruleInputs(model, options.file) : [];
  const chosen = options.rules.length === 0 ? rules : rules.filter((r) => options.rules.includes(r.input.name));
  const missing = options.rules.filter((name) => !rules.some((r) => r.input.name === name));
  if (missing.length > 0) return usage(`no rule named ${missing.join(', ')} in ${options.file}`);
  if (chosen.length === 0) return usage(`${options.file} holds no alerting or recording rule`);

  let bearerToken: string | undefined;
  if (options.bearerTokenFile) {
    try {
      bearerToken = readFileSync(options.bearerTokenFile, 'utf8').trim();
    } catch (error) {
      return usage(`cannot read ${options.bearerTokenFile} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  const server: ServerSettings = { name: new URL(url).host, url, headers: options.headers, bearerToken, tenant: options.tenant, tls: {} };
  const executor = new PrometheusQueryClient(serverEndpointOf(server), { timeoutMs: options.timeoutMs, maxBytes: 64 * 1024 * 1024 });
  const at = now();
  const previews: RulePreview[] = [];
  for (const rule of chosen) {
    // Without --step, the group's interval widened as the editor widens it: --since 10y at 1m
    // would otherwise be 5 million evaluations (526 range queries).
    const step = options.step ?? previewStep(options.since, rule.input.groupInterval ?? 60);
    previews.push(await previewRule(rule.input, executor, { now: at, since: options.since, step, externalURL: url.replace(/\/+$/, '') }));
  }
  if (options.format === 'json') io.stdout(`${JSON.stringify(previews.map(jsonOf), null, 2)}\n`);
  else io.stdout(textOf(previews));
  return previews.some((p) => p.error !== undefined) ? 1 : 0;
}

const rfc3339 = (seconds: number): string => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

/** The JSON shape: times in RFC 3339, `end` null while still active, `series` for recording rules. */
function jsonOf(preview: RulePreview): unknown {
  return {
    file: preview.file,
    group: preview.group,
    rule: preview.rule,
    kind: preview.kind,
    window: { start: rfc3339(preview.window.start), end: rfc3339(preview.window.end), step: formatDuration(preview.window.step) },
    instances: preview.instances.map((i) => ({
      labels: i.labels,
      spans: i.spans.map((s) => ({ state: s.state, start: rfc3339(s.start), end: s.end === null ? null : rfc3339(s.end) })),
      annotations: i.annotations,
      ...(i.templateErrors ? { templateErrors: i.templateErrors } : {}),
    })),
    ...(preview.series !== undefined ? { series: preview.series } : {}),
    ...(preview.sample ? { sample: preview.sample } : {}),
    ...(preview.churn ? { churn: preview.churn } : {}),
    summary: preview.summary,
    ...(preview.approximation ? { approximation: preview.approximation } : {}),
    ...(preview.server ? { server: { ...preview.server, ...(preview.server.lastEvaluation !== undefined ? { lastEvaluation: rfc3339(preview.server.lastEvaluation) } : {}) } } : {}),
    ...(preview.error !== undefined ? { error: preview.error } : {}),
  };
}

function textOf(previews: readonly RulePreview[]): string {
  const shown = escapeControlCharacters;
  const lines: string[] = [];
  const first = previews[0];
  if (first?.approximation) lines.push(`note: ${first.approximation}`);
  const hhmm = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(11, 16);
  for (const preview of previews) {
    lines.push('', `${shown(preview.group)}/${shown(preview.rule)} (${preview.kind === 'alert' ? 'alerting rule' : 'recording rule'}, ${rfc3339(preview.window.start)} to ${rfc3339(preview.window.end)} every ${formatDuration(preview.window.step)})`);
    lines.push(`  ${shown(preview.summary)}`);
    if (preview.server) {
      const live = preview.server;
      const state = [live.state, live.health !== 'ok' ? `health ${live.health}` : '', live.lastError ? `last error: ${live.lastError}` : ''].filter((p) => p).join(', ');
      lines.push(`  on the server: ${shown(state || 'loaded')}${live.differs ? ' (the server runs another version of this rule)' : ''}`);
    }
    for (const instance of preview.instances) {
      lines.push(`  ${shown(labelsText(instance.labels))}`);
      for (const span of instance.spans) {
        const end = span.end ?? preview.window.end;
        lines.push(`    ${span.state.padEnd(7)} ${hhmm(span.start)} → ${span.end === null ? 'now  ' : hhmm(span.end)} (${spanText(end - span.start)})`);
      }
      for (const [key, value] of Object.entries(instance.annotations)) lines.push(`    ${shown(key)}: ${shown(value)}`);
    }
    for (const sample of preview.sample ?? []) lines.push(`  ${shown(labelsText(sample.labels))}  ${shown(sample.value)}`);
    if (preview.series !== undefined && preview.sample && preview.series > preview.sample.length) lines.push(`  … and ${preview.series - preview.sample.length} more series`);
  }
  return `${lines.join('\n').replace(/^\n/, '')}\n`;
}

function labelsText(labels: Readonly<Record<string, string>>): string {
  const name = labels['__name__'] ?? '';
  const rest = Object.entries(labels).filter(([k]) => k !== '__name__').map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `${name}{${rest.join(', ')}}`;
}

function parseArgs(args: readonly string[]): Options {
  const options: Options = { since: 6 * 3600, format: 'text', timeoutMs: 60_000, headers: {}, rules: [], help: false };
  const rest = readCommandOptions(args, (name, value) => {
    switch (name) {
      case '--server': options.server = value(); break;
      case '--since': options.since = durationOption(value(), '--since'); break;
      case '--step': options.step = durationOption(value(), '--step'); break;
      case '--format': {
        const format = value();
        if (format !== 'text' && format !== 'json') throw new UsageError(`--format: text or json, not ${format}`);
        options.format = format;
        break;
      }
      case '--timeout': options.timeoutMs = Math.round(durationOption(value(), '--timeout') * 1000); break;
      case '--tenant': options.tenant = value(); break;
      case '--header': addHeaderOption(value(), options.headers); break;
      case '--bearer-token-file': options.bearerTokenFile = value(); break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        return false;
    }
    return true;
  });
  if (options.step !== undefined && options.since / options.step > 11_000) throw new UsageError(`--since ${formatDuration(options.since)} at --step ${formatDuration(options.step)} is more than 11,000 evaluations`);
  [options.file, ...options.rules] = rest;
  return options;
}
