/*
 * The one line a preview opens with, in the words of issue 18: `would have fired 3 times for 2
 * label sets in the last 6 h; longest 40 min; now: firing`, and its counterpart for recording rules.
 * The lens, the results view and the CLI's text output all print it.
 */

import type { AlertInstance, PreviewWindow } from './rulePreview';

export const DEFAULT_WINDOW_SECONDS = 6 * 3600;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `6 h`, `30 min`, `7 d`, `45 s`: a window or a span as a person reads it. */
export function spanText(seconds: number): string {
  if (seconds >= 86_400 && seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
  if (seconds >= 60) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds)} s`;
}

/** `fired 3×` (the decoration after the rule) and the summary line, from the replayed instances. */
export function alertSummary(instances: readonly AlertInstance[], states: readonly { readonly state: 'pending' | 'firing' | 'inactive' }[], window: PreviewWindow): string {
  const span = spanText(window.end - window.start);
  const length = (s: { start: number; end: number | null }): number => (s.end ?? window.end) - s.start;
  const firing = instances.flatMap((i) => i.spans.filter((s) => s.state === 'firing'));
  const pending = instances.flatMap((i) => i.spans.filter((s) => s.state === 'pending'));
  const now = states.some((s) => s.state === 'firing') ? 'firing' : states.some((s) => s.state === 'pending') ? 'pending' : 'inactive';
  if (firing.length > 0) {
    const sets = instances.filter((i) => i.spans.some((s) => s.state === 'firing')).length;
    const longest = Math.max(...firing.map(length));
    return `would have fired ${firing.length === 1 ? 'once' : `${firing.length} times`} for ${plural(sets, 'label set')} in the last ${span}; longest ${spanText(longest)}; now: ${now}`;
  }
  if (pending.length > 0) {
    const longest = Math.max(...pending.map(length));
    return `would not have fired in the last ${span}: pending ${pending.length === 1 ? 'once' : `${pending.length} times`} for ${plural(instances.length, 'label set')}, longest ${spanText(longest)}; now: ${now}`;
  }
  return `would not have fired in the last ${span}: the expression returned nothing; now: inactive`;
}

/** `records 12 series now; 3 appeared and 1 vanished in the last 6 h`. */
export function recordingSummary(series: number, churn: { appeared: number; vanished: number } | undefined, window: PreviewWindow): string {
  const now = series === 0 ? 'records nothing now' : `records ${series} series now`;
  if (!churn) return now;
  return `${now}; ${churn.appeared} appeared and ${churn.vanished} vanished in the last ${spanText(window.end - window.start)}`;
}
