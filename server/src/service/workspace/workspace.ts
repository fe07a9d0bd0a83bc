import { TextDocument } from 'vscode-languageserver-textdocument';
import type { MetricCatalog, SourceSnapshot } from '../catalog/metricCatalog';
import { configIntervalsOf, mergeConfigIntervals } from '../config/configIntervals';
import type { FileSystem } from '../config/fileReferences';
import { scrapeTargetsOf, type ScrapeTarget } from '../config/scrapeTargets';
import type { Problem } from '../diagnostic';
import { DocumentKindPatterns, type ForcedKind } from '../documents/documentKindPatterns';
import type { DocumentModel } from '../documents/documentModel';
import { foldEditedSpans, type EditedSpan } from '../documents/editedSpan';
import { definitionRanges, nameAt, referenceRanges, renameEdits, renameRange, symbolsMatching, type FileRange, type RenameEdits } from '../features/navigation';
import type { PromQLAtOffset } from '../features/promqlAtOffset';
import type { Signature } from '../features/signatureHelp';
import type { Fold } from '../features/foldingRanges';
import type { HoverAnswer } from '../features/hoverAnswer';
import type { CompletionAnswer, CompletionDocumentation } from '../features/completionEntry';
import type { OutlineSymbol } from '../features/documentSymbols';
import type { TextChange } from '../quickFix';
import { liveDataNeed, type LiveDataNeed } from '../features/liveDataNeeds';
import { getLanguageService, type LanguageService } from '../languageService';
import type { ConfigIntervals } from '../lint/documentLint';
import { DEFAULT_LINT_SETTINGS, type LintSettings } from '../lint/lintSettings';
import type { ServerLanguage } from '../promql/featureGate';
import type { TextRange } from '../promql/syntaxTree';
import { dialectNamedBy, effectiveDialect, workspaceDialect, type RuleDialect } from '../rules/ruleDialect';
import { indexDocument, type FileIndex, type RuleDefinition } from '../rules/ruleIndex';
import { WorkspaceIndex } from './workspaceIndex';
import { CodeDefinitions, definitionPlace, type CodeDefinition } from './codeDefinitions';
import { codeLanguage } from '../documents/documentLanguage';
import type { CodeLanguage, CodeMetrics } from '../instrumentation/metricDefinition';
import type { CodeGrammars } from '../instrumentation/codeParser';
import { readCodeMetrics } from '../instrumentation/codeMetrics';
import { multiprocessGaugeProblems } from '../instrumentation/multiprocessGauges';
import { ProjectScopes } from './projectScopes';
import { unexposedNameProblems } from '../instrumentation/unexposedNames';
import { definitionOverflowProblems } from '../instrumentation/bucketOverflow';
import { bucketProblems, quantileThresholdsOf, thresholdProblems, type RuleQuantileThreshold } from '../instrumentation/bucketThresholds';

/*
 * The workspace host (rust-analyzer's AnalysisHost): the one owner of what the editor and `check`
 * know about a set of files. It holds the texts and versions of open and closed files, their models
 * (one parse per version), each file's contribution to the workspace index, the texts of closed
 * files, the scrape targets and intervals of configurations, the rule-evaluating tool files name,
 * and the words other files mention. It takes changes (`applyChange`, `configure`, mentions) and
 * answers every question in offsets (findings, navigation, symbols, completion, hover, …); lsp/
 * converts to LSP at the edge, and cli/check prints the findings. No transport, no file access: the
 * callers read files and hand their texts in.
 *
 * Cross-file facts of an open file follow its text when asked for its findings (`findings`) or
 * `updateFacts`: the editor debounces keystrokes, so requests between keystrokes read the index as
 * of the last validation, and only the file being typed in is parsed again. A closed file is parsed
 * when it is applied, its facts taken and its model dropped (a model weighs 20–30 times its text).
 *
 * Application code (Python, JavaScript, TypeScript) is one more kind of document: its text is read
 * for the metrics it defines (service/instrumentation, with the tree-sitter grammars given in the
 * options), which join completion, hover and navigation through `CodeDefinitions`. A code file that
 * imports no client library costs a substring search and is not kept.
 */

/** What the workspace reads besides the files; each is optional. */
export interface WorkspaceOptions {
  /** To resolve `rule_files` and `scrape_config_files` globs. */
  readonly fileSystem?: FileSystem;
  /** What the live sources say exists. */
  readonly catalog?: () => MetricCatalog | undefined;
  /** What the server the user queries says it supports; absent: everything Prometheus knows. */
  readonly server?: () => ServerLanguage | undefined;
  /** The last exposition of a scrape target of a configuration, when it was scraped. */
  readonly targetSnapshot?: (target: ScrapeTarget) => SourceSnapshot | undefined;
  /** Called when the scrape targets of the workspace's configurations may have changed. */
  readonly onConfigTargetsChanged?: () => void;
  /** The tree-sitter grammars that read application code; absent: code files define nothing. */
  readonly codeGrammars?: CodeGrammars;
}

/** The settings the analysis reads. */
export interface WorkspaceSettings {
  /** `prometheus.lint`. */
  readonly lint: LintSettings;
  /** `prometheus.documentTypes`: what files are, whatever their content says. */
  readonly documentKinds: DocumentKindPatterns;
  /** `prometheus.ruleDialect`; absent: Prometheus', unless the files name one tool. */
  readonly ruleDialect?: RuleDialect;
  /** The dialect is given (`check --dialect`): what the files name does not change it. */
  readonly dialectForced?: boolean;
}

const DEFAULT_WORKSPACE_SETTINGS: WorkspaceSettings = { lint: DEFAULT_LINT_SETTINGS, documentKinds: new DocumentKindPatterns() };

/** How a change came: from an open editor (kept with its model) or from a file on disk. */
export interface ChangeOrigin {
  /** The editor's version; absent: one more than the file's last. */
  readonly version?: number;
  /** The editor's language id; absent: the file's extension decides. */
  readonly languageId?: string;
  /** Open in the editor: the model is kept, and the facts follow on the next `findings`. Default: closed. */
  readonly open?: boolean;
  /**
   * False for a closed file a textual look says is another tool's (workspaceScan.ts): it is not
   * parsed, only read for the names it mentions and the tool it names. Default: true.
   */
  readonly mayBePrometheus?: boolean;
}

/** Which findings: all, those of the file alone (no workspace index), or the rule graph's alone. */
export type FindingScope = 'all' | 'file' | 'graph';

/** The scrape targets of one configuration file. */
export interface ConfigurationTargets {
  readonly uri: string;
  readonly targets: readonly ScrapeTarget[];
}

/** A recording rule or alert, as a workspace symbol. */
export interface WorkspaceSymbol {
  readonly name: string;
  readonly kind: RuleDefinition['kind'];
  readonly group: string;
  readonly location: FileRange;
}

/** Facts of files held elsewhere (another worker's share of a check). */
export interface ForeignFacts {
  /** Index entries of every file, in the files' order. */
  readonly indexes: readonly FileIndex[];
  readonly intervals: readonly ConfigIntervals[];
  readonly namedDialects: readonly RuleDialect[];
  /** Words of the files that are not rule files. */
  readonly mentions: readonly { readonly uri: string; readonly words: readonly string[] }[];
}

interface FileEntry {
  document: TextDocument;
  /** Counts every text the workspace was given: editors restart their versions when a file is opened again. */
  readonly revision: number;
  open: boolean;
  /** False: the text is not parsed (another tool's file); its model is null. */
  readonly parsed: boolean;
  /** The parse of `revision`, while kept. */
  model?: { readonly revision: number; readonly model: DocumentModel | null };
  /** What the editor replaced in the kept model's text to make this revision's, when known (the next parse re-reads only that). */
  readonly edited?: EditedSpan;
  /** The facts the workspace holds for `revision`. */
  facts?: { readonly revision: number; readonly kind: DocumentModel['kind'] | null; readonly entry: FileIndex | null };
  /** Application code: its language; such a file has no model, its metrics instead. */
  readonly codeLanguage?: CodeLanguage;
  /** What the code of `revision` defines, while kept (an open file's keeps its parse, for the next edit). */
  code?: { readonly revision: number; readonly metrics: CodeMetrics };
}

export class Workspace {
  private settings: WorkspaceSettings = DEFAULT_WORKSPACE_SETTINGS;
  private readonly service: LanguageService;
  private readonly files = new Map<string, FileEntry>();
  private index = new WorkspaceIndex();
  private readonly targets = new Map<string, ConfigurationTargets>();
  private readonly intervalsByUri = new Map<string, ConfigIntervals>();
  private mergedIntervals: ConfigIntervals | undefined;
  private readonly namedDialects = new Map<string, RuleDialect>();
  private revisions = 0;
  private foreign: { intervals: ConfigIntervals | undefined; dialects: readonly RuleDialect[] } | undefined;
  private readonly code = new CodeDefinitions();
  private readonly projects = new ProjectScopes();
  /** The comparisons of histogram quantiles with numbers, per rule file (instrumentation/bucket-threshold). */
  private readonly thresholds = new Map<string, readonly RuleQuantileThreshold[]>();

  constructor(private readonly options: WorkspaceOptions = {}) {
    this.service = getLanguageService({
      fileSystem: options.fileSystem,
      documentKinds: () => this.settings.documentKinds,
      catalog: options.catalog,
      server: options.server,
      lint: () => this.settings.lint,
      intervals: () => this.intervals(),
      ruleDialect: () => this.ruleDialect(),
      targetSnapshot: options.targetSnapshot,
    });
  }

  // ---- Changes

  /**
   * New settings can change what every file is: every model and fact is dropped, and those of the
   * open files taken again now; the caller hands the closed files in again (a workspace scan).
   */
  configure(settings: WorkspaceSettings): void {
    this.settings = settings;
    this.targets.clear();
    this.intervalsByUri.clear();
    this.mergedIntervals = undefined;
    for (const entry of this.files.values()) {
      entry.model = undefined;
      // Code findings follow the lint settings: the next question reads the text again (re-using its parse).
      if (entry.code) entry.code = { revision: -1, metrics: entry.code.metrics };
      if (entry.open) {
        entry.facts = undefined;
        this.takeFacts(entry);
      }
    }
    this.options.onConfigTargetsChanged?.();
  }

  /**
   * A file's new text, or null when it is gone (deleted, or closed and unreadable). A closed file
   * is parsed now for its facts; an open one when a question needs it.
   */
  applyChange(uri: string, text: string | null, origin: ChangeOrigin = {}): void {
    if (text === null) {
      this.forget(uri);
      return;
    }
    const previous = this.files.get(uri);
    const revision = ++this.revisions;
    const document = TextDocument.create(uri, origin.languageId ?? previous?.document.languageId ?? '', origin.version ?? revision, text);
    const language = codeLanguage(document) ?? undefined;
    // The previous model stays until the new text is parsed (incremental parsing reuses its unchanged items).
    const entry: FileEntry = {
      document, revision, open: origin.open === true, parsed: origin.mayBePrometheus !== false && !language, model: previous?.model, facts: previous?.facts,
      codeLanguage: language, code: previous?.code,
    };
    this.files.set(uri, entry);
    if (entry.open) return;
    this.takeFacts(entry);
    entry.model = undefined;
    if (language) {
      // A closed code file keeps what it defines, not its parse; one that imports no client library is not kept.
      entry.code?.metrics.parsed?.release();
      if (!entry.code?.metrics.library) this.files.delete(uri);
      return;
    }
    // A closed file that is none of ours is not kept: its mentions and dialect are noted.
    if (entry.facts?.kind === null) this.files.delete(uri);
  }

  /**
   * An open editor's document, after each change: the workspace reads its text in place and reuses
   * its line index (a large file's is not built again on every keystroke). `edited`: what the
   * change replaced in the previous text, when the editor said (absent: the texts are compared).
   */
  applyEditorDocument(document: TextDocument, edited?: EditedSpan): void {
    const previous = this.files.get(document.uri);
    const language = codeLanguage(document) ?? undefined;
    this.files.set(document.uri, {
      document, revision: ++this.revisions, open: true, parsed: !language, model: previous?.model, facts: previous?.facts,
      codeLanguage: language, code: previous?.code, edited: previous && edited ? editedSinceModel(previous, edited) : undefined,
    });
  }

  /** A file that is no candidate (a dashboard, a doc, code): its text, for the recording-rule names it mentions (null: forget it). */
  setMentions(uri: string, text: string | null): void {
    if (text === null) this.index.mentions.delete(uri);
    else this.index.mentions.set(uri, text);
  }

  /** The words such a file mentions, read elsewhere (`check`'s mention files). */
  setMentionWords(uri: string, words: readonly string[]): void {
    this.index.mentions.setWords(uri, words);
  }

  /** The tool a file names (a compose file, a Kubernetes manifest), known before it is parsed. */
  noteDialect(uri: string, text: string | null): void {
    const named = text === null ? null : dialectNamedBy(text);
    if (named) this.namedDialects.set(uri, named);
    else this.namedDialects.delete(uri);
  }

  /** Drops the model of a file whose findings are taken (`check` keeps only texts and facts), or a code file's parse. */
  releaseModel(uri: string): void {
    const entry = this.files.get(uri);
    if (entry) entry.model = undefined;
    entry?.code?.metrics.parsed?.release();
  }

  /**
   * Reads every code file again: the grammars it was read without have loaded since (the editor
   * loads them on first need, and reads the file that needed them meanwhile as defining nothing).
   */
  refreshCode(): void {
    for (const entry of this.files.values()) {
      if (!entry.codeLanguage) continue;
      entry.code = entry.code && { revision: -1, metrics: entry.code.metrics };
      this.takeFacts(entry);
      if (!entry.open) entry.code?.metrics.parsed?.release();
    }
  }

  /** Brings the file's facts (index entry, intervals, targets, mentions) up to its text. */
  updateFacts(uri: string): void {
    const entry = this.files.get(uri);
    if (entry) this.takeFacts(entry);
  }

  /**
   * Facts of the files another worker holds: they replace the index (built again, in the files'
   * order, with the words of the files that are not rule files), the intervals and the dialect evidence.
   */
  adoptForeignFacts(facts: ForeignFacts): void {
    this.index = new WorkspaceIndex();
    for (const entry of facts.indexes) this.index.set(entry);
    for (const file of facts.mentions) this.index.mentions.setWords(file.uri, file.words);
    this.foreign = { intervals: mergeConfigIntervals(facts.intervals), dialects: facts.namedDialects };
  }

  // ---- Questions

  /** The text (and line index) of a file the workspace holds. */
  document(uri: string): TextDocument | undefined {
    return this.files.get(uri)?.document;
  }

  /** The model of a file's current text, or null when it is none of ours or unknown. */
  model(uri: string): DocumentModel | null {
    const entry = this.files.get(uri);
    return entry ? this.modelOf(entry) : null;
  }

  /** Whether the file is application code that imports a Prometheus client library, as of its last facts. */
  isInstrumentedCode(uri: string): boolean {
    const entry = this.files.get(uri);
    return entry?.codeLanguage !== undefined && entry.code?.metrics.library !== undefined;
  }

  /** The metrics a code file defines, as of its last facts (brought up to its text first). */
  codeMetrics(uri: string): CodeMetrics | undefined {
    const entry = this.files.get(uri);
    if (!entry?.codeLanguage) return undefined;
    this.takeFacts(entry);
    return entry.code?.metrics;
  }

  /** Whether a code file of the file's project sets up `prometheus_client`'s multiprocess mode (projectScopes.ts). */
  multiprocessFor(uri: string): boolean {
    for (const setup of this.code.multiprocessSetups) if (this.projects.sameProject(setup, uri)) return true;
    return false;
  }

  /**
   * The workspace folders and the project markers under them (`isProjectMarker`), which scope the
   * facts a project states about itself; the caller reads the files.
   */
  setProjects(rootUris: readonly string[], markerUris: readonly string[]): void {
    this.projects.set(rootUris, markerUris);
  }

  /** What the file is (`rules`, `config`, …), as of its last facts; null when none of ours or unknown. */
  kindOf(uri: string): DocumentModel['kind'] | null {
    return this.files.get(uri)?.facts?.kind ?? null;
  }

  /** The file's entry in the workspace index, as of its last facts. */
  fileIndex(uri: string): FileIndex | undefined {
    return this.index.file(uri);
  }

  /** Files in the workspace index. */
  get indexedFiles(): number {
    return this.index.size;
  }

  /** Scrape and evaluation intervals of the workspace's configurations, merged. */
  intervals(): ConfigIntervals | undefined {
    return this.foreign ? this.foreign.intervals : this.mergedIntervals;
  }

  /** The kind `prometheus.documentTypes` forces on a file, if any. */
  forcedKind(uri: string): ForcedKind | undefined {
    return this.settings.documentKinds.kindOf(uri);
  }

  /** The dialect rule files are read in. */
  ruleDialect(): RuleDialect {
    if (this.settings.dialectForced) return this.settings.ruleDialect ?? 'prometheus';
    const named = this.foreign ? this.foreign.dialects : this.namedDialects.values();
    return effectiveDialect(this.settings.ruleDialect, workspaceDialect(named));
  }

  /** The static scrape targets of every configuration file. */
  configurationTargets(): ConfigurationTargets[] {
    return [...this.targets.values()];
  }

  /**
   * The findings of a file, in offsets, at the severities the settings give: with the whole
   * workspace index (the rule graph's included), of the file alone, or the rule graph's alone.
   * The file's facts are brought up to its text first.
   */
  findings(uri: string, scope: FindingScope = 'all'): Problem[] {
    const entry = this.files.get(uri);
    if (!entry) return [];
    if (entry.codeLanguage) return this.codeFindings(entry, scope);
    if (scope === 'graph') {
      const file = this.index.file(uri);
      const kind = entry.facts?.kind;
      const graph = file && kind ? this.service.ruleGraphFindings(entry.document, kind, { index: this.index, file }) : [];
      return [...graph, ...this.thresholdFindings(entry)];
    }
    // An open file that stops being ours (its `groups:` deleted) leaves the index here too.
    if (scope === 'all') this.takeFacts(entry);
    const model = this.modelOf(entry);
    if (!model) return [];
    if (scope === 'file') return this.service.findings(entry.document, model);
    const file = this.index.file(uri);
    if (!file) return this.service.findings(entry.document, model);
    return [...this.service.findings(entry.document, model, { index: this.index, file }), ...this.thresholdFindings(entry)];
  }

  completion(uri: string, offset: number): CompletionAnswer {
    return this.withModel(uri, { isIncomplete: false, items: [] }, (d, m) => this.service.complete(d, m, offset, this.index, this.codeLookup()));
  }

  /** The documentation a completion entry's `data` stands for (resolved when the editor shows it). */
  completionDocumentation(data: unknown): CompletionDocumentation | null {
    return this.service.completionDocumentation(data, this.codeLookup());
  }

  hover(uri: string, offset: number): HoverAnswer | null {
    return this.withModel(uri, null, (d, m) => this.service.hover(d, m, offset, this.index, this.codeLookup()));
  }

  signatureHelp(uri: string, offset: number): Signature | null {
    return this.withModel(uri, null, (d, m) => this.service.signatureHelp(d, m, offset));
  }

  /** The PromQL expression at an offset (to prepare completion: label values to fetch). */
  promqlAt(uri: string, offset: number): PromQLAtOffset | null {
    return this.withModel(uri, null, (d, m) => this.service.promqlAt(d, m, offset));
  }

  /** What a completion (or hover) at the offset reads from the live sources, fetched before it is asked; null outside PromQL. */
  liveDataNeed(uri: string, offset: number, forHover: boolean): LiveDataNeed | null {
    const at = this.promqlAt(uri, offset);
    return at ? liveDataNeed(at, forHover) : null;
  }

  /** Where the name at the offset is defined: its recording rules, and the code that defines a metric exposing it. */
  definition(uri: string, offset: number): FileRange[] {
    return this.withFileIndex(uri, [], (m, file) => {
      const rules = definitionRanges(m, file, offset, this.index);
      const name = nameAt(m, file, offset)?.name;
      const code = name === undefined ? [] : this.code.exposing(name).map(({ at }) => codeDefinitionRange(at));
      return [...rules, ...code];
    });
  }

  /**
   * Every read of the name at the offset (and its definitions first, when asked); in code, on a
   * metric's definition (its name argument, or anywhere in the constructor call), every read of any
   * name it exposes.
   */
  references(uri: string, offset: number, includeDeclaration: boolean): FileRange[] {
    const entry = this.files.get(uri);
    if (entry?.codeLanguage) {
      this.takeFacts(entry);
      const at = this.codeDefinitionAt(uri, offset);
      if (!at) return [];
      const reads = at.definition.exposed.flatMap((e) => this.index.uses(e.name).map((u) => ({ uri: u.uri, range: u.range })));
      return includeDeclaration ? [codeDefinitionRange(at), ...reads] : reads;
    }
    return this.withFileIndex(uri, [], (m, file) => {
      const ranges = referenceRanges(m, file, offset, includeDeclaration, this.index);
      const name = includeDeclaration ? nameAt(m, file, offset)?.name : undefined;
      if (name !== undefined) ranges.unshift(...this.code.exposing(name).map(({ at }) => codeDefinitionRange(at)));
      return ranges;
    });
  }

  /** The range a rename at the offset replaces, or null when there is no recording rule there. */
  renameRange(uri: string, offset: number): TextRange | null {
    return this.withFileIndex(uri, null, (m, file) => renameRange(m, file, offset, this.index));
  }

  rename(uri: string, offset: number, newName: string): RenameEdits {
    return this.withFileIndex(uri, { error: 'This file holds no recording rule or query.' } as RenameEdits, (m, file) => renameEdits(m, file, offset, newName, this.index));
  }

  workspaceSymbols(query: string): WorkspaceSymbol[] {
    return symbolsMatching(query, this.index).map((d) => ({ name: d.name, kind: d.kind, group: d.group, location: { uri: d.uri, range: d.nameRange } }));
  }

  documentSymbols(uri: string): OutlineSymbol[] {
    return this.withModel(uri, [], (d, m) => this.service.documentSymbols(d, m));
  }

  foldingRanges(uri: string): Fold[] {
    return this.withModel(uri, [], (d, m) => this.service.foldingRanges(d, m));
  }

  /** Formats the PromQL of the file (of the range only, when given). */
  format(uri: string, range?: TextRange): TextChange[] {
    return this.withModel(uri, [], (d, m) => this.service.format(d, m, range));
  }

  /** The naming and cardinality report of a configuration's scrape targets (the one at `offset`, or all), as Markdown. */
  targetReport(uri: string, offset?: number): string | null {
    return this.withModel(uri, null, (_d, m) => this.service.targetReport(m, offset));
  }

  // ---- Inside

  private codeLookup(): CodeDefinitions | undefined {
    return this.code.all().size > 0 ? this.code : undefined;
  }

  /** The definition whose name argument holds the offset, else whose constructor call does (the innermost). */
  private codeDefinitionAt(uri: string, offset: number): CodeDefinition | undefined {
    const definitions = this.code.definitionsIn(uri);
    const inside = (r: TextRange): boolean => r.start <= offset && offset <= r.end;
    return definitions.find((d) => d.definition.nameArgument && inside(d.definition.nameArgument.range))
      ?? definitions.filter((d) => inside(d.definition.range)).sort((a, b) => (a.definition.range.end - a.definition.range.start) - (b.definition.range.end - b.definition.range.start))[0];
  }

  /** A code file's findings: its own (scope `file`), the workspace's on it (scope `graph`), or both. */
  private codeFindings(entry: FileEntry, scope: FindingScope): Problem[] {
    if (scope !== 'graph') this.takeFacts(entry);
    const metrics = entry.code?.metrics;
    if (!metrics?.library) return [];
    const problems = scope === 'graph' ? [] : [...metrics.problems];
    if (scope !== 'file') {
      const uri = entry.document.uri;
      if (this.multiprocessFor(uri)) for (const problem of multiprocessGaugeProblems(metrics, entry.document.getText())) problems.push(problem);
      const byBucket = this.thresholdsByBucket();
      const catalog = this.options.catalog?.();
      for (const { definition } of this.code.definitionsIn(uri)) {
        problems.push(...bucketProblems(definition, (name) => byBucket.get(name) ?? [], (t) => definitionPlace({ uri: t.uri, line: t.rule.line }, uri)));
        if (catalog) problems.push(...definitionOverflowProblems(definition, (family) => catalog.histogramOverflows(family)));
      }
    }
    return this.service.reported(entry.document, problems);
  }

  /**
   * A file's findings that read the code with it: its comparisons of histogram quantiles with the
   * code's buckets, its reads of names the code writes but does not expose.
   */
  private thresholdFindings(entry: FileEntry): Problem[] {
    const uri = entry.document.uri;
    const thresholds = this.thresholds.get(uri) ?? [];
    const uses = this.index.file(uri)?.uses ?? [];
    if (this.code.size === 0 || (thresholds.length === 0 && uses.length === 0)) return [];
    const problems = thresholdProblems(thresholds, (name) => this.code.exposing(name).map(({ at }) => ({ uri: at.uri, definition: at.definition, place: definitionPlace(at, uri) })));
    const catalog = this.options.catalog?.();
    const unexposed = unexposedNameProblems(uses, {
      isKnown: (name) => this.code.exposing(name).length > 0 || catalog?.metric(name) !== undefined || this.index.definitions(name).length > 0,
      writtenAs: (name) => this.code.writtenAs(name).map((at) => ({ definition: at.definition, place: definitionPlace(at, uri) })),
    });
    for (const problem of unexposed) problems.push(problem);
    return problems.length > 0 ? this.service.reported(entry.document, problems) : [];
  }

  private thresholdsByBucket(): Map<string, RuleQuantileThreshold[]> {
    const byBucket = new Map<string, RuleQuantileThreshold[]>();
    for (const list of this.thresholds.values()) {
      for (const t of list) {
        const known = byBucket.get(t.bucketName);
        if (known) known.push(t);
        else byBucket.set(t.bucketName, [t]);
      }
    }
    return byBucket;
  }

  /** A code file's facts: what it defines (read again when its text changed), its words for `rules/unused`. */
  private takeCodeFacts(entry: FileEntry, language: CodeLanguage): void {
    const { document } = entry;
    const uri = document.uri;
    const grammars = this.options.codeGrammars;
    if (entry.code?.revision !== entry.revision) {
      const metrics: CodeMetrics = grammars
        ? readCodeMetrics(language, document.getText(), grammars, { previous: entry.code?.metrics, settings: this.settings.lint })
        : { library: undefined, definitions: [], problems: [], multiprocess: false };
      entry.code = { revision: entry.revision, metrics };
    }
    const metrics = entry.code.metrics;
    this.index.mentions.set(uri, document.getText());
    if (metrics.library || metrics.multiprocess) this.code.set(uri, metrics, (offset) => document.positionAt(offset).line + 1);
    else this.code.delete(uri);
    entry.facts = { revision: entry.revision, kind: null, entry: null };
  }

  private modelOf(entry: FileEntry): DocumentModel | null {
    if (entry.model && entry.model.revision === entry.revision) return entry.model.model;
    // The previous text's model is handed over: an edit re-reads what it touches (it is not read after).
    const model = entry.parsed ? this.service.parseDocument(entry.document, entry.model?.model, entry.model ? entry.edited : undefined) : null;
    entry.model = { revision: entry.revision, model };
    return model;
  }

  private withModel<T>(uri: string, fallback: T, work: (document: TextDocument, model: DocumentModel) => T): T {
    const entry = this.files.get(uri);
    const model = entry ? this.modelOf(entry) : null;
    return entry && model ? work(entry.document, model) : fallback;
  }

  /** Navigation reads the file's index entry of its current text (an open file's may lag behind its last validation). */
  /**
   * Navigation reads the whole index, the asking file's entry included: that entry is brought up
   * to the file's text first (an open file's facts are otherwise taken after its quiet time, and a
   * rename or references right after opening or typing would miss the file's own uses).
   */
  private withFileIndex<T>(uri: string, fallback: T, work: (model: DocumentModel, file: FileIndex) => T): T {
    const entry = this.files.get(uri);
    if (!entry) return fallback;
    this.takeFacts(entry);
    const model = this.modelOf(entry);
    const file = entry.facts?.entry;
    return model && file ? work(model, file) : fallback;
  }

  private takeFacts(entry: FileEntry): void {
    const { document } = entry;
    if (entry.facts?.revision === entry.revision && entry.code?.revision !== -1) return;
    if (entry.codeLanguage) {
      this.takeCodeFacts(entry, entry.codeLanguage);
      return;
    }
    const uri = document.uri;
    this.noteDialect(uri, document.getText());
    const model = this.modelOf(entry);
    this.noteConfiguration(uri, model);
    // The words a file that is not a rule file gives `rules/unused` (a rule file's names are its own definitions).
    if (model?.kind === 'rules') this.index.mentions.delete(uri);
    else this.index.mentions.set(uri, document.getText());
    const file = model ? indexDocument(uri, model) : null;
    if (file) this.index.set(file);
    else this.index.delete(uri);
    if (file && model?.kind === 'rules') this.thresholds.set(uri, quantileThresholdsOf(uri, model, file, (offset) => document.positionAt(offset).line + 1));
    else this.thresholds.delete(uri);
    entry.facts = { revision: entry.revision, kind: model?.kind ?? null, entry: file };
  }

  private noteConfiguration(uri: string, model: DocumentModel | null): void {
    const had = this.targets.has(uri);
    if (model?.kind === 'config') {
      this.intervalsByUri.set(uri, configIntervalsOf(model.documents));
      this.targets.set(uri, { uri, targets: scrapeTargetsOf(model.documents) });
    } else {
      this.intervalsByUri.delete(uri);
      this.targets.delete(uri);
    }
    this.mergedIntervals = mergeConfigIntervals(this.intervalsByUri.values());
    if (model?.kind === 'config' || had) this.options.onConfigTargetsChanged?.();
  }

  private forget(uri: string): void {
    this.files.get(uri)?.code?.metrics.parsed?.release();
    this.code.delete(uri);
    this.thresholds.delete(uri);
    this.files.delete(uri);
    this.index.delete(uri);
    this.index.mentions.delete(uri);
    this.noteDialect(uri, null);
    this.noteConfiguration(uri, null);
  }
}

/**
 * What was replaced in the text of `previous`'s kept model to make the text `edited` was made in,
 * from `previous`'s revision: `edited` itself when the model is that revision's, folded with what
 * came before otherwise (keystrokes with no parse between them); unknown without a model.
 */
function editedSinceModel(previous: FileEntry, edited: EditedSpan): EditedSpan | undefined {
  if (!previous.model) return undefined;
  if (previous.model.revision === previous.revision) return edited;
  return previous.edited && foldEditedSpans(previous.edited, edited);
}

/** Where a code definition points: its name argument, else the constructor call. */
function codeDefinitionRange(at: CodeDefinition): FileRange {
  return { uri: at.uri, range: at.definition.nameArgument?.range ?? at.definition.range };
}
