import { isMap, isScalar, type YAMLMap } from 'yaml';
import type { DocumentModel } from '../documents/documentModel';
import { parseDuration } from '../promql/duration';
import type { RunnableQuery } from '../query/documentQueries';
import type { RulePreviewInput } from './previewInput';
import { ruleAtExpr } from './ruleAtExpr';

/*
 * The rule a preview replays, read from the editor's model of its file: the expression as
 * Prometheus evaluates it (the `expr:` value, unescaped) and the fields the replay needs (`for:`,
 * `keep_firing_for:`, `labels:`, `annotations:`, the group's `interval:`). A field that does not
 * parse is left out: the file's diagnostics already say why.
 */

/** A rule read from the editor's model: every field the preview takes, `for:` and the rest filled (0, {} when absent). */
export type PreviewedRule = RulePreviewInput & {
  readonly for: number;
  readonly keepFiringFor: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
};

export function previewedRule(model: DocumentModel, query: RunnableQuery, file: string): PreviewedRule | null {
  if (model.kind === 'promql' || !query.rule) return null;
  const maps = ruleAtExpr(model, query.range.start);
  if (!maps) return null;
  const interval = seconds(maps.group?.get('interval', true));
  return {
    file,
    group: query.rule.group,
    kind: query.rule.kind,
    name: query.rule.name,
    expr: query.text,
    for: seconds(maps.rule.get('for', true)) ?? 0,
    keepFiringFor: seconds(maps.rule.get('keep_firing_for', true)) ?? 0,
    labels: strings(maps.rule.get('labels', true)),
    annotations: strings(maps.rule.get('annotations', true)),
    ...(interval !== undefined && interval > 0 ? { groupInterval: interval } : {}),
  };
}

function seconds(node: unknown): number | undefined {
  if (!isScalar(node) || node.value === null) return undefined;
  const parsed = parseDuration(String(node.value));
  return 'seconds' in parsed ? parsed.seconds : undefined;
}

function strings(node: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isMap(node)) return out;
  for (const pair of (node as YAMLMap).items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined || !isScalar(pair.value) || pair.value.value === null) continue;
    out[key] = String(pair.value.value);
  }
  return out;
}
