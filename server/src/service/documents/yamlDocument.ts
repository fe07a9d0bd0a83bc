import { yamlDocumentsFromEvents } from './yamlFromEvents';
import { isMap, isScalar, isSeq, parseAllDocuments, visit, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { analyzePromQL, type PromQLAnalysis } from '../promql/analysis';
import type { TextRange } from '../promql/syntaxTree';
import { mapScalar, type ScalarSourceMap, type ScalarStyle } from './scalarSourceMap';
import { holdsOtherQueries } from '../rules/ruleDialect';

/*
 * A YAML document of Prometheus': a configuration, a rule file, a Kubernetes PrometheusRule
 * resource or a rule unit-test file, recognised by content (file names are only a hint). Parsed
 * once with the `yaml` package, keeping ranges; the PromQL of every `expr:` is analysed through the
 * scalar's source map, so its problems land on their exact line and column.
 */

export type YamlDocumentKind = 'config' | 'rules' | 'ruleTests';

export interface YamlProblem {
  readonly range: TextRange;
  readonly message: string;
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
  readonly documents: readonly Document.Parsed[];
  readonly yamlProblems: readonly YamlProblem[];
  readonly queries: readonly EmbeddedQuery[];
  /** The query of the scalar that starts at this offset (the checks of rules find their `expr:` so). */
  readonly queryAt: ReadonlyMap<number, EmbeddedQuery>;
}

/** The query of an `expr:` value node, when it is one of the model's. */
export function queryOf(model: YamlDocumentModel, node: unknown): EmbeddedQuery | undefined {
  // A range read once: each read of a compact node's builds its array (compactYamlNodes.ts).
  const start = isScalar(node) ? node.range?.[0] : undefined;
  return start === undefined ? undefined : model.queryAt.get(start);
}

/** Parses a YAML document; null when it is none of Prometheus' kinds. `forced` overrides what the content says. */
export function parseYamlDocument(text: string, fileName = '', forced?: YamlDocumentKind): YamlDocumentModel | null {
  const parsed = yamlDocumentsFromEvents(text) ?? parseWithYamlParser(text);
  const kind = forced ?? detectKind(parsed, fileName);
  if (!kind) return null;
  const yamlProblems: YamlProblem[] = [];
  if (isBinary(text)) yamlProblems.push({ range: { start: 0, end: Math.min(text.length, 1) }, message: 'this file holds binary data, not YAML text' });
  for (const document of parsed) {
    for (const error of document.errors) yamlProblems.push({ range: { start: error.pos[0], end: Math.max(error.pos[1], error.pos[0]) }, message: firstLine(error.message) });
  }
  const queries: EmbeddedQuery[] = [];
  const addQuery = (node: unknown): void => {
    if (!isScalar(node) || node.value === null) return;
    // Each read of a range builds its array (compactYamlNodes.ts): read once.
    const range = node.range;
    if (!range) return;
    // `expr: 1` is a number to YAML, and the PromQL expression `1` to Prometheus: read its source.
    const value = typeof node.value === 'string' ? node.value : text.slice(range[0], range[1]);
    const map = mapScalar(text, range[0], range[1], node.type as ScalarStyle, value);
    queries.push({ range: { start: range[0], end: range[1] }, map, analysis: analyzePromQL(map.value) });
  };
  for (const document of parsed) {
    const root = document.contents;
    if (kind === 'rules' && isBareRuleList(root)) {
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
  return { kind, text, documents: parsed, yamlProblems, queries, queryAt: new Map(queries.map((q) => [q.range.start, q])) };
}

/** The `yaml` parser's documents, with its errors, and aliases and merge keys resolved. */
function parseWithYamlParser(text: string): Document.Parsed[] {
  // Merge keys (`<<: *base`) as Prometheus' YAML decoder reads them.
  const documents = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true, merge: true });
  const parsed = (Array.isArray(documents) ? documents : []) as Document.Parsed[];
  for (const document of parsed) resolveAliases(document);
  return parsed;
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

/** NUL bytes, or mostly control characters: not something to read as YAML. */
function isBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const sample = text.slice(0, 4096);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 0xfffd) control++;
  }
  return sample.length > 0 && control / sample.length > 0.1;
}

/** The rules of a rule file (`groups:`), of a PrometheusRule resource (`spec.groups`), or of a bare list of rules. */
function rulesOf(root: YAMLMap | YAMLSeq): YAMLMap[] {
  if (isSeq(root)) return root.items.filter((item): item is YAMLMap => isMap(item));
  const spec = root.get('spec', true);
  const groups = isMap(spec) ? spec.get('groups', true) : root.get('groups', true);
  const rules: YAMLMap[] = [];
  for (const group of itemsOf(groups)) {
    // vmalert's Graphite and LogsQL groups hold no PromQL.
    if (!isMap(group) || holdsOtherQueries(group.get('type'))) continue;
    for (const rule of itemsOf(group.get('rules', true))) if (isMap(rule)) rules.push(rule);
  }
  return rules;
}

function itemsOf(node: unknown): unknown[] {
  return isSeq(node) ? node.items : [];
}

const CONFIG_KEYS = ['global', 'scrape_configs', 'scrape_config_files', 'alerting', 'remote_write', 'remote_read', 'storage', 'tracing', 'otlp', 'runtime'];

/** A list of rules without `groups:` around them (a format some linters accept; Prometheus does not). */
export function isBareRuleList(root: unknown): root is YAMLSeq {
  return isSeq(root) && root.items.length > 0 && root.items.every((item) => isMap(item) && (item.has('record') || item.has('alert')));
}

/**
 * Whether `parseYamlDocument` may find a configuration in this text, at a glance: a configuration
 * key, or a file name that makes an empty or broken document one. `check` reads these files first,
 * to know the intervals of the configurations before it validates rule files (a configuration this
 * misses, its keys written with escapes, is found later, and check then starts again).
 */
export function mayBeConfiguration(text: string, fileName: string): boolean {
  return CONFIGURATION_KEY_LINE.test(text) || /(^|[/\\])prometheus[^/\\]*\.ya?ml$/i.test(fileName);
}

/** A line starting with a configuration key, however it is quoted or indented (flow mappings, documents in lists). */
const CONFIGURATION_KEY_LINE = new RegExp(`(?:${['rule_files', ...CONFIG_KEYS].join('|')})["']?\\s*:`);

function detectKind(documents: readonly Document.Parsed[], fileName: string): YamlDocumentKind | null {
  for (const document of documents) {
    const root = document.contents;
    if (isBareRuleList(root)) return 'rules';
    if (!isMap(root)) continue;
    const keys = new Set(root.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : '')));
    if (keys.has('apiVersion') && keys.has('kind')) {
      const kind: unknown = root.get('kind');
      const apiVersion: unknown = root.get('apiVersion');
      if (kind === 'PrometheusRule' && typeof apiVersion === 'string' && apiVersion.startsWith('monitoring.coreos.com/')) return 'rules';
      continue;
    }
    if (keys.has('tests')) return 'ruleTests';
    if (keys.has('groups')) return 'rules';
    if (CONFIG_KEYS.some((k) => keys.has(k)) || keys.has('rule_files')) return 'config';
  }
  // An empty or broken document: the file name decides.
  if (/(^|[/\\])prometheus[^/\\]*\.ya?ml$/i.test(fileName)) return 'config';
  if (/(rules?|alerts?|recording)[^/\\]*\.ya?ml$/i.test(fileName)) return 'rules';
  return null;
}

function firstLine(message: string): string {
  const line = message.split('\n')[0];
  return line.replace(/ at line \d+, column \d+:?$/, '');
}
