import { pathToFileURL } from 'node:url';
import type * as Os from 'node:os';
import type * as WorkerThreads from 'node:worker_threads';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DIAGNOSTIC_CODES, type DiagnosticCode, type Problem } from '../../service/diagnostic';
import type { LintSettings } from '../../service/lint/lintSettings';
import type { RuleDialect } from '../../service/rules/ruleDialect';
import type { ConfigIntervals } from '../../service/lint/documentLint';
import type { FileIndex } from '../../service/rules/ruleIndex';
import { languageIdOf } from '../../fileSystem/workspaceFiles';
import { readMentionFiles, WorkspaceChecker, type CheckedFile, type FileMentions, type ParsedShare, type ProgressListener, type WorkspaceCheckResult } from './workspaceCheck';

/*
 * The check of many files in worker threads, one share of the files each: every worker parses and
 * indexes its share, the main thread joins the index entries of all shares (in the files' order)
 * and hands them to every worker, and each validates its share against that whole index, so the
 * rule graph spans all files exactly as in a single-threaded check. Workers run the same code
 * (WorkspaceChecker): from the bundle (dist/cli.js, whose main module re-exports the worker's entry)
 * or from the compiled module itself.
 *
 * Off by default (PROMETHEUS_LSP_CHECK_WORKERS=N turns it on): on this machine (2 cores, shared with
 * other builds) it did not measurably help. bench/check.bench.ts measures it in every run; on 10,000
 * rule files two workers spent 1.4–1.7× the CPU time of one thread (each worker loads the bundle,
 * warms its own JIT, and builds the whole workspace index again), so two cores can at best gain
 * ~1.2×, and the wall time measured was 1.3–2× slower whenever the other core was busy. Only
 * without live sources either (their catalog lives in the main thread).
 */

/**
 * node:worker_threads, loaded when workers run: most checks run in one thread, and loading the
 * module at start cost every command 3–5 ms of CPU here (a check of 60 rule files is about 0.8 s).
 */
function workerThreads(): typeof WorkerThreads {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('node:worker_threads') as typeof WorkerThreads;
}

/** Files per worker at least. */
const FILES_PER_WORKER = 100;

interface WorkerInput {
  readonly paths: readonly string[];
  readonly lint: LintSettings;
  readonly documentTypes: Record<string, string>;
  readonly ruleDialect?: RuleDialect;
  readonly dialectForced?: boolean;
}

type ToWorker = { readonly kind: 'validate'; readonly indexes: readonly FileIndex[]; readonly intervals: readonly ConfigIntervals[]; readonly namedDialects: readonly RuleDialect[]; readonly mentions: readonly FileMentions[] };
type FromWorker =
  | { readonly kind: 'progress'; readonly done: number }
  | ({ readonly kind: 'parsed' } & ParsedShare)
  | { readonly kind: 'validated'; readonly files: readonly { path: string; text: string; problems: readonly PostedProblem[] }[] };

/**
 * A problem as a worker posts it: its code by id. A code is an entry of DIAGNOSTIC_CODES, and a lint
 * rule's entry carries its check (a function), which a message between threads cannot hold.
 */
type PostedProblem = Omit<Problem, 'code'> & { readonly code: string };

const CODES_BY_ID = new Map<string, DiagnosticCode>(Object.values(DIAGNOSTIC_CODES).map((c) => [c.code, c]));

function posted(problem: Problem): PostedProblem {
  return { ...problem, code: problem.code.code };
}

function received(problem: PostedProblem): Problem {
  const code = CODES_BY_ID.get(problem.code);
  if (!code) throw new Error(`a check worker sent an unknown code: ${problem.code}`);
  return { ...problem, code };
}

/** How many workers a check of this many files gets when `requested` (PROMETHEUS_LSP_CHECK_WORKERS): 0 means one thread. */
export function workerCount(files: number, requested: string | undefined): number {
  if (requested === undefined || !/^\d+$/.test(requested)) return 0;
  // node:os only here: most checks ask for no workers, and would load it for nothing (0.4 ms of CPU).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { availableParallelism } = require('node:os') as typeof Os;
  return Math.min(Number(requested), availableParallelism() * 2, Math.ceil(files / FILES_PER_WORKER));
}

export async function checkWorkspaceInWorkers(paths: readonly string[], settings: { lint: LintSettings; documentTypes: Record<string, string>; ruleDialect?: RuleDialect; dialectForced?: boolean; mentionFiles?: readonly string[] }, workers: number, progress?: ProgressListener): Promise<WorkspaceCheckResult> {
  const size = Math.ceil(paths.length / workers);
  const shares = Array.from({ length: workers }, (_, i) => paths.slice(i * size, (i + 1) * size)).filter((s) => s.length > 0);
  const total = paths.length * 2;
  const done = new Array<number>(shares.length).fill(0);
  const report = (): void => progress?.(done.reduce((a, b) => a + b, 0), total);
  const threads = shares.map((share) => new (workerThreads().Worker)(`require(${JSON.stringify(__filename)}).runCheckWorker()`, {
    eval: true,
    workerData: { paths: share, lint: settings.lint, documentTypes: settings.documentTypes, ruleDialect: settings.ruleDialect, dialectForced: settings.dialectForced } satisfies WorkerInput,
  }));
  try {
    const next = threads.map((thread, i) => messages(thread, (n) => {
      done[i] = n;
      report();
    }));
    const parsed = await Promise.all(next.map((receive) => receive() as Promise<ParsedShare>));
    const indexes = parsed.flatMap((p) => p.indexes);
    const intervals = parsed.flatMap((p) => p.intervals);
    const namedDialects = parsed.flatMap((p) => p.namedDialects);
    const mentions = [...parsed.flatMap((p) => p.mentions), ...readMentionFiles(settings.mentionFiles ?? [])];
    for (const thread of threads) thread.postMessage({ kind: 'validate', indexes, intervals, namedDialects, mentions } satisfies ToWorker);
    const validated = await Promise.all(next.map((receive) => receive() as Promise<{ files: { path: string; text: string; problems: readonly PostedProblem[] }[] }>));
    const files = validated.flatMap((v) => v.files).map((f): CheckedFile => {
      const uri = pathToFileURL(f.path).toString();
      return { path: f.path, document: TextDocument.create(uri, languageIdOf(uri), 1, f.text), problems: f.problems.map(received) };
    });
    progress?.(total, total);
    return { files, skipped: parsed.reduce((n, p) => n + p.skipped, 0), unreadable: parsed.flatMap((p) => p.unreadable) };
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
}

/** A reader of a worker's answers, one at a time; progress messages go to `onProgress`; an error rejects. */
function messages(thread: WorkerThreads.Worker, onProgress: (done: number) => void): () => Promise<unknown> {
  const waiting: { resolve: (value: unknown) => void; reject: (error: Error) => void }[] = [];
  const ready: unknown[] = [];
  let failure: Error | undefined;
  thread.on('message', (message: FromWorker) => {
    if (message.kind === 'progress') return onProgress(message.done);
    const waiter = waiting.shift();
    if (waiter) waiter.resolve(message);
    else ready.push(message);
  });
  const fail = (error: Error): void => {
    failure = error;
    for (const waiter of waiting.splice(0)) waiter.reject(error);
  };
  thread.on('error', fail);
  thread.on('exit', (code) => fail(new Error(`a check worker stopped (exit code ${code})`)));
  return () => {
    if (ready.length > 0) return Promise.resolve(ready.shift());
    if (failure) return Promise.reject(failure);
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  };
}

/** The worker's side: parse the share, send its index entries, wait for the whole index, validate, send the diagnostics. */
export function runCheckWorker(): void {
  const { parentPort: port, workerData } = workerThreads();
  if (!port) throw new Error('runCheckWorker runs in a worker thread');
  const input = workerData as WorkerInput;
  const checker = new WorkspaceChecker({ lint: input.lint, documentTypes: input.documentTypes, ruleDialect: input.ruleDialect, dialectForced: input.dialectForced });
  const progressEvery = 50;
  const tell = (done: number): void => {
    if (done % progressEvery === 0) port.postMessage({ kind: 'progress', done } satisfies FromWorker);
  };
  const share = checker.parse(input.paths, tell);
  port.once('message', (message: ToWorker) => {
    const files = checker.validate((i) => tell(input.paths.length + i), message);
    port.postMessage({ kind: 'validated', files: files.map((f) => ({ path: f.path, text: f.document.getText(), problems: f.problems.map(posted) })) } satisfies FromWorker);
  });
  port.postMessage({ kind: 'parsed', ...share } satisfies FromWorker);
}
