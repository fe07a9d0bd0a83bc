import { isMap, isScalar, isSeq, type Document, type YAMLMap } from 'yaml';
import { CONFIG_SCHEMA } from '../config/configSchema';
import { dialectField } from '../rules/ruleDialect';

/*
 * What a YAML file is, decided by its content: one of Prometheus' kinds (a configuration, a rule
 * file or PrometheusRule resource, a rule unit-test file, a bare list of scrape configs), or
 * another tool's (a Kubernetes object, a Helm template, an Alertmanager, Loki, Promtail, OTel
 * collector, Grafana Agent or Grafana provisioning file…), which gets no finding at all. The file
 * name is a hint only when no document says anything (empty, or not readable as YAML).
 */

export type YamlDocumentKind = 'config' | 'rules' | 'ruleTests' | 'scrapeConfigs';

/** What one YAML document of a file says it is. */
export type DocumentVerdict = YamlDocumentKind | 'foreign' | 'silent';

export interface FileKind {
  /** The file's kind; null: not Prometheus'. */
  readonly kind: YamlDocumentKind | null;
  /** Per document, whether it is to be read as the file's kind (the others belong to other tools, or to no one). */
  readonly keep: readonly boolean[];
}

/** Top-level keys of Prometheus' configuration. */
export const CONFIG_KEYS = ['global', 'scrape_configs', 'scrape_config_files', 'rule_files', 'alerting', 'remote_write', 'remote_read', 'storage', 'tracing', 'otlp', 'runtime'];

const RULE_TEST_KEYS = ['rule_files', 'evaluation_interval', 'group_eval_order', 'tests', 'fuzzy_compare'];
const TEST_GROUP_KEYS = ['name', 'interval', 'input_series', 'alert_rule_test', 'promql_expr_test', 'external_labels', 'external_url', 'start_timestamp', 'fuzzy_compare'];

/**
 * Top-level keys that only other tools' files have, by tool. One of them is enough: none of them is
 * a field of a Prometheus configuration, rule file or rule test.
 */
const FOREIGN_KEYS: Readonly<Record<string, readonly string[]>> = {
  'Kubernetes, Helm charts, Grafana provisioning': ['apiVersion'],
  Alertmanager: ['route', 'receivers', 'inhibit_rules', 'time_intervals', 'mute_time_intervals', 'templates'],
  'Loki, Mimir, Cortex, Tempo': ['server', 'auth_enabled', 'target', 'common', 'ingester', 'distributor', 'querier', 'ruler', 'compactor', 'schema_config', 'storage_config', 'limits_config', 'memberlist', 'blocks_storage', 'ruler_storage', 'alertmanager_storage', 'query_range', 'frontend', 'overrides', 'metrics_generator'],
  Promtail: ['positions', 'clients', 'target_config'],
  'OpenTelemetry collector': ['receivers', 'processors', 'exporters', 'extensions', 'connectors', 'service'],
  'Grafana Agent': ['metrics', 'logs', 'traces', 'integrations', 'prometheus'],
  // vmalert's notifier configuration (-notifier.config): service discovery at the top level.
  vmalert: ['static_configs', 'consul_sd_configs', 'dns_sd_configs'],
  'helm-unittest': ['suite'],
  // The rule files of mimirtool and cortextool name their tenant's namespace.
  'mimirtool, cortextool': ['namespace'],
};
const FOREIGN_KEY_SET = new Set(Object.values(FOREIGN_KEYS).flat());

/** Group fields of Grafana-managed alert rules (provisioning files), which Prometheus' groups never have. */
const GRAFANA_GROUP_KEYS = ['orgId', 'folder'];

/** A rule list or scrape config list without a top-level key around it (a format some tools accept for rules; the operator's additionalScrapeConfigs for scrape configs). */
export function isBareRuleList(root: unknown): boolean {
  return isSeq(root) && root.items.every((item) => isMap(item)) && root.items.some((item) => isMap(item) && (item.has('record') || item.has('alert')));
}

function isScrapeConfigList(root: unknown): boolean {
  return isSeq(root) && root.items.length > 0 && root.items.every((item) => isMap(item) && item.has('job_name'));
}

/** What one document is: a Prometheus kind, another tool's, or silent (empty, a bare scalar, broken). */
export function documentVerdict(document: Document.Parsed): DocumentVerdict {
  const root = document.contents;
  // What a broken document seems to hold says nothing of what it is.
  const unknown = document.errors.length > 0 ? 'silent' : 'foreign';
  if (isSeq(root)) {
    if (root.items.length === 0) return 'silent';
    if (isBareRuleList(root)) return 'rules';
    if (isScrapeConfigList(root)) return 'scrapeConfigs';
    // Rule groups without `groups:` above them: a rule file Prometheus refuses, with a fix to offer.
    if (root.items.every((item) => isMap(item) && isRuleGroup(item))) return 'rules';
    return unknown;
  }
  if (!isMap(root)) return 'silent';
  if (root.items.length === 0) return 'silent';
  const keys = root.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : ''));
  const has = (key: string): boolean => keys.includes(key);
  if (has('apiVersion') && has('kind')) {
    const kind: unknown = root.get('kind');
    const apiVersion: unknown = root.get('apiVersion');
    return kind === 'PrometheusRule' && typeof apiVersion === 'string' && apiVersion.startsWith('monitoring.coreos.com/') ? 'rules' : 'foreign';
  }
  if (keys.some((key) => FOREIGN_KEY_SET.has(key))) return 'foreign';
  // One group's keys at the top level (`name:`, `rules:`), without `groups:` and the list around it.
  if (!has('groups') && isRuleGroup(root)) return 'rules';
  const mostlyOther = (set: readonly string[]): boolean => mostlyOtherKeys(keys, set);
  if (has('tests') && (has('rule_files') || isRuleTestList(root.get('tests', true)))) return mostlyOther(RULE_TEST_KEYS) ? 'foreign' : 'ruleTests';
  if (has('groups')) return mostlyOther(['groups']) || hasOtherToolsGroup(root) || hasOtherGroups(root) ? 'foreign' : 'rules';
  if (keys.some((key) => CONFIG_KEYS.includes(key))) {
    if (mostlyOther(CONFIG_KEYS)) return 'foreign';
    // Unproven, it says nothing: the file name may decide (`global: scrape_intervall:` in prometheus.yml).
    return keys.some((key) => CONFIG_LISTS.includes(key)) || keys.some((key) => isConfigSection(root, key)) ? 'config' : 'silent';
  }
  return unknown;
}

/** Keys of a configuration that only Prometheus' (and its agents') files have at the top level. */
const CONFIG_LISTS = ['scrape_configs', 'scrape_config_files', 'rule_files', 'remote_write', 'remote_read'];

/**
 * A section whose name other tools use too (`storage:`, `global:`, `tracing:` of Tempo's or a
 * chart's values) is Prometheus' when it holds a field Prometheus knows there (`storage: tsdb:`),
 * or nothing yet.
 */
function isConfigSection(root: YAMLMap, key: string): boolean {
  const field = CONFIG_SCHEMA.objects[CONFIG_SCHEMA.root].fields[key];
  if (field?.type.kind !== 'object') return false;
  const section = root.get(key, true);
  if (isMap(section) && section.items.length === 0) return true;
  if (!isMap(section)) return isScalar(section) && section.value === null;
  const known = fieldsOf(field.type.type);
  return section.items.some((pair) => isScalar(pair.key) && known.has(String(pair.key.value)));
}

/** The fields of an object type of the configuration schema, with those of its inlined types. */
function fieldsOf(type: string): Set<string> {
  const spec = CONFIG_SCHEMA.objects[type];
  const fields = new Set(Object.keys(spec?.fields ?? {}));
  for (const inlined of spec?.inline ?? []) for (const f of fieldsOf(inlined)) fields.add(f);
  return fields;
}

/** A few keys Prometheus does not know are mistakes to report; mostly other keys, another tool's mapping (Helm values with a `global:`). */
function mostlyOtherKeys(keys: readonly string[], set: readonly string[]): boolean {
  const known = keys.filter((key) => set.includes(key)).length;
  const other = keys.length - known;
  return other >= 2 && other > known;
}

/** Group fields of Prometheus' rule files. */
const RULE_GROUP_KEYS = ['name', 'interval', 'rules', 'limit', 'query_offset', 'labels'];

/** A rule group: a `name:` and `rules:` that hold recording or alerting rules, and hardly another key. */
function isRuleGroup(group: YAMLMap): boolean {
  if (!group.has('name') || !isBareRuleList(group.get('rules', true))) return false;
  return !mostlyOtherKeys(group.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : '')), RULE_GROUP_KEYS);
}

/** Test groups of a rule test file, typos and all (not the test cases of helm-unittest or Argo CD). */
function isRuleTestList(node: unknown): boolean {
  return isSeq(node) && node.items.length > 0 && node.items.every((item) => isMap(item) && !mostlyOtherKeys(item.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : '')), TEST_GROUP_KEYS));
}

/** A log pipeline after a stream selector (`{app="a"} |= "error"`, `| json`): Loki's rules, in LogQL. PromQL has no `|`. */
const LOGQL = /\}\s*(?:\|[=~]?|!~)/;

/** A group of Grafana-managed alert rules, or one whose rules hold LogQL (Loki's): another tool's rule file. */
function hasOtherToolsGroup(root: YAMLMap): boolean {
  const groups = root.get('groups', true);
  if (!isSeq(groups)) return false;
  return groups.items.some((group) => {
    if (!isMap(group)) return false;
    const facts = otherToolsFacts(group);
    return facts.grafana || facts.logql;
  });
}

/** What of another tool's a rule group shows: Grafana's group fields, LogQL in its rules. */
interface OtherToolsFacts {
  readonly grafana: boolean;
  readonly logql: boolean;
}

/**
 * A group's OtherToolsFacts, looked at once per group node: a group re-read from the previous
 * version's tree (yamlItemReread.ts) is the same node, so a keystroke in a file of 500 groups looks
 * at the one group it changed, and finds the others' facts in one look-up each.
 */
function otherToolsFacts(group: YAMLMap): OtherToolsFacts {
  let facts = OTHER_TOOLS_FACTS.get(group);
  if (facts === undefined) {
    const rules = group.get('rules', true);
    facts = {
      grafana: GRAFANA_GROUP_KEYS.some((key) => group.has(key)),
      logql: isSeq(rules) && rules.items.some((rule) => {
        const expr: unknown = isMap(rule) ? rule.get('expr') : null;
        return typeof expr === 'string' && LOGQL.test(expr);
      }),
    };
    OTHER_TOOLS_FACTS.set(group, facts);
  }
  return facts;
}

/** OtherToolsFacts by group node. */
const OTHER_TOOLS_FACTS = new WeakMap<YAMLMap, OtherToolsFacts>();

/**
 * Groups of something other than rules (a site's catalogue of alerts, grouped by service): no group
 * has `rules:`, is a rule itself or holds a list of rules under another key (rules written straight
 * under `groups:`, a misspelt `rulez:`: a rule file's mistakes to report), and some group has a key
 * that rule groups (of Prometheus or of a dialect) never have.
 */
function hasOtherGroups(root: YAMLMap): boolean {
  const groups = root.get('groups', true);
  if (!isSeq(groups) || groups.items.length === 0 || !groups.items.every((group) => isMap(group))) return false;
  const maps = groups.items as YAMLMap[];
  const holdsRules = (group: YAMLMap): boolean => ['rules', 'record', 'alert', 'expr'].some((key) => group.has(key)) || group.items.some((pair) => isBareRuleList(pair.value));
  if (maps.some(holdsRules)) return false;
  // Fields of Thanos', Mimir's or vmalert's rule groups are rule groups' keys too (`concurrency: 2` before any rule).
  const groupKey = (key: string): boolean => RULE_GROUP_KEYS.includes(key) || dialectField(key, 'group') !== undefined;
  return maps.some((group) => group.items.some((pair) => !groupKey(isScalar(pair.key) ? String(pair.key.value) : '')));
}

/**
 * `noActionWhereANodeStarts`: the caller knows `hasActionWhereANodeStarts(text)` is false (an edit's
 * lines were looked at, the others were before), so the file is no template and the text is not scanned.
 *
 * The kind of a file from its documents: the first Prometheus kind a document says (a
 * PrometheusRule among other Kubernetes objects makes a rule file of which only that document is
 * read); when none says one, the file name decides unless a document belongs to another tool.
 */
export function fileKind(documents: readonly Document.Parsed[], text: string, fileName: string, noActionWhereANodeStarts = false): FileKind {
  const none: FileKind = { kind: null, keep: documents.map(() => false) };
  if (!noActionWhereANodeStarts && isTemplate(text)) return none;
  const verdicts = documents.map(documentVerdict);
  const kind = verdicts.find((v): v is YamlDocumentKind => v !== 'foreign' && v !== 'silent');
  if (kind) return { kind, keep: verdicts.map((v) => v !== 'foreign') };
  if (verdicts.includes('foreign')) return none;
  const byName = kindOfName(fileName);
  return byName ? { kind: byName, keep: documents.map(() => true) } : none;
}

/** The kind a file's name suggests, for a file whose content says nothing: words of the name, not parts of words (`alertmanager.yml`, `ruler.yaml` are not rule files). */
export function kindOfName(fileName: string): YamlDocumentKind | null {
  const base = /[^/\\]*$/.exec(fileName)![0];
  const match = /^(.*)\.ya?ml$/i.exec(base);
  if (!match) return null;
  const words = match[1].toLowerCase().split(/[^a-z0-9]+/);
  if (words.some((w) => ['rule', 'rules', 'alert', 'alerts', 'alerting', 'recording'].includes(w))) return 'rules';
  if (words[0] === 'prometheus') return 'config';
  return null;
}

/** Keys one of which every Prometheus document has somewhere: a rule's, a group list's, a test file's, a scrape config's, a configuration's top-level key. */
const PROMETHEUS_KEY = new RegExp(`(?:^|[\\s{,?\\[])["']?(?:${['record', 'alert', 'groups', 'tests', 'job_name', ...CONFIG_KEYS].join('|')})["']?[ \\t]*:|\\bPrometheusRule\\b`, 'm');
/** A top-level key of another tool's file (`apiVersion:`, `route:`…): at the start of a line, which only a key of the root mapping can be. */
const FOREIGN_TOP_KEY = new RegExp(`^["']?(?:${[...FOREIGN_KEY_SET].join('|')})["']?[ \\t]*:`, 'm');
/** A document whose root is a block mapping: its first line that is not blank nor a comment starts with a key at the start of the line. */
const BLOCK_MAPPING_ROOT = /^(?:[ \t]*(?:#[^\n]*)?(?:\r?\n|$))*["'A-Za-z_]/;
/** The line that starts a YAML document (`---`) or ends one (`...`). */
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?=[ \t]|\r?$)/m;

/**
 * A cheap look at a YAML file's text, before it is parsed, for the editor's workspace scan: false
 * only when `fileKind` finds no Prometheus kind in it, so that other tools' files (thousands of
 * Kubernetes objects) are not parsed. A name that suggests a kind keeps the file (the name decides
 * when the content is silent); so does a document that has a key every Prometheus document has,
 * unless a top-level key of another tool makes it that tool's (a PrometheusRule excepted). A
 * template is no one's file.
 */
export function mayBePrometheusFile(text: string, fileName: string): boolean {
  if (kindOfName(fileName)) return true;
  if (!PROMETHEUS_KEY.test(text) || isTemplate(text)) return false;
  return text.split(DOCUMENT_MARKER).some((document) => PROMETHEUS_KEY.test(document) && !isForeignMapping(document));
}

/** A document whose root mapping has a top-level key of another tool's, and is no PrometheusRule: `documentVerdict` calls it foreign. */
function isForeignMapping(document: string): boolean {
  return BLOCK_MAPPING_ROOT.test(document) && FOREIGN_TOP_KEY.test(document) && !/\bPrometheusRule\b/.test(document);
}

/**
 * A Helm (Go template) or Jinja template: an action `{{ … }}` or `{% … %}` where YAML has structure
 * (a line of its own, a key, the start of a value), outside block scalars. Alert templates of
 * Prometheus (`{{ $labels.x }}`, `{{ $value }}`) are text inside values, not structure.
 */
export function isTemplate(text: string): boolean {
  // Most files with actions hold them inside values only (alert templates): one native search rules
  // that out (a cold check runs the loops below in V8's interpreter), then only the lines holding an
  // action are read; the scan of every line below is for the others.
  if (!hasActionWhereANodeStarts(text) || !anyLineStartsWithAction(text)) return false;
  // Lines that are not YAML's: a block scalar's, a multi-line scalar's continuation, a region pint is told to ignore.
  let blockIndent = -1;
  let continuationIndent = -1;
  let ignored = false;
  for (const line of text.split(/\r?\n/)) {
    const indent = /^ */.exec(line)![0].length;
    const content = line.slice(indent);
    if (/^#\s*pint\s+ignore\/begin/.test(content)) ignored = true;
    if (/^#\s*pint\s+ignore\/end/.test(content)) ignored = false;
    if (ignored || content === '' || content.startsWith('#')) continue;
    if (blockIndent >= 0 && indent > blockIndent) continue;
    blockIndent = -1;
    if (continuationIndent >= 0 && indent > continuationIndent) continue;
    continuationIndent = -1;
    const { item, node, value } = partsOfLine(content);
    if (isStructuralAction(node)) return true;
    if (value === undefined || value === '') continue;
    if (isStructuralAction(value)) return true;
    if (/^[|>][-+0-9]*\s*(?:#.*)?$/.test(value)) blockIndent = indent + item.length;
    else if (!/^[[{&*!]/.test(value)) continuationIndent = indent + item.length;
  }
  return false;
}

/** A line's content (after its indentation): the `- ` of sequence items, the node after them, and the node's value when it is a key. */
function partsOfLine(content: string): { item: string; node: string; value: string | undefined } {
  // The node's column: after the `- ` of sequence items.
  const item = /^(?:-\s+)*/.exec(content)![0];
  const node = content.slice(item.length);
  const value = /^(?:"[^"]*"|'[^']*'|[^\s"'#{][^:#]*?)\s*:(?:\s+(.*))?$/.exec(node)?.[1] ?? (item ? node : undefined);
  return { item, node, value };
}

/**
 * Whether a line holding `{{` or `{%` has it where isTemplate finds structure, its context aside
 * (the context only makes isTemplate pass over lines): only those lines are read, not every line.
 */
function anyLineStartsWithAction(text: string): boolean {
  for (const opening of ['{{', '{%']) {
    for (let at = text.indexOf(opening); at !== -1; at = text.indexOf(opening, at + 2)) {
      // Where structure goes, an action follows the line's start, a `-` or a `:`, and blanks: most
      // actions follow other text of a value (`summary: "{{ $labels.job }} is down"`).
      let before = at - 1;
      while (before >= 0 && text[before] !== '\n' && /\s/.test(text[before])) before--;
      if (before >= 0 && text[before] !== '\n' && text[before] !== ':' && text[before] !== '-') continue;
      const lineStart = text.lastIndexOf('\n', at) + 1;
      const newline = text.indexOf('\n', at);
      const lineEnd = newline === -1 ? text.length : newline;
      const line = text.slice(lineStart, text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd);
      const content = line.slice(/^ */.exec(line)![0].length);
      if (content.startsWith('#')) continue;
      const { node, value } = partsOfLine(content);
      if (isStructuralAction(node) || (value !== undefined && isStructuralAction(value))) return true;
    }
  }
  return false;
}

/**
 * A line whose node (after its indentation and `- ` items), or whose value after a key, starts with
 * an action: what isTemplate's loop needs to find one (the loop then leaves out block scalars,
 * continuations and Prometheus' own templates). Whitespace is any but a line feed, as in one line.
 */
const ACTION_WHERE_A_NODE_STARTS = /^ *(?:-[^\S\n]+)*(?:(?:"[^"\n]*"|'[^'\n]*'|[^\s"'#{][^:#\n]*?)[^\S\n]*:[^\S\n]+)?\{[{%]/m;

/**
 * Whether a line of `text` that meets [from, to) holds an action where a node may start, the first
 * look of isTemplate: false, and the text is no template. The look is line by line, so after an edit
 * only the lines it changed need a look (2.3 MB of rules take 10 ms to scan, one group's lines 0.05).
 */
export function hasActionWhereANodeStarts(text: string, from = 0, to = text.length): boolean {
  const start = from === 0 ? 0 : text.lastIndexOf('\n', from - 1) + 1;
  const newline = to >= text.length ? -1 : text.indexOf('\n', to);
  const lines = start === 0 && newline === -1 ? text : text.slice(start, newline === -1 ? text.length : newline);
  if (!lines.includes('{{') && !lines.includes('{%')) return false;
  return ACTION_WHERE_A_NODE_STARTS.test(lines);
}

function isStructuralAction(text: string): boolean {
  if (text.startsWith('{%')) return true;
  if (!text.startsWith('{{')) return false;
  const end = text.indexOf('}}');
  return !PROMETHEUS_TEMPLATE.test(end < 0 ? text : text.slice(0, end));
}

/** What an action of Prometheus' alert templates reads (a value written unquoted, which YAML rejects, is a mistake to report, not a Helm template). */
const PROMETHEUS_TEMPLATE = /\$labels|\$value|\$externalLabels|\$externalURL|\.Labels\b|\.Value\b|\.ExternalLabels|\.ExternalURL|\bhumanize/;
