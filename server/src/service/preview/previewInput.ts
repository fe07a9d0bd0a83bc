/*
 * What previewing a rule takes: the rule as the rule index and its YAML know it, and the window,
 * step and server facts of the run. previewRule.ts re-exports these types.
 */

/** A rule as the rule index and the YAML know it: what a preview needs of it. */
export interface RulePreviewInput {
  readonly file: string;
  readonly group: string;
  /** The group's `interval:`, seconds. */
  readonly groupInterval?: number;
  readonly kind: 'alert' | 'record';
  /** `alert:` or `record:`. */
  readonly name: string;
  readonly expr: string;
  /** `for:`, seconds. */
  readonly for?: number;
  /** `keep_firing_for:`, seconds. */
  readonly keepFiringFor?: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface RulePreviewOptions {
  /** The window's end, Unix seconds: the caller's clock (the service reads none). */
  readonly now: number;
  /** The window's length, seconds; default 6 h. */
  readonly since?: number;
  /** Seconds between evaluations; default the group's interval, else `evaluationInterval`, else 1m. */
  readonly step?: number;
  /** The configuration's `evaluation_interval`, seconds. */
  readonly evaluationInterval?: number;
  /** `$externalLabels`; absent: read from the server's `/api/v1/status/config` when it answers. */
  readonly externalLabels?: Readonly<Record<string, string>>;
  /** `$externalURL`, `externalURL`, `pathPrefix`, links. */
  readonly externalURL?: string;
  /** Recording rules: series shown in `sample`; default 10. */
  readonly sampleSize?: number;
  /** Also measure what the expression costs (`RulePreview.cost`: series per selector, samples, time). */
  readonly cost?: boolean;
  readonly signal?: AbortSignal;
}
