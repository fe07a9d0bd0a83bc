import { codeBlock, escapeMarkdown, inlineCode } from '../remoteText/markdownText';
import type { MetricCatalog } from '../catalog/metricCatalog';
import { AGGREGATIONS } from '../promql/aggregations';
import { formatDuration } from '../promql/duration';
import { FUNCTIONS } from '../promql/functions';
import { forEachPreOrder, type Expr, type TextRange } from '../promql/syntaxTree';
import type { RuleDefinition } from '../rules/ruleIndex';
import { aggregationSignature, functionSignature, metricDocumentation } from './promqlCompletion';
import type { PromQLAtOffset } from './promqlAtOffset';
import type { HoverAnswer } from './hoverAnswer';
import { codeMetricDocumentation, type CodeMetricLookup } from './codeMetricText';

/*
 * Hover inside PromQL: a metric shows what the live catalog knows of it (TYPE, HELP, UNIT, labels,
 * series, sources), where the workspace's code defines it (with TYPE, HELP and labels when no live
 * source knows it) and the recording rules that define it; a function or aggregation its signature
 * and documentation; a duration its length in seconds; a label name its known values.
 */

export interface PromQLHoverSources {
  readonly catalog?: MetricCatalog;
  readonly definitions?: (name: string) => readonly RuleDefinition[];
  /** The metrics the workspace's code defines, and the URI of the document asked about (for "defined in"). */
  readonly code?: { readonly metrics: CodeMetricLookup; readonly uri: string };
}

type Target =
  | { kind: 'metric'; name: string; range: TextRange }
  | { kind: 'function'; name: string; range: TextRange }
  | { kind: 'aggregation'; name: string; range: TextRange }
  | { kind: 'duration'; seconds: number; text: string; range: TextRange }
  | { kind: 'label'; name: string; metric: string | undefined; range: TextRange };

const inside = (r: TextRange, offset: number): boolean => offset >= r.start && offset <= r.end;

function targetAt(expr: Expr, offset: number): Target | null {
  let found: Target | null = null;
  forEachPreOrder(expr, (node) => {
    if (found || !inside(node.range, offset)) return;
    switch (node.kind) {
      case 'VectorSelector': {
        if (node.name && inside(node.name.range, offset)) found = { kind: 'metric', name: node.name.value, range: node.name.range };
        const metric = node.name?.value ?? node.matchers.find((m) => m.name?.value === '__name__' && m.op === '=')?.value?.value;
        for (const m of node.matchers) {
          if (m.name && inside(m.name.range, offset)) {
            found = m.op === null ? { kind: 'metric', name: m.name.value, range: m.name.range } : { kind: 'label', name: m.name.value, metric, range: m.name.range };
          }
        }
        break;
      }
      case 'Call':
        if (inside(node.nameRange, offset)) found = { kind: 'function', name: node.name, range: node.nameRange };
        break;
      case 'Aggregation':
        if (inside(node.opRange, offset)) found = { kind: 'aggregation', name: node.op, range: node.opRange };
        break;
      case 'NumberLiteral':
        if (node.isDuration) found = { kind: 'duration', seconds: node.value, text: node.text, range: node.range };
        break;
      default:
        break;
    }
  });
  return found;
}

export function hoverPromQL(at: PromQLAtOffset, sources: PromQLHoverSources): HoverAnswer | null {
  const target = targetAt(at.analysis.expr, at.offset);
  if (!target) return null;
  const range = at.toDocument(target.range);
  const markdown = (value: string): HoverAnswer => ({ markdown: value, range });
  switch (target.kind) {
    case 'metric': {
      const metric = sources.catalog?.metric(target.name);
      const parts: string[] = [];
      const defined = sources.code?.metrics.exposing(target.name) ?? [];
      if (metric) parts.push(metricDocumentation(metric, sources.catalog!.labelNames(metric.name)));
      if (defined.length > 0) parts.push(codeMetricDocumentation(target.name, defined, sources.code!.uri, metric !== undefined));
      for (const d of sources.definitions?.(target.name) ?? []) {
        if (d.kind !== 'record') continue;
        parts.push(`Recording rule${d.group ? ` in group ${inlineCode(d.group)}` : ''}:\n${codeBlock(d.expr.trim(), 'promql')}`);
      }
      if (parts.length === 0) {
        const catalog = sources.catalog;
        parts.push(`**${escapeMarkdown(target.name)}**\n\n${catalog && catalog.sourceCount > 0 ? 'Not exposed by any configured source.' : 'No live source is configured (`prometheus.servers`, `prometheus.scrapeUrls`, or the targets of the workspace\'s prometheus.yml).'}`);
      }
      return markdown(parts.join('\n\n---\n\n'));
    }
    case 'function': {
      const f = FUNCTIONS.get(target.name);
      if (!f) return null;
      return markdown(`\`\`\`promql\n${functionSignature(f)}\n\`\`\`\n${f.doc}${f.experimental ? '\n\nExperimental: needs `--enable-feature=promql-experimental-functions`.' : ''}`);
    }
    case 'aggregation': {
      const a = AGGREGATIONS.get(target.name);
      if (!a) return null;
      return markdown(`\`\`\`promql\n${aggregationSignature(a)}\n\`\`\`\n${a.doc}${a.experimental ? '\n\nExperimental: needs `--enable-feature=promql-experimental-functions`.' : ''}`);
    }
    case 'duration':
      return markdown(`\`${target.text}\` = ${target.seconds.toLocaleString('en-US', { maximumFractionDigits: 3 })} seconds${target.text !== formatDuration(target.seconds) ? ` (${formatDuration(target.seconds)})` : ''}`);
    case 'label': {
      const values = sources.catalog?.labelValues(target.name, target.metric);
      const lines = [`**${escapeMarkdown(target.name)}**: label${target.metric ? ` of ${inlineCode(target.metric)}` : ''}`];
      if (values && values.length > 0) {
        const shown = values.slice(0, 10).map((v) => inlineCode(v, 120)).join(', ');
        lines.push('', `${values.length.toLocaleString('en-US')} known value${values.length === 1 ? '' : 's'}: ${shown}${values.length > 10 ? ', …' : ''}`);
      }
      return markdown(lines.join('\n'));
    }
  }
}
