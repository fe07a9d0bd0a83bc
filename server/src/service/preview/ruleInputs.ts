/*
 * The rules of a rule file as previews take them (previewInput.ts): each alerting and recording
 * rule with its group, the group's `interval:`, `for:`, `keep_firing_for:`, `labels:` and
 * `annotations:`, read from the document's YAML; with where each template's characters are in the
 * document, so that a template that fails to execute is shown at its place.
 */

import { isMap, isScalar, isSeq } from 'yaml';
import type { DocumentModel } from '../documents/documentModel';
import { mapScalar, type ScalarStyle } from '../documents/scalarSourceMap';
import { parseDuration } from '../promql/duration';
import type { TextRange } from '../promql/syntaxTree';
import type { RulePreviewInput } from './previewInput';
import { ruleGroupsNode } from '../documents/ruleGroups';

export interface RuleInDocument {
  readonly input: RulePreviewInput;
  /** The whole rule mapping. */
  readonly ruleRange: TextRange;
  /** The `alert:` or `record:` value. */
  readonly nameRange: TextRange;
  /** The document offset of the character at `offset` of the template of `labels` or `annotations` `key`; undefined when there is none. */
  templateOffset(field: 'labels' | 'annotations', key: string, offset: number): number | undefined;
}

/** The rules of a rule file, in file order; none for other documents. `file`: the name previews print. */
export function ruleInputs(model: DocumentModel, file: string): RuleInDocument[] {
  if (model.kind !== 'rules') return [];
  const out: RuleInDocument[] = [];
  for (const document of model.documents) {
    const root = document.contents;
    const groups: { name: string; interval?: number; rules: unknown[] }[] = [];
    if (isSeq(root)) groups.push({ name: '', rules: root.items });
    else {
      const list = ruleGroupsNode(root);
      for (const group of isSeq(list) ? list.items : []) {
        if (!isMap(group)) continue;
        const rules = group.get('rules', true);
        groups.push({ name: String(group.get('name') ?? ''), interval: seconds(group.get('interval')), rules: isSeq(rules) ? rules.items : [] });
      }
    }
    for (const group of groups) {
      for (const rule of group.rules) {
        if (!isMap(rule) || !rule.range) continue;
        const alert = rule.get('alert', true);
        const record = rule.get('record', true);
        const nameNode = isScalar(alert) ? alert : isScalar(record) ? record : null;
        const expr = rule.get('expr', true);
        if (!nameNode || !nameNode.range || !isScalar(expr)) continue;
        const kind = nameNode === alert ? 'alert' : 'record';
        const templates = new Map<string, { range: [number, number]; style: ScalarStyle; value: string }>();
        const strings = (field: 'labels' | 'annotations'): Record<string, string> | undefined => {
          const map = rule.get(field, true);
          if (!isMap(map)) return undefined;
          const out: Record<string, string> = {};
          for (const pair of map.items) {
            if (!isScalar(pair.key) || !isScalar(pair.value)) continue;
            const key = String(pair.key.value);
            const value = pair.value.value === null ? '' : String(pair.value.value);
            out[key] = value;
            if (pair.value.range) templates.set(`${field}\u0000${key}`, { range: [pair.value.range[0], pair.value.range[1]], style: pair.value.type as ScalarStyle, value });
          }
          return out;
        };
        const labels = strings('labels');
        const annotations = kind === 'alert' ? strings('annotations') : undefined;
        const holdFor = kind === 'alert' ? seconds(rule.get('for')) : undefined;
        const keepFiringFor = kind === 'alert' ? seconds(rule.get('keep_firing_for')) : undefined;
        const input: RulePreviewInput = {
          file,
          group: group.name,
          ...(group.interval !== undefined ? { groupInterval: group.interval } : {}),
          kind,
          name: String(nameNode.value),
          expr: String(expr.value),
          ...(holdFor !== undefined ? { for: holdFor } : {}),
          ...(keepFiringFor !== undefined ? { keepFiringFor } : {}),
          ...(labels ? { labels } : {}),
          ...(annotations ? { annotations } : {}),
        };
        const text = model.text;
        out.push({
          input,
          ruleRange: { start: rule.range[0], end: rule.range[1] },
          nameRange: { start: nameNode.range[0], end: nameNode.range[1] },
          templateOffset(field, key, offset) {
            const template = templates.get(`${field}\u0000${key}`);
            if (!template) return undefined;
            return mapScalar(text, template.range[0], template.range[1], template.style, template.value).toDocumentOffset(offset);
          },
        });
      }
    }
  }
  return out;
}

function seconds(value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const parsed = parseDuration(String(value));
  return 'seconds' in parsed ? parsed.seconds : undefined;
}
