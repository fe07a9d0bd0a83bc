/*
 * Prometheus durations (`1h30m`, `90s`, `1d`, `1w`, `1y`, `500ms`), as its model.ParseDuration reads
 * them: units from the largest to the smallest, each at most once, integers only.
 */

const UNITS: readonly [string, number][] = [
  ['y', 365 * 24 * 3600],
  ['w', 7 * 24 * 3600],
  ['d', 24 * 3600],
  ['h', 3600],
  ['m', 60],
  ['s', 1],
  ['ms', 0.001],
];

const DURATION_PATTERN = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** The largest duration Prometheus represents: int64 nanoseconds. */
export const MAX_DURATION_SECONDS = 2 ** 63 / 1e9;

export type DurationParse = { readonly seconds: number } | { readonly error: string };

export function parseDuration(text: string): DurationParse {
  if (text === '0') return { seconds: 0 };
  const match = text === '' ? null : DURATION_PATTERN.exec(text);
  if (!match) return { error: `not a valid duration string: "${text}"` };
  let milliseconds = 0;
  for (let i = 0; i < UNITS.length; i++) {
    const digits = match[i + 1];
    if (digits !== undefined) milliseconds += Number(digits) * UNITS[i][1] * 1000;
  }
  if (milliseconds / 1000 > MAX_DURATION_SECONDS) return { error: 'duration out of range' };
  return { seconds: milliseconds / 1000 };
}

/** The canonical spelling Prometheus prints: `1h30m`, `2d`, `1s500ms`, `0s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  let ms = Math.round(Math.abs(seconds) * 1000);
  if (ms === 0) return '0s';
  let out = seconds < 0 ? '-' : '';
  for (const [unit, size] of UNITS) {
    const unitMs = Math.round(size * 1000);
    const count = Math.floor(ms / unitMs);
    if (count > 0) {
      out += `${count}${unit}`;
      ms -= count * unitMs;
    }
  }
  return out;
}
