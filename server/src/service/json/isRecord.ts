/*
 * The one test for "a JSON object" used wherever untyped input is read field by field: settings,
 * config files, Prometheus API answers. A plain object, not null, not an array.
 */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
