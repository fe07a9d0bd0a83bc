import { isMap, isSeq, type YAMLMap } from 'yaml';
import { isBareRuleList } from './documentKind';
import { queryOf, type EmbeddedQuery, type YamlDocumentModel } from './yamlDocument';
import { holdsOtherQueries } from '../rules/ruleDialect';
import { ruleGroupsNode } from './ruleGroups';
import { nodeStart } from './compactYamlNodes';

/*
 * Results computed from the queries of one rule group, kept while the group's node lives. A pass
 * over every query of a rule file of 10,000 rules costs some 4 ms on this machine even when it
 * does nothing (each query and its analysis lie apart in memory), and a keystroke changes one
 * group: the queries of a group an edit did not touch (its node kept, moved, by yamlItemReread.ts,
 * and with it its rules' analyses) give what they gave, moved with it, and only the re-read
 * group's queries are looked at. The results come in the order of the model's queries.
 */
export class GroupQueryMemo<K, R> {
  private readonly entries = new WeakMap<YAMLMap, { start: number; key: K; results: readonly R[]; queries: number }>();

  /**
   * `moveResult`: a result moved by `delta`; absent, the results of a group that has some are
   * computed again each time (they hold what a move does not follow, such as line numbers).
   */
  constructor(private readonly sameKey: (a: K, b: K) => boolean, private readonly moveResult?: (result: R, delta: number) => R) {}

  /**
   * The results of every query of an editor's rule file, group by group; null when the groups do
   * not hold exactly the model's queries (a bare list of rules): the caller walks the queries then.
   */
  results(model: YamlDocumentModel, key: K, compute: (query: EmbeddedQuery, into: R[]) => void): R[] | null {
    if (model.kind !== 'rules') return null;
    const found: R[] = [];
    let queries = 0;
    for (const document of model.documents) {
      const root = document.contents;
      if (!isMap(root)) {
        if (isSeq(root) && isBareRuleList(root)) return null;
        continue;
      }
      const groups = ruleGroupsNode(root);
      if (!isSeq(groups)) continue;
      for (const group of groups.items) {
        if (!isMap(group)) continue;
        // Read without the array a compact node's `range` builds (500 groups, three memos, per keystroke).
        const start = nodeStart(group);
        if (start === undefined) return null;
        const known = this.entries.get(group);
        if (known && this.sameKey(known.key, key) && (known.results.length === 0 || this.moveResult)) {
          const delta = start - known.start;
          if (delta !== 0 && known.results.length > 0) {
            known.results = known.results.map((result) => this.moveResult!(result, delta));
            known.start = start;
          }
          for (const result of known.results) found.push(result);
          queries += known.queries;
          continue;
        }
        const own: R[] = [];
        let count = 0;
        if (!holdsOtherQueries(group.get('type'))) {
          const rules: unknown = group.get('rules', true);
          for (const rule of isSeq(rules) ? rules.items : []) {
            const query = isMap(rule) ? queryOf(model, rule.get('expr', true)) : undefined;
            if (!query) continue;
            count++;
            compute(query, own);
          }
        }
        this.entries.set(group, { start, key, results: own, queries: count });
        for (const result of own) found.push(result);
        queries += count;
      }
    }
    return queries === model.queries.length ? found : null;
  }
}
