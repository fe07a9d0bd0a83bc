import { isMap, isSeq, type YAMLSeq } from 'yaml';
import { isBareRuleList } from './documentKind';
import { queryOf, type EmbeddedQuery, type YamlDocumentModel } from './yamlDocument';
import { holdsOtherQueries } from '../rules/ruleDialect';
import { ruleGroupsNode } from './ruleGroups';
import { nodeStart } from './compactYamlNodes';
import { keptEnds, replaceSpan } from './changedItems';

/*
 * Results computed from the queries of one rule group, kept while the group's node lives. A pass
 * over every query of a rule file of 10,000 rules costs some 4 ms on this machine even when it
 * does nothing (each query and its analysis lie apart in memory), and a keystroke changes one
 * group: the queries of a group an edit did not touch (its node kept, moved, by yamlItemReread.ts,
 * and with it its rules' analyses) give what they gave, moved with it, and only the re-read
 * group's queries are looked at. The results come in the order of the model's queries.
 *
 * What is kept is kept per `groups:` sequence, in arrays in the order of its items, beside a copy
 * of the items as they were: the re-read replaces an item of the sequence in place, and the kept
 * items are found by comparing the two lists from both ends (pointers side by side in memory). A
 * group an edit did not touch is then not looked at unless it has results: a look at each of 500
 * groups' entries (their nodes, their kept results) cost a cache miss each, three memos per
 * keystroke, about 1 ms in the bench's file of 10,000 rules.
 */

/** The results of a group that has none: shared, so that a group without results is told by a pointer. */
const NONE: readonly never[] = [];

/** What is kept of one `groups:` sequence, by item, for one key. */
interface KeptGroups<K, R> {
  readonly key: K;
  /** The sequence's items when last asked (the sequence itself is changed in place by a re-read). */
  readonly items: unknown[];
  /** Where each item started when its results were computed or last moved (read for items with results only). */
  readonly starts: number[];
  readonly results: (readonly R[])[];
  /** How many queries each item holds, and all of them. */
  readonly queries: number[];
  total: number;
}

export class GroupQueryMemo<K, R> {
  private readonly kept = new WeakMap<YAMLSeq, KeptGroups<K, R>>();

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
      const kept = this.brought(groups, model, key, compute);
      if (!kept) return null;
      queries += kept.total;
      const { results } = kept;
      for (let i = 0; i < results.length; i++) {
        const own = results[i];
        if (own !== NONE) for (const result of own) found.push(result);
      }
    }
    return queries === model.queries.length ? found : null;
  }

  /** What is kept of `groups`, brought up to its items: the new ones computed, those with results moved; null when a group has no start. */
  private brought(groups: YAMLSeq, model: YamlDocumentModel, key: K, compute: (query: EmbeddedQuery, into: R[]) => void): KeptGroups<K, R> | null {
    const items = groups.items;
    let kept = this.kept.get(groups);
    if (!kept || !this.sameKey(kept.key, key)) {
      kept = { key, items: [], starts: [], results: [], queries: [], total: 0 };
      this.kept.set(groups, kept);
    }
    const count = items.length;
    const oldCount = kept.items.length;
    const { head, tail } = keptEnds(items, kept.items);
    if (head + tail < count || oldCount !== count) {
      // Items [head, count - tail) are new: their results take the place of the old ones between the same ends.
      const starts: number[] = [];
      const results: (readonly R[])[] = [];
      const queries: number[] = [];
      let added = 0;
      for (let i = head; i < count - tail; i++) {
        const group = this.computed(items[i], model, compute);
        if (!group) return null;
        starts.push(group.start);
        results.push(group.results);
        queries.push(group.queries);
        added += group.queries;
      }
      for (let i = head; i < oldCount - tail; i++) added -= kept.queries[i];
      kept.total += added;
      const removed = oldCount - tail - head;
      replaceSpan(kept.items, head, removed, items.slice(head, count - tail));
      replaceSpan(kept.starts, head, removed, starts);
      replaceSpan(kept.results, head, removed, results);
      replaceSpan(kept.queries, head, removed, queries);
    }
    // The kept groups that have results: moved with their nodes, or computed again.
    for (let i = 0; i < count; i++) {
      if (kept.results[i] === NONE || (i >= head && i < count - tail)) continue;
      const start = nodeStart(items[i] as object);
      if (start === undefined) return null;
      const delta = start - kept.starts[i];
      if (this.moveResult) {
        if (delta === 0) continue;
        const move = this.moveResult;
        kept.results[i] = kept.results[i].map((result) => move(result, delta));
        kept.starts[i] = start;
      } else {
        const group = this.computed(items[i], model, compute);
        if (!group) return null;
        kept.total += group.queries - kept.queries[i];
        kept.starts[i] = group.start;
        kept.results[i] = group.results;
        kept.queries[i] = group.queries;
      }
    }
    return kept;
  }

  /** The results of one item of `groups:` (none for an item that is not a group); null when it has no start. */
  private computed(group: unknown, model: YamlDocumentModel, compute: (query: EmbeddedQuery, into: R[]) => void): { start: number; results: readonly R[]; queries: number } | null {
    if (!isMap(group)) return { start: 0, results: NONE, queries: 0 };
    // Read without the array a compact node's `range` builds.
    const start = nodeStart(group);
    if (start === undefined) return null;
    const own: R[] = [];
    let queries = 0;
    if (!holdsOtherQueries(group.get('type'))) {
      const rules: unknown = group.get('rules', true);
      for (const rule of isSeq(rules) ? rules.items : []) {
        const query = isMap(rule) ? queryOf(model, rule.get('expr', true)) : undefined;
        if (!query) continue;
        queries++;
        compute(query, own);
      }
    }
    return { start, results: own.length > 0 ? own : NONE, queries };
  }
}
