import { escapeMarkdown, inlineCode } from '../remoteText/markdownText';
import { plainText } from '../remoteText/plainText';
import { definitionPlace, exposedLabelNames, type ExposedCodeMetric } from '../workspace/codeDefinitions';

/*
 * What completion and hover say of a metric the workspace's code defines: its TYPE, HELP, label
 * names and where it is defined ("defined in `app/metrics.py:12`"). The same text with or without
 * live sources; live data, where present, is shown beside it by the catalog's own text. Names and
 * help come from workspace files: escaped, never rendered as the Markdown they might hold.
 */

/** The metrics code defines under a name, as completion and hover read them (the workspace's CodeDefinitions). */
export interface CodeMetricLookup {
  exposing(name: string): readonly ExposedCodeMetric[];
  all(): ReadonlyMap<string, readonly ExposedCodeMetric[]>;
}

/** A completion entry's detail: `counter · Requests served · defined in app/metrics.py:12` (plain text, one line). */
export function codeMetricDetail(metric: ExposedCodeMetric, fromUri: string): string {
  const help = metric.at.definition.help;
  return `${metric.exposed.type}${help ? ` · ${plainText(help, 60, true)}` : ''} · defined in ${plainText(definitionPlace(metric.at, fromUri), 120, true)}`;
}

/** Just where: ` · defined in app/metrics.py:12`, for an entry the live catalog describes. */
export function definedInSuffix(metrics: readonly ExposedCodeMetric[], fromUri: string): string {
  return metrics.length > 0 ? ` · defined in ${plainText(definitionPlace(metrics[0].at, fromUri), 120, true)}` : '';
}

/**
 * Markdown: the name with its TYPE, HELP, labels and place of definition of each definition (two
 * services may define one name); `brief`: the place alone (the live catalog said the rest).
 */
export function codeMetricDocumentation(name: string, metrics: readonly ExposedCodeMetric[], fromUri: string, brief = false): string {
  const parts: string[] = [];
  for (const metric of metrics) {
    const { definition } = metric.at;
    const place = `Defined in ${inlineCode(definitionPlace(metric.at, fromUri))} (${inlineCode(definition.metricClass)} of ${inlineCode(definition.library)}${metric.exposed.family !== name ? `, family ${inlineCode(metric.exposed.family)}` : ''})`;
    if (brief) {
      parts.push(place);
      continue;
    }
    const lines = [`**${escapeMarkdown(name)}** · ${escapeMarkdown(metric.exposed.type)}`];
    if (definition.help) lines.push('', escapeMarkdown(definition.help, undefined, true));
    const labels = exposedLabelNames(metric);
    if (labels.length > 0) lines.push('', `Labels: ${labels.map((l) => inlineCode(l)).join(', ')}`);
    if (definition.labelNamesUnresolved) lines.push('', `Label names not known statically: ${escapeMarkdown(definition.labelNamesUnresolved, 200)}`);
    lines.push('', place);
    parts.push(lines.join('\n'));
  }
  return parts.join('\n\n');
}
