import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { getLanguageService, type DocumentModel, type LanguageServiceOptions } from '../../service/languageService';
import { indexDocument, type FileIndex } from '../../service/rules/ruleIndex';
import { WorkspaceIndex } from '../../service/workspace/workspaceIndex';
import { DocumentKindPatterns } from '../../service/documents/documentKindPatterns';
import { configIntervalsOf, mergeConfigIntervals } from '../../service/config/configIntervals';
import type { ConfigIntervals } from '../../service/lint/documentLint';
import type { LintSettings } from '../../service/lint/lintSettings';
import { languageIdOf, nodeFileSystem } from '../../lsp/workspaceFiles';
import { codeOf } from './fileDiscovery';

/*
 * The check of a set of files as one workspace, with the language server's own code path: every
 * file is parsed and put in the workspace index (recording rules, metric uses, the intervals of
 * configurations), then each is validated with that index, so that the rule graph's problems
 * (unused recording rules, cycles, evaluation order) span all the checked files, as they span the
 * workspace in an editor.
 *
 * Single-threaded: see parallelCheck.ts for what workers were measured to bring.
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
}

/** Called now and then while a check runs: files parsed or validated so far. */
export type ProgressListener = (done: number, total: number) => void;

interface ParsedFile {
  readonly path: string;
  readonly document: TextDocument;
  readonly model: DocumentModel;
  readonly index: FileIndex;
}

export function checkWorkspace(paths: readonly string[], environment: CheckEnvironment, progress?: ProgressListener): WorkspaceCheckResult {
  let intervals: ConfigIntervals | undefined;
  const documentKinds = new DocumentKindPatterns(environment.documentTypes);
  const service = getLanguageService({
    fileSystem: nodeFileSystem,
    documentKinds: () => documentKinds,
    catalog: environment.catalog,
    server: environment.server,
    lint: () => environment.lint,
    intervals: () => intervals,
    targetSnapshot: environment.targetSnapshot,
  });
  const total = paths.length * 2;
  const parsed: ParsedFile[] = [];
  const unreadable: string[] = [];
  const configIntervals: ConfigIntervals[] = [];
  const index = new WorkspaceIndex();
  let skipped = 0;
  paths.forEach((path, i) => {
    progress?.(i, total);
    let text: string;
    try {
      const buffer = readFileSync(path);
      if (buffer.includes(0)) {
        skipped++; // binary: no text to check
        return;
      }
      text = buffer.toString('utf8');
    } catch (error) {
      unreadable.push(`cannot read ${path} (${codeOf(error)})`);
      return;
    }
    const uri = pathToFileURL(path).toString();
    const document = TextDocument.create(uri, languageIdOf(uri), 1, text);
    const model = service.parseDocument(document);
    if (!model) {
      skipped++;
      return;
    }
    if (model.kind === 'config') configIntervals.push(configIntervalsOf(model.documents));
    const file = indexDocument(uri, model);
    index.set(file);
    parsed.push({ path, document, model, index: file });
  });
  intervals = mergeConfigIntervals(configIntervals);
  const files = parsed.map((file, i): CheckedFile => {
    progress?.(paths.length + i, total);
    const diagnostics = service.validate(file.document, file.model, { index, file: file.index });
    return { path: file.path, document: file.document, diagnostics: diagnostics.sort(byPosition) };
  });
  progress?.(total, total);
  return { files, skipped, unreadable };
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character
    || a.range.end.line - b.range.end.line || a.range.end.character - b.range.end.character;
}
