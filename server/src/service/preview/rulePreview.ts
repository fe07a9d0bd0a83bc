/*
 * What previewing a rule against a server answers: for an alerting rule, the alert instances its
 * expression would have produced over a window, each with its pending and firing spans (Prometheus'
 * alerting state machine replayed over a range query) and its annotations rendered at its last
 * firing; for a recording rule, the series it would write. The editor's Preview lens, the results
 * view and `prometheus-lsp preview --format json` all show this one shape.
 *
 * Times are Unix seconds here; the CLI prints them in RFC 3339.
 */

import type { QueryCost } from '../query/queryCost';

export interface PreviewWindow {
  readonly start: number;
  readonly end: number;
  /** Seconds between evaluations. */
  readonly step: number;
}

export interface AlertSpan {
  readonly state: 'pending' | 'firing';
  readonly start: number;
  /** null: still in this state at the window's end. */
  readonly end: number | null;
}

export interface AlertInstance {
  /** The result's labels plus the rule's `labels:`, rendered. */
  readonly labels: Readonly<Record<string, string>>;
  readonly spans: readonly AlertSpan[];
  /** Rendered at the instance's last firing (or last active evaluation when it never fired). */
  readonly annotations: Readonly<Record<string, string>>;
  /** Templates that failed to execute, by annotation or label key, with the offset in the template text. */
  readonly templateErrors?: readonly { readonly key: string; readonly offset: number; readonly message: string; readonly field?: 'labels' | 'annotations' }[];
}

/** The rule of the same name the server already evaluates (`/api/v1/rules`), shown beside the preview. */
export interface ServerRuleState {
  /** Alerting rules: `firing`, `pending` or `inactive`. */
  readonly state?: string;
  /** `ok`, `err` or `unknown`, as the server says. */
  readonly health: string;
  /** Unix seconds; absent when it has not been evaluated yet. */
  readonly lastEvaluation?: number;
  readonly lastError?: string;
  /** The server's expression, as it prints it. */
  readonly expr: string;
  /** The server's expression differs from the file's once both are printed canonically (promql/normalizedPromQL.ts): "the server runs another version of this rule". */
  readonly differs: boolean;
}

export interface RulePreview {
  readonly file: string;
  readonly group: string;
  readonly rule: string;
  readonly kind: 'alert' | 'record';
  readonly window: PreviewWindow;
  /** Alerting rules: one per label set that was ever active. */
  readonly instances: readonly AlertInstance[];
  /** Recording rules: series it would write at the window's end. */
  readonly series?: number;
  /** Recording rules: a sample of what it would write now. */
  readonly sample?: readonly { readonly labels: Readonly<Record<string, string>>; readonly value: string }[];
  /** Recording rules: label sets that appear or vanish over the window. */
  readonly churn?: { readonly appeared: number; readonly vanished: number };
  /** One line: `would have fired 3 times for 2 label sets in the last 6 h; longest 40 min; now: firing`. */
  readonly summary: string;
  /** How the window was evaluated: a range query approximates the rule's own evaluation times (say it beside the results). */
  readonly approximation?: string;
  /** Alerting rules: instances left out past the cap. */
  readonly omittedInstances?: number;
  /** The rule of this name the server runs, when it runs one. */
  readonly server?: ServerRuleState;
  /** What the expression costs at the window's end, when asked (`RulePreviewOptions.cost`). */
  readonly cost?: QueryCost;
  /** Why the rule could not be evaluated (the server's error, verbatim); instances are then empty. */
  readonly error?: string;
}
