import { isMap, isScalar, isSeq, type Node, type Scalar, type YAMLMap } from 'yaml';
import type { Problem, QuickFix } from '../diagnostic';
import { isEdited, queryOf, type EmbeddedQuery, type YamlDocumentModel } from '../documents/yamlDocument';
import { movedProblem, NodeMemo } from '../documents/nodeMemo';
import type { PromQLAnalysis } from '../promql/analysis';
import { parseDuration } from '../promql/duration';
import type { TextRange } from '../promql/syntaxTree';
import type { LintFinding } from './lintRule';
import { ALERTING_RULE_CHECKS, RECORDING_RULE_CHECKS } from './lintRegistry';
import { checkMetricName, nameStyle } from './rules/naming';
import { ruleGroupsNode } from '../documents/ruleGroups';

/*
 * Lints of rule files beyond what Prometheus rejects: this walks the groups and rules of a rule
 * file once and hands each recording and alerting rule to the registry's rules that check them
 * (recorded rates named `_total`, alerts without a condition, `for` against the evaluation
 * interval, …), and checks recording-rule names by the naming rules. Problems are placed in the
 * document; fixes rename or rewrite through the scalars' source maps.
 */

/** @param evaluationInterval the workspace configuration's global evaluation_interval (seconds), when there is one */
export function lintRules(model: YamlDocumentModel, evaluationInterval: number | undefined): Problem[] {
  if (model.kind !== 'rules') return [];
  const problems: Problem[] = [];
  for (const document of model.documents) {
    const edited = isEdited(document);
    for (const group of groupsOf(document.contents)) {
      const interval = (): number | undefined => seconds(scalarText(group.get('interval', true))) ?? evaluationInterval;
      // A group an edit did not touch gives what it gave, moved with it (nodeMemo.ts), without a look at its rules
      // or its interval (a kept node's text is what it was: its findings are kept for the configuration's interval).
      const start = edited ? group.range?.[0] : undefined;
      if (start === undefined) lintGroup(model, group, interval(), false, problems);
      else for (const problem of GROUP_FINDINGS.results(group, start, evaluationInterval, () => lintGroup(model, group, interval(), true, []))) problems.push(problem);
    }
  }
  return problems;
}

/** The findings of a group's rules, added to `problems` (which it returns); `edited`: an editor's document, whose rules keep theirs. */
function lintGroup(model: YamlDocumentModel, group: YAMLMap, interval: number | undefined, edited: boolean, problems: Problem[]): Problem[] {
  for (const rule of itemsOf(group.get('rules', true))) {
    if (!isMap(rule)) continue;
    const query = queryOf(model, rule.get('expr', true));
    // A rule an edit did not touch gives what it gave, moved with it (nodeMemo.ts).
    const start = edited ? rule.range?.[0] : undefined;
    if (start === undefined) lintRule(model.text, rule, query, interval, problems);
    else problems.push(...RULE_FINDINGS.results(rule, start, { analysis: query?.analysis, interval }, () => lintRule(model.text, rule, query, interval, [])));
  }
  return problems;
}

/**
 * The findings of each group, by group node, for the configuration's evaluation interval: a group
 * node is kept only while an edit leaves its text alone (yamlItemReread.ts), and then so are its
 * own interval and its rules' analyses.
 */
const GROUP_FINDINGS = new NodeMemo<number | undefined, Problem>((a, b) => a === b, movedProblem);

/** The findings of one rule, added to `problems` (which it returns). */
function lintRule(text: string, rule: YAMLMap, query: EmbeddedQuery | undefined, interval: number | undefined, problems: Problem[]): Problem[] {
  const report = (finding: LintFinding): void => {
    problems.push({ code: finding.code, severity: finding.severity ?? finding.code.defaultSeverity, range: finding.range, message: finding.message, ...(finding.fixes ? { fixes: finding.fixes } : {}) });
  };
  const record = rule.get('record', true);
  const alert = rule.get('alert', true);
  if (isScalar(record) && typeof record.value === 'string') checkRecordingRule(text, record as Scalar<string>, query, report);
  if (isScalar(alert) && query) checkAlertingRule(text, rule, alert, query, interval, report);
  return problems;
}

/** The findings of each rule, by rule node, for the analysis of its `expr` and its group's interval. */
const RULE_FINDINGS = new NodeMemo<{ readonly analysis: PromQLAnalysis | undefined; readonly interval: number | undefined }, Problem>(
  (a, b) => a.analysis === b.analysis && a.interval === b.interval,
  movedProblem,
);

function checkRecordingRule(text: string, record: Scalar<string>, query: EmbeddedQuery | undefined, report: (finding: LintFinding) => void): void {
  const name = record.value;
  const nameRange = nameRangeOf(text, record);
  if (!nameRange) return;
  for (const finding of checkMetricName(name, undefined, 'recorded')) {
    // `:node_memory_MemAvailable_bytes:sum` repeats the camelCase of the metric it reads: not the rule's fault.
    if (finding.code === nameStyle && query && camelWords(name).every((w) => query.analysis.text.includes(w))) continue;
    const fixes: QuickFix[] = [];
    if (finding.suggestion) {
      const changes = [{ range: nameRange, newText: finding.suggestion }];
      let title = `Rename to ${finding.suggestion}`;
      if (finding.scale !== undefined && finding.scale !== 1 && query && query.map.exact && query.analysis.syntaxProblems.length === 0) {
        const scaling = finding.scale < 1 ? ` / ${1 / finding.scale}` : ` * ${finding.scale}`;
        const valueEnd = query.map.value.trimEnd().length;
        changes.push({ range: point(query.map.toDocumentOffset(0)), newText: '(' }, { range: point(query.map.toDocumentOffset(valueEnd - 1) + 1), newText: `)${scaling}` });
        title += ` and scale the value (${scaling.trim()})`;
      }
      fixes.push({ title, safe: false, changes });
    }
    report({ code: finding.code, range: nameRange, message: `recording rule "${name}": ${finding.message}`, ...(fixes.length ? { fixes } : {}) });
  }
  const entry = { text, name, nameRange, query };
  for (const check of RECORDING_RULE_CHECKS) check(entry, report);
}

function camelWords(name: string): string[] {
  return name.split(/[_:]/).filter((w) => /[a-z][A-Z]/.test(w));
}

function checkAlertingRule(text: string, rule: YAMLMap, alert: Node, query: EmbeddedQuery, interval: number | undefined, report: (finding: LintFinding) => void): void {
  const forNode = rule.get('for', true);
  const forText = scalarText(forNode);
  const entry = {
    text,
    rule,
    alertRange: rangeOf(alert),
    hasFor: forNode !== undefined,
    for: isScalar(forNode) ? { text: forText, seconds: seconds(forText), range: rangeOf(forNode) } : undefined,
    query,
    interval,
  };
  for (const check of ALERTING_RULE_CHECKS) check(entry, report);
}

// --- YAML helpers --------------------------------------------------------------------------

function groupsOf(root: unknown): YAMLMap[] {
  return itemsOf(ruleGroupsNode(root)).filter((g): g is YAMLMap => isMap(g));
}

function itemsOf(node: unknown): unknown[] {
  return isSeq(node) ? node.items : [];
}

function scalarText(node: unknown): string | undefined {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') ? String(node.value) : undefined;
}

function seconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const parsed = parseDuration(text);
  return 'seconds' in parsed ? parsed.seconds : undefined;
}

function rangeOf(node: unknown): TextRange | undefined {
  const range = (node as Node | undefined)?.range;
  return range ? { start: range[0], end: range[1] } : undefined;
}

/** The characters of a name scalar, without its quotes. */
function nameRangeOf(text: string, scalar: Scalar<string>): TextRange | undefined {
  if (!scalar.range) return undefined;
  const [start, end] = scalar.range;
  const quoted = text[start] === '"' || text[start] === "'";
  const range = quoted ? { start: start + 1, end: end - 1 } : { start, end };
  return text.slice(range.start, range.end) === scalar.value ? range : undefined;
}

function point(offset: number): TextRange {
  return { start: offset, end: offset };
}
