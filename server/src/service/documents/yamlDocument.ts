import { readYamlFromEvents, type ItemLayout } from './yamlFromEvents';
import { rereadItem, type ItemEdit } from './yamlItemReread';
import type { EditedSpan } from './editedSpan';
import { isMap, isScalar, isSeq, parseAllDocuments, visit, type Document, type Node, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { analyzePromQL, type PromQLAnalysis } from '../promql/analysis';
import type { TextRange } from '../promql/syntaxTree';
import { mapScalar, type ScalarSourceMap, type ScalarStyle } from './scalarSourceMap';
import { NodeBoundQuery } from './nodeBoundQuery';
import { reindentQuotedContinuations } from './quotedContinuations';
import { CONFIG_KEYS, fileKind, hasActionWhereANodeStarts, isBareRuleList, kindOfName, type YamlDocumentKind } from './documentKind';
import { holdsOtherQueries } from '../rules/ruleDialect';
import { ruleGroupsNode } from './ruleGroups';

/*
 * A YAML document of Prometheus': a configuration, a rule file, a Kubernetes PrometheusRule
 * resource, a rule unit-test file or a bare list of scrape configs, recognised by content
 * (documentKind.ts; file names are only a hint). Parsed
 * once with the `yaml` package, keeping ranges; the PromQL of every `expr:` is analysed through the
 * scalar's source map, so its problems land on their exact line and column.
 */

export type { YamlDocumentKind } from './documentKind';

export interface YamlProblem {
  readonly range: TextRange;
  readonly message: string;
  /** What Prometheus reads but other YAML tools may not; absent: an error. */
  readonly severity?: 'warning';
}

/** A PromQL expression embedded in a YAML scalar. */
export interface EmbeddedQuery {
  /** The scalar's range in the document. */
  readonly range: TextRange;
  readonly map: ScalarSourceMap;
  readonly analysis: PromQLAnalysis;
}

export interface YamlDocumentModel {
  readonly kind: YamlDocumentKind;
  readonly text: string;
  /** The documents read as `kind`: another tool's documents of the file (the Kubernetes objects beside a PrometheusRule) are left out. */
  readonly documents: readonly Document.Parsed[];
  readonly yamlProblems: readonly YamlProblem[];
  readonly queries: readonly EmbeddedQuery[];
  /** The query of the scalar that starts at this offset (the checks of rules find their `expr:` so). */
  readonly queryAt: QueriesByStart;
}

/** Queries by the offset their scalar starts at. */
export interface QueriesByStart {
  get(start: number): EmbeddedQuery | undefined;
}

/**
 * The queries by start: a binary search of the queries, which are in the order of the text (a map
 * of the 10,000 queries of a large rule file was built again on every keystroke, about 2 ms); a
 * map should they not be.
 */
function queriesByStart(queries: readonly EmbeddedQuery[], inOrder = false): QueriesByStart {
  for (let i = 1; i < queries.length && !inOrder; i++) {
    if (queries[i].range.start <= queries[i - 1].range.start) return new Map(queries.map((q) => [q.range.start, q]));
  }
  return {
    get(start) {
      let low = 0;
      let high = queries.length - 1;
      while (low <= high) {
        const middle = (low + high) >>> 1;
        const at = queries[middle].range.start;
        if (at === start) return queries[middle];
        if (at < start) low = middle + 1;
        else high = middle - 1;
      }
      return undefined;
    },
  };
}

/** The query of an `expr:` value node, when it is one of the model's. */
export function queryOf(model: YamlDocumentModel, node: unknown): EmbeddedQuery | undefined {
  // A range read once: each read of a compact node's builds its array (compactYamlNodes.ts).
  const start = isScalar(node) ? node.range?.[0] : undefined;
  return start === undefined ? undefined : model.queryAt.get(start);
}

/**
 * What the next parse of the same document may reuse from a model: every document read (not only
 * those of the model's kind) and where their items are.
 */
interface Reading {
  readonly text: string;
  readonly all: readonly Document.Parsed[];
  readonly layout: ItemLayout;
  /** No line holds a template action where a node starts (documentKind.ts); undefined: not looked at (a kind forced). */
  readonly actionFree: boolean | undefined;
  /** The text holds no NUL character (isBinary). */
  readonly nulFree: boolean;
}

const READINGS = new WeakMap<YamlDocumentModel, Reading>();

/** Documents parsed from a previous version's model: an editor's, whose nodes the next version may keep. */
const EDITED = new WeakSet<Document.Parsed>();

/**
 * Whether a document is an editor's, parsed from its previous version: checks keep their results
 * per node for such documents only (nodeMemo.ts), not for those `check` reads once.
 */
export function isEdited(document: Document.Parsed): boolean {
  return EDITED.has(document);
}

/**
 * Parses a YAML document; null when it is none of Prometheus' kinds. `forced` overrides what the
 * content says. `previous`, the model of the document's previous version, lets an edit inside one
 * item (a rule group) read that item only and keep the analyses of the others' queries
 * (yamlItemReread.ts); the result is the same as without it, and `previous` must not be read after.
 * `edited`, what the editor replaced in `previous`'s text to make `text`, spares comparing them.
 */
export function parseYamlDocument(text: string, fileName = '', forced?: YamlDocumentKind, previous?: YamlDocumentModel | null, edited?: EditedSpan): YamlDocumentModel | null {
  const reading = previous ? READINGS.get(previous) : undefined;
  // Its tree is about to become the new text's: no later parse may start from it again.
  if (previous) READINGS.delete(previous);
  const reread = reading ? rereadItem(reading.text, text, reading.all, reading.layout, edited) : null;
  const fromEvents = reread ? { documents: reading!.all as Document.Parsed[], layout: reread.layout } : readYamlFromEvents(text);
  const read = fromEvents ? { documents: fromEvents.documents, warnings: [] } : parseWithYamlParser(text);
  const all = read.documents;
  // After an edit inside one item, only that item's lines can have become a template's.
  const actionFree = forced ? undefined
    : reread && reading!.actionFree !== undefined ? reading!.actionFree && (!reread.edit || !hasActionWhereANodeStarts(text, reread.edit.start, reread.edit.newEnd))
      : !hasActionWhereANodeStarts(text);
  const detected = forced ? { kind: forced, keep: all.map(() => true) } : fileKind(all, text, fileName, actionFree);
  const kind = detected.kind;
  if (!kind) return null;
  const parsed = detected.keep.every(Boolean) ? all : all.filter((_, i) => detected.keep[i]);
  const yamlProblems: YamlProblem[] = [...read.warnings];
  // After an edit inside one item, only that item's text can hold a NUL the previous text did not.
  const nulFree = reread && reading!.nulFree ? !reread.edit || !text.slice(reread.edit.start, reread.edit.newEnd).includes('\u0000') : !text.includes('\u0000');
  if (isBinary(text, nulFree)) yamlProblems.push({ range: { start: 0, end: Math.min(text.length, 1) }, message: 'this file holds binary data, not YAML text' });
  for (const document of parsed) {
    for (const error of document.errors) yamlProblems.push({ range: { start: error.pos[0], end: Math.max(error.pos[1], error.pos[0]) }, message: firstLine(error.message) });
  }
  const reuse = reread && previous ? reusedQueries(previous, reread.edit) : null;
  const addTo = (queries: EmbeddedQuery[]) => (node: unknown): void => {
    if (!isScalar(node) || node.value === null) return;
    // Each read of a range builds its array (compactYamlNodes.ts): read once.
    const range = node.range;
    if (!range) return;
    queries.push(reuse?.unchanged(node, range) ?? newQuery(node, range, reuse?.analysisOf));
  };
  const newQuery = (node: Scalar, range: [number, number, number], known?: (value: string) => PromQLAnalysis | undefined): EmbeddedQuery => {
    // `expr: 1` is a number to YAML, and the PromQL expression `1` to Prometheus: read its source.
    const value = typeof node.value === 'string' ? node.value : text.slice(range[0], range[1]);
    const map = mapScalar(text, range[0], range[1], node.type as ScalarStyle, value);
    return new NodeBoundQuery(node, { start: range[0], end: range[1] }, map, known?.(map.value) ?? analyzePromQL(map.value));
  };
  const spliced = reread && previous && reread.edit && reuse ? splicedQueries(previous, parsed, kind, reread.layout, reread.edit, addTo) : null;
  const queries = spliced ?? collectQueries(parsed, kind, addTo);
  // Queries spliced into a previous list in the order of the text (one group's, in the group's span) stay in that order: not checked again.
  const inOrder = spliced !== null && !(previous!.queryAt instanceof Map);
  const model: YamlDocumentModel = { kind, text, documents: parsed, yamlProblems, queries, queryAt: queriesByStart(queries, inOrder) };
  if (fromEvents?.layout) READINGS.set(model, { text, all, layout: fromEvents.layout, actionFree, nulFree });
  if (previous) for (const document of all) EDITED.add(document);
  return model;
}

/** The queries of the documents, in the order of the text: the `expr:` of rules and of rule unit tests. */
function collectQueries(parsed: readonly Document.Parsed[], kind: YamlDocumentKind, addTo: (queries: EmbeddedQuery[]) => (node: unknown) => void): EmbeddedQuery[] {
  const queries: EmbeddedQuery[] = [];
  const addQuery = addTo(queries);
  for (const document of parsed) {
    const root = document.contents;
    if (kind === 'rules' && isSeq(root) && isBareRuleList(root)) {
      for (const rule of rulesOf(root)) addQuery(rule.get('expr', true));
      continue;
    }
    if (!isMap(root)) continue;
    if (kind === 'rules') {
      for (const rule of rulesOf(root)) addQuery(rule.get('expr', true));
    } else if (kind === 'ruleTests') {
      for (const test of itemsOf(root.get('tests', true))) {
        if (!isMap(test)) continue;
        for (const exprTest of itemsOf(test.get('promql_expr_test', true))) if (isMap(exprTest)) addQuery(exprTest.get('expr', true));
      }
    }
  }
  return queries;
}

/**
 * After an edit inside one group of a rule file's `groups:` (the sequence read item by item), the
 * queries collectQueries finds: the previous model's before the group, the group's own, and the
 * previous model's after it, which follow their nodes as these move (nodeBoundQuery.ts). Null for
 * any other layout: the caller collects them all.
 */
function splicedQueries(previous: YamlDocumentModel, parsed: readonly Document.Parsed[], kind: YamlDocumentKind, layout: ItemLayout, edit: ItemEdit,
  addTo: (queries: EmbeddedQuery[]) => (node: unknown) => void): EmbeddedQuery[] | null {
  if (kind !== 'rules' || previous.kind !== 'rules' || parsed.length !== 1 || previous.documents.length !== 1 || previous.documents[0] !== parsed[0]) return null;
  const root = parsed[0].contents;
  if (!isMap(root)) return null;
  if (ruleGroupsNode(root) !== layout.sequence) return null;
  // Queries out of the order of the text (queryAt is then a map) are collected afresh.
  if (previous.queryAt instanceof Map) return null;
  const old = previous.queries;
  // The queries before the edit have not moved; those of the group read again have kept their old places.
  let i = firstStartingAtOrAfter(old, edit.start);
  const queries = old.slice(0, i);
  const group = layout.sequence.items[edit.index];
  if (isMap(group) && !holdsOtherQueries(group.get('type'))) {
    const addQuery = addTo(queries);
    for (const rule of itemsOf(group.get('rules', true))) if (isMap(rule)) addQuery(rule.get('expr', true));
  }
  // Those after it have moved with their nodes already: they start at the first query of the groups after.
  const next = firstQueryNodeAfter(layout.sequence, edit.index);
  if (next === null) return queries;
  while (i < old.length && !(old[i] instanceof NodeBoundQuery && (old[i] as NodeBoundQuery).isOf(next))) i++;
  if (i === old.length) return null;
  for (; i < old.length; i++) queries.push(old[i]);
  return queries;
}

/** The index of the first of the queries (in the order of the text) that starts at `offset` or after. */
function firstStartingAtOrAfter(queries: readonly EmbeddedQuery[], offset: number): number {
  let low = 0;
  let high = queries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (queries[middle].range.start < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The `expr:` scalar of the first query of the groups after the `index`-th (as collectQueries finds them), or null. */
function firstQueryNodeAfter(sequence: YAMLSeq, index: number): Scalar | null {
  for (let g = index + 1; g < sequence.items.length; g++) {
    const group = sequence.items[g];
    if (!isMap(group) || holdsOtherQueries(group.get('type'))) continue;
    for (const rule of itemsOf(group.get('rules', true))) {
      const node = isMap(rule) ? rule.get('expr', true) : undefined;
      if (isScalar(node) && node.value !== null && node.range) return node;
    }
  }
  return null;
}

/**
 * The previous model's queries that an item's re-reading left as they were: those outside the
 * re-read item, whose nodes the new tree kept (they have moved with them), and the analyses of the
 * item's queries by their text (an edit elsewhere in the item leaves most alike).
 */
function reusedQueries(previous: YamlDocumentModel, edit: ItemEdit | null): {
  unchanged: (node: Scalar, range: [number, number, number]) => EmbeddedQuery | undefined;
  analysisOf: (value: string) => PromQLAnalysis | undefined;
} {
  let analyses: Map<string, PromQLAnalysis> | undefined;
  return {
    unchanged: (node, range) => {
      if (edit && range[0] >= edit.start && range[0] < edit.newEnd) return undefined;
      // A kept node's query reads where the node is now.
      const old = previous.queryAt.get(range[0]);
      return old instanceof NodeBoundQuery && old.isOf(node) ? old : undefined;
    },
    analysisOf: (value) => {
      if (!edit) return undefined;
      if (!analyses) {
        analyses = new Map();
        // The re-read item's old queries have kept their old places (their nodes left the tree).
        const old = previous.queries;
        const inOrder = !(previous.queryAt instanceof Map);
        for (let i = inOrder ? firstStartingAtOrAfter(old, edit.start) : 0; i < old.length; i++) {
          const start = old[i].range.start;
          if (start >= edit.start && start < edit.oldEnd) analyses.set(old[i].map.value, old[i].analysis);
          else if (inOrder) break;
        }
      }
      return analyses.get(value);
    },
  };
}

/**
 * The `yaml` parser's documents, with its errors, and aliases and merge keys resolved. Where it
 * rejects what Prometheus' decoder reads (quotedContinuations.ts), the text Prometheus reads: with a
 * warning, as other YAML tools may reject it.
 */
function parseWithYamlParser(text: string): { documents: Document.Parsed[]; warnings: YamlProblem[] } {
  let documents = parseAll(text);
  let warnings: YamlProblem[] = [];
  const reindented = documents.some((d) => d.errors.length > 0) ? reindentQuotedContinuations(text) : null;
  if (reindented) {
    const again = parseAll(reindented.text);
    if (errorCount(again) < errorCount(documents)) {
      for (const document of again) mapRanges(document, reindented.toWritten);
      documents = again;
      warnings = reindented.lines.map((range) => ({ range, severity: 'warning', message: 'this line continues a quoted value without being indented more than its key: Prometheus reads it, other YAML tools may reject it' }));
    }
  }
  for (const document of documents) resolveAliases(document);
  return { documents, warnings };
}

function parseAll(text: string): Document.Parsed[] {
  // Merge keys (`<<: *base`) as Prometheus' YAML decoder reads them.
  const documents = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true, merge: true });
  return (Array.isArray(documents) ? documents : []) as Document.Parsed[];
}

function errorCount(documents: readonly Document.Parsed[]): number {
  return documents.reduce((sum, d) => sum + d.errors.length, 0);
}

/** Moves every range of a document read from another text to the text as written. */
function mapRanges(document: Document.Parsed, toWritten: (offset: number) => number): void {
  const map = (r: [number, number, number]): [number, number, number] => [toWritten(r[0]), toWritten(r[1]), toWritten(r[2])];
  document.range = map(document.range);
  visit(document, {
    Node(_, node) {
      if (node.range) node.range = map(node.range);
    },
  });
  for (const error of document.errors) error.pos = [toWritten(error.pos[0]), toWritten(error.pos[1])];
}

/**
 * Replaces each alias (`*name`) by a copy of the node it refers to, so that every check sees the
 * value Prometheus sees; the copy keeps the anchor's ranges, so problems show where the value is
 * written. Aliases that refer to a node containing themselves are left alone.
 */
function resolveAliases(document: Document.Parsed): void {
  visit(document, {
    Alias(_, alias) {
      const target = alias.resolve(document);
      if (!target || containsNode(target, alias)) return undefined;
      return target.clone() as Node;
    },
  });
  // Merge keys: the pairs of the merged mappings join the mapping, unless it has them already.
  visit(document, {
    Map(_, map) {
      const merges = map.items.filter((pair) => isScalar(pair.key) && isMergeKey(pair.key.value));
      if (merges.length === 0) return;
      map.items = map.items.filter((pair) => !merges.includes(pair));
      for (const merge of merges) {
        const sources = isSeq(merge.value) ? merge.value.items : [merge.value];
        for (const source of sources) {
          if (!isMap(source)) continue;
          for (const pair of source.items) if (!map.has(pair.key)) map.items.push(pair.clone() as (typeof map.items)[number]);
        }
      }
    },
  });
}

function isMergeKey(value: unknown): boolean {
  return value === '<<' || (typeof value === 'symbol' && value.description === '<<');
}

function containsNode(root: Node, wanted: Node): boolean {
  let found = false;
  visit(root, {
    Node(_, node) {
      if (node === wanted) {
        found = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** NUL bytes (`nulFree` false), or mostly control characters: not something to read as YAML. */
function isBinary(text: string, nulFree: boolean): boolean {
  if (!nulFree) return true;
  const sample = text.slice(0, 4096);
  // Counted by a native search: a loop per character runs in V8's interpreter in a cold check.
  const control = sample.match(CONTROL_CHARACTERS)?.length ?? 0;
  return sample.length > 0 && control / sample.length > 0.1;
}

/** Control characters but tab, line feed and carriage return, and U+FFFD (what a decoder leaves of invalid UTF-8). */
const CONTROL_CHARACTERS = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]/g;

/** The rules of a rule file (`groups:`), of a PrometheusRule resource (`spec.groups`), or of a bare list of rules. */
function rulesOf(root: YAMLMap | YAMLSeq): YAMLMap[] {
  if (isSeq(root)) return root.items.filter((item): item is YAMLMap => isMap(item));
  const rules: YAMLMap[] = [];
  for (const group of itemsOf(ruleGroupsNode(root))) {
    // vmalert's Graphite and LogsQL groups hold no PromQL.
    if (!isMap(group) || holdsOtherQueries(group.get('type'))) continue;
    for (const rule of itemsOf(group.get('rules', true))) if (isMap(rule)) rules.push(rule);
  }
  return rules;
}

function itemsOf(node: unknown): unknown[] {
  return isSeq(node) ? node.items : [];
}

/**
 * Whether `parseYamlDocument` may find a configuration in this text, at a glance: a configuration
 * key, or a file name that makes an empty or broken document one. `check` reads these files first,
 * to know the intervals of the configurations before it validates rule files (a configuration this
 * misses, its keys written with escapes, is found later, and check then starts again).
 */
export function mayBeConfiguration(text: string, fileName: string): boolean {
  return CONFIGURATION_KEY_LINE.test(text) || kindOfName(fileName) === 'config';
}

/** A line starting with a configuration key, however it is quoted or indented (flow mappings, documents in lists). */
const CONFIGURATION_KEY_LINE = new RegExp(`(?:${CONFIG_KEYS.join('|')})["']?\\s*:`);

function firstLine(message: string): string {
  const line = message.split('\n')[0];
  return line.replace(/ at line \d+, column \d+:?$/, '');
}
