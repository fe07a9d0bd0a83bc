import { completionContextAt } from '../promql/completionContext';
import type { PromQLAtOffset } from './promqlAtOffset';

/*
 * What a completion or hover at an offset of PromQL reads from the live sources: the catalog (the
 * sources' first load), and from servers that answer on demand the label values of a label (of a
 * metric) or the label names of metrics. The LSP edge fetches them, within deadlines, before it asks
 * for the completion or hover; the service only says which.
 */

export type LiveDataNeed =
  | { readonly kind: 'catalog' }
  | { readonly kind: 'labelValues'; readonly label: string; readonly metric: string | undefined }
  | { readonly kind: 'labelNames'; readonly metrics: readonly string[] };

/** Metrics whose label names a `by (…)` completion asks for, at most. */
const GROUPING_METRICS = 5;

export function liveDataNeed(at: PromQLAtOffset, forHover: boolean): LiveDataNeed {
  if (forHover) {
    const word = /[A-Za-z0-9_:]*$/.exec(at.text.slice(0, at.offset))?.[0] ?? '';
    const rest = /^[A-Za-z0-9_:]*/.exec(at.text.slice(at.offset))?.[0] ?? '';
    return word + rest ? { kind: 'labelNames', metrics: [word + rest] } : { kind: 'catalog' };
  }
  const context = completionContextAt(at.text, at.offset, at.analysis.expr);
  if (context.kind === 'labelValue') return { kind: 'labelValues', label: context.label, metric: context.metric };
  if (context.kind === 'labelName' && context.metric) return { kind: 'labelNames', metrics: [context.metric] };
  if (context.kind === 'groupingLabel') return { kind: 'labelNames', metrics: context.metrics.slice(0, GROUPING_METRICS) };
  return { kind: 'catalog' };
}
