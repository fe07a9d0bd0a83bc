/*
 * Dialects of rule files: Thanos Ruler, the Mimir and Cortex rulers and vmalert read Prometheus'
 * rule format with fields of their own on groups and rules, which Prometheus rejects. This file
 * holds those fields (who reads each, and what type of value it takes) and the evidence that a
 * workspace runs one of these tools, so that a rule file is read in the dialect it is written for.
 *
 * Sources of the fields: Thanos' rule docs (`partial_response_strategy`), Mimir's rule group
 * (its rulefmt fork: `source_tenants`, `evaluation_delay`, `align_evaluation_time_on_interval`;
 * `query_offset` and `limit` are Prometheus' own since 2.53 and 2.31), vmalert's config package
 * (app/vmalert/config: Group and Rule).
 */

export type RuleDialect = 'prometheus' | 'thanos' | 'mimir' | 'vmalert';

export const RULE_DIALECTS: readonly RuleDialect[] = ['prometheus', 'thanos', 'mimir', 'vmalert'];

export function isRuleDialect(value: unknown): value is RuleDialect {
  return typeof value === 'string' && (RULE_DIALECTS as readonly string[]).includes(value);
}

/** The tool that reads each dialect, as messages name it. */
export const DIALECT_TOOLS: Readonly<Record<RuleDialect, string>> = {
  prometheus: 'Prometheus',
  thanos: 'Thanos Ruler',
  mimir: 'Mimir/Cortex ruler',
  vmalert: 'vmalert',
};

/** What a dialect field holds; the dialect's tool refuses a value of another kind. */
export type DialectFieldType =
  | { readonly kind: 'duration' | 'bool' | 'int' | 'stringList' }
  /** One of the values, compared without case when `anyCase`. */
  | { readonly kind: 'enum'; readonly values: readonly string[]; readonly anyCase?: boolean }
  /** vmalert's `params`: names mapped to a string or a list of strings. */
  | { readonly kind: 'params' }
  /** vmalert's `headers`: a list of `Name: value` strings. */
  | { readonly kind: 'headers' };

export interface DialectField {
  readonly name: string;
  readonly on: 'group' | 'rule';
  readonly dialect: Exclude<RuleDialect, 'prometheus'>;
  readonly type: DialectFieldType;
  /** What the tool does with it, in our own words (completion and hover show it). */
  readonly doc: string;
}

export const DIALECT_FIELDS: readonly DialectField[] = [
  { name: 'partial_response_strategy', on: 'group', dialect: 'thanos', type: { kind: 'enum', values: ['warn', 'abort'], anyCase: true },
    doc: 'What Thanos Ruler does when some store APIs fail to answer a query of the group: warn and use the partial result, or abort the evaluation (the default).' },
  { name: 'source_tenants', on: 'group', dialect: 'mimir', type: { kind: 'stringList' },
    doc: "Tenants whose data the group's queries read (a federated rule group); the results are written to the group's own tenant." },
  { name: 'evaluation_delay', on: 'group', dialect: 'mimir', type: { kind: 'duration' },
    doc: 'How far in the past the group is evaluated, for late samples (deprecated in Mimir for query_offset).' },
  { name: 'align_evaluation_time_on_interval', on: 'group', dialect: 'mimir', type: { kind: 'bool' },
    doc: "Evaluate the group at multiples of its interval rather than at times spread by the group's hash." },
  { name: 'type', on: 'group', dialect: 'vmalert', type: { kind: 'enum', values: ['prometheus', 'graphite', 'vlogs'] },
    doc: "The language of the group's expressions and the datasource vmalert sends them to: prometheus (PromQL and MetricsQL, the default), graphite or vlogs." },
  { name: 'concurrency', on: 'group', dialect: 'vmalert', type: { kind: 'int' },
    doc: 'How many rules of the group vmalert evaluates at once (1 by default: one after the other).' },
  { name: 'eval_offset', on: 'group', dialect: 'vmalert', type: { kind: 'duration' },
    doc: 'Evaluate the group at this offset within each interval (it must be smaller than interval).' },
  { name: 'eval_delay', on: 'group', dialect: 'vmalert', type: { kind: 'duration' },
    doc: "Move the time of the group's queries this far back, for data that arrives late." },
  { name: 'eval_alignment', on: 'group', dialect: 'vmalert', type: { kind: 'bool' },
    doc: "Align the time of the group's queries to its interval (true by default)." },
  { name: 'params', on: 'group', dialect: 'vmalert', type: { kind: 'params' },
    doc: "URL parameters added to every query of the group, such as nocache or extra_label." },
  { name: 'headers', on: 'group', dialect: 'vmalert', type: { kind: 'headers' },
    doc: 'HTTP headers ("Name: value") sent with every query of the group.' },
  { name: 'notifier_headers', on: 'group', dialect: 'vmalert', type: { kind: 'headers' },
    doc: "HTTP headers (\"Name: value\") sent with the group's alerts to the notifiers." },
  // vmalert's Group (as read) has no `debug`, its Rule has; accepted on groups too, so that a newer vmalert's file gets no false error.
  { name: 'debug', on: 'group', dialect: 'vmalert', type: { kind: 'bool' },
    doc: "Log the queries and results of the group's rules." },
  { name: 'debug', on: 'rule', dialect: 'vmalert', type: { kind: 'bool' },
    doc: "Log the rule's queries and results." },
  { name: 'update_entries_limit', on: 'rule', dialect: 'vmalert', type: { kind: 'int' },
    doc: "How many of the rule's state updates vmalert keeps in memory for its UI." },
];

/** The fields a dialect adds on groups or on rules (none for Prometheus'). */
export function dialectFields(dialect: RuleDialect, on: DialectField['on']): DialectField[] {
  return DIALECT_FIELDS.filter((field) => field.dialect === dialect && field.on === on);
}

/** The dialect field of that name on a group or a rule, if one is. */
export function dialectField(name: string, on: DialectField['on']): DialectField | undefined {
  return DIALECT_FIELDS.find((field) => field.name === name && field.on === on);
}

/** The setting that turns a dialect on, as messages say it. */
export function dialectAdvice(dialect: RuleDialect): string {
  return `set prometheus.ruleDialect to "${dialect}" if ${DIALECT_TOOLS[dialect]} loads this file`;
}

/**
 * Texts that name a tool as the evaluator of rule files: a deployment (docker-compose, Kubernetes,
 * an operator's resource) or a configuration of that tool. Each pattern names the tool itself, not
 * a client of it (a Grafana datasource pointing at Mimir is no evidence that rules run there).
 */
const EVIDENCE: readonly (readonly [Exclude<RuleDialect, 'prometheus'>, RegExp, RegExp?])[] = [
  // The Prometheus Operator's ThanosRuler resource; `thanos rule` with its --rule-file flag.
  ['thanos', /^kind:\s*["']?ThanosRuler["']?\s*$/m],
  ['thanos', /\bthanos\b/, /--rule-file\b/],
  // The image of vmalert, its flag for rule files, the VictoriaMetrics operator's resources.
  ['vmalert', /\bvictoriametrics\/vmalert\b/],
  ['vmalert', /\bvmalert\b[^\n]*\s["']?-rule[=\s]/],
  ['vmalert', /^kind:\s*["']?VM(?:Alert|Rule)["']?\s*$/m],
  // Mimir's and Cortex's images (not a link to their GitHub repositories), and their configuration's ruler storage.
  ['mimir', /(?<!github\.com\/)\b(?:grafana\/mimir|cortexproject\/cortex)\b(?!\/(?:blob|tree)\/)/],
  ['mimir', /^ruler_storage:\s*$/m],
];

/** Words without which no pattern of EVIDENCE matches. */
const CLUES = /thanos|ThanosRuler|vmalert|VMAlert|VMRule|grafana\/mimir|cortexproject\/cortex|ruler_storage/;

/** A plain rule file: `groups:` first, after comments and blank lines. */
const RULE_FILE_START = /^(?:[ \t]*(?:#[^\n]*)?\r?\n)*groups[ \t]*:/;

/** The rule-evaluating tool a text names, when it names exactly one (a text that names two is no evidence). */
export function dialectNamedBy(text: string): Exclude<RuleDialect, 'prometheus'> | null {
  // A rule file deploys nothing; and a cheap first look (a few ms on 2 MB): most files name none of the tools.
  if (RULE_FILE_START.test(text) || !CLUES.test(text)) return null;
  // Loki's configuration has a ruler too, for LogQL rules: not ours.
  if (/^(?:schema_config|loki):/m.test(text) && !/\bgrafana\/mimir\b/.test(text)) return null;
  const found = new Set<Exclude<RuleDialect, 'prometheus'>>();
  for (const [dialect, pattern, andPattern] of EVIDENCE) if (pattern.test(text) && (!andPattern || andPattern.test(text))) found.add(dialect);
  return found.size === 1 ? [...found][0] : null;
}

/** The one dialect that the workspace's files name, or null when they name none or several. */
export function workspaceDialect(named: Iterable<RuleDialect | null | undefined>): Exclude<RuleDialect, 'prometheus'> | null {
  let only: Exclude<RuleDialect, 'prometheus'> | null = null;
  for (const dialect of named) {
    if (!dialect || dialect === 'prometheus') continue;
    if (only && only !== dialect) return null;
    only = dialect;
  }
  return only;
}

/**
 * Whether a rule group's expressions are something other than PromQL: vmalert's `type: graphite`
 * and `type: vlogs` groups hold Graphite and LogsQL queries.
 */
export function holdsOtherQueries(groupType: unknown): boolean {
  return groupType === 'graphite' || groupType === 'vlogs';
}

/** The dialect rule files are read in: the setting's, when it names another tool than Prometheus; else what the workspace names. */
export function effectiveDialect(setting: RuleDialect | undefined, detected: RuleDialect | null | undefined): RuleDialect {
  if (setting && setting !== 'prometheus') return setting;
  return detected ?? 'prometheus';
}
