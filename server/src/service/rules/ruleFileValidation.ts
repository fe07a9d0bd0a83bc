import { isMap, isNode, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { mapScalar, type ScalarStyle } from '../documents/scalarSourceMap';
import { NodeMemo } from '../documents/nodeMemo';
import { isEdited } from '../documents/yamlDocument';
import { parseDuration } from '../promql/duration';
import type { PromQLAnalysis } from '../promql/analysis';
import { rootLabels, type LabelSet } from '../promql/labelFlow';
import type { DiagnosticCode, Severity } from '../diagnosticCode';
import { RECORD_CHECKS, TEMPLATE_LABEL_CHECKS } from '../lint/lintRegistry';
import type { LintFinding, RecordEntry } from '../lint/lintRule';
import { checkTemplate, type TemplateCheck } from './goTemplate';
import type { TextRange } from '../promql/syntaxTree';
import { DIALECT_TOOLS, dialectAdvice, dialectField, dialectFields, type DialectField, type RuleDialect } from './ruleDialect';
import { mapRange, shiftRange } from '../documents/textRanges';

/*
 * What `promtool check rules` rejects in a rule file (Prometheus' rulefmt): unknown fields, values
 * of the wrong type, a rule that is both or neither recording and alerting, fields a recording rule
 * cannot have, invalid record names, durations, label names and values, empty and repeated group
 * names. Each problem is placed on the YAML node it is about.
 *
 * The PromQL of `expr` is checked by the PromQL analysis (see yamlDocument.ts), not here.
 */

export interface RuleProblem {
  readonly range: TextRange;
  readonly message: string;
  /** Unset for promtool's errors; the lint rule of a finding of the registry's rule-file checks (lint/rules/ruleFile.ts). */
  readonly code?: DiagnosticCode;
  /** A lint finding's severity when below its rule's default. */
  readonly severity?: Severity;
}

/** A lint finding of the registry's checks as a problem of the validation. */
function findingProblem(finding: LintFinding): RuleProblem {
  return { range: finding.range, message: finding.message, code: finding.code, ...(finding.severity ? { severity: finding.severity } : {}) };
}

/** The analysis of a rule's `expr:` value node (computed once, in yamlDocument.ts). */
export type ExprAnalysisLookup = (expr: unknown) => PromQLAnalysis | undefined;

/** A rule's `record:` as the registry's record checks read it (its name, and its name and labels as the series it writes); null without one. */
function recordEntryOf(rule: YAMLMap, keep: boolean): RecordEntry | null {
  const node = rule.get('record', true);
  if (!isScalar(node) || node.value === null) return null;
  // Each read of a range builds its array (compactYamlNodes.ts): read once.
  const nodeRange = node.range;
  if (!nodeRange) return null;
  const name = String(node.value);
  // A rule an edit did not touch has the same key (nodeMemo.ts: the node is kept only then).
  let series = keep ? RECORD_KEYS.get(rule) : undefined;
  if (series === undefined) {
    series = `${name}${labelsKey(rule.get('labels', true))}`;
    if (keep) RECORD_KEYS.set(rule, series);
  }
  return { name, range: { start: nodeRange[0], end: nodeRange[1] }, series };
}

/** The key of each recording rule of an editor's document (its name and labels), by rule node. */
const RECORD_KEYS = new WeakMap<YAMLMap, string>();

/**
 * A rule's labels as text, equal for equal labels written in the same order: flat labels with
 * distinct names as the JSON of their pairs, names as strings (the yaml package's toJSON, which
 * gives the same but for the order of integer-like names, costs more than the rest of the check of
 * a rule), anything else as the JSON of its value.
 */
function labelsKey(labels: unknown): string {
  if (!isMap(labels)) return '';
  const pairs: [string, unknown][] = [];
  for (const pair of labels.items) {
    const name = isScalar(pair.key) && (pair.value === null || isScalar(pair.value)) ? String(pair.key.value) : undefined;
    if (name === undefined || pairs.some(([seen]) => seen === name)) return JSON.stringify(labels.toJSON());
    pairs.push([name, isScalar(pair.value) ? pair.value.value : null]);
  }
  return JSON.stringify(pairs);
}

/** Reports a problem on a YAML node (anything that is not a node falls back to the given range). */
type Report = (node: unknown, fallback: TextRange, message: string) => void;

function reportersInto(problems: RuleProblem[]): { report: Report; lint: (finding: LintFinding) => void } {
  return {
    report: (node, fallback, message) => {
      const range = isNode(node) ? node.range : undefined;
      problems.push({ range: range ? { start: range[0], end: range[1] } : fallback, message });
    },
    lint: (finding) => {
      problems.push(findingProblem(finding));
    },
  };
}

/** The problems of each rule, by rule node, for the analysis of its `expr` and the dialect. */
const RULE_PROBLEMS = new NodeMemo<{ readonly analysis: PromQLAnalysis | undefined; readonly dialect: RuleDialect }, RuleProblem>(
  (a, b) => a.analysis === b.analysis && a.dialect === b.dialect,
  (problem, delta) => ({ ...problem, range: shiftRange(problem.range, delta) }),
);

const GROUP_FIELDS = new Set(['name', 'interval', 'query_offset', 'limit', 'rules', 'labels']);
const RULE_FIELDS = new Set(['record', 'alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations']);

/**
 * Validates the rule groups of one YAML document: a rule file's root, or a PrometheusRule's `spec`.
 * `dialect` names the tool that loads the file: its own fields are accepted (and their values
 * checked), another tool's are rejected with a message that names that tool.
 */
export function validateRuleGroups(text: string, document: Document.Parsed, inResource: boolean, analysisOf: ExprAnalysisLookup, dialect: RuleDialect = 'prometheus'): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const { report, lint } = reportersInto(problems);
  const recordChecks = RECORD_CHECKS.map((make) => make());
  const context: RuleContext = { text, report, lint, analysisOf, dialect };
  /** A rule's own problems: those of an unchanged rule of the previous version are moved, not computed again (nodeMemo.ts). */
  const keep = isEdited(document);
  /** Reports through `ctx`, and gives null; or gives the rule's problems kept from before. */
  const validateRuleOnce: RuleValidator = (ctx, rule, ruleRange) => {
    const start = keep ? rule.range?.[0] : undefined;
    if (start === undefined) {
      validateRule(ctx, rule, ruleRange);
      return null;
    }
    return RULE_PROBLEMS.results(rule, start, { analysis: analysisOf(rule.get('expr', true)), dialect }, () => {
      const own: RuleProblem[] = [];
      validateRule({ ...ctx, ...reportersInto(own) }, rule, ruleRange);
      return own;
    });
  };
  const root = document.contents;
  const whole = { start: 0, end: 0 };
  if (isSeq(root)) {
    report(root, whole, 'a rule file is a mapping with groups: this is a list of rules, which Prometheus cannot load (put it under groups: - name: …, rules:)');
    for (const rule of root.items) if (isMap(rule)) problems.push(...(validateRuleOnce(context, rule, rangeOf(rule, whole)) ?? NO_PROBLEMS));
    return problems;
  }
  if (isScalar(root) && root.value !== null) {
    report(root, whole, 'a rule file is a mapping with groups: this file holds a single value');
    return problems;
  }
  if (!isMap(root)) return problems;
  let groupsHolder: YAMLMap = root;
  if (inResource) {
    const spec = root.get('spec', true);
    if (!isMap(spec)) return problems;
    groupsHolder = spec;
  } else {
    for (const pair of root.items) {
      const key = keyOf(pair);
      if (key !== 'groups') report(pair.key, whole, `field ${key} not found in rule file (expected groups)`);
    }
  }
  const groups = groupsHolder.get('groups', true);
  if (isAbsent(groups)) return problems;
  if (!isSeq(groups)) {
    report(groups, whole, 'groups must be a list of rule groups');
    return problems;
  }
  // The checks that read the other groups (a repeated name, the registry's record checks) run
  // here, over what each group gave; the rest is the group's own (validateGroup).
  const given: ({ validation: GroupValidation; delta: number } | null)[] = [];
  for (const group of groups.items) {
    if (!isMap(group)) {
      given.push(null);
      continue;
    }
    const start = keep ? group.range?.[0] : undefined;
    given.push(start === undefined
      ? { validation: validateGroup(context, group, inResource, validateRuleOnce, false), delta: 0 }
      : groupValidationOnce(group, start, { dialect, inResource }, () => validateGroup(context, group, inResource, validateRuleOnce, true)));
  }
  const recordFindings = recordFindingsOf(document, keep, { dialect, inResource }, given, recordChecks);
  const seen = new Set<string>();
  let g = 0;
  for (let i = 0; i < given.length; i++) {
    const item = given[i];
    if (!item) {
      report(groups.items[i], whole, 'a rule group must be a mapping with name and rules');
      continue;
    }
    const { validation, delta } = item;
    const found = recordFindings[g++];
    addMoved(problems, validation.before, delta);
    if (validation.name) {
      if (seen.has(validation.name) && validation.repeated) problems.push(movedRuleProblem(validation.repeated, delta));
      seen.add(validation.name);
    }
    addMoved(problems, validation.after, delta);
    if (validation.quiet && !found) continue;
    const groupStart = validation.start + delta;
    for (let r = 0; r < validation.rules.length; r++) {
      const rule = validation.rules[r];
      addMoved(problems, rule.problems, delta);
      const own = found?.get(r);
      if (own) addMoved(problems, own, groupStart + rule.record!.from);
    }
  }
  return problems;
}

/** The registry's record checks' findings of each group, by rule position, with ranges relative to the record's start; null: none. */
type RecordFindings = ReadonlyMap<number, readonly RuleProblem[]> | null;

/**
 * What the record checks (rules/duplicate, rules/record-name) found in an editor's document, with
 * the groups they were found for: each check reads the records of the file in order (a duplicate is
 * a record written before), so they run over every record of the file, unless the file's records
 * are those of the last run (names and labels, rule by rule: an edit of an expression leaves them
 * alone), whose findings then stand, placed at their records again.
 */
const RECORD_FINDINGS = new WeakMap<Document.Parsed, { key: GroupKey; groups: GroupValidation[]; findings: readonly RecordFindings[] }>();

function recordFindingsOf(document: Document.Parsed, keep: boolean, key: GroupKey, given: readonly ({ validation: GroupValidation; delta: number } | null)[],
  recordChecks: readonly ((entry: RecordEntry, report: (finding: LintFinding) => void) => void)[]): readonly RecordFindings[] {
  const groups: { validation: GroupValidation; delta: number }[] = [];
  for (const item of given) if (item) groups.push(item);
  const previous = keep ? RECORD_FINDINGS.get(document) : undefined;
  if (previous && previous.key.dialect === key.dialect && previous.key.inResource === key.inResource && previous.groups.length === groups.length
    && groups.every((group, i) => group.validation === previous.groups[i] || sameRecords(group.validation, previous.groups[i]))) {
    for (let i = 0; i < groups.length; i++) previous.groups[i] = groups[i].validation;
    return previous.findings;
  }
  const findings: RecordFindings[] = [];
  let found: RuleProblem[] = [];
  for (const { validation, delta } of groups) {
    let byRule: Map<number, readonly RuleProblem[]> | null = null;
    const groupStart = validation.start + delta;
    for (let r = 0; r < validation.rules.length; r++) {
      const record = validation.rules[r].record;
      if (!record) continue;
      const at = groupStart + record.from;
      const entry = { name: record.name, range: { start: at, end: groupStart + record.to }, series: record.series };
      for (const check of recordChecks) check(entry, (finding) => found.push(movedRuleProblem(findingProblem(finding), -at)));
      if (found.length === 0) continue;
      (byRule ??= new Map()).set(r, found);
      found = [];
    }
    findings.push(byRule);
  }
  if (keep) RECORD_FINDINGS.set(document, { key, groups: groups.map((group) => group.validation), findings });
  return findings;
}

/** Whether two validations of a group have the same records (name and labels) at the same rule positions. */
function sameRecords(a: GroupValidation, b: GroupValidation): boolean {
  if (a.rules.length !== b.rules.length) return false;
  for (let i = 0; i < a.rules.length; i++) {
    const x = a.rules[i].record;
    const y = b.rules[i].record;
    if (x === y) continue;
    if (!x || !y || x.name !== y.name || x.series !== y.series) return false;
  }
  return true;
}

/**
 * What one group gives the validation, but for what depends on the groups before it: its problems
 * before its name (unknown fields; an empty name), the problem of its name should an earlier group
 * have it, the problems of its fields, and each rule's problems and `record:`. Ranges are as at
 * `start` (where the group started then); a rule's record is kept relative to the group's start.
 */
interface GroupValidation {
  readonly start: number;
  readonly before: readonly RuleProblem[];
  /** '' when empty (reported in `before`). */
  readonly name: string;
  readonly repeated: RuleProblem | null;
  readonly after: readonly RuleProblem[];
  /** No rule of the group has a problem of its own. */
  readonly quiet: boolean;
  readonly rules: readonly { readonly problems: readonly RuleProblem[]; readonly record: { readonly name: string; readonly series: string; readonly from: number; readonly to: number } | null }[];
}

type RuleValidator = (context: RuleContext, rule: YAMLMap, ruleRange: TextRange) => readonly RuleProblem[] | null;

const NO_PROBLEMS: readonly RuleProblem[] = [];

/** A group's own validation (`keep`: an editor's document, whose rules keep their results: nodeMemo.ts). */
function validateGroup(context: RuleContext, group: YAMLMap, inResource: boolean, validateRuleOnce: RuleValidator, keep: boolean): GroupValidation {
  const written: RuleProblem[] = [];
  const local: RuleContext = { ...context, ...reportersInto(written) };
  const { report } = local;
  const taken = (): readonly RuleProblem[] => (written.length === 0 ? NO_PROBLEMS : written.splice(0));
  const groupRange = rangeOf(group, { start: 0, end: 0 });
  checkUnknownFields(group, GROUP_FIELDS, 'rule group', report, context.dialect, inResource ? RESOURCE_GROUP_FIELDS : undefined);
  const nameNode = group.get('name', true);
  const name = scalarString(nameNode);
  if (!name) report(isScalar(nameNode) ? nameNode : group, groupRange, 'Groupname must not be empty');
  const before = taken();
  let repeated: RuleProblem | null = null;
  if (name) {
    report(nameNode, groupRange, `groupname: "${name}" is repeated in the same file`);
    repeated = taken()[0];
  }
  checkDuration(group, 'interval', report, groupRange);
  checkDuration(group, 'query_offset', report, groupRange);
  const limit = group.get('limit', true);
  if (limit !== undefined && !(isScalar(limit) && Number.isInteger(limit.value))) report(limit, groupRange, 'limit must be an integer');
  checkLabels(group.get('labels', true), 'labels', report, groupRange);
  const rulesNode = group.get('rules', true);
  if (!isAbsent(rulesNode) && !isSeq(rulesNode)) report(rulesNode, groupRange, 'rules must be a list of rules');
  const after = taken();
  const rules: GroupValidation['rules'][number][] = [];
  if (isSeq(rulesNode)) {
    for (const rule of rulesNode.items) {
      if (!isMap(rule)) {
        report(rule, groupRange, 'a rule must be a mapping with record or alert, and expr');
        rules.push({ problems: taken(), record: null });
        continue;
      }
      const problems = validateRuleOnce(local, rule, rangeOf(rule, groupRange)) ?? taken();
      const record = recordEntryOf(rule, keep);
      rules.push({ problems, record: record && { name: record.name, series: record.series, from: record.range.start - groupRange.start, to: record.range.end - groupRange.start } });
    }
  }
  return { start: groupRange.start, before, name, repeated, after, quiet: rules.every((rule) => rule.problems.length === 0), rules };
}

/** Each group's own validation, by group node, for the dialect and whether it is a PrometheusRule's. */
const GROUP_VALIDATIONS = new WeakMap<YAMLMap, { key: GroupKey; validation: GroupValidation }>();

interface GroupKey {
  readonly dialect: RuleDialect;
  readonly inResource: boolean;
}

/**
 * A group's own validation, computed once per group node (an edit elsewhere keeps the node,
 * yamlItemReread.ts), with how far the group moved since: its problems are moved when read (most
 * groups have none), its records' places are relative to its start.
 */
function groupValidationOnce(group: YAMLMap, start: number, key: GroupKey, compute: () => GroupValidation): { validation: GroupValidation; delta: number } {
  const known = GROUP_VALIDATIONS.get(group);
  if (known && known.key.dialect === key.dialect && known.key.inResource === key.inResource) return { validation: known.validation, delta: start - known.validation.start };
  const validation = compute();
  GROUP_VALIDATIONS.set(group, { key, validation });
  return { validation, delta: start - validation.start };
}

function addMoved(into: RuleProblem[], problems: readonly RuleProblem[], delta: number): void {
  for (const p of problems) into.push(delta === 0 ? p : movedRuleProblem(p, delta));
}

function movedRuleProblem(problem: RuleProblem, delta: number): RuleProblem {
  return { ...problem, range: shiftRange(problem.range, delta) };
}

interface RuleContext {
  readonly text: string;
  readonly report: Report;
  /** Reports a finding of the registry's rule-file checks. */
  readonly lint: (finding: LintFinding) => void;
  readonly analysisOf: ExprAnalysisLookup;
  readonly dialect: RuleDialect;
}

function validateRule(context: RuleContext, rule: YAMLMap, ruleRange: TextRange): void {
  const { report } = context;
  checkUnknownFields(rule, RULE_FIELDS, 'rule', report, context.dialect);
  const recordNode = rule.get('record', true);
  const alertNode = rule.get('alert', true);
  const record = scalarString(recordNode);
  const alert = scalarString(alertNode);
  const anchor = isScalar(recordNode) ? recordNode : isScalar(alertNode) ? alertNode : rule;
  if (record && alert) report(recordNode, ruleRange, "only one of 'record' and 'alert' must be set");
  if (!record && !alert) report(anchor, ruleRange, "one of 'record' or 'alert' must be set");
  const expr = rule.get('expr', true);
  const labels = rule.get('labels', true);
  const annotations = rule.get('annotations', true);
  if (!scalarString(expr)) report(isScalar(expr) ? expr : anchor, ruleRange, "field 'expr' must be set in rule");
  else if (!isScalar(expr)) report(expr, ruleRange, 'expr must be a PromQL expression (a string)');
  for (const field of ['for', 'keep_firing_for']) checkDuration(rule, field, report, ruleRange);
  if (record) {
    if (isMap(annotations) && annotations.items.length > 0) report(recordNode, ruleRange, "invalid field 'annotations' in recording rule");
    for (const field of ['for', 'keep_firing_for']) {
      const value = rule.get(field, true);
      if (isScalar(value) && value.value !== null && durationSeconds(value.value) !== 0) report(recordNode, ruleRange, `invalid field '${field}' in recording rule`);
    }
    if (record.includes('{') || record.includes('}')) {
      report(recordNode, ruleRange, `braces present in the recording rule name; should it be in expr?: ${record}`);
    } else if (!isValidUtf8Name(record)) {
      report(recordNode, ruleRange, `invalid recording rule name: ${record}`);
    }
  }
  checkLabels(labels, 'labels', report, ruleRange);
  if (alert) {
    // The labels of the expression's result, worked out when a template reads one.
    let flowed: LabelSet | undefined | null = null;
    const resultLabels = (): LabelSet | undefined => {
      if (flowed !== null) return flowed;
      const analysis = context.analysisOf(expr);
      flowed = analysis && analysis.syntaxProblems.length === 0 ? rootLabels(analysis.expr) : undefined;
      return flowed;
    };
    checkTemplates(context, labels, 'label', resultLabels);
    checkTemplates(context, annotations, 'annotation', resultLabels);
  }
  if (isMap(annotations)) {
    for (const pair of annotations.items) {
      const key = keyOf(pair);
      if (!isValidUtf8Name(key)) report(pair.key, ruleRange, `invalid annotation name: ${key}`);
    }
  } else if (!isAbsent(annotations)) {
    report(annotations, ruleRange, 'annotations must be a mapping of names to strings');
  }
}

/**
 * Each template text's check (a function of the text alone), shared by the files of a workspace:
 * rules repeat their annotations within a file and across files (`{{ $labels.instance }} is down`;
 * 1,080 templated values but 19 texts in the 60-file benchmark repository). Emptied when full, so
 * that a long editing session keeps at most this many.
 */
const TEMPLATE_CHECKS = new Map<string, TemplateCheck>();
const TEMPLATE_CHECKS_KEPT = 4096;

function templateCheckOf(template: string): TemplateCheck {
  let checked = TEMPLATE_CHECKS.get(template);
  if (checked) return checked;
  checked = checkTemplate(template);
  if (TEMPLATE_CHECKS.size >= TEMPLATE_CHECKS_KEPT) TEMPLATE_CHECKS.clear();
  TEMPLATE_CHECKS.set(template, checked);
  return checked;
}

/**
 * The Go templates of an alerting rule's labels or annotations, each problem placed at its character;
 * and the `$labels.x` they read, with the labels the expression's result can carry, to the registry's
 * checks of them (rules/dropped-label).
 */
function checkTemplates(context: RuleContext, map: unknown, what: string, resultLabels: () => LabelSet | undefined): void {
  if (!isMap(map)) return;
  for (const pair of map.items) {
    const value = pair.value;
    if (!isScalar(value) || typeof value.value !== 'string' || !value.value.includes('{{')) continue;
    const checked = templateCheckOf(value.value);
    const labels = checked.labelReferences.length > 0 ? resultLabels() : undefined;
    if (checked.problems.length === 0 && !labels) continue;
    // The value's source map, made once and only when something is placed in the value.
    let source: ReturnType<typeof mapScalar> | undefined;
    const place = (offset: number, length: number): TextRange => {
      const range = value.range!;
      source ??= mapScalar(context.text, range[0], range[1], value.type as ScalarStyle, value.value as string);
      return mapRange(source, { start: offset, end: offset + length });
    };
    if (!value.range) continue;
    for (const problem of checked.problems) {
      const { start, end } = place(problem.offset, problem.length);
      context.report(null, { start, end: Math.max(start + 1, end) }, `${what} "${keyOf(pair)}": ${problem.message}`);
    }
    if (!labels) continue;
    const entry = { references: checked.labelReferences, labels, place };
    for (const check of TEMPLATE_LABEL_CHECKS) check(entry, context.lint);
  }
}

/**
 * The Prometheus Operator's PrometheusRule has Thanos' `partial_response_strategy` on its groups in
 * every dialect: the operator drops it from the rule files it writes for Prometheus, and keeps it for
 * a ThanosRuler. Its schema allows an empty value.
 */
const RESOURCE_GROUP_FIELDS: ReadonlySet<string> = new Set(['partial_response_strategy']);

function checkUnknownFields(map: YAMLMap, allowed: ReadonlySet<string>, what: string, report: Report, dialect: RuleDialect, resourceFields?: ReadonlySet<string>): void {
  const on = what === 'rule' ? 'rule' : 'group';
  for (const pair of map.items) {
    const key = keyOf(pair);
    if (allowed.has(key)) continue;
    const fallback = rangeOf(map, { start: 0, end: 0 });
    const field = dialectField(key, on);
    const inResource = resourceFields?.has(key) === true;
    if (inResource && isScalar(pair.value) && pair.value.value === '') continue;
    if (field && (field.dialect === dialect || inResource)) checkDialectValue(field, pair.value, report, fallback);
    else if (field) report(pair.key, fallback, `field ${key} is a ${DIALECT_TOOLS[field.dialect]} field; ${DIALECT_TOOLS[dialect]} rejects it; ${dialectAdvice(field.dialect)}`);
    else report(pair.key, fallback, `field ${key} not found in ${what} (expected one of ${[...allowed, ...dialectFields(dialect, on).map((f) => f.name)].join(', ')})`);
  }
}

/** The value of a field of the file's dialect, as that dialect's tool reads it. */
function checkDialectValue(field: DialectField, value: unknown, report: Report, fallback: TextRange): void {
  if (isAbsent(value)) return;
  const tool = DIALECT_TOOLS[field.dialect];
  const scalar = isScalar(value) ? value.value : undefined;
  const wrong = (expected: string): void => report(value, fallback, `${field.name} must be ${expected} (${tool})`);
  switch (field.type.kind) {
    case 'duration': {
      if (!isScalar(value)) return wrong('a duration such as 5m');
      const parsed = parseDuration(String(scalar));
      if ('error' in parsed) report(value, fallback, `${field.name}: ${parsed.error} (${tool})`);
      return;
    }
    case 'bool':
      if (typeof scalar !== 'boolean') wrong('true or false');
      return;
    case 'int':
      if (!Number.isInteger(scalar) || (scalar as number) < 0) wrong('a whole number, 0 or more');
      return;
    case 'stringList':
      if (!isSeq(value) || !value.items.every((item) => isScalar(item) && item.value !== null)) wrong('a list of strings');
      return;
    case 'enum': {
      const { values, anyCase } = field.type;
      const text = typeof scalar === 'string' ? scalar : undefined;
      if (text === undefined || !values.some((v) => (anyCase ? v.toLowerCase() === text.toLowerCase() : v === text))) wrong(`one of ${values.join(', ')}`);
      return;
    }
    case 'params':
      if (!isMap(value) || !value.items.every((pair) => isScalar(pair.value) || (isSeq(pair.value) && pair.value.items.every((item) => isScalar(item))))) {
        wrong('a mapping of parameter names to a string or a list of strings');
      }
      return;
    case 'headers':
      if (!isSeq(value) || !value.items.every((item) => isScalar(item) && typeof item.value === 'string' && /^[^:\s]+\s*:/.test(item.value))) {
        wrong('a list of "Name: value" strings');
      }
      return;
  }
}

function checkDuration(map: YAMLMap, field: string, report: Report, fallback: TextRange): void {
  const node = map.get(field, true);
  if (isAbsent(node)) return;
  if (!isScalar(node)) {
    report(node, fallback, `${field} must be a duration such as 5m`);
    return;
  }
  const parsed = parseDuration(String(node.value));
  if ('error' in parsed) report(node, fallback, `${field}: ${parsed.error}`);
}

function checkLabels(labels: unknown, what: string, report: Report, fallback: TextRange): void {
  if (isAbsent(labels)) return;
  if (!isMap(labels)) {
    report(labels, fallback, `${what} must be a mapping of label names to values`);
    return;
  }
  for (const pair of labels.items) {
    const key = keyOf(pair);
    if (!isValidUtf8Name(key) || key === '__name__') report(pair.key, fallback, `invalid label name: ${key}`);
    const value = pair.value;
    if (isMap(value) || isSeq(value)) report(value, fallback, `label ${key} must have a string value`);
  }
}

/** Prometheus 3.x validates names as UTF-8: any non-empty valid string. */
function isValidUtf8Name(name: string): boolean {
  if (name.length === 0) return false;
  // Names are nearly always without surrogates: one test, no copy.
  if (!/[\ud800-\udfff]/.test(name)) return true;
  return !/[\ud800-\udfff]/.test(name.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''));
}

function durationSeconds(value: unknown): number {
  const parsed = parseDuration(String(value));
  return 'seconds' in parsed ? parsed.seconds : NaN;
}

/** A field that is missing, or written with no value (`rules:`), which YAML reads as null. */
function isAbsent(node: unknown): boolean {
  return node === undefined || node === null || (isScalar(node) && node.value === null);
}

function keyOf(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

function scalarString(node: unknown): string {
  if (!isScalar(node) || node.value === null || node.value === undefined) return '';
  return String(node.value);
}

function rangeOf(node: Node, fallback: TextRange): TextRange {
  const range = node.range;
  return range ? { start: range[0], end: range[1] } : fallback;
}
