import { spanText } from './previewSummary';
import type { RulePreview } from './rulePreview';

/*
 * The few words a preview leaves after its rule in the editor, as a run leaves its summary:
 * `fired 3× in 6 h`, `firing now · fired 1× in 6 h`, `never fired in 24 h`, `records 12 series`.
 * The results view has the whole preview; this line is what stays in sight while editing.
 */

export function previewHeadline(preview: RulePreview): string {
  if (preview.error !== undefined) return `preview failed: ${preview.error}`;
  const span = spanText(preview.window.end - preview.window.start);
  if (preview.kind === 'record') {
    const series = preview.series ?? 0;
    return `records ${series.toLocaleString('en-US')} series${preview.churn && (preview.churn.appeared > 0 || preview.churn.vanished > 0) ? ` · +${preview.churn.appeared} −${preview.churn.vanished} in ${span}` : ''}`;
  }
  const firings = preview.instances.reduce((n, instance) => n + instance.spans.filter((s) => s.state === 'firing').length, 0);
  const now = preview.instances.some((i) => i.spans.some((s) => s.state === 'firing' && s.end === null))
    ? 'firing now · '
    : preview.instances.some((i) => i.spans.some((s) => s.state === 'pending' && s.end === null)) ? 'pending now · ' : '';
  if (firings === 0) return `${now}never fired in ${span}`;
  return `${now}fired ${firings}× in ${span}`;
}
