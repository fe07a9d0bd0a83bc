import type { YAMLMap } from 'yaml';
import type { MetricCatalog } from '../catalog/metricCatalog';
import type { DiagnosticCode, Severity } from '../diagnosticCode';
import type { EmbeddedQuery } from '../documents/yamlDocument';
import type { MetricType } from '../exposition/expositionParser';
import type { LabelSet } from '../promql/labelFlow';
import type { Expr, TextRange } from '../promql/syntaxTree';
import type { QuickFix } from '../quickFix';
import type { LintSettings } from './lintSettings';

/*
 * What a lint rule is: a diagnostic code (id, default severity, one line) with its documentation
 * and, for the rules that read queries, its checks per kind of PromQL node. Each rule is one object
 * in one file of `rules/`; `lintRegistry.ts` lists them, and the linter walks each expression once,
 * handing every node to the rules that asked for its kind. docs/lint-rules.md and README's lint
 * table are written from these objects (`npm run docs:lint`).
 */

/** Where a rule looks. */
export type LintSubject = 'queries' | 'recording rules' | 'alerting rules' | 'rule graph' | 'scrape targets' | 'code';

export interface LintRule extends DiagnosticCode {
  /** A short phrase for README's table (`description` is the full line SARIF and docs/lint-rules.md show). */
  readonly summary: string;
  /** What it finds, why that matters and how to fix it: Markdown, the rule's section in docs/lint-rules.md. */
  readonly documentation: string;
  /** The quick fix it offers, in a few words; absent when it offers none. */
  readonly quickFix?: string;
  /** The settings and thresholds it reads, besides its severity in `prometheus.lint.rules`. */
  readonly settings?: readonly string[];
  /** `required`: silent without live data or a configuration; `sharpens`: more precise with it; `none`: never reads it. */
  readonly liveData: 'required' | 'sharpens' | 'none';
  /** Its precision on real files, as test/server/cli/lintPrecision.test.ts reviews them. */
  readonly precision: string;
  readonly appliesTo: readonly LintSubject[];
  /**
   * A file the rule reports and the same file fixed, shown in docs/lint-rules.md; a test checks
   * both (with a workspace configuration's 1m intervals, no live source). Absent for the rules that
   * need live data.
   */
  readonly example?: {
    readonly language: 'promql' | 'yaml' | 'python' | 'javascript' | 'typescript';
    readonly reported: string;
    readonly fixed: string;
    /** Another file of the workspace a cross-file rule reads, the same in both (the code whose buckets a rule file compares with). */
    readonly beside?: { readonly path: string; readonly language: 'python' | 'javascript' | 'typescript'; readonly text: string };
  };
  /** Its checks of PromQL nodes, for the rules that read queries. */
  readonly promql?: PromQLChecks;
  /** Its checks of the rules of a rule file, for the rules that read them (ruleLint.ts walks the groups). */
  readonly ruleFile?: RuleFileChecks;
  /** Its check of one file's rules against the workspace's rule graph (features/ruleGraph.ts runs it). */
  readonly ruleGraph?: RuleGraphCheck;
}

/** A finding in one expression: offsets into its text. */
export interface LintFinding {
  readonly code: DiagnosticCode;
  readonly range: TextRange;
  readonly message: string;
  readonly fixes?: readonly QuickFix[];
  /** Below the rule's default when only a naming convention, not live data, backs the finding. */
  readonly severity?: Severity;
  /** Code that can go (an editor shows it faded). */
  readonly unnecessary?: boolean;
}

export interface PromQLLintContext {
  readonly settings: LintSettings;
  readonly catalog?: MetricCatalog;
  /** Scrape interval (seconds) of the job a selector reads, from the workspace configuration; undefined when unknown. */
  readonly scrapeInterval?: (job: string | undefined) => number | undefined;
  /**
   * The Prometheus-API server whose series the catalog holds in full, when one answered: only then
   * does a name missing from the catalog mean a metric that does not exist.
   */
  readonly server?: string;
  /** Whether a recording rule of the workspace records this name. */
  readonly isRecorded?: (name: string) => boolean;
}

/** What the walk over one expression knows, handed to each check with its node. */
export interface QueryWalk {
  /** The expression's text. */
  readonly text: string;
  readonly context: PromQLLintContext;
  /** The parent of a node already visited (ancestors are visited before their descendants); null at the root. */
  parentOf(node: Expr): Expr | null;
  /** The labels each node's series can carry, worked out on first use. */
  flow(): ReadonlyMap<Expr, LabelSet>;
  /** The metric's TYPE in the live catalog, when a source knows it. */
  typeOf(name: string): MetricType | undefined;
  report(finding: LintFinding): void;
}

/** A check per kind of node (`VectorSelector`, `Call`, …), each called for every node of that kind. */
export type PromQLChecks = {
  readonly [K in Expr['kind']]?: (node: Extract<Expr, { kind: K }>, walk: QueryWalk) => void;
};

/** A recording rule of a rule file, as its checks see it: offsets into the document's text. */
export interface RecordingRuleEntry {
  readonly text: string;
  readonly name: string;
  /** The name's characters, without quotes. */
  readonly nameRange: TextRange;
  readonly query: EmbeddedQuery | undefined;
}

/** An alerting rule of a rule file, as its checks see it: offsets into the document's text. */
export interface AlertingRuleEntry {
  readonly text: string;
  readonly rule: YAMLMap;
  /** Where the `alert:` value is written. */
  readonly alertRange: TextRange | undefined;
  /** Whether the rule has a `for:` key, whatever its value. */
  readonly hasFor: boolean;
  /** The `for:` value when it is a scalar: its text, its duration (undefined when invalid) and where it is. */
  readonly for: { readonly text: string | undefined; readonly seconds: number | undefined; readonly range: TextRange | undefined } | undefined;
  readonly query: EmbeddedQuery;
  /** The evaluation interval of its group (seconds): the group's `interval`, else the configuration's; undefined when unknown. */
  readonly interval: number | undefined;
}

/** A rule's `record:` as the validation of a rule file (ruleFileValidation.ts) walks them, in the file's order. */
export interface RecordEntry {
  /** Its value as text. */
  readonly name: string;
  /** Where the `record:` value is written. */
  readonly range: TextRange;
  /** Its name and labels as text: equal for the rules of a file that write the same series. */
  readonly series: string;
}

/** The `$labels.x` one template of an alerting rule reads, and the labels its expression's result can carry. */
export interface TemplateLabelsEntry {
  readonly references: readonly { readonly name: string; readonly offset: number }[];
  readonly labels: LabelSet;
  /** The document's range of `length` characters at `offset` in the template's value. */
  place(offset: number, length: number): TextRange;
}

export interface RuleFileChecks {
  readonly recordingRule?: (entry: RecordingRuleEntry, report: (finding: LintFinding) => void) => void;
  readonly alertingRule?: (entry: AlertingRuleEntry, report: (finding: LintFinding) => void) => void;
  /**
   * Made once for each YAML document of a rule file: a check of each `record:` in the file's order,
   * with what it must remember across the file (names seen). The validation's walk runs it.
   */
  readonly records?: () => (entry: RecordEntry, report: (finding: LintFinding) => void) => void;
  /** A check of the labels a template of an alerting rule reads; the validation's walk of templates runs it. */
  readonly templateLabels?: (entry: TemplateLabelsEntry, report: (finding: LintFinding) => void) => void;
}

/** What the rule-graph checks read of one file's index entry (rules/ruleIndex.ts's `FileIndex`). */
export interface RuleGraphFile {
  readonly definitions: readonly { readonly kind: 'record' | 'alert'; readonly name: string; readonly range: TextRange; readonly groupIndex: number; readonly ruleIndex: number }[];
  readonly uses: readonly { readonly name: string; readonly range: TextRange; readonly inRule: { readonly groupIndex: number; readonly ruleIndex: number } | null }[];
}

/** What they ask of the workspace's index (features/ruleGraph.ts answers from workspace/workspaceIndex.ts). */
export interface RuleGraphQuestions {
  /** Whether a rule, test or query of the workspace reads the name. */
  isRead(name: string): boolean;
  /** Whether another text file of the workspace (a dashboard, docs, code) names it. */
  isMentioned(name: string): boolean;
  /** The names of a cycle of recording rules of this file through this one (it first and last), or null. */
  cycleThrough(name: string): string[] | null;
}

/** A check of one file's recording rules and the uses in its rules, against the workspace's rule graph. */
export type RuleGraphCheck = (file: RuleGraphFile, graph: RuleGraphQuestions, report: (finding: LintFinding) => void) => void;
