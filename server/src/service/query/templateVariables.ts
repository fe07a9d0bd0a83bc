import { formatDuration } from '../promql/duration';

/*
 * Grafana's template variables in queries copied from dashboards: `$__range`, `$__interval`,
 * `$__rate_interval` and their `_s`/`_ms` forms, and the dashboard's own variables written `$job`,
 * `${job}`, `${job:raw}` or `[[job]]`. Before a query is sent they are replaced with values from
 * the settings (`prometheus.templateVariables`) and the run (its range and step), and the result
 * says what was replaced. A variable without a value is left as written, and said so: the server's
 * error then points at it.
 *
 * The substitution keeps a map back to the text as written, so that a position the server reports
 * lands on the right character of the document.
 */

export interface Substitution {
  /** The variable's name, without `$` and braces. */
  readonly name: string;
  readonly value: string;
  /** How many times it was replaced. */
  readonly count: number;
}

export interface SubstitutedQuery {
  /** The text to send. */
  readonly text: string;
  readonly substitutions: readonly Substitution[];
  /** Variables written in the query that have no value (left as written). */
  readonly unresolved: readonly string[];
  /** The index in the text as written of the character at `index` of the sent text (inside a replaced value: the variable's start). */
  toOriginal(index: number): number;
  /** One sentence for the result (`substituted $__range = 1h, $job = "api"`), or undefined when nothing was found. */
  readonly note: string | undefined;
}

export interface TemplateContext {
  /** The values of the user's variables (`prometheus.templateVariables`); they override the built-ins. */
  readonly variables: Readonly<Record<string, string>>;
  /** The query's range (the graph's), seconds: `$__range`. */
  readonly rangeSeconds: number;
  /** The step, seconds: `$__interval`. */
  readonly intervalSeconds: number;
  /** The scrape interval, seconds: `$__rate_interval` is max(`$__interval` + scrape interval, 4 × scrape interval), as Grafana computes it. */
  readonly scrapeIntervalSeconds: number;
}

/** `$name`, `${name}`, `${name:format}`, `${name.field}`, `[[name]]`, `[[name:format]]`, as Grafana's variable regex reads them. */
const VARIABLE = /\$([A-Za-z_]\w*)|\$\{([A-Za-z_]\w*)(?:\.[^:}]+)?(?::[^}]+)?\}|\[\[([A-Za-z_]\w*)(?::\w+)?\]\]/g;

/** The built-in variables' values for a run. */
export function builtinVariables(context: Omit<TemplateContext, 'variables'>): Record<string, string> {
  const range = Math.max(1, Math.round(context.rangeSeconds));
  const interval = Math.max(1, Math.round(context.intervalSeconds));
  const rate = Math.max(interval + context.scrapeIntervalSeconds, 4 * context.scrapeIntervalSeconds);
  return {
    __range: formatDuration(range),
    __range_s: String(range),
    __range_ms: String(range * 1000),
    __interval: formatDuration(interval),
    __interval_ms: String(interval * 1000),
    __rate_interval: formatDuration(Math.round(rate)),
    __rate_interval_ms: String(Math.round(rate) * 1000),
  };
}

export function substituteVariables(text: string, context: TemplateContext): SubstitutedQuery {
  const values: Record<string, string> = { ...builtinVariables(context), ...context.variables };
  const counts = new Map<string, number>();
  const unresolved = new Set<string>();
  /** Replaced spans: [start in the original, end in the original, start in the output, end in the output]. */
  const spans: [number, number, number, number][] = [];
  let out = '';
  let last = 0;
  VARIABLE.lastIndex = 0;
  for (let match = VARIABLE.exec(text); match; match = VARIABLE.exec(text)) {
    const name = match[1] ?? match[2] ?? match[3];
    const value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
    if (value === undefined) {
      unresolved.add(name);
      continue;
    }
    out += text.slice(last, match.index);
    const outStart = out.length;
    out += value;
    spans.push([match.index, match.index + match[0].length, outStart, out.length]);
    last = match.index + match[0].length;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  out += text.slice(last);
  const substitutions = [...counts].map(([name, count]) => ({ name, value: values[name], count }));
  const parts: string[] = [];
  if (substitutions.length > 0) parts.push(`substituted ${substitutions.map((s) => `$${s.name} = ${s.value}`).join(', ')}`);
  if (unresolved.size > 0) parts.push(`no value for ${[...unresolved].map((n) => `$${n}`).join(', ')} (prometheus.templateVariables)`);
  return {
    text: out,
    substitutions,
    unresolved: [...unresolved],
    note: parts.length > 0 ? parts.join('; ') : undefined,
    toOriginal(index: number): number {
      let delta = 0;
      for (const [origStart, origEnd, outStart, outEnd] of spans) {
        if (index < outStart) break;
        if (index < outEnd) return origStart;
        delta = origEnd - outEnd;
      }
      return index + delta;
    },
  };
}
