import { pathToFileURL } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Problem } from '../../service/diagnostic';
import type { FileIndex } from '../../service/rules/ruleIndex';
import { Workspace, type WorkspaceOptions } from '../../service/workspace/workspace';
import { mentionedWords } from '../../service/workspace/nameMentions';
import { DocumentKindPatterns } from '../../service/documents/documentKindPatterns';
import { mayBeConfiguration } from '../../service/documents/yamlDocument';
import { configIntervalsOf } from '../../service/config/configIntervals';
import type { ConfigIntervals } from '../../service/lint/documentLint';
import type { LintSettings } from '../../service/lint/lintSettings';
import { languageIdOf, nodeFileSystem, readMentionFile } from '../../fileSystem/workspaceFiles';
import { CheckedFileError, codeOf, readCheckedFile } from './fileDiscovery';
import { dialectNamedBy, type RuleDialect } from '../../service/rules/ruleDialect';
import { codeLanguage } from '../../service/documents/documentLanguage';

/*
 * The check of a set of files as one workspace, driving the workspace host the editor drives
 * (service/workspace/workspace.ts): every file is validated as the server validates it with the
 * whole workspace indexed (recording rules, metric uses, the intervals of configurations), so that
 * the rule graph's problems (unused recording rules, cycles, evaluation order) span all the checked
 * files, as they span the workspace in an editor. Without live sources each file is validated as
 * soon as it is parsed and its model dropped (WorkspaceChecker.stream); with them, every model is
 * kept until all are indexed.
 *
 * One thread by default; shares of the files can be checked in worker threads (parallelCheck.ts).
 */

export interface CheckedFile {
  /** Absolute path. */
  readonly path: string;
  readonly document: TextDocument;
  /** The workspace's findings (offsets into the document), sorted by position. */
  readonly problems: readonly Problem[];
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
  readonly catalog?: WorkspaceOptions['catalog'];
  readonly server?: WorkspaceOptions['server'];
  readonly targetSnapshot?: WorkspaceOptions['targetSnapshot'];
  /** The dialect of rule files (`ruleDialect` of --config, or --dialect); absent: Prometheus'. */
  readonly ruleDialect?: RuleDialect;
  /** Given by --dialect: what the checked files name does not change it. */
  readonly dialectForced?: boolean;
  /** Files that are not checked but may name recording rules (dashboards, jsonnet, docs, code), for `rules/unused`. */
  readonly mentionFiles?: readonly string[];
  /** The grammars that read the checked code files (absent: code defines nothing). */
  readonly codeGrammars?: WorkspaceOptions['codeGrammars'];
  /** The folders checked and the project markers under them (paths), which scope each project's facts (projectScopes.ts). */
  readonly projects?: { readonly roots: readonly string[]; readonly markers: readonly string[] };
}

/** The words of a file that is not a rule file, which may name recording rules (nameMentions.ts). */
export interface FileMentions {
  readonly uri: string;
  readonly words: readonly string[];
}

/** Called now and then while a check runs: files parsed or validated so far. */
export type ProgressListener = (done: number, total: number) => void;

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
  private readonly workspace: Workspace;
  private parsed: { path: string; uri: string }[] = [];
  private readonly documentKinds: DocumentKindPatterns;
  private readonly mentionFiles: readonly string[];

  constructor(private readonly environment: CheckEnvironment) {
    this.mentionFiles = environment.mentionFiles ?? [];
    this.documentKinds = new DocumentKindPatterns(environment.documentTypes);
    this.workspace = new Workspace({
      fileSystem: nodeFileSystem,
      catalog: environment.catalog,
      server: environment.server,
      targetSnapshot: environment.targetSnapshot,
      codeGrammars: environment.codeGrammars,
    });
    this.workspace.configure({ lint: environment.lint, documentKinds: this.documentKinds, ruleDialect: environment.ruleDialect, dialectForced: environment.dialectForced });
    const { projects } = environment;
    if (projects) this.workspace.setProjects(projects.roots.map((p) => pathToFileURL(p).toString()), projects.markers.map((p) => pathToFileURL(p).toString()));
  }

  /**
   * The tools that load rule files, as the files' texts name them (one entry per naming file; none
   * when --dialect is given), told to the workspace before any file is validated.
   */
  private noteDialects(texts: readonly { uri: string; text: string }[]): RuleDialect[] {
    if (this.environment.dialectForced) return [];
    const named: RuleDialect[] = [];
    for (const file of texts) {
      const dialect = dialectNamedBy(file.text);
      if (dialect) named.push(dialect);
      this.workspace.noteDialect(file.uri, file.text);
    }
    return named;
  }

  /** A file, as the editor would open it (the language its name gives it), with its facts taken. */
  private open(uri: string, text: string): void {
    this.workspace.applyChange(uri, text, { open: true, version: 1, languageId: languageIdOf(uri) });
    this.workspace.updateFacts(uri);
  }

  parse(paths: readonly string[], progress?: (done: number) => void): ParsedShare {
    const share: ParsedShare = { indexes: [], intervals: [], skipped: 0, unreadable: [], namedDialects: [], mentions: [] };
    const read = readFiles(paths, share.unreadable);
    share.namedDialects.push(...this.noteDialects(read.files));
    let skipped = read.binary;
    this.parsed = [];
    read.files.forEach(({ path, uri, text }, i) => {
      progress?.(i);
      this.open(uri, text);
      const model = this.workspace.model(uri);
      if (model?.kind !== 'rules') share.mentions.push({ uri, words: mentionedWords(text) });
      const entry = this.workspace.fileIndex(uri);
      if (this.workspace.isInstrumentedCode(uri)) {
        this.workspace.releaseModel(uri);
        this.parsed.push({ path, uri });
        return;
      }
      if (!model || !entry) {
        // Code that imports no client library is not counted as skipped: it is no candidate of its own.
        if (!isCode(uri)) skipped++;
        return;
      }
      if (model.kind === 'config') share.intervals.push(configIntervalsOf(model.documents));
      share.indexes.push(entry);
      this.parsed.push({ path, uri });
    });
    return { ...share, skipped };
  }

  /**
   * The check of every file, keeping only its text, index entry and findings once validated (a
   * model weighs 20–30 times its text, and keeping 10,000 of them made most of the time garbage
   * collection): the configurations are read first, for their intervals; then each file is parsed,
   * indexed and validated alone; then the rule graph's problems are added, from the index. The
   * findings are those of a validation with the whole index. Null when a configuration turns up
   * that the first look missed: the caller checks again, keeping every model.
   */
  stream(paths: readonly string[], progress?: ProgressListener): WorkspaceCheckResult | null {
    const total = paths.length * 2;
    const unreadable: string[] = [];
    const { files: texts, binary } = readFiles(paths, unreadable);
    this.noteDialects(texts);
    let skipped = binary;
    // The configurations first: their intervals are read by the rules of rule files.
    const configurations = new Set<string>();
    for (const file of texts) {
      if (languageIdOf(file.uri) !== 'yaml' || (!mayBeConfiguration(file.text, file.uri) && this.documentKinds.kindOf(file.uri) !== 'config')) continue;
      this.open(file.uri, file.text);
      if (this.workspace.kindOf(file.uri) === 'config') configurations.add(file.uri);
    }

    const checked: { path: string; uri: string; problems: Problem[] }[] = [];
    for (const { uri, words } of readMentionFiles(this.mentionFiles)) this.workspace.setMentionWords(uri, words);
    for (const [i, file] of texts.entries()) {
      progress?.(i * 2, total);
      if (!configurations.has(file.uri)) this.open(file.uri, file.text);
      const kind = this.workspace.kindOf(file.uri);
      if (this.workspace.isInstrumentedCode(file.uri)) {
        // Its own findings now; the workspace's on it (multiprocess mode, the rules that read its buckets) with the rule graph's.
        checked.push({ path: file.path, uri: file.uri, problems: this.workspace.findings(file.uri, 'file') });
        this.workspace.releaseModel(file.uri);
        continue;
      }
      if (!kind) {
        if (!isCode(file.uri)) skipped++;
        continue;
      }
      if (kind === 'config' && !configurations.has(file.uri)) return null;
      checked.push({ path: file.path, uri: file.uri, problems: this.workspace.findings(file.uri, 'file') });
      this.workspace.releaseModel(file.uri);
    }
    const files = checked.map(({ path, uri, problems }): CheckedFile => {
      for (const problem of this.workspace.findings(uri, 'graph')) problems.push(problem);
      return { path, document: this.workspace.document(uri)!, problems: problems.sort(byPosition) };
    });
    progress?.(total, total);
    return { files, skipped, unreadable };
  }

  /**
   * Validates the parsed files against the index of the whole workspace. In a worker, `foreign` is
   * every share's facts (index entries in the files' order, intervals, dialects, mentions).
   */
  validate(progress?: (done: number) => void, foreign?: { indexes: readonly FileIndex[]; intervals: readonly ConfigIntervals[]; namedDialects: readonly RuleDialect[]; mentions: readonly FileMentions[] }): CheckedFile[] {
    if (foreign) {
      this.workspace.adoptForeignFacts(foreign);
    } else {
      for (const { uri, words } of readMentionFiles(this.mentionFiles)) this.workspace.setMentionWords(uri, words);
    }
    const files = this.parsed.map((file, i): CheckedFile => {
      progress?.(i);
      const problems = this.workspace.findings(file.uri);
      this.workspace.releaseModel(file.uri);
      return { path: file.path, document: this.workspace.document(file.uri)!, problems: problems.sort(byPosition) };
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
  const files = checker.validate((done) => progress?.(paths.length + done, total));
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

/** By start, then end (offsets order as positions do). */
function byPosition(a: Problem, b: Problem): number {
  return a.range.start - b.range.start || a.range.end - b.range.end;
}

/** Application code (by its name): it is checked when it imports a client library, and never counted as skipped. */
function isCode(uri: string): boolean {
  return codeLanguage({ uri, languageId: '' }) !== null;
}
