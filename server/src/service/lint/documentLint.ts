import type { MetricCatalog } from '../catalog/metricCatalog';
import type { Problem, QuickFix, TextChange } from '../diagnostic';
import type { PromQLDocument } from '../documents/promqlDocument';
import { isEdited, type EmbeddedQuery, type YamlDocumentModel } from '../documents/yamlDocument';
import { GroupQueryMemo } from '../documents/groupQueryMemo';
import { movedProblem } from '../documents/nodeMemo';
import type { TextRange } from '../promql/syntaxTree';
import type { PromQLAnalysis } from '../promql/analysis';
import type { LintSettings } from './lintSettings';
import type { LintFinding } from './lintRule';
import { lintPromQL } from './promqlLint';
import { lintRules } from './ruleLint';
import { shiftRange } from '../documents/textRanges';

/*
 * Runs the lint rules over a document: every PromQL expression (a `.promql` file's queries, the
 * `expr:` of rules and rule tests) and the rule files' own checks. Findings of embedded queries
 * are placed through the scalar's source map, and their fixes re-encoded for the scalar's style
 * (a `"` inside a double-quoted scalar is written `\"`), or dropped when the style cannot hold them.
 */

/** The intervals of the workspace's configurations (seconds), from their `global` section and jobs. */
export interface ConfigIntervals {
  /** The global `scrape_interval` (Prometheus' default 1m when a configuration does not set it). */
  readonly scrape: number | undefined;
  /** `scrape_interval` per job name. */
  readonly scrapeByJob: ReadonlyMap<string, number>;
  /** The global `evaluation_interval` (default 1m). */
  readonly evaluation: number | undefined;
}

export interface DocumentLintContext {
  readonly settings: LintSettings;
  readonly catalog?: MetricCatalog;
  /** Absent when the workspace has no configuration: the checks that need them stay silent. */
  readonly intervals?: ConfigIntervals;
  /** The Prometheus-API server whose series fill the catalog, when one answered. */
  readonly server?: string;
  /** Whether a recording rule of the workspace records this name. */
  readonly isRecorded?: (name: string) => boolean;
}

export function lintDocument(model: PromQLDocument | YamlDocumentModel, context: DocumentLintContext): Problem[] {
  const intervals = context.intervals;
  const queryContext = {
    settings: context.settings,
    catalog: context.catalog,
    server: context.server,
    isRecorded: context.isRecorded,
    scrapeInterval: intervals ? (job: string | undefined) => (job !== undefined ? intervals.scrapeByJob.get(job) : undefined) ?? intervals.scrape : undefined,
  };
  const problems: Problem[] = [];
  if (model.kind === 'promql') {
    for (const query of model.queries) {
      const shift = (r: TextRange): TextRange => shiftRange(r, query.offset);
      for (const finding of lintPromQL(query.analysis, queryContext)) problems.push(placed(finding, shift, (text) => text));
    }
    return problems;
  }
  if (model.kind === 'config' || model.kind === 'scrapeConfigs') return problems;
  // Without a catalog's names, findings depend on the query and these only: an unchanged query
  // (the same analysis, kept across versions by yamlDocument.ts) is not linted again.
  const memoKey = (context.catalog && context.catalog.size > 0) || !model.documents.some(isEdited) ? null : { settings: context.settings, catalog: context.catalog, server: context.server, intervals: intervalsKey(intervals) };
  const lintQuery = (query: EmbeddedQuery, into: Problem[]): void => {
    const findings = memoKey ? lintOnce(query.analysis, memoKey, () => lintPromQL(query.analysis, queryContext)) : lintPromQL(query.analysis, queryContext);
    if (findings.length === 0) return;
    const place = placeInScalar(query, model.text);
    const encode = encoderFor(model.text[query.range.start]);
    for (const finding of findings) into.push(placed(finding, place, encode));
  };
  // An editor's rule file: group by group, a group an edit did not touch giving what it gave.
  const byGroup = memoKey ? GROUP_QUERY_FINDINGS.results(model, memoKey, lintQuery) : null;
  if (byGroup) for (const p of byGroup) problems.push(p);
  else for (const query of model.queries) lintQuery(query, problems);
  for (const problem of lintRules(model, intervals?.evaluation)) problems.push(problem);
  return problems;
}

/** The findings of each group's queries, by group node (groupQueryMemo.ts). */
const GROUP_QUERY_FINDINGS = new GroupQueryMemo<FindingsKey, Problem>(sameKey, movedProblem);

function sameKey(a: FindingsKey, b: FindingsKey): boolean {
  return a.settings === b.settings && a.catalog === b.catalog && a.server === b.server && a.intervals === b.intervals;
}

interface FindingsKey {
  readonly settings: LintSettings;
  /** Absent or empty. */
  readonly catalog: MetricCatalog | undefined;
  readonly server: string | undefined;
  readonly intervals: string;
}

const FINDINGS = new WeakMap<PromQLAnalysis, { key: FindingsKey; findings: LintFinding[] }>();

function lintOnce(analysis: PromQLAnalysis, key: FindingsKey, lint: () => LintFinding[]): LintFinding[] {
  const known = FINDINGS.get(analysis);
  if (known && sameKey(known.key, key)) return known.findings;
  const findings = lint();
  FINDINGS.set(analysis, { key, findings });
  return findings;
}

function intervalsKey(intervals: ConfigIntervals | undefined): string {
  return intervals ? JSON.stringify([intervals.scrape, intervals.evaluation, [...intervals.scrapeByJob]]) : '';
}

function placed(finding: LintFinding, place: (r: TextRange) => TextRange, encode: (text: string) => string | null): Problem {
  const fixes: QuickFix[] = [];
  for (const fix of finding.fixes ?? []) {
    const changes: TextChange[] = [];
    for (const change of fix.changes) {
      const newText = encode(change.newText);
      if (newText === null) break;
      changes.push({ range: place(change.range), newText });
    }
    if (changes.length === fix.changes.length) fixes.push({ ...fix, changes });
  }
  return {
    code: finding.code,
    severity: finding.severity ?? finding.code.defaultSeverity,
    range: place(finding.range),
    message: finding.message,
    ...(fixes.length > 0 ? { fixes } : {}),
  };
}

function placeInScalar(query: EmbeddedQuery, text: string): (r: TextRange) => TextRange {
  const { map } = query;
  const length = map.value.length;
  /** Past the source of the value's character at `index`: an escape (`\"`) is longer than one character. */
  const after = (index: number): number => {
    const at = map.toDocumentOffset(index);
    if (index >= length) return at + 1;
    const next = map.toDocumentOffset(index + 1);
    return next > at && !text.slice(at + 1, next).includes('\n') && !/^\s/.test(text.slice(at + 1, next)) ? next : at + 1;
  };
  return (r) => (r.end > r.start
    ? { start: map.toDocumentOffset(r.start), end: after(r.end - 1) }
    : { start: map.toDocumentOffset(r.start), end: map.toDocumentOffset(r.start) });
}


/** How replacement text is written inside a scalar that starts with `first`; null when it cannot be. */
function encoderFor(first: string | undefined): (text: string) => string | null {
  if (first === '"') return (text) => (text.includes('\n') ? null : text.replace(/\\/g, '\\\\').replace(/"/g, '\\"'));
  if (first === "'") return (text) => (text.includes('\n') ? null : text.replace(/'/g, "''"));
  if (first === '|' || first === '>') return (text) => (text.includes('\n') ? null : text);
  // A plain scalar cannot hold ": " or " #", nor a line break, and stays plain only without them.
  return (text) => (/: | #|\n/.test(text) ? null : text);
}
