/*
 * prometheus_client exposes a creation timestamp beside every counter, histogram and summary: in
 * the text format as a gauge family of its own, `x_created` beside `x_total` (or `x_count`,
 * `x_sum`). Such a series belongs to its family: it is not a metric to rate or to report apart.
 */

const SUFFIX = '_created';
/** The series a family with creation timestamps has beside `_created`. */
const FAMILY_SERIES = ['_total', '_count', '_sum', '_bucket'];

/** The family a `_created` series belongs to, when `exists` knows one of its series; null for any other name. */
export function familyOfCreatedSeries(name: string, exists: (name: string) => boolean): string | null {
  if (!name.endsWith(SUFFIX) || name.length === SUFFIX.length) return null;
  const base = name.slice(0, -SUFFIX.length);
  return FAMILY_SERIES.some((suffix) => exists(`${base}${suffix}`)) ? base : null;
}
