import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DIAGNOSTIC_CODES, type Problem } from './diagnostic';
import type { DocumentKindPatterns } from './documents/documentKindPatterns';
import { parsePromQLDocument } from './documents/promqlDocument';
import { isEdited, parseYamlDocument, queryOf, type EmbeddedQuery } from './documents/yamlDocument';
import { GroupQueryMemo } from './documents/groupQueryMemo';
import { movedProblem } from './documents/nodeMemo';
import type { DocumentModel } from './documents/documentModel';
import { documentSymbols, type OutlineSymbol } from './features/documentSymbols';
import { foldingRanges, type Fold } from './features/foldingRanges';
import { formatDocument } from './features/formatting';
import type { TextChange } from './quickFix';
import { ruleGraphProblems } from './features/ruleGraph';
import { completeYaml, hoverYaml } from './features/yamlCompletion';
import type { FileIndex } from './rules/ruleIndex';
import type { WorkspaceIndex } from './workspace/workspaceIndex';
import { isMap } from 'yaml';
import type { PromQLAnalysis } from './promql/analysis';
import { CONFIG_SCHEMA } from './config/configSchema';
import { validateConfig, validateScrapeConfigList } from './config/configValidation';
import { checkFileReferences, type FileSystem } from './config/fileReferences';
import { validateAgainstSchema } from './config/schemaValidation';
import { RULE_TEST_SCHEMA } from './rules/ruleFileSchema';
import { validateRuleGroups, type RuleProblem } from './rules/ruleFileValidation';
import { missingGroupsOf } from './rules/missingGroups';
import { RULE_TEST_CHECKS } from './rules/ruleTestChecks';
import type { TextRange } from './promql/syntaxTree';
import type { MetricCatalog } from './catalog/metricCatalog';
import { promqlAtOffset } from './features/promqlAtOffset';
import { completePromQL, metricDocumentation, type MetricItemData } from './features/promqlCompletion';
import { codeMetricDocumentation, type CodeMetricLookup } from './features/codeMetricText';
import { hoverPromQL } from './features/promqlHover';
import type { HoverAnswer } from './features/hoverAnswer';
import type { CompletionAnswer, CompletionDocumentation } from './features/completionEntry';
import { signatureHelpPromQL, type Signature } from './features/signatureHelp';
import type { PromQLAtOffset } from './features/promqlAtOffset';
import { functionVerdict, syntaxVerdict, unsupportedUses, type ServerLanguage } from './promql/featureGate';
import type { SyntaxFeature } from './promql/languageVersions';
import { DEFAULT_LINT_SETTINGS, severityOf, type LintSettings } from './lint/lintSettings';
import { lintDocument, type ConfigIntervals } from './lint/documentLint';
import { withoutSuppressed } from './lint/suppressions';
import { lintExposition, targetProblem, targetReport } from './lint/targetLint';
import { scrapeTargetsOf, type ScrapeTarget } from './config/scrapeTargets';
import type { SourceSnapshot } from './catalog/metricCatalog';
import { documentLanguage } from './documents/documentLanguage';
import { dialectAdvice, type RuleDialect } from './rules/ruleDialect';
import { METRICSQL_FUNCTIONS } from './promql/metricsqlFunctions';
import { recordedLabels } from './workspace/recordedLabels';
import { mapRange, shiftRange } from './documents/textRanges';
import type { EditedSpan } from './documents/editedSpan';

/*
 * The language service: pure functions over documents, no transport, no network. The LSP server and
 * the CLI are thin layers over it. A document is parsed once per version (`parseDocument`) and the
 * model is handed to every feature.
 */

export interface LanguageService {
  /**
   * The model of a document, or null for a document this service does not handle. `previous`, the
   * model of the same document's previous version, makes an edit cost what it touches; it must not
   * be read after (see parseYamlDocument); `edited`, what the editor replaced in its text, if known.
   */
  parseDocument(document: TextDocument, previous?: DocumentModel | null, edited?: EditedSpan): DocumentModel | null;
  /**
   * Problems of a document, as offsets: those its disable comments leave, each once, at the
   * severity the settings give; with the workspace index, the rule graph's too.
   */
  findings(document: TextDocument, model: DocumentModel, workspace?: { index: WorkspaceIndex; file: FileIndex }): Problem[];
  /**
   * The rule graph's problems of a rule file alone: what `findings` adds, last, when given the
   * workspace index. `check` reads each file's findings without the index and adds these once every
   * file is indexed, so that it need not keep every file's model.
   */
  ruleGraphFindings(document: TextDocument, kind: DocumentModel['kind'], workspace: { index: WorkspaceIndex; file: FileIndex }): Problem[];
  /** The outline. */
  documentSymbols(document: TextDocument, model: DocumentModel): OutlineSymbol[];
  foldingRanges(document: TextDocument, model: DocumentModel): Fold[];
  /** Formats the PromQL of the document (of the range only, when given: offsets). */
  format(document: TextDocument, model: DocumentModel, range?: TextRange): TextChange[];
  /**
   * Completion; with the workspace index, the workspace's recording rules and metric names too;
   * with `code`, the metrics the workspace's code defines.
   */
  complete(document: TextDocument, model: DocumentModel, offset: number, workspace?: WorkspaceIndex, code?: CodeMetricLookup): CompletionAnswer;
  /** What `complete` leaves out of long lists (a metric's documentation), from an entry's `data`; null when there is nothing to add. */
  completionDocumentation(data: unknown, code?: CodeMetricLookup): CompletionDocumentation | null;
  hover(document: TextDocument, model: DocumentModel, offset: number, workspace?: WorkspaceIndex, code?: CodeMetricLookup): HoverAnswer | null;
  /** Problems found outside the service (a code file's readers, cross-file checks) as reported: after disable comments and severity settings. */
  reported(document: TextDocument, problems: readonly Problem[]): Problem[];
  signatureHelp(document: TextDocument, model: DocumentModel, offset: number): Signature | null;
  /** The PromQL expression at an offset (for callers that prepare completion, such as fetching label values). */
  promqlAt(document: TextDocument, model: DocumentModel, offset: number): PromQLAtOffset | null;
  /** The naming and cardinality report of the configuration's scrape targets (the one at `offset`, or all), as Markdown. */
  targetReport(model: DocumentModel, offset?: number): string | null;
}

/** Side effects the service may use; each is optional, and the service works without it. */
export interface LanguageServiceOptions {
  /** To resolve `rule_files` and `scrape_config_files` globs. */
  readonly fileSystem?: FileSystem;
  /** The `prometheus.documentTypes` setting: what files are, whatever their content says. Read on every parse. */
  readonly documentKinds?: () => DocumentKindPatterns;
  /** What the live sources say exists. */
  readonly catalog?: () => MetricCatalog | undefined;
  /** What the server the user queries says it supports; absent: everything Prometheus knows. */
  readonly server?: () => ServerLanguage | undefined;
  /** Rule severities and thresholds (`prometheus.lint`); absent: the defaults. Read on every validation. */
  readonly lint?: () => LintSettings;
  /** The last exposition of a scrape target of a configuration, when it was scraped. */
  readonly targetSnapshot?: (target: ScrapeTarget) => SourceSnapshot | undefined;
  /** Scrape and evaluation intervals of the workspace's configurations, for the rate-range and for-interval rules. */
  readonly intervals?: () => ConfigIntervals | undefined;
  /**
   * The dialect rule files are read in (`prometheus.ruleDialect`, or the one tool the workspace
   * names: see ruleDialect.ts); absent: Prometheus'. Read on every validation.
   */
  readonly ruleDialect?: () => RuleDialect;
}

export function getLanguageService(options: LanguageServiceOptions = {}): LanguageService {
  const service: LanguageService = {
    parseDocument(document, previous, edited) {
      const language = documentLanguage(document);
      if (language === 'promql') return parsePromQLDocument(document.getText());
      if (language === 'yaml') {
        const forced = options.documentKinds?.().kindOf(document.uri);
        if (forced === 'none') return null;
        return parseYamlDocument(document.getText(), document.uri, forced, previous?.kind === 'promql' ? null : previous, edited);
      }
      return null;
    },
    findings(document, model, workspace) {
      const problems = collectProblems(model, options.ruleDialect?.() ?? 'prometheus', document.uri);
      const server = options.server?.();
      if (server) for (const problem of serverProblems(model, server)) problems.push(problem);
      if (model.kind === 'config' && options.fileSystem) {
        for (const d of model.documents) {
          for (const p of checkFileReferences(d, document.uri, options.fileSystem)) problems.push({ code: DIAGNOSTIC_CODES.noMatch, severity: 'warning', range: p.range, message: p.message });
        }
      }
      const settings = options.lint?.() ?? DEFAULT_LINT_SETTINGS;
      if (model.kind === 'config' && options.targetSnapshot) {
        for (const target of scrapeTargetsOf(model.documents)) {
          const snapshot = options.targetSnapshot(target);
          const problem = snapshot ? targetProblem(target, lintExposition(snapshot, settings)) : null;
          if (problem) problems.push(problem);
        }
      }
      const lint = lintDocument(model, {
        settings,
        catalog: options.catalog?.(),
        intervals: options.intervals?.(),
        server: server?.label,
        isRecorded: (name) => (workspace?.index.definitions(name).length ?? 0) > 0 || recordedHere(model, name),
      });
      // Loops, not push(...found): V8 overflows its stack past about 125,000 arguments (a generated file of as many rules).
      for (const problem of lint) problems.push(problem);
      if (workspace && model.kind === 'rules') for (const problem of ruleGraphProblems(workspace.file, workspace.index)) problems.push(problem);
      return chosenProblems(document.getText(), problems, settings);
    },
    ruleGraphFindings(document, kind, workspace) {
      if (kind !== 'rules') return [];
      return chosenProblems(document.getText(), ruleGraphProblems(workspace.file, workspace.index), options.lint?.() ?? DEFAULT_LINT_SETTINGS);
    },
    documentSymbols: (_document, model) => documentSymbols(model),
    foldingRanges,
    format: formatDocument,
    complete(document, model, offset, workspace, code) {
      const at = promqlAtOffset(model, document.getText(), offset);
      if (at) {
        return completePromQL(at, {
          catalog: options.catalog?.(),
          workspaceNames: workspace ? (token) => ({ list: workspace.metricNames(), readOnlyAtCursor: workspace.namesReadOnlyWithin(document.uri, token) }) : undefined,
          isAvailable: availabilityOf(options.server?.()),
          scrapeInterval: options.intervals?.()?.scrape,
          code: code ? { metrics: code, uri: document.uri } : undefined,
        });
      }
      return model.kind === 'promql' ? { isIncomplete: false, items: [] } : completeYaml(document, model, offset, CONFIG_SCHEMA, {
        recordedLabels: workspace ? recordedLabels(workspace) : undefined,
        fileSystem: options.fileSystem,
        dialect: options.ruleDialect?.(),
      });
    },
    completionDocumentation(data, code) {
      const item = typeof data === 'object' && data !== null ? (data as Partial<MetricItemData>) : undefined;
      const metricName = item?.metric;
      const catalog = options.catalog?.();
      const metric = typeof metricName === 'string' ? catalog?.metric(metricName) : undefined;
      if (!catalog || !metric) return null;
      const markdown = metricDocumentation(metric, catalog.labelNames(metric.name));
      const defined = code && typeof item?.from === 'string' ? code.exposing(metric.name) : [];
      return { markdown: defined.length > 0 ? `${markdown}\n\n${codeMetricDocumentation(metric.name, defined, item!.from!, true)}` : markdown };
    },
    hover(document, model, offset, workspace, code) {
      const at = promqlAtOffset(model, document.getText(), offset);
      if (at && at.analysis.text.length > 0) {
        const found = hoverPromQL(at, {
          catalog: options.catalog?.(),
          definitions: workspace ? (name) => workspace.definitions(name) : undefined,
          code: code ? { metrics: code, uri: document.uri } : undefined,
        });
        if (found || model.kind === 'promql') return found;
      }
      return model.kind === 'promql' ? null : hoverYaml(document, model, offset, CONFIG_SCHEMA, options.ruleDialect?.());
    },
    reported(document, problems) {
      return chosenProblems(document.getText(), problems, options.lint?.() ?? DEFAULT_LINT_SETTINGS);
    },
    signatureHelp(document, model, offset) {
      const at = promqlAtOffset(model, document.getText(), offset);
      return at ? signatureHelpPromQL(at) : null;
    },
    promqlAt(document, model, offset) {
      return promqlAtOffset(model, document.getText(), offset);
    },
    targetReport(model, offset) {
      if (model.kind !== 'config') return null;
      const settings = options.lint?.() ?? DEFAULT_LINT_SETTINGS;
      const targets = scrapeTargetsOf(model.documents).filter((t) => offset === undefined || (t.range.start <= offset && offset <= t.range.end));
      if (targets.length === 0) return null;
      return targets.map((target) => {
        const snapshot = options.targetSnapshot?.(target);
        return snapshot ? targetReport(target, lintExposition(snapshot, settings)) : `# ${target.job} — ${target.target}\n\nNot scraped (yet): no live data for this target.`;
      }).join('\n\n');
    },
  };
  return service;
}

/** Whether the document itself records the name (a rule file being edited before the workspace index knows it). */
function recordedHere(model: DocumentModel, name: string): boolean {
  return model.kind === 'rules' && model.text.includes(name) && new RegExp(`record:\\s*['"]?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]?\\s*$`, 'm').test(model.text);
}

function availabilityOf(server: ServerLanguage | undefined): ((kind: 'function' | 'aggregation' | 'syntax', name: string) => boolean) | undefined {
  if (!server) return undefined;
  return (kind, name) => (kind === 'syntax' ? syntaxVerdict(name as SyntaxFeature, server) : functionVerdict(kind, name, server)).ok;
}

/** What the configured server cannot run, in every query of the document. */
function serverProblems(model: DocumentModel, server: ServerLanguage): Problem[] {
  const problems: Problem[] = [];
  const add = (analysis: PromQLAnalysis, place: (range: TextRange) => TextRange): void => {
    if (analysis.syntaxProblems.length > 0) return;
    for (const use of unsupportedUses(analysis, server)) problems.push({ code: DIAGNOSTIC_CODES.unsupported, severity: 'warning', range: place(use.range), message: use.message });
  };
  if (model.kind === 'promql') {
    for (const query of model.queries) add(query.analysis, (r) => shiftRange(r, query.offset));
  } else {
    for (const query of model.queries) add(query.analysis, (r) => mapRange(query.map, r));
  }
  return problems;
}

/** The problems Prometheus or promtool would refuse the document for (`uri` names a group a fix adds). */
export function collectProblems(model: DocumentModel, dialect: RuleDialect = 'prometheus', uri = ''): Problem[] {
  const problems: Problem[] = [];
  if (model.kind === 'promql') {
    for (const query of model.queries) {
      addPromQLProblems(problems, query.analysis, (range) => shiftRange(range, query.offset));
    }
    return problems;
  }
  for (const p of model.yamlProblems) problems.push({ code: DIAGNOSTIC_CODES.yamlSyntax, severity: p.severity ?? 'error', range: p.range, message: p.message });
  if (model.kind === 'config') {
    for (const document of model.documents) {
      for (const p of validateConfig(document)) problems.push({ code: DIAGNOSTIC_CODES.config, severity: p.severity, range: p.range, message: p.message });
    }
  }
  if (model.kind === 'scrapeConfigs') {
    for (const document of model.documents) {
      for (const p of validateScrapeConfigList(document)) problems.push({ code: DIAGNOSTIC_CODES.config, severity: p.severity, range: p.range, message: p.message });
    }
  }
  if (model.kind === 'ruleTests') {
    for (const document of model.documents) {
      for (const p of validateAgainstSchema(document, RULE_TEST_SCHEMA, RULE_TEST_CHECKS)) {
        problems.push({ code: DIAGNOSTIC_CODES.ruleTests, severity: p.severity, range: p.range, message: p.message });
      }
    }
  }
  if (model.kind === 'rules') {
    const text = model.text;
    for (const document of model.documents) {
      const kind: unknown = isMap(document.contents) ? document.contents.get('kind') : undefined;
      const inResource = kind === 'PrometheusRule';
      // Without `groups:`, promtool reads nothing further: one error, with the fix.
      const missing = inResource ? null : missingGroupsOf(text, document, uri);
      if (missing) {
        problems.push({ code: DIAGNOSTIC_CODES.rules, severity: 'error', range: missing.range, message: missing.message, fixes: [missing.fix] });
        continue;
      }
      for (const p of validateRuleGroups(text, document, inResource, (expr) => queryOf(model, expr)?.analysis, dialect)) {
        problems.push(ruleProblem(p));
      }
    }
  }
  const queryDialect = model.kind === 'rules' ? dialect : undefined;
  const addQueryProblems = (query: EmbeddedQuery, into: Problem[]): void => {
    // Most queries have no problem: no placing function for them.
    if (query.analysis.syntaxProblems.length === 0 && query.analysis.typeProblems.length === 0) return;
    addPromQLProblems(into, query.analysis, (range) => mapRange(query.map, range), queryDialect);
  };
  // An editor's rule file: group by group, a group an edit did not touch giving what it gave.
  const byGroup = model.kind === 'rules' && model.documents.some(isEdited) ? GROUP_QUERY_PROBLEMS.results(model, dialect, addQueryProblems) : null;
  if (byGroup) for (const p of byGroup) problems.push(p);
  else for (const query of model.queries) addQueryProblems(query, problems);
  return problems;
}

/** The PromQL problems of each group's queries in an editor's rule file, by group node, for the dialect. */
const GROUP_QUERY_PROBLEMS = new GroupQueryMemo<RuleDialect, Problem>((a, b) => a === b, movedProblem);

function ruleProblem(p: RuleProblem): Problem {
  if (p.code) return { code: p.code, severity: p.severity ?? p.code.defaultSeverity, range: p.range, message: p.message };
  return { code: DIAGNOSTIC_CODES.rules, severity: 'error', range: p.range, message: p.message };
}

/** The problems to report: those the document's disable comments name left out, severities as the settings say. */
function chosenProblems(text: string, problems: readonly Problem[], settings: LintSettings): Problem[] {
  const chosen: Problem[] = [];
  // A YAML alias repeats its anchor's node (`expr: *expr` in six rules): one finding where it is written, not six.
  const seen = new Set<string>();
  for (const p of withoutSuppressed(text, problems)) {
    const key = `${p.code.code}\n${p.range.start}\n${p.range.end}\n${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const severity = severityOf(p.code.code, p.severity, settings);
    if (severity !== null) chosen.push(severity === p.severity ? p : { ...p, severity });
  }
  return chosen;
}


/** PromQL problems; in a rule file (`dialect` given), a MetricsQL function is vmalert's, not a syntax error, when the file is read as vmalert's. */
function addPromQLProblems(problems: Problem[], analysis: PromQLAnalysis, place: (range: TextRange) => TextRange, dialect?: RuleDialect): void {
  for (const p of analysis.syntaxProblems) {
    const name = dialect ? p.unknownFunction : undefined;
    if (name !== undefined && METRICSQL_FUNCTIONS.has(name)) {
      problems.push(dialect === 'vmalert'
        ? { code: DIAGNOSTIC_CODES.metricsql, severity: 'warning', range: place(p.range), message: `${name} is a MetricsQL function: vmalert runs it, Prometheus does not know it` }
        : { code: DIAGNOSTIC_CODES.syntax, severity: 'error', range: place(p.range), message: `${p.message}: it is a MetricsQL function; ${dialectAdvice('vmalert')}` });
      continue;
    }
    problems.push({ code: DIAGNOSTIC_CODES.syntax, severity: 'error', range: place(p.range), message: p.message });
  }
  for (const p of analysis.typeProblems) problems.push({ code: DIAGNOSTIC_CODES.type, severity: 'error', range: place(p.range), message: p.message });
}
