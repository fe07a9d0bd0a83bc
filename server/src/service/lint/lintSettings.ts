import type { Severity } from '../diagnosticCode';
import { isRecord } from '../json/isRecord';

/*
 * What the user chose about the lint rules: a severity (or `off`) per rule id, and the thresholds
 * the cardinality rules compare against. The `prometheus.lint` setting in editors, `--rule` and
 * `--config` in the CLI; both end here.
 */

export type RuleSetting = Severity | 'off';

export interface LintSettings {
  /** Rule id (`naming/base-unit`) → severity or `off`. Rules not listed keep their default. */
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** Label names that are unbounded by nature, added to the built-in list (`request_id`, `user_id`, …). */
  readonly unboundedLabels: readonly string[];
  /** A label with more distinct values than this, in live data, is high-cardinality. */
  readonly maxLabelValues: number;
  /** A selector with no narrowing matcher over a metric with more live series than this is flagged. */
  readonly maxSeries: number;
}

export const DEFAULT_LINT_SETTINGS: LintSettings = {
  rules: {},
  unboundedLabels: [],
  maxLabelValues: 100,
  maxSeries: 10_000,
};

const SETTINGS: ReadonlySet<string> = new Set<RuleSetting>(['off', 'error', 'warning', 'info', 'hint']);

export function isRuleSetting(value: unknown): value is RuleSetting {
  return typeof value === 'string' && SETTINGS.has(value);
}

/**
 * Reads the `lint` section (`{ rules: {id: severity}, unboundedLabels, maxLabelValues, maxSeries }`)
 * keeping only well-formed values.
 */
export function toLintSettings(section: unknown): LintSettings {
  if (!isRecord(section)) return DEFAULT_LINT_SETTINGS;
  const rules: Record<string, RuleSetting> = {};
  const rawRules = section['rules'];
  if (isRecord(rawRules)) {
    for (const [id, value] of Object.entries(rawRules)) if (isRuleSetting(value)) rules[id] = value;
  }
  const labels = Array.isArray(section['unboundedLabels']) ? section['unboundedLabels'].filter((v): v is string => typeof v === 'string' && v !== '') : [];
  const count = (value: unknown, fallback: number): number => (typeof value === 'number' && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback);
  return {
    rules,
    unboundedLabels: labels,
    maxLabelValues: count(section['maxLabelValues'], DEFAULT_LINT_SETTINGS.maxLabelValues),
    maxSeries: count(section['maxSeries'], DEFAULT_LINT_SETTINGS.maxSeries),
  };
}

/** The severity a problem of this rule gets, or null when the user turned the rule off. */
export function severityOf(code: string, defaultSeverity: Severity, settings: LintSettings): Severity | null {
  const chosen = settings.rules[code];
  if (chosen === 'off') return null;
  return chosen ?? defaultSeverity;
}
