import { runCheckCommand } from './check';

/*
 * The `prometheus-lsp` command. Verbs: `serve` (the language server; `--stdio` for any LSP editor,
 * `--node-ipc` when started by the VS Code client), `query` (runs one query on a server and prints
 * the result as a table), `check` (the server's diagnostics for files and folders, for CI), `preview`
 * (rules replayed over a window on a server: would they have fired, what would they record).
 */

declare const PACKAGE_VERSION: string | undefined;

const VERSION = typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : '0.0.0-dev';

const HELP = `prometheus-lsp ${VERSION}
A language server for PromQL, prometheus.yml and Prometheus rule files.

Usage:
  prometheus-lsp serve --stdio       run the language server over stdin/stdout (Neovim, Helix, Emacs, …)
  prometheus-lsp serve --node-ipc    run it over Node IPC (how the VS Code extension starts it)
  prometheus-lsp query --server URL 'EXPR'
                                     run a query on a Prometheus-API server, print a table (query --help)
  prometheus-lsp preview --server URL [--since 6h] [--step 1m] [--format text|json] FILE [RULE…]
                                     would these rules have fired, what would they say or record: each
                                     rule replayed over the window on the server (preview --help)
  prometheus-lsp check [options] PATH…
                                     check files and folders with the server's diagnostics: text, json,
                                     sarif or github output, exit status 1 on problems (check --help)
  prometheus-lsp --version           print the version
  prometheus-lsp --help              print this help
`;

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal (`check` draws its progress line only there). */
  readonly stderrIsTerminal?: boolean;
  /**
   * Called when the command turns out to run long (a check of many files): the process may tune
   * itself for it (bin/codeCache.js puts back V8's default tiering, which pays over seconds).
   */
  readonly longRunning?: () => void;
}

/**
 * The verbs the command's entry (server/src/main.ts) plugs in from other layers: `serve` starts the
 * language server (lsp/), which this layer does not import.
 */
export interface PluggedVerbs {
  /** Starts the language server on the transport process.argv names (vscode-languageserver reads it). */
  readonly serve?: (version: string) => void;
}

/** Runs the command; returns an exit status (or its promise), or null when a server now runs until its client leaves. */
export function main(args: readonly string[], io: CliIo, verbs: PluggedVerbs = {}): number | null | Promise<number> {
  const [verb, ...rest] = args;
  if (verb === undefined || verb === '--help' || verb === '-h' || verb === 'help') {
    (verb === undefined ? io.stderr : io.stdout)(HELP);
    return verb === undefined ? 2 : 0;
  }
  if (verb === '--version' || verb === '-v' || verb === 'version') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  if (verb === 'serve') {
    const transports = rest.filter((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket=') || a.startsWith('--clientProcessId'));
    const unknown = rest.filter((a) => !transports.includes(a));
    if (unknown.length > 0 || !rest.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket='))) {
      io.stderr(`prometheus-lsp serve: give a transport (--stdio or --node-ipc)${unknown.length ? `; unknown option ${unknown[0]}` : ''}\n`);
      return 2;
    }
    if (!verbs.serve) {
      io.stderr('prometheus-lsp serve: this build has no language server\n');
      return 2;
    }
    verbs.serve(VERSION);
    return null;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (verb === 'query') return (require('./queryCommand') as typeof import('./queryCommand')).runQueryCommand(rest, io);
  if (verb === 'check') return runCheckCommand(rest, io, VERSION);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (verb === 'preview') return (require('./previewCommand') as typeof import('./previewCommand')).runPreviewCommand(rest, io);
  io.stderr(`prometheus-lsp: unknown command "${verb}"\n\n${HELP}`);
  return 2;
}

/** Whether the command wrote to stderr: if not, Node need not open it (see run and exitOnceWritten). */
let wroteToStderr = false;

/** Runs the command with this process' arguments and streams. */
export function run(verbs: PluggedVerbs = {}, longRunning?: () => void): void {
  const status = main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => {
      wroteToStderr = true;
      process.stderr.write(text);
    },
    // Asked when needed (after a second of check): Node opens stderr to answer, and a check that
    // writes nothing there need not (on a pipe, that loads node:net: about 4.5 ms of CPU).
    get stderrIsTerminal() {
      return process.stderr.isTTY === true;
    },
    longRunning,
  }, verbs);
  if (status instanceof Promise) {
    status.then(exitOnceWritten, (error: unknown) => {
      wroteToStderr = true;
      process.stderr.write(`prometheus-lsp: ${error instanceof Error ? error.message : String(error)}\n`);
      exitOnceWritten(2);
    });
  } else if (status !== null) {
    process.exitCode = status;
  }
}

/**
 * Ends a command that has finished as soon as what it wrote is out, without Node's own ending (the
 * event loop's last turns, waiting for V8's background tasks, freeing the heap): a check of 60 rule
 * files took 0.94× the CPU time and 0.80× the wall time this way (medians of 15, in turns).
 */
function exitOnceWritten(code: number): void {
  process.exitCode = code;
  // A write's callback runs once the writes before it are done, on every platform and kind of stream.
  process.stdout.write('', () => (wroteToStderr ? process.stderr.write('', () => process.exit()) : process.exit()));
}
