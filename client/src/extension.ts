import * as path from 'node:path';
import { commands, window, workspace, type ExtensionContext } from 'vscode';
import {
  CloseAction, ErrorAction, LanguageClient, RevealOutputChannelOn, State, TransportKind, type ErrorHandler, type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';
import { redacting, Redactor } from './redactingChannel';
import { storeSecret, withSecrets } from './secrets';
import { SourceStatusBar, type SourceStatus } from './statusBar';

/*
 * The VS Code client: starts the bundled language server, connects it to the editor, and renders
 * what it reports (source health in the status bar, reports in editors). It holds no language
 * logic; everything it shows, the server computed.
 */

let client: LanguageClient | undefined;

/** Commands of the server that the client calls (the server runs them; see server/src/lsp/server.ts). */
const SERVER_COMMANDS = { refresh: 'prometheus.refreshMetrics', targetReport: 'prometheus.targetReport' } as const;

/** How many crashes within CRASH_WINDOW_MS the client restarts the server after, before giving up. */
const MAX_RESTARTS = 4;
const CRASH_WINDOW_MS = 3 * 60_000;

export async function activate(context: ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'cli.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, args: ['serve'], transport: TransportKind.ipc },
    debug: { module: serverModule, args: ['serve'], transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  // A log channel: its level is the user's (Developer: Set Log Level…); `prometheus.trace.server` traces the protocol.
  const redactor = new Redactor();
  const output = redacting(window.createOutputChannel('Prometheus', { log: true }), redactor);
  const trace = redacting(window.createOutputChannel('Prometheus (protocol trace)', { log: true }), redactor);
  const statusBar = new SourceStatusBar('prometheus.refreshMetricsNow');
  context.subscriptions.push(output, trace, statusBar);

  const section = async (): Promise<Record<string, unknown>> => withSecrets({ ...workspace.getConfiguration('prometheus') }, context.secrets, redactor);
  const crashes: number[] = [];
  const errorHandler: ErrorHandler = {
    error: () => ({ action: ErrorAction.Continue }),
    closed: () => {
      const now = Date.now();
      crashes.push(now);
      while (crashes.length > 0 && now - crashes[0] > CRASH_WINDOW_MS) crashes.shift();
      if (crashes.length > MAX_RESTARTS) {
        return { action: CloseAction.DoNotRestart, message: 'The Prometheus language server crashed 5 times in 3 minutes and was not restarted. Its log is in the "Prometheus" output; "Prometheus: Restart Language Server" starts it again.' };
      }
      void window.showWarningMessage('The Prometheus language server stopped unexpectedly and was restarted.', 'Show Log').then((choice) => {
        if (choice) output.show(true);
      });
      return { action: CloseAction.Restart, handled: true };
    },
  };

  const clientOptions: LanguageClientOptions = {
    // PromQL files, and YAML files: the server recognises configurations, rule files and rule tests by content
    // (and by the `prometheus.documentTypes` patterns) and leaves other YAML alone, so the YAML extension keeps
    // working side by side.
    documentSelector: [{ language: 'promql' }, { language: 'yaml', scheme: 'file' }, { language: 'yaml', scheme: 'untitled' }],
    // The server indexes recording rules across the workspace and keeps the index current from these events.
    synchronize: { fileEvents: workspace.createFileSystemWatcher('**/*.{yml,yaml,promql}'), configurationSection: 'prometheus' },
    // Workspace Trust travels with the settings: in an untrusted workspace the server fetches nothing that
    // workspace files name and reads no credential file. The client's word overrides any setting of that name.
    initializationOptions: { ...(await section()), trustedWorkspace: workspace.isTrusted },
    outputChannel: output,
    traceOutputChannel: trace,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    errorHandler,
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return Promise.all(result.map(async (value: unknown, i) => (params.items[i]?.section === 'prometheus' && value && typeof value === 'object'
            ? { ...(await withSecrets(value as Record<string, unknown>, context.secrets, redactor)), trustedWorkspace: workspace.isTrusted }
            : value)));
        },
      },
    },
  };
  client = new LanguageClient('prometheus', 'Prometheus', serverOptions, clientOptions);
  const current = client;

  context.subscriptions.push(
    workspace.onDidGrantWorkspaceTrust(() => void current.sendNotification('workspace/didChangeConfiguration', { settings: null })),
    context.secrets.onDidChange(() => void current.sendNotification('workspace/didChangeConfiguration', { settings: null })),
    current.onDidChangeState((event) => {
      if (event.newState === State.Stopped) statusBar.show([]);
    }),
    commands.registerCommand('prometheus.refreshMetricsNow', async () => {
      const result = await current.sendRequest<{ sources: SourceStatus[] } | null>('workspace/executeCommand', { command: SERVER_COMMANDS.refresh, arguments: [] });
      if (result) statusBar.show(result.sources);
    }),
    commands.registerCommand('prometheus.showTargetReport', async () => {
      const editor = window.activeTextEditor;
      if (!editor) {
        void window.showInformationMessage('Prometheus: open a prometheus.yml and put the cursor on a target.');
        return;
      }
      const report = await current.sendRequest<string | null>('workspace/executeCommand', {
        command: SERVER_COMMANDS.targetReport,
        arguments: [editor.document.uri.toString(), current.code2ProtocolConverter.asPosition(editor.selection.active)],
      });
      if (!report) {
        void window.showInformationMessage('Prometheus: no scrape target here (put the cursor on an entry of `targets:` in a prometheus.yml).');
        return;
      }
      const document = await workspace.openTextDocument({ language: 'markdown', content: report });
      await commands.executeCommand('markdown.showPreview', document.uri);
    }),
    commands.registerCommand('prometheus.restartServer', async () => {
      crashes.length = 0;
      await current.restart();
    }),
    commands.registerCommand('prometheus.storeSecret', async () => {
      await storeSecret(context.secrets, { ...workspace.getConfiguration('prometheus') });
    }),
  );
  await client.start();
  context.subscriptions.push(current.onNotification('prometheus/sourceStatus', (params: { sources: SourceStatus[] }) => statusBar.show(params.sources)));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
