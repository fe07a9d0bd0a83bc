import { writeFileSync } from 'node:fs';
import { CHECK_HELP, parseCheckArgs, UsageError, type CheckOptions } from './check/checkOptions';
import { checkSettings, ConfigFileError } from './check/checkSettings';
import { codeOf, findCheckedFiles } from './check/fileDiscovery';
import { countsOf, displayPath, findingsOf, type Counts } from './check/findings';
import { formatGithub } from './check/githubFormat';
import { formatJson } from './check/jsonFormat';
import { progressLine } from './check/progressLine';
import { applySafeFixes } from './check/safeFixes';
import { formatSarif } from './check/sarifFormat';
import type { RunSummary } from './check/summary';
import { formatText } from './check/textFormat';
import { checkWorkspace, type CheckEnvironment, type ProgressListener, type WorkspaceCheckResult } from './check/workspaceCheck';
import { checkWorkspaceInWorkers, workerCount } from './check/parallelCheck';
import { escapeControlCharacters } from '../service/remoteText/controlCharacters';
import { namesSources } from '../sources/sourceSettings';
import { DocumentKindPatterns } from '../service/documents/documentKindPatterns';
import { codeLanguage } from '../service/documents/documentLanguage';
import { grammarOf, type CodeGrammars } from '../service/instrumentation/codeParser';
import { loadCodeGrammars } from '../fileSystem/codeGrammars';

/*
 * `prometheus-lsp check [options] PATH…`: the language server's diagnostics for files and folders,
 * for CI and the terminal. The files are checked as one workspace with the service the server uses
 * (workspaceCheck.ts); this file reads the command line, runs the check (and the fixes), prints the
 * chosen format and decides the exit status:
 *
 *   0  no error, and warnings within --max-warnings
 *   1  problems found
 *   2  a usage error, or a file or folder that cannot be read (said on stderr)
 */

/**
 * From this many files a check runs for seconds, and V8's default tiering pays again: 10,000 rule
 * files of 4 rules took 1.4× the CPU time under the command's late tiering (bin/codeCache.js), which
 * pays on a few dozen files (0.85×) and on one large file (0.91×).
 */
const LONG_CHECK_FILES = 1000;

export { CHECK_HELP };

export interface CheckIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal (the progress line is drawn only there). */
  readonly stderrIsTerminal?: boolean;
  /** Called once the files are found, when there are many (see LONG_CHECK_FILES). */
  readonly longRunning?: () => void;
}

/** Passes of --fix at most: a fix can reveal another (as in ESLint, which stops at 10). */
const MAX_FIX_PASSES = 10;

export async function runCheckCommand(args: readonly string[], io: CheckIo, version: string): Promise<number> {
  // What is said may quote a server or a file name: control characters are printed as escapes.
  const say = (message: string): void => io.stderr(`prometheus-lsp check: ${escapeControlCharacters(message)}\n`);
  let options: CheckOptions;
  try {
    options = parseCheckArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`prometheus-lsp check: ${error.message}\n\n${CHECK_HELP}`);
    return 2;
  }
  if (options.help) {
    io.stdout(CHECK_HELP);
    return 0;
  }
  let settings;
  try {
    settings = checkSettings(options);
  } catch (error) {
    if (!(error instanceof ConfigFileError)) throw error;
    say(error.message);
    return 2;
  }
  for (const problem of new DocumentKindPatterns(settings.documentTypes).problems) say(problem);
  const found = findCheckedFiles(options.paths);
  for (const note of found.notes) say(note);
  if (found.files.length > LONG_CHECK_FILES) io.longRunning?.();
  const readProblems = [...found.problems];

  // The HTTP stack is loaded only when there is something to fetch (a check without live sources starts tens of ms sooner).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const live = namesSources(settings) ? await (require('./check/liveSources') as typeof import('./check/liveSources')).loadLiveSources(settings, say) : null;
  try {
    const codeGrammars = await grammarsFor(found.files);
    const environment: CheckEnvironment = { lint: settings.lint, documentTypes: settings.documentTypes, ruleDialect: settings.ruleDialect, dialectForced: options.dialect !== undefined, mentionFiles: found.mentionFiles, codeGrammars, projects: { roots: found.roots, markers: found.projectMarkers }, ...live?.environment };
    const progress = progressLine(io.stderr, () => io.stderrIsTerminal === true);
    const check = checker(found.files, environment, live !== null || codeGrammars !== undefined, progress.listener);
    let result = await check();
    let fixed: RunSummary['fixed'];
    if (options.fix) {
      const outcome = await fixAll(result, check, readProblems);
      result = outcome.result;
      fixed = outcome.fixed;
    }
    progress.finish();
    readProblems.push(...result.unreadable);
    for (const problem of readProblems) say(problem);

    const { findings, hints } = findingsOf(result.files, options.quiet);
    const counts = countsOf(findings);
    const summary: RunSummary = { filesChecked: result.files.length, skipped: result.skipped, counts, hints, fixed, maxWarnings: options.maxWarnings, quiet: options.quiet };
    switch (options.format) {
      case 'text':
        io.stdout(formatText(findings, summary));
        break;
      case 'json':
        io.stdout(formatJson(findings));
        break;
      case 'sarif':
        io.stdout(formatSarif(findings, version));
        break;
      case 'github':
        io.stdout(formatGithub(findings, summary));
        break;
    }
    if (readProblems.length > 0) return 2;
    return failed(counts, options.maxWarnings) ? 1 : 0;
  } finally {
    live?.dispose();
  }
}

/**
 * The grammars of the code files among the checked ones, loaded before the check (web-tree-sitter
 * and each .wasm file once); undefined when no code file is checked.
 */
async function grammarsFor(files: readonly string[]): Promise<CodeGrammars | undefined> {
  const grammars = new Set(files.flatMap((file) => {
    const language = codeLanguage({ uri: file, languageId: '' });
    return language ? [grammarOf(language)] : [];
  }));
  return grammars.size > 0 ? loadCodeGrammars([...grammars]) : undefined;
}

/**
 * The check of the files, in this thread: worker threads did not measurably help on 2 cores (see
 * parallelCheck.ts); PROMETHEUS_LSP_CHECK_WORKERS=N asks for N of them, without live sources (whose
 * catalog lives in this thread) and without code files (their definitions are not shared between workers).
 */
function checker(files: readonly string[], environment: CheckEnvironment, inThisThread: boolean, progress: ProgressListener): () => Promise<WorkspaceCheckResult> {
  const workers = inThisThread ? 0 : workerCount(files.length, process.env['PROMETHEUS_LSP_CHECK_WORKERS']);
  if (workers > 0) return () => checkWorkspaceInWorkers(files, environment, workers, progress);
  return async () => checkWorkspace(files, environment, progress);
}

function failed(counts: Counts, maxWarnings: number | undefined): boolean {
  return counts.error > 0 || (maxWarnings !== undefined && counts.warning > maxWarnings);
}

/** Applies the safe fixes, writes the files and checks again, until nothing more is fixed. */
async function fixAll(first: WorkspaceCheckResult, checkAgain: () => Promise<WorkspaceCheckResult>, problems: string[]): Promise<{ result: WorkspaceCheckResult; fixed: NonNullable<RunSummary['fixed']> }> {
  let result = first;
  const files = new Set<string>();
  let fixedProblems = 0;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    let changed = false;
    for (const file of result.files) {
      const fixed = applySafeFixes(file);
      if (!fixed) continue;
      try {
        writeFileSync(file.path, fixed.text);
      } catch (error) {
        problems.push(`cannot write ${displayPath(file.path)} (${codeOf(error)})`);
        continue;
      }
      files.add(file.path);
      fixedProblems += fixed.fixed;
      changed = true;
    }
    if (!changed) break;
    result = await checkAgain();
  }
  return { result, fixed: { problems: fixedProblems, files: files.size } };
}
