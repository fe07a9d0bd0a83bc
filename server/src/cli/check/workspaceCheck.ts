import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { getLanguageService, type LanguageServiceOptions } from '../../service/languageService';
import type { DocumentModel } from '../../service/documents/documentModel';
import { indexDocument, type FileIndex } from '../../service/rules/ruleIndex';
import { WorkspaceIndex } from '../../service/workspace/workspaceIndex';
import { mentionedWords } from '../../service/workspace/nameMentions';
import { DocumentKindPatterns } from '../../service/documents/documentKindPatterns';
import { mayBeConfiguration } from '../../service/documents/yamlDocument';
import { configIntervalsOf, mergeConfigIntervals } from '../../service/config/configIntervals';
import type { ConfigIntervals } from '../../service/lint/documentLint';
import type { LintSettings } from '../../service/lint/lintSettings';
import { languageIdOf, nodeFileSystem, readMentionFile } from '../../fileSystem/workspaceFiles';
import { CheckedFileError, codeOf, readCheckedFile } from './fileDiscovery';
import { dialectNamedBy, effectiveDialect, workspaceDialect, type RuleDialect } from '../../service/rules/ruleDialect';

/*
 * The check of a set of files as one workspace, with the language server's own code path: every
 * file is validated as the server validates it with the whole workspace indexed (recording rules,
 * metric uses, the intervals of configurations), so that the rule graph's problems (unused
 * recording rules, cycles, evaluation order) span all the checked files, as they span the
 * workspace in an editor. Without live sources each file is validated as soon as it is parsed and
 * its model dropped (WorkspaceChecker.stream); with them, every model is kept until all are indexed.
 *
 * One thread by default; shares of the files can be checked in worker threads (parallelCheck.ts).
 */

export interface CheckedFile {
  /** Absolute path. */
  readonly path: string;
  readonly document: TextDocument;
  /** LSP diagnostics, as the server publishes them, sorted by position. */
  readonly diagnostics: readonly Diagnostic[];
}

export interface WorkspaceCheckResult {
  /** The files that are PromQL files, configurations, rule files or rule tests, in the order given. */
  readonly files: readonly CheckedFile[];
  /** YAML files that are none of those (the editor leaves them alone too). */
  readonly skipped: number;
  /** Files that could not be read: exit status 2. */
  readonly unreadable: readonly string[];
}

/** What the service reads besides the files: settings and, when live sources are configured, their data. */
export interface CheckEnvironment {
  readonly lint: LintSettings;
  readonly documentTypes: Record<string, string>;
  readonly catalog?: LanguageServiceOptions['catalog'];
  readonly server?: LanguageServiceOptions['server'];
  readonly targetSnapshot?: LanguageServiceOptions['targetSnapshot'];
  /** The dialect of rule files (`ruleDialect` of --config, or --dialect); absent: Prometheus'. */
  readonly ruleDialect?: RuleDialect;
  /** Given by --dialect: what the checked files name does not change it. */
  readonly dialectForced?: boolean;
  /** Files that are not checked but may name recording rules (dashboards, jsonnet, docs, code), for `rules/unused`. */
  readonly mentionFiles?: readonly string[];
}

/** The words of a file that is not a rule file, which may name recording rules (nameMentions.ts). */
export interface FileMentions {
  readonly uri: string;
  readonly words: readonly string[];
}

/** Called now and then while a check runs: files parsed or validated so far. */
export type ProgressListener = (done: number, total: number) => void;

interface ParsedFile {
  readonly path: string;
  readonly document: TextDocument;
  readonly model: DocumentModel;
}

/** What parsing a share of the files gives the workspace: their index entries and intervals. */
export interface ParsedShare {
  /** Index entries of the parsed files, in their order. */
  readonly indexes: FileIndex[];
  readonly intervals: ConfigIntervals[];
  readonly skipped: number;
  readonly unreadable: string[];
  /** The rule-evaluating tools the share's files name, one entry per naming file (the workspace's dialect is made of every share's). */
  readonly namedDialects: RuleDialect[];
  /** The words of the share's files that are not rule files (skipped YAML included). */
  readonly mentions: FileMentions[];
}

/**
 * The two steps of a check, for one share of the files: parse (and index), then validate against
 * the index of every share. One share is the whole check; parallelCheck.ts gives each worker one.
 */
export class WorkspaceChecker {
  private readonly service;
  private readonly workspace: { intervals?: ConfigIntervals } = {};
  private parsed: ParsedFile[] = [];
  private readonly documentKinds: DocumentKindPatterns;
  /** The one rule-evaluating tool the checked files name (a compose file, a Kubernetes manifest), as the editor detects it in a workspace. */
  private detectedDialect: RuleDialect | null = null;
  private readonly mentionFiles: readonly string[];

  constructor(private readonly environment: CheckEnvironment) {
    this.mentionFiles = environment.mentionFiles ?? [];
    this.documentKinds = new DocumentKindPatterns(environment.documentTypes);
    this.service = getLanguageService({
      fileSystem: nodeFileSystem,
      documentKinds: () => this.documentKinds,
      catalog: environment.catalog,
      server: environment.server,
      lint: () => environment.lint,
      // The merged intervals of the checked configurations, known once every file is parsed.
      intervals: () => this.workspace.intervals,
      targetSnapshot: environment.targetSnapshot,
      ruleDialect: () => (environment.dialectForced ? environment.ruleDialect ?? 'prometheus' : effectiveDialect(environment.ruleDialect, this.detectedDialect)),
    });
  }

  /** The tools that load rule files, as the files' texts name them (one entry per naming file; none when --dialect is given). */
  private namedDialects(texts: readonly { text: string }[]): RuleDialect[] {
    if (this.environment.dialectForced) return [];
    const named: RuleDialect[] = [];
    for (const file of texts) {
      const dialect = dialectNamedBy(file.text);
      if (dialect) named.push(dialect);
    }
    return named;
  }

  parse(paths: readonly string[], progress?: (done: number) => void): ParsedShare {
    const share: ParsedShare = { indexes: [], intervals: [], skipped: 0, unreadable: [], namedDialects: [], mentions: [] };
    const read = readFiles(paths, share.unreadable);
    share.namedDialects.push(...this.namedDialects(read.files));
    this.detectedDialect = workspaceDialect(share.namedDialects);
    let skipped = read.binary;
    this.parsed = [];
    read.files.forEach(({ path, uri, text }, i) => {
      progress?.(i);
      const document = documentOf(uri, text);
      const model = this.service.parseDocument(document);
      if (model?.kind !== 'rules') share.mentions.push({ uri, words: mentionedWords(text) });
      if (!model) {
        skipped++;
        return;
      }
      if (model.kind === 'config') share.intervals.push(configIntervalsOf(model.documents));
      share.indexes.push(indexDocument(uri, model));
      this.parsed.push({ path, document, model });
    });
    return { ...share, skipped };
  }

  /**
   * The check of every file, keeping only its text, index entry and diagnostics once validated (a
   * model weighs 20–30 times its text, and keeping 10,000 of them made most of the time garbage
   * collection): the configurations are read first, for their intervals; then each file is parsed,
   * indexed and validated alone; then the rule graph's problems are added, from the index. The
   * diagnostics are those of `validate` with the whole index. Null when a configuration turns up
   * that the first look missed: the caller checks again, keeping every model.
   */
  stream(paths: readonly string[], progress?: ProgressListener): WorkspaceCheckResult | null {
    const total = paths.length * 2;
    const unreadable: string[] = [];
    const { files: texts, binary } = readFiles(paths, unreadable);
    this.detectedDialect = workspaceDialect(this.namedDialects(texts));
    let skipped = binary;
    // The configurations first: their intervals are read by the rules of rule files.
    const configurations = new Map<string, DocumentModel>();
    const intervals: ConfigIntervals[] = [];
    for (const file of texts) {
      if (languageIdOf(file.uri) !== 'yaml' || (!mayBeConfiguration(file.text, file.uri) && this.documentKinds.kindOf(file.uri) !== 'config')) continue;
      const model = this.service.parseDocument(documentOf(file.uri, file.text));
      if (model?.kind !== 'config') continue;
      configurations.set(file.uri, model);
      intervals.push(configIntervalsOf(model.documents));
    }
    this.workspace.intervals = mergeConfigIntervals(intervals);

    const checked: { path: string; document: TextDocument; diagnostics: Diagnostic[]; kind: DocumentModel['kind']; entry: FileIndex }[] = [];
    const mentions = readMentionFiles(this.mentionFiles);
    for (const [i, file] of texts.entries()) {
      progress?.(i * 2, total);
      const document = documentOf(file.uri, file.text);
      const model = configurations.get(file.uri) ?? this.service.parseDocument(document);
      if (model?.kind !== 'rules') mentions.push({ uri: file.uri, words: mentionedWords(file.text) });
      if (!model) {
        skipped++;
        continue;
      }
      if (model.kind === 'config' && !configurations.has(file.uri)) return null;
      checked.push({ path: file.path, document, diagnostics: this.service.validate(document, model), kind: model.kind, entry: indexDocument(file.uri, model) });
    }
    const index = indexOf(checked.map((c) => c.entry), mentions);
    const files = checked.map(({ path, document, diagnostics, kind, entry }): CheckedFile => {
      diagnostics.push(...this.service.ruleGraphDiagnostics(document, kind, { index, file: entry }));
      return { path, document, diagnostics: diagnostics.sort(byPosition) };
    });
    progress?.(total, total);
    return { files, skipped, unreadable };
  }

  /** Validates the parsed files against the index of the whole workspace (every share's entries, in order). */
  validate(index: WorkspaceIndex, intervals: readonly ConfigIntervals[], progress?: (done: number) => void, namedDialects?: readonly RuleDialect[]): CheckedFile[] {
    this.workspace.intervals = mergeConfigIntervals(intervals);
    // In a worker, the dialect is that of every share's files, not of this share's alone.
    if (namedDialects && !this.environment.dialectForced) this.detectedDialect = workspaceDialect(namedDialects);
    const files = this.parsed.map((file, i): CheckedFile => {
      progress?.(i);
      const own = index.file(file.document.uri);
      const diagnostics = own ? this.service.validate(file.document, file.model, { index, file: own }) : this.service.validate(file.document, file.model);
      return { path: file.path, document: file.document, diagnostics: diagnostics.sort(byPosition) };
    });
    this.parsed = [];
    return files;
  }
}

export function checkWorkspace(paths: readonly string[], environment: CheckEnvironment, progress?: ProgressListener): WorkspaceCheckResult {
  // With live sources a rule asks the whole index (a metric recorded in another file is not
  // unknown): every model is kept until every file is indexed.
  if (!environment.catalog && !environment.server) {
    const streamed = new WorkspaceChecker(environment).stream(paths, progress);
    if (streamed) return streamed;
  }
  return checkWorkspaceKeepingModels(paths, environment, progress);
}

/** The check that parses and indexes every file, then validates each with the whole index. */
export function checkWorkspaceKeepingModels(paths: readonly string[], environment: CheckEnvironment, progress?: ProgressListener): WorkspaceCheckResult {
  const checker = new WorkspaceChecker(environment);
  const total = paths.length * 2;
  const share = checker.parse(paths, (done) => progress?.(done, total));
  const index = indexOf(share.indexes, [...share.mentions, ...readMentionFiles(environment.mentionFiles ?? [])]);
  const files = checker.validate(index, share.intervals, (done) => progress?.(paths.length + done, total));
  progress?.(total, total);
  return { files, skipped: share.skipped, unreadable: share.unreadable };
}

/**
 * The texts of the files, in order; a file that cannot be read adds a line to `unreadable`, and a
 * file holding NUL bytes (binary: no text to check) is only counted.
 */
function readFiles(paths: readonly string[], unreadable: string[]): { files: { path: string; uri: string; text: string }[]; binary: number } {
  const files: { path: string; uri: string; text: string }[] = [];
  let binary = 0;
  for (const path of paths) {
    // A NUL byte, and only a NUL byte, decodes to U+0000.
    let text: string;
    try {
      text = readCheckedFile(path);
    } catch (error) {
      unreadable.push(error instanceof CheckedFileError ? error.message : `cannot read ${path} (${codeOf(error)})`);
      continue;
    }
    if (text.includes('\u0000')) binary++;
    else files.push({ path, uri: pathToFileURL(path).toString(), text });
  }
  return { files, binary };
}

/**
 * The words of the files read only for their mentions: a file larger than the cap, binary or
 * unreadable is left out (it names nothing a check can see).
 */
export function readMentionFiles(paths: readonly string[]): FileMentions[] {
  const out: FileMentions[] = [];
  for (const path of paths) {
    const uri = pathToFileURL(path).toString();
    const text = readMentionFile(uri);
    if (text !== null) out.push({ uri, words: mentionedWords(text) });
  }
  return out;
}

/** The document of a file, with the language its name gives it (as the editor would open it). */
function documentOf(uri: string, text: string): TextDocument {
  return TextDocument.create(uri, languageIdOf(uri), 1, text);
}

/** The workspace index of these entries, set in order, with the words of the files that are not rule files. */
export function indexOf(entries: readonly FileIndex[], mentions: readonly FileMentions[] = []): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const entry of entries) index.set(entry);
  for (const file of mentions) index.mentions.setWords(file.uri, file.words);
  return index;
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character
    || a.range.end.line - b.range.end.line || a.range.end.character - b.range.end.character;
}
