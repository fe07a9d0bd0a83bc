/*
 * The values of a rule unit test's `input_series`, written in promtool's expanding notation from a
 * series' real samples on a regular grid: `_` where the series had no sample, `stale` where it
 * vanished, runs compressed as `a+bxN` (N+1 values, each the previous plus b, added in float64 as
 * promtool does), `axN` (N+1 equal values) and `_xN` (N gaps). A run is compressed only when the
 * expansion gives back every value exactly, so the test reads the same numbers the server holds.
 */

/** One point of the grid: the server's value text (`0.5`, `+Inf`, `NaN`), absent (null), or a staleness marker. */
export type GridValue = string | null | 'stale';

/** Values on a grid of `count` points: the samples placed at their grid index, absent points null, the first absence after a value `stale`. */
export function gridValues(samples: readonly (readonly [number, string])[], start: number, step: number, count: number): GridValue[] {
  const values: GridValue[] = new Array<GridValue>(count).fill(null);
  for (const [time, value] of samples) {
    const index = Math.round((time - start) / step);
    if (index >= 0 && index < count) values[index] = value;
  }
  // A series a range query stops returning has gone stale (or left the lookback): the test must see it go at once.
  for (let i = 1; i < count; i++) if (values[i] === null && values[i - 1] !== null && values[i - 1] !== 'stale') values[i] = 'stale';
  return values;
}

/** The values in the expanding notation, space-separated. */
export function seriesNotation(values: readonly GridValue[]): string {
  const tokens: string[] = [];
  let i = 0;
  while (i < values.length) {
    const value = values[i];
    if (value === null) {
      let j = i;
      while (j < values.length && values[j] === null) j++;
      tokens.push(j - i === 1 ? '_' : `_x${j - i}`);
      i = j;
      continue;
    }
    if (value === 'stale') {
      tokens.push('stale');
      i++;
      continue;
    }
    const run = arithmeticRun(values, i);
    tokens.push(run.token);
    i += run.length;
  }
  return tokens.join(' ');
}

/** The longest run from `start` that `a+bxN` (or `axN`) reproduces exactly, or the single value. */
function arithmeticRun(values: readonly GridValue[], start: number): { token: string; length: number } {
  const first = values[start] as string;
  const single = { token: numberToken(first), length: 1 };
  const a = Number(first);
  const next = values[start + 1];
  if (!plainDecimal(first) || typeof next !== 'string' || next === 'stale' || !plainDecimal(next)) return single;
  const b = Number(next) - a;
  const increment = formatNumber(Math.abs(b));
  if (increment === null || Number(increment) !== Math.abs(b)) return single;
  let accumulated = a;
  let length = 1;
  while (start + length < values.length) {
    const v = values[start + length];
    if (typeof v !== 'string' || v === 'stale' || !plainDecimal(v)) break;
    const expected = accumulated + b;
    if (Number(v) !== expected) break;
    accumulated = expected;
    length++;
  }
  if (b === 0 && length >= 2) return { token: `${first}x${length - 1}`, length };
  if (length >= 3) return { token: `${first}${b < 0 ? '-' : '+'}${increment}x${length - 1}`, length };
  return single;
}

/** A value as promtool's series lexer reads it: the server's decimal text, `Inf`, `-Inf` or `NaN`. */
function numberToken(value: string): string {
  if (value === '+Inf' || value === 'Inf' || value === 'inf') return 'Inf';
  if (value === '-Inf' || value === '-inf') return '-Inf';
  if (/^nan$/i.test(value)) return 'NaN';
  return value;
}

/** A finite number written without an exponent: safe to add to. */
function plainDecimal(value: string): boolean {
  return /^-?\d+(?:\.\d+)?$/.test(value) && Number.isFinite(Number(value));
}

/** The shortest decimal that reads back as `n`, without an exponent; null when JavaScript writes one. */
function formatNumber(n: number): string | null {
  const text = String(n);
  return /e/i.test(text) ? null : text;
}
