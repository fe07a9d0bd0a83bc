/*
 * Grafana's template variables in `.promql` files (`$__rate_interval`, `$job`, `${env}`,
 * `[[instance]]`) are not PromQL: the query runs with them substituted (service/query/
 * templateVariables.ts). For analysis, each one outside a string is masked by PromQL of the same
 * length that fits where it stands, so that positions stay those of the text and the editor does
 * not underline what Grafana users write: a duration inside `[…]`, a number where a function or
 * aggregation takes a scalar parameter, a metric name elsewhere. Variables inside strings
 * (`{job="$job"}`) are left alone: they are strings to PromQL already.
 */

const VARIABLE = /\$__[A-Za-z_]\w*|\$\{[^}\n]*\}|\$[A-Za-z_]\w*|\[\[[A-Za-z_]\w*(?::\w+)?\]\]/g;

/** Calls whose first argument is a scalar. */
const SCALAR_FIRST = /\b(topk|bottomk|limitk|limit_ratio|quantile|histogram_quantile|quantile_over_time|count_values)\s*\(\s*$/;

export interface MaskedText {
  readonly text: string;
  /** Whether anything was masked (the text then differs from the document's and cannot be reprinted). */
  readonly masked: boolean;
}

export function maskTemplateVariables(text: string): MaskedText {
  if (!text.includes('$') && !text.includes('[[')) return { text, masked: false };
  const strings = stringRanges(text);
  let out = '';
  let last = 0;
  let masked = false;
  for (const match of text.matchAll(VARIABLE)) {
    const start = match.index;
    const word = match[0];
    if (strings.some(([s, e]) => start >= s && start < e)) continue;
    out += text.slice(last, start) + replacement(text, start, word.length);
    last = start + word.length;
    masked = true;
  }
  return masked ? { text: out + text.slice(last), masked } : { text, masked: false };
}

function replacement(text: string, start: number, length: number): string {
  const before = text.slice(0, start);
  if (insideBrackets(before)) return `1m${' '.repeat(Math.max(0, length - 2))}`;
  if (SCALAR_FIRST.test(before) || /(?:^|[^=!<>])(?:==|!=|>=|<=|>|<)\s*(?:bool\s+)?$/.test(before)) return `1${' '.repeat(length - 1)}`;
  return `x${'_'.repeat(length - 1)}`;
}

/** Whether the text before ends inside an open `[`. */
function insideBrackets(before: string): boolean {
  const open = before.lastIndexOf('[');
  return open > before.lastIndexOf(']');
}

/** Ranges of string literals (`"…"`, `'…'`, `` `…` ``), end exclusive; an unterminated one runs to its line's end. */
function stringRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (let i = 0; i < text.length; i++) {
    const quote = text[i];
    if (quote === '#') {
      const end = text.indexOf('\n', i);
      ranges.push([i, end === -1 ? text.length : end]);
      i = end === -1 ? text.length : end;
      continue;
    }
    if (quote !== '"' && quote !== "'" && quote !== '`') continue;
    let j = i + 1;
    while (j < text.length && text[j] !== quote && !(quote !== '`' && text[j] === '\n')) j += quote !== '`' && text[j] === '\\' ? 2 : 1;
    ranges.push([i, Math.min(j + 1, text.length)]);
    i = j;
  }
  return ranges;
}
