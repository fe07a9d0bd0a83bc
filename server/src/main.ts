import { run as runCommand } from './cli/main';

/** The entry of `check`'s worker threads, which load this bundle (cli/check/parallelCheck.ts). */
export { runCheckWorker } from './cli/check/parallelCheck';
/** The command without the process around it: the build's warm-up check (bin/codeCache.js) runs it. */
export { main } from './cli/main';

/*
 * The entry of the `prometheus-lsp` bundle: the command line (cli/) with the language server's
 * `serve` verb (lsp/) plugged in, so that neither layer imports the other. The server is required
 * only when `serve` runs: `check` starts faster without the protocol library and the HTTP stack.
 */

/** Runs the command with this process' arguments and streams; `longRunning`: see CliIo. */
export function run(longRunning?: () => void): void {
  runCommand({
    serve: (version) => {
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { createConnection, ProposedFeatures } = require('vscode-languageserver/node') as typeof import('vscode-languageserver/node');
      const { startServer } = require('./lsp/server') as typeof import('./lsp/server');
      /* eslint-enable @typescript-eslint/no-require-imports */
      startServer(createConnection(ProposedFeatures.all), version);
    },
  }, longRunning);
}

if (require.main === module) run();
