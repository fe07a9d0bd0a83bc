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
  readonly example?: { readonly language: 'promql' | 'yaml' | 'python' | 'javascript' | 'typescript'; readonly reported: string; readonly fixed: string };
  /** Its checks of PromQL nodes, for the rules that read queries. */
  readonly promql?: PromQLChecks;
  /** Its checks of the rules of a rule file, for the rules that read them (ruleLint.ts walks the groups). */
  readonly ruleFile?: RuleFileChecks;
}

/** A finding in one expression: offsets into its text. */
export interface LintFinding {
  readonly code: DiagnosticCode;
  readonly range: TextRange;
  readonly message: string;
  readonly fixes?: readonly QuickFix[];
  /** Below the rule's default when only a naming convention, not live data, backs the finding. */
  readonly severity?: Severity;
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

export interface RuleFileChecks {
  readonly recordingRule?: (entry: RecordingRuleEntry, report: (finding: LintFinding) => void) => void;
  readonly alertingRule?: (entry: AlertingRuleEntry, report: (finding: LintFinding) => void) => void;
}
