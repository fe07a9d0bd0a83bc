import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import type { DocumentModel } from '../documents/documentModel';
import type { PromQLAnalysis } from '../promql/analysis';
import { isEdited, queryOf, type EmbeddedQuery, type YamlDocumentModel } from '../documents/yamlDocument';
import { forEachPreOrder, type TextRange } from '../promql/syntaxTree';
import { mapRange, shiftRange } from '../documents/textRanges';
import { NodeMemo } from '../documents/nodeMemo';
import { ruleGroupsNode } from '../documents/ruleGroups';
import { nodeStart } from '../documents/compactYamlNodes';
import { keptEnds } from '../documents/changedItems';

/*
 * What one document contributes to the workspace's rule graph: the recording rules and alerts it
 * defines (with their group, for evaluation order) and every metric name its PromQL reads, with
 * document ranges. Built from the document's model; the workspace index (workspaceIndex.ts) joins
 * the files.
 */

export interface RuleDefinition {
  readonly uri: string;
  readonly name: string;
  readonly kind: 'record' | 'alert';
  /** Range of the name's scalar (quotes included). */
  readonly range: TextRange;
  /** Range of the name's characters only: what a rename replaces. */
  readonly nameRange: TextRange;
  /** Range of the whole rule mapping. */
  readonly ruleRange: TextRange;
  readonly group: string;
  /** Position of the group in the file, and of the rule in its group: evaluation order. */
  readonly groupIndex: number;
  readonly ruleIndex: number;
  /** The rule's expression as written. */
  readonly expr: string;
}

export interface MetricUse {
  readonly uri: string;
  readonly name: string;
  /** Range of the metric name in the document. */
  readonly range: TextRange;
  /** The rule whose expression reads it, when it is in a rule file. */
  readonly inRule: { readonly group: string; readonly groupIndex: number; readonly ruleIndex: number; readonly name: string } | null;
}

export interface FileIndex {
  readonly uri: string;
  readonly definitions: readonly RuleDefinition[];
  readonly uses: readonly MetricUse[];
  /**
   * After an edit of a rule file of one YAML document of groups: the entries of each group, in
   * order (they make up `definitions` and `uses`), so that what is computed from a group's entries
   * can be kept while the group is (features/ruleGraph.ts). Absent otherwise.
   */
  readonly groups?: readonly GroupShare[];
}

/** One rule group's share of a file's entries: the next `definitions` and `uses` of the file's lists. */
export interface GroupShare {
  /** The same object while the group's entries are the same, moved with the group; a new one when they are read again. */
  readonly id: object;
  /** Where the group starts: kept results move by the change of it. */
  readonly start: number;
  readonly definitions: number;
  readonly uses: number;
  /** How many of its definitions are recording rules. */
  readonly records: number;
}

export function indexDocument(uri: string, model: DocumentModel): FileIndex {
  const definitions: RuleDefinition[] = [];
  const uses: MetricUse[] = [];
  if (model.kind === 'promql') {
    for (const query of model.queries) collectUses(uri, query.analysis, (r) => shiftRange(r, query.offset), null, uses);
    return { uri, definitions, uses };
  }
  if (model.kind !== 'rules' && model.kind !== 'ruleTests') return { uri, definitions, uses };
  /** Where a range of a query's text lies in the document. */
  const inDocument = (query: EmbeddedQuery) => (r: TextRange): TextRange => mapRange(query.map, r);
  if (model.kind === 'ruleTests') {
    for (const query of model.queries) collectUses(uri, query.analysis, inDocument(query), null, uses);
    return { uri, definitions, uses };
  }
  // Shares only where a group's index is its place in the file (one YAML document) and every rule is in a group.
  const groupShares: GroupShare[] | undefined = model.documents.length === 1 && isEdited(model.documents[0]) && isMap(model.documents[0].contents) ? [] : undefined;
  const fast = groupShares ? indexedGroups(uri, model, ruleGroupsNode(model.documents[0].contents), inDocument) : null;
  if (fast) return { uri, ...fast };
  for (const document of model.documents) {
    const root = document.contents;
    const edited = isEdited(document);
    const groups: { name: string; node: YAMLMap | null; rules: unknown[] }[] = [];
    if (isSeq(root)) groups.push({ name: '', node: null, rules: root.items });
    else {
      const list = ruleGroupsNode(root);
      for (const group of isSeq(list) ? list.items : []) {
        if (!isMap(group)) continue;
        const rules = group.get('rules', true);
        groups.push({ name: String(group.get('name') ?? ''), node: group, rules: isSeq(rules) ? rules.items : [] });
      }
    }
    groups.forEach((group, groupIndex) => {
      const start = group.node ? nodeStart(group.node) : undefined;
      // A group an edit did not touch (its node kept, moved: yamlItemReread.ts) gives what it gave,
      // moved with it, without a look at its rules; a bare list of rules is kept rule by rule.
      const entries = edited && group.node && start !== undefined
        ? GROUP_ENTRIES.results(group.node, start, { uri, group: group.name, groupIndex, rules: group.rules.length }, () => [groupEntries(uri, model, group, groupIndex, inDocument, false)])[0]
        : groupEntries(uri, model, group, groupIndex, inDocument, edited);
      for (const definition of entries.definitions) definitions.push(definition);
      for (const use of entries.uses) uses.push(use);
      groupShares?.push({ id: entries.id, start: start ?? 0, definitions: entries.definitions.length, uses: entries.uses.length, records: entries.records });
    });
  }
  return groupShares ? { uri, definitions, uses, groups: groupShares } : { uri, definitions, uses };
}

/*
 * An editor's rule file of one document, kept by its `groups:` sequence between edits: its items
 * as they were (a re-read replaces one in place), each one's entries and share, and the file's
 * lists. After an edit the groups before the re-read one are not looked at (their entries are the
 * very same, and where they were), those after it are moved (GROUP_ENTRIES), and the lists are
 * the last ones with the span of the groups that changed replaced: in a file of 10,000 rules,
 * writing 20,000 entries into new lists and a look at each of 500 groups (a cache miss each) cost
 * some 3 ms per keystroke.
 */
interface KeptIndex {
  readonly uri: string;
  readonly items: readonly unknown[];
  readonly entries: readonly GroupEntries[];
  readonly shares: readonly GroupShare[];
  /** How many definitions and uses the groups before each item gave (one more than the items). */
  readonly definitionsBefore: readonly number[];
  readonly usesBefore: readonly number[];
  readonly definitions: readonly RuleDefinition[];
  readonly uses: readonly MetricUse[];
}

const KEPT_INDEXES = new WeakMap<object, KeptIndex>();

/** The entries of an edited file's groups, from those kept of `list`; null when an item is no group (the general walk numbers groups apart from items). */
function indexedGroups(uri: string, model: YamlDocumentModel, list: unknown, inDocument: (query: EmbeddedQuery) => (r: TextRange) => TextRange)
  : { definitions: readonly RuleDefinition[]; uses: readonly MetricUse[]; groups: readonly GroupShare[] } | null {
  if (!isSeq(list)) return null;
  const items = list.items;
  const found = KEPT_INDEXES.get(list);
  const kept = found && found.uri === uri ? found : undefined;
  const count = items.length;
  const oldCount = kept ? kept.items.length : 0;
  const ends = keptEnds(items, kept ? kept.items : []);
  // The groups before the edit did not move: checked on the last of them.
  const head = ends.head > 0 && nodeStart(items[ends.head - 1] as object) !== kept!.shares[ends.head - 1].start ? 0 : ends.head;
  const tail = ends.tail;
  const entries = kept ? kept.entries.slice(0, head) : [];
  const shares = kept ? kept.shares.slice(0, head) : [];
  const definitionsBefore = kept ? kept.definitionsBefore.slice(0, head + 1) : [0];
  const usesBefore = kept ? kept.usesBefore.slice(0, head + 1) : [0];
  for (let i = head; i < count; i++) {
    const group = items[i];
    if (!isMap(group)) return null;
    const start = nodeStart(group);
    if (start === undefined) return null;
    const rules = group.get('rules', true);
    const name = String(group.get('name') ?? '');
    const ruleItems = isSeq(rules) ? rules.items : [];
    const own = GROUP_ENTRIES.results(group, start, { uri, group: name, groupIndex: i, rules: ruleItems.length },
      () => [groupEntries(uri, model, { name, rules: ruleItems }, i, inDocument, false)])[0];
    entries.push(own);
    shares.push({ id: own.id, start, definitions: own.definitions.length, uses: own.uses.length, records: own.records });
    definitionsBefore.push(definitionsBefore[i] + own.definitions.length);
    usesBefore.push(usesBefore[i] + own.uses.length);
  }
  // The groups at the end whose entries are the very objects of the last lists (moved in place) take the lists' end.
  let same = 0;
  while (same < tail && entries[count - 1 - same] === kept!.entries[oldCount - 1 - same]) same++;
  const definitions = kept ? kept.definitions.slice(0, definitionsBefore[head]) : [];
  const uses = kept ? kept.uses.slice(0, usesBefore[head]) : [];
  for (let i = head; i < count - same; i++) {
    for (const definition of entries[i].definitions) definitions.push(definition);
    for (const use of entries[i].uses) uses.push(use);
  }
  const result = {
    definitions: same > 0 ? definitions.concat(kept!.definitions.slice(kept!.definitionsBefore[oldCount - same])) : definitions,
    uses: same > 0 ? uses.concat(kept!.uses.slice(kept!.usesBefore[oldCount - same])) : uses,
    groups: shares,
  };
  KEPT_INDEXES.set(list, { uri, items: items.slice(), entries, shares, definitionsBefore, usesBefore, definitions: result.definitions, uses: result.uses });
  return result;
}

/** What one group gives the index: its rules' definitions and the names their queries read. */
interface GroupEntries {
  readonly definitions: readonly RuleDefinition[];
  readonly uses: readonly MetricUse[];
  /** GroupShare's id: kept when the entries are moved. */
  readonly id: object;
  /** How many of the definitions are recording rules. */
  readonly records: number;
}

/** A group's entries depend on its node, its place and name, and (the rules' analyses being the node's) nothing else. */
interface GroupKey {
  readonly uri: string;
  readonly group: string;
  readonly groupIndex: number;
  readonly rules: number;
}

/*
 * The entries of a group an edit moved are moved in place: the same objects, their ranges' numbers
 * changed. The workspace index then finds them where they were (WorkspaceIndex.set compares and
 * writes nothing for them), and no entry is allocated: in a file of 10,000 rules a keystroke moved
 * some 7,500 entries and wrote them into the index, 8–12 ms. The ranges of these entries are
 * therefore the index's own: whoever keeps one across an edit copies it (features/ruleGraph.ts).
 */
const GROUP_ENTRIES = new NodeMemo<GroupKey, GroupEntries>(
  (a, b) => a.uri === b.uri && a.group === b.group && a.groupIndex === b.groupIndex && a.rules === b.rules,
  (entries, delta) => {
    for (const d of entries.definitions) {
      moveInPlace(d.range, delta);
      moveInPlace(d.nameRange, delta);
      moveInPlace(d.ruleRange, delta);
    }
    for (const use of entries.uses) moveInPlace(use.range, delta);
    return entries;
  },
);

/** Moves a range the index made (each entry has its own range objects). */
function moveInPlace(range: TextRange, delta: number): void {
  const movable = range as { start: number; end: number };
  movable.start += delta;
  movable.end += delta;
}

function groupEntries(uri: string, model: YamlDocumentModel, group: { name: string; rules: unknown[] }, groupIndex: number,
  inDocument: (query: EmbeddedQuery) => (r: TextRange) => TextRange, keepRules: boolean): GroupEntries {
  const definitions: RuleDefinition[] = [];
  const uses: MetricUse[] = [];
  group.rules.forEach((rule, ruleIndex) => {
    if (!isMap(rule)) return;
    // Each read of a range builds its array (compactYamlNodes.ts): each is read once.
    const ruleRange = rule.range;
    if (!ruleRange) return;
    const exprNode = rule.get('expr', true);
    const query = queryOf(model, exprNode);
    const key = { uri, group: group.name, groupIndex, ruleIndex, analysis: query?.analysis };
    // A rule an edit did not touch gives what it gave, moved with it (nodeMemo.ts).
    const entries = keepRules
      ? RULE_ENTRIES.results(rule, ruleRange[0], key, () => [ruleEntries(uri, model.text, rule, ruleRange, exprNode, query, inDocument, key)])[0]
      : ruleEntries(uri, model.text, rule, ruleRange, exprNode, query, inDocument, key);
    if (entries.definition) definitions.push(entries.definition);
    for (const use of entries.uses) uses.push(use);
  });
  let records = 0;
  for (const definition of definitions) if (definition.kind === 'record') records++;
  return { definitions, uses, id: {}, records };
}

/*
 * Moved entries are written field by field in the order ruleEntries writes them: they then share
 * one shape with the entries read afresh (a spread gave them another, and every reader of the index
 * met both: the findings after a keystroke in a file of 10,000 rules took 67 ms instead of 50).
 */

function movedDefinition(d: RuleDefinition, delta: number): RuleDefinition {
  return {
    uri: d.uri, name: d.name, kind: d.kind,
    range: shiftRange(d.range, delta),
    nameRange: shiftRange(d.nameRange, delta),
    ruleRange: shiftRange(d.ruleRange, delta),
    group: d.group, groupIndex: d.groupIndex, ruleIndex: d.ruleIndex, expr: d.expr,
  };
}

function movedUse(use: MetricUse, delta: number): MetricUse {
  return { uri: use.uri, name: use.name, range: shiftRange(use.range, delta), inRule: use.inRule };
}

/** What one rule gives the index: its definition (when it names one) and the names its query reads. */
interface RuleEntries {
  readonly definition: RuleDefinition | null;
  readonly uses: readonly MetricUse[];
}

interface RuleKey {
  readonly uri: string;
  readonly group: string;
  readonly groupIndex: number;
  readonly ruleIndex: number;
  readonly analysis: PromQLAnalysis | undefined;
}

const RULE_ENTRIES = new NodeMemo<RuleKey, RuleEntries>(
  (a, b) => a.uri === b.uri && a.group === b.group && a.groupIndex === b.groupIndex && a.ruleIndex === b.ruleIndex && a.analysis === b.analysis,
  (entries, delta) => ({ definition: entries.definition && movedDefinition(entries.definition, delta), uses: entries.uses.map((use) => movedUse(use, delta)) }),
);

function ruleEntries(uri: string, text: string, rule: YAMLMap, ruleRange: [number, number, number], exprNode: unknown, query: EmbeddedQuery | undefined,
  inDocument: (query: EmbeddedQuery) => (r: TextRange) => TextRange, key: RuleKey): RuleEntries {
  const { group, groupIndex, ruleIndex } = key;
  const record = rule.get('record', true);
  const alert = rule.get('alert', true);
  const nameNode = isScalar(record) ? record : isScalar(alert) ? alert : null;
  const name = nameNode && nameNode.value !== null ? String(nameNode.value) : '';
  const expr = isScalar(exprNode) && exprNode.value !== null ? String(exprNode.value) : '';
  const nameRange = nameNode?.range;
  let definition: RuleDefinition | null = null;
  if (nameRange && name) {
    const raw = text.slice(nameRange[0], nameRange[1]);
    const inner = raw.indexOf(name);
    const nameStart = nameRange[0] + Math.max(0, inner);
    definition = {
      uri, name, kind: isScalar(record) ? 'record' : 'alert',
      range: { start: nameRange[0], end: nameRange[1] },
      nameRange: { start: nameStart, end: nameStart + name.length },
      ruleRange: { start: ruleRange[0], end: ruleRange[1] },
      group, groupIndex, ruleIndex, expr,
    };
  }
  const uses: MetricUse[] = [];
  if (query) collectUses(uri, query.analysis, inDocument(query), { group, groupIndex, ruleIndex, name }, uses);
  return { definition, uses };
}

function collectUses(uri: string, analysis: PromQLAnalysis, map: (r: TextRange) => TextRange, inRule: MetricUse['inRule'], uses: MetricUse[]): void {
  forEachPreOrder(analysis.expr, (node) => {
    if (node.kind !== 'VectorSelector') return;
    if (node.name) uses.push({ uri, name: node.name.value, range: map(node.name.range), inRule });
    for (const matcher of node.matchers) {
      if (!matcher.name) continue;
      if (matcher.op === null) uses.push({ uri, name: matcher.name.value, range: map({ start: matcher.name.range.start + 1, end: matcher.name.range.end - 1 }), inRule });
      else if (matcher.name.value === '__name__' && matcher.op === '=' && matcher.value) {
        uses.push({ uri, name: matcher.value.value, range: map({ start: matcher.value.range.start + 1, end: matcher.value.range.end - 1 }), inRule });
      }
    }
  });
}
