/*
 * Prometheus' alerting state machine (rules/alerting.go, AlertingRule.Eval), replayed over a
 * sequence of evaluations instead of run live: per label set, pending from the first evaluation
 * where the expression returns it, firing once it has been active for `for:`, held firing for
 * `keep_firing_for:` after it stops being returned, resolved at the first evaluation where it is
 * neither. The previews feed it the steps of a range query; it knows nothing of servers.
 */

import type { AlertSpan } from './rulePreview';

/** One label set the expression returned at an evaluation. */
export interface ActiveSample<T> {
  /** The alert's identity: its labels (result labels, rule labels, alertname), serialised. */
  readonly key: string;
  /** What the caller keeps with it (labels, value, the result's metric) for the instance's last sample. */
  readonly payload: T;
}

export interface Evaluation<T> {
  /** Unix seconds. */
  readonly time: number;
  readonly active: readonly ActiveSample<T>[];
}

export interface ReplayedAlert<T> {
  readonly key: string;
  readonly spans: AlertSpan[];
  /** The last evaluation where it was returned while firing, else the last where it was returned at all. */
  readonly last: { readonly time: number; readonly payload: T; readonly firing: boolean };
  /** Its state at the last evaluation. */
  readonly state: 'pending' | 'firing' | 'inactive';
}

interface Live<T> {
  state: 'pending' | 'firing';
  activeAt: number;
  keepFiringSince: number | null;
  alert: { key: string; spans: AlertSpan[]; last: { time: number; payload: T; firing: boolean }; state: 'pending' | 'firing' | 'inactive' };
}

/**
 * @param holdFor `for:`, seconds
 * @param keepFiringFor `keep_firing_for:`, seconds
 */
export function replayAlerts<T>(evaluations: readonly Evaluation<T>[], holdFor: number, keepFiringFor: number): ReplayedAlert<T>[] {
  const all = new Map<string, Live<T>['alert']>();
  const live = new Map<string, Live<T>>();
  const closeSpan = (alert: Live<T>['alert'], time: number): void => {
    const open = alert.spans[alert.spans.length - 1];
    if (open && open.end === null) alert.spans[alert.spans.length - 1] = { ...open, end: time };
  };
  for (const evaluation of evaluations) {
    const ts = evaluation.time;
    const returned = new Map<string, T>();
    for (const sample of evaluation.active) returned.set(sample.key, sample.payload);
    // New label sets start pending; those already pending or firing keep their state.
    for (const [key, payload] of returned) {
      if (live.has(key)) continue;
      // A label set that comes back after it resolved is a new alert in Prometheus; here, the same instance's next spans.
      let alert = all.get(key);
      if (alert) {
        alert.spans.push({ state: 'pending', start: ts, end: null });
        alert.state = 'pending';
        if (!alert.last.firing) alert.last = { time: ts, payload, firing: false };
      } else {
        alert = { key, spans: [{ state: 'pending', start: ts, end: null }], last: { time: ts, payload, firing: false }, state: 'pending' };
        all.set(key, alert);
      }
      live.set(key, { state: 'pending', activeAt: ts, keepFiringSince: null, alert });
    }
    for (const [key, entry] of live) {
      const payload = returned.get(key);
      if (payload === undefined) {
        let keepFiring = false;
        if (entry.state === 'firing' && keepFiringFor > 0) {
          entry.keepFiringSince ??= ts;
          keepFiring = ts - entry.keepFiringSince < keepFiringFor;
        }
        if (!keepFiring) {
          closeSpan(entry.alert, ts);
          entry.alert.state = 'inactive';
          live.delete(key);
          continue;
        }
      } else {
        entry.keepFiringSince = null;
        if (entry.state === 'firing' || !entry.alert.last.firing) entry.alert.last = { time: ts, payload, firing: entry.state === 'firing' };
      }
      if (entry.state === 'pending' && ts - entry.activeAt >= holdFor) {
        // `for: 0` fires at once: no pending span of no length.
        const spans = entry.alert.spans;
        if (spans[spans.length - 1]?.start === ts) spans.pop();
        else closeSpan(entry.alert, ts);
        entry.state = 'firing';
        entry.alert.state = 'firing';
        entry.alert.spans.push({ state: 'firing', start: ts, end: null });
        if (payload !== undefined) entry.alert.last = { time: ts, payload, firing: true };
      }
    }
  }
  return [...all.values()];
}
