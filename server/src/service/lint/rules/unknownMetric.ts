import { closestMetric } from '../../catalog/closestMetric';
import type { TextRange, VectorSelector } from '../../promql/syntaxTree';
import type { QuickFix } from '../../quickFix';
import type { LintRule, QueryWalk } from '../lintRule';
import { matchesRegex, metricNameOf } from '../queryFacts';

/*
 * promql/unknown-metric: a metric no live source has. With a Prometheus-API server that answers for
 * every name, absence is proof (and a label the metric never carries too); with other sources only
 * a name close to a known one is reported, as a "did you mean".
 */

export const unknownMetric: LintRule = {
  code: 'promql/unknown-metric',
  defaultSeverity: 'info',
  description: 'A metric that no series of the configured Prometheus-API server has, and that no recording rule of the workspace records (a typo, or a metric that is not scraped); a label matcher on a label the metric never carries.',
  summary: 'a metric or label no live source has ("did you mean")',
  documentation: [
    'With a Prometheus-API server configured: finds a metric none of its series has (nor any live source, nor a recording rule of the workspace), and a matcher on a label the metric never carries (the message lists its labels). With any live source: a name no source has, close to one a source has (`llm_request_total`: "did you mean `llm_requests_total`?"). Silent without a source, and when the server\'s list of names was cut at 200,000.',
    'Why: a typo in a metric or label name makes the query return nothing, which looks like "all is well" in an alert.',
    'Fix: use the live name (the quick fix offers the closest one).',
  ].join('\n\n'),
  quickFix: 'use the live name',
  liveData: 'required',
  precision: 'live only',
  appliesTo: ['queries'],
  promql: {
    VectorSelector(node, walk) {
      const name = metricNameOf(node);
      if (!name) return;
      if (walk.context.server) reportMissing(node, name, walk);
      else reportTypo(node, name, walk);
    },
  },
};

/** A name the configured server has no series of, or a label its series never carry. */
function reportMissing(node: VectorSelector, name: string, walk: QueryWalk): void {
  const { catalog, server } = walk.context;
  // Past 200,000 names a server's list is cut (prometheusApiSource asks no more): absence proves nothing.
  if (!catalog || catalog.size === 0 || catalog.size >= 200_000 || walk.context.isRecorded?.(name)) return;
  const metric = catalog.metric(name);
  const range = node.name?.range ?? node.range;
  if (!metric) {
    // The _total counter case has its own rule and fix.
    if (catalog.metric(`${name}_total`)) return;
    const suggestion = node.name ? closestMetric(catalog, name) : null;
    if (suggestion && node.name) {
      walk.report({ code: unknownMetric, range, message: `${server} has no series of "${name}", and no recording rule of the workspace records it: did you mean "${suggestion}"?`, fixes: [useName(node.name.range, suggestion)] });
      return;
    }
    walk.report({ code: unknownMetric, range, message: `${server} has no series of "${name}", and no recording rule of the workspace records it` });
    return;
  }
  if (!catalog.hasLabelNames(name)) return;
  const labels = new Set(catalog.labelNames(name));
  for (const m of node.matchers) {
    if (!m.name || m.op === null || m.name.value === '__name__' || labels.has(m.name.value)) continue;
    // `label=""` and `label!~".+"` ask for series without the label: true of every series here.
    const value = m.value?.value ?? '';
    if ((m.op === '=' && value === '') || (m.op === '!=' && value !== '') || m.op === '!~') continue;
    // `label=~".*"` matches the empty value, so every series without the label too: the selector
    // matches (cardinality/series says it narrows nothing; "matches nothing" would contradict it).
    if (m.op === '=~' && matchesRegex(value, '', true) !== false) continue;
    walk.report({ code: unknownMetric, range: m.name.range, message: `"${name}" has no label "${m.name.value}" on ${server} (its labels: ${[...labels].filter((l) => l !== '__name__').sort().join(', ') || 'none'}): this selector matches nothing` });
  }
}

/** A name no live source has, close to one a source has: "did you mean". */
function reportTypo(node: VectorSelector, name: string, walk: QueryWalk): void {
  const catalog = walk.context.catalog;
  if (!node.name || !catalog || catalog.size === 0 || catalog.metric(name) || catalog.metric(`${name}_total`) || walk.context.isRecorded?.(name)) return;
  const suggestion = closestMetric(catalog, name);
  if (suggestion) walk.report({ code: unknownMetric, range: node.name.range, message: `no live source has "${name}": did you mean "${suggestion}"?`, fixes: [useName(node.name.range, suggestion)] });
}

function useName(range: TextRange, name: string): QuickFix {
  return { title: `Use ${name}`, safe: false, changes: [{ range, newText: name }] };
}
