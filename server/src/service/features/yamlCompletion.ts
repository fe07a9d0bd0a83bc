import type { CompletionAnswer, CompletionEntry } from './completionEntry';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { HoverAnswer } from './hoverAnswer';
import type { FileSystem } from '../config/fileReferences';
import { fieldsOf } from '../config/schemaValidation';
import { skeletonItems } from './yamlSkeletons';
import type { ConfigSchema, FieldSpec, FieldType } from '../config/schemaTypes';
import type { YamlDocumentModel } from '../documents/yamlDocument';
import { completePath } from './pathCompletion';
import { labelFlow, type LabelSet } from '../promql/labelFlow';
import { GO_TEMPLATE_FUNCTIONS, PREDEFINED_VARIABLES, PROMETHEUS_TEMPLATE_FUNCTIONS } from '../rules/goTemplate';
import { RULE_TEST_SCHEMA, ruleFileSchemaFor } from '../rules/ruleFileSchema';
import type { RuleDialect } from '../rules/ruleDialect';
import { inYamlComment, lineStartOf, yamlPositionAt, yamlValueKeyAt } from './yamlPath';

/*
 * Completion and hover in Prometheus YAML: keys and enum values from the schema of the document's
 * kind, with each field's documentation; and, inside the `{{ }}` of alert labels and annotations,
 * `$labels.<name>` with the labels the rule's expression keeps, the predefined variables and the
 * template functions.
 */

/** The schema of a document kind (of rule files, in their dialect); the configuration's is passed in (it is large and loaded once). */
export function schemaOf(model: YamlDocumentModel, configSchema: ConfigSchema | null, dialect: RuleDialect = 'prometheus'): { schema: ConfigSchema; root: string } | null {
  if (model.kind === 'rules') {
    const resource = model.text.includes('PrometheusRule');
    return { schema: ruleFileSchemaFor(dialect), root: resource ? 'prometheus_rule' : 'rule_file' };
  }
  if (model.kind === 'ruleTests') return { schema: RULE_TEST_SCHEMA, root: RULE_TEST_SCHEMA.root };
  if (model.kind === 'scrapeConfigs') return configSchema ? { schema: configSchema, root: 'scrape_config' } : null;
  return configSchema ? { schema: configSchema, root: configSchema.root } : null;
}

/** The object type reached by following `path` from the root; null when the path leaves the schema. */
function objectAt(schema: ConfigSchema, root: string, path: readonly string[]): string | null {
  let type: string = root;
  for (const key of path) {
    const field = fieldsOf(schema, type).get(key);
    if (!field) return null;
    const object = objectOf(field.type);
    if (!object) return null;
    type = object;
  }
  return type;
}

function objectOf(type: FieldType): string | null {
  if (type.kind === 'object') return type.type;
  if (type.kind === 'list' || type.kind === 'map') return objectOf(type.of);
  return null;
}

function describeType(type: FieldType): string {
  switch (type.kind) {
    case 'list':
      return `list of ${describeType(type.of)}`;
    case 'map':
      return `map of ${type.keys === 'labelName' ? 'label names' : 'names'} to ${describeType(type.of)}`;
    case 'enum':
      return type.values.map((v) => `\`${v}\``).join(' | ');
    case 'object':
      return type.type;
    default:
      return type.kind;
  }
}

function fieldDoc(key: string, field: FieldSpec): string {
  const lines = [`**${key}**: ${describeType(field.type)}${field.required ? ' (required)' : ''}`, '', field.doc];
  if (field.default !== undefined) lines.push('', `Default: \`${field.default}\``);
  if (field.deprecated) lines.push('', `Deprecated: ${field.deprecated}`);
  return lines.join('\n');
}

/** What YAML completion reads besides the document. */
export interface YamlCompletionSources {
  /** The labels a recording rule of the workspace records under a name (for `$labels.` over a rule). */
  readonly recordedLabels?: (name: string) => LabelSet | undefined;
  /** To list the folders and files a path in `rule_files:` may name. */
  readonly fileSystem?: FileSystem;
  /** The dialect rule files are read in (its fields are offered). */
  readonly dialect?: RuleDialect;
}

export function completeYaml(document: TextDocument, model: YamlDocumentModel, offset: number, configSchema: ConfigSchema | null, sources: YamlCompletionSources = {}): CompletionAnswer {
  const items: CompletionEntry[] = [];
  const text = document.getText();
  const template = templateContext(text, offset, model, sources);
  if (template) return { isIncomplete: false, items: template };
  if (inYamlComment(text, offset)) return { isIncomplete: false, items };
  const paths = model.kind === 'config' ? completePath(document, offset, sources.fileSystem) : null;
  if (paths) return { isIncomplete: false, items: paths };

  const found = schemaOf(model, configSchema, sources.dialect ?? 'prometheus');
  if (!found) return { isIncomplete: false, items };
  // At the value of a key that takes no enumerated value anywhere (`expr:` after a space), there is
  // nothing to offer, wherever it is: the walk up to the document's root (yamlPath.ts) is saved.
  const valueKey = yamlValueKeyAt(text, offset);
  if (valueKey !== null && !keysWithValues(found.schema).has(valueKey)) return { isIncomplete: false, items };
  const position = yamlPositionAt(text, offset);
  const range = { start: position.prefixStart, end: offset };
  items.push(...skeletonItems(document, model, position, offset));
  if (position.at === 'key') {
    const object = objectAt(found.schema, found.root, position.path);
    if (!object) return { isIncomplete: false, items };
    for (const [key, field] of fieldsOf(found.schema, object)) {
      if (position.siblings.includes(key)) continue;
      const opensBlock = field.type.kind === 'object' || field.type.kind === 'map' || field.type.kind === 'list';
      items.push({
        label: key,
        kind: 'property',
        detail: describeType(field.type),
        documentation: { markdown: fieldDoc(key, field) },
        edit: { range, newText: opensBlock ? `${key}:\n` : `${key}: ` },
        sortText: `${field.required ? '0' : '1'}${field.deprecated ? '9' : '0'}${key}`,
        ...(field.deprecated ? { deprecated: true } : {}),
      });
    }
  } else if (position.key) {
    const object = objectAt(found.schema, found.root, position.path);
    const field = object ? fieldsOf(found.schema, object).get(position.key) : undefined;
    const values = field?.type.kind === 'enum' ? field.type.values : field?.type.kind === 'bool' ? ['true', 'false'] : [];
    for (const value of values) {
      items.push({ label: value, kind: 'enumMember', edit: { range, newText: value }, ...(field?.default === value ? { detail: 'default' } : {}) });
    }
  }
  return { isIncomplete: false, items };
}

const KEYS_WITH_VALUES = new WeakMap<ConfigSchema, ReadonlySet<string>>();

/** The keys that take an enumerated or boolean value in some object of the schema: completion offers those values. */
function keysWithValues(schema: ConfigSchema): ReadonlySet<string> {
  let keys = KEYS_WITH_VALUES.get(schema);
  if (!keys) {
    const found = new Set<string>();
    for (const spec of Object.values(schema.objects)) {
      for (const [key, field] of Object.entries(spec.fields)) if (field.type.kind === 'enum' || field.type.kind === 'bool') found.add(key);
    }
    KEYS_WITH_VALUES.set(schema, (keys = found));
  }
  return keys;
}

export function hoverYaml(document: TextDocument, model: YamlDocumentModel, offset: number, configSchema: ConfigSchema | null, dialect: RuleDialect = 'prometheus'): HoverAnswer | null {
  const text = document.getText();
  const lineStart = lineStartOf(text, offset);
  const lineEnd = text.indexOf('\n', offset) < 0 ? text.length : text.indexOf('\n', offset);
  const line = text.slice(lineStart, lineEnd);
  const match = /^(\s*(?:-\s+)*)(["']?)([A-Za-z0-9_.$/-]+)\2\s*:/.exec(line);
  if (!match) return null;
  const keyStart = lineStart + match[1].length + match[2].length;
  const keyEnd = keyStart + match[3].length;
  if (offset < keyStart || offset > keyEnd) return null;
  const found = schemaOf(model, configSchema, dialect);
  if (!found) return null;
  const position = yamlPositionAt(text, keyStart);
  const object = objectAt(found.schema, found.root, position.path);
  const field = object ? fieldsOf(found.schema, object).get(match[3]) : undefined;
  if (!field) return null;
  return { markdown: fieldDoc(match[3], field), range: { start: keyStart, end: keyEnd } };
}

/** Completion inside `{{ … }}` of an alert's labels or annotations. */
function templateContext(text: string, offset: number, model: YamlDocumentModel, sources: YamlCompletionSources): CompletionEntry[] | null {
  if (model.kind !== 'rules') return null;
  const open = text.lastIndexOf('{{', offset);
  const close = text.lastIndexOf('}}', offset - 1);
  if (open < 0 || close > open || text.slice(open, offset).includes('\n')) return null;
  const lineStart = lineStartOf(text, offset);
  const position = yamlPositionAt(text, lineStart + (/^\s*/.exec(text.slice(lineStart))?.[0].length ?? 0));
  if (!['labels', 'annotations'].includes(position.path[position.path.length - 1] ?? '')) return null;
  const before = text.slice(open + 2, offset);
  const labelsMatch = /\$labels\.([A-Za-z0-9_]*)$/.exec(before);
  if (labelsMatch) {
    const labels = labelsOfRuleAt(text, offset, model, sources.recordedLabels);
    return [...labels].map((name) => ({ label: name, kind: 'field', detail: 'label kept by the expression' }));
  }
  const items: CompletionEntry[] = [];
  for (const [name, doc] of PREDEFINED_VARIABLES) items.push({ label: name, kind: 'variable', documentation: { plain: doc }, insertText: name.slice(before.endsWith('$') ? 1 : 0) });
  for (const [name, doc] of [...PROMETHEUS_TEMPLATE_FUNCTIONS, ...GO_TEMPLATE_FUNCTIONS]) items.push({ label: name, kind: 'function', documentation: { plain: doc } });
  items.push({ label: 'if', kind: 'snippet', snippet: true, insertText: 'if ${1:condition} }}${2}{{ end' });
  return items;
}

/** The labels the expression of the alert around `offset` keeps (the expression's own matchers when it cannot tell exactly). */
function labelsOfRuleAt(text: string, offset: number, model: YamlDocumentModel, recorded: YamlCompletionSources['recordedLabels']): Set<string> {
  // The rule's expr is the embedded query closest before the cursor within the same rule.
  let best: (typeof model.queries)[number] | undefined;
  for (const query of model.queries) if (query.range.start < offset && (!best || query.range.start > best.range.start)) best = query;
  const after = model.queries.find((q) => q.range.start > offset && text.slice(offset, q.range.start).split('\n').every((l) => !/^\s*- /.test(l)));
  const query = after ?? best;
  if (!query || query.analysis.syntaxProblems.length > 0) return new Set();
  const set = labelFlow(query.analysis.expr, recorded).get(query.analysis.expr);
  const labels = new Set(set ? [...set.labels] : []);
  labels.delete('__name__');
  return labels;
}
