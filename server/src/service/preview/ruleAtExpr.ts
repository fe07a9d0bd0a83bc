import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import type { YamlDocumentModel } from '../documents/yamlDocument';

/*
 * The rule mapping (and its group's) whose `expr:` value starts at a document offset: how the
 * editor goes from the query a lens or a request names to the rest of its rule (`for:`, `labels:`,
 * `annotations:`, the group's `interval:`), whatever the file's shape (a rule file, a bare list of
 * rules, a PrometheusRule's `spec`).
 */

export interface RuleMaps {
  readonly rule: YAMLMap;
  /** null for a bare list of rules. */
  readonly group: YAMLMap | null;
}

export function ruleAtExpr(model: YamlDocumentModel, exprStart: number): RuleMaps | null {
  if (model.kind !== 'rules') return null;
  for (const document of model.documents) {
    const root = document.contents;
    const lists: { rules: unknown; group: YAMLMap | null }[] = [];
    if (isSeq(root)) lists.push({ rules: root, group: null });
    else if (isMap(root)) {
      const spec = root.get('spec', true);
      const groups = (isMap(spec) ? spec : root).get('groups', true);
      if (isSeq(groups)) for (const group of groups.items) if (isMap(group)) lists.push({ rules: group.get('rules', true), group });
    }
    for (const { rules, group } of lists) {
      if (!isSeq(rules)) continue;
      for (const rule of rules.items) {
        if (!isMap(rule)) continue;
        const expr = rule.get('expr', true);
        if (isScalar(expr) && expr.range?.[0] === exprStart) return { rule, group };
      }
    }
  }
  return null;
}
