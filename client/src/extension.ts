import * as path from 'node:path';
import { commands, window, workspace, type ExtensionContext } from 'vscode';
import {
  CloseAction, DidChangeConfigurationNotification, ErrorAction, ExecuteCommandRequest, LanguageClient, RevealOutputChannelOn, State, TransportKind,
  type ErrorHandler, type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';
import { redacting, Redactor } from './redactingChannel';
import { QueryResults } from './queryResults';
import { storeSecret, withSecrets } from './secrets';
import { SourceStatusBar } from './statusBar';
import { TargetReports } from './targetReport';
import { CredentialFileConsent } from './credentialFileConsent';
import { PREVIEW_WINDOWS } from '../webview/viewMessages';
import { NOTIFICATION_MAX_CHARS, plainText } from '../../server/src/service/remoteText/plainText';
import {
  CHOOSE_SERVER_REQUEST, CLIENT_FEATURES_NOTIFICATION, CODE_LANGUAGE_IDS, CREDENTIAL_FILE_REQUEST, EXPLAIN_QUERY_COMMAND, GRAPH_QUERY_COMMAND, PREVIEW_RULE_COMMAND,
  QUERY_RESULT_NOTIFICATION, REFRESH_COMMAND,
  RUN_QUERY_COMMAND, SERVERS_REQUEST, SOURCE_STATUS_NOTIFICATION, TARGET_REPORT_COMMAND, WATCHED_FILE_GLOBS, commandParams,
  type ServerCommand, type ServerCommandSignatures, type SourceStatus,
} from '../../server/src/lsp/protocol';

/*
 * The VS Code client: starts the bundled language server, connects it to the editor, and renders
 * what it reports (source health in the status bar, reports in editors). It holds no language
 * logic; everything it shows, the server computed.
 */

let client: LanguageClient | undefined;

/** Application code: the server reads its metric definitions, and answers nothing else of it. */
const isCode = (document: { readonly languageId: string }): boolean => CODE_LANGUAGE_IDS.includes(document.languageId);

/** The server's commands that run a query at the cursor, by the client command that asks for them. */
const QUERY_AT_CURSOR = { run: RUN_QUERY_COMMAND, graph: GRAPH_QUERY_COMMAND, explain: EXPLAIN_QUERY_COMMAND } as const;

/** Where the active server's name is remembered, per workspace. */
const ACTIVE_SERVER_KEY = 'prometheus.activeServer';

/** What the extension gives other extensions and its end-to-end tests. */
export interface PrometheusExtensionApi {
  /** The inline result summaries shown in a document. */
  resultSummaries(uri: string): string[];
  /** What the status-bar item shows and says. */
  statusBar(): { text: string; accessibilityLabel: string; tooltip: string };
}

/** How many crashes within CRASH_WINDOW_MS the client restarts the server after, before giving up. */
const MAX_RESTARTS = 4;
const CRASH_WINDOW_MS = 3 * 60_000;

export async function activate(context: ExtensionContext): Promise<PrometheusExtensionApi> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'cli.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, args: ['serve'], transport: TransportKind.ipc },
    debug: { module: serverModule, args: ['serve'], transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  // A log channel: its level is the user's (Developer: Set Log Level…); `prometheus.trace.server` traces the protocol.
  const redactor = new Redactor();
  const output = redacting(window.createOutputChannel('Prometheus', { log: true }), redactor);
  // The client writes the trace at the channel's Trace level (Developer: Set Log Level…).
  const trace = redacting(window.createOutputChannel('Prometheus (protocol trace)', { log: true }), redactor);
  const statusBar = new SourceStatusBar('prometheus.refreshMetricsNow');
  const results = new QueryResults(context, async (message, windowSeconds) => {
    if (!client) return;
    const target = { uri: message.uri, queryIndex: message.queryIndex };
    if (message.kind === 'preview') await executeCommand(client, PREVIEW_RULE_COMMAND, { ...target, ...(windowSeconds !== undefined ? { windowSeconds } : {}) });
    else await executeCommand(client, message.kind === 'explain' ? EXPLAIN_QUERY_COMMAND : message.kind === 'range' ? GRAPH_QUERY_COMMAND : RUN_QUERY_COMMAND, target);
  });
  const reports = new TargetReports();
  context.subscriptions.push(output, trace, statusBar, results, reports);
  let activeServer = context.workspaceState.get<string>(ACTIVE_SERVER_KEY);
  let lastSources: readonly SourceStatus[] = [];
  /** The sources as the server reports them (a notification, or a refresh's answer): the status item and the results view follow. */
  const sourcesReported = (sources: readonly SourceStatus[]): void => {
    statusBar.show((lastSources = sources), activeServer);
    results.sourcesChanged(sources);
  };

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
    // Application code on disk too: the server reads the metrics it defines (only files that import a client
    // library get findings) and finds the queries that read them; the middleware keeps the rest of its
    // features to PromQL and YAML (the server registers formatting for those languages alone).
    documentSelector: [
      { language: 'promql' }, { language: 'yaml', scheme: 'file' }, { language: 'yaml', scheme: 'untitled' },
      ...CODE_LANGUAGE_IDS.map((language) => ({ language, scheme: 'file' })),
    ],
    // The server indexes recording rules across the workspace and keeps the index current from these events;
    // dashboards, jsonnet, docs and code are read for the recording rules they name (rules/unused).
    synchronize: {
      fileEvents: WATCHED_FILE_GLOBS.map((glob) => workspace.createFileSystemWatcher(glob)),
      configurationSection: 'prometheus',
    },
    // Workspace Trust travels with the settings: in an untrusted workspace the server fetches nothing that
    // workspace files name and reads no credential file. The client's word overrides any setting of that name.
    initializationOptions: { ...(await section()), trustedWorkspace: workspace.isTrusted },
    outputChannel: output,
    traceOutputChannel: trace,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    errorHandler,
    middleware: {
      provideCompletionItem: (document, position, context, token, next) => (isCode(document) ? undefined : next(document, position, context, token)),
      provideHover: (document, position, token, next) => (isCode(document) ? undefined : next(document, position, token)),
      provideSignatureHelp: (document, position, context, token, next) => (isCode(document) ? undefined : next(document, position, context, token)),
      provideDefinition: (document, position, token, next) => (isCode(document) ? undefined : next(document, position, token)),
      provideDocumentSymbols: (document, token, next) => (isCode(document) ? undefined : next(document, token)),
      provideFoldingRanges: (document, context, token, next) => (isCode(document) ? undefined : next(document, context, token)),
      provideRenameEdits: (document, position, newName, token, next) => (isCode(document) ? undefined : next(document, position, newName, token)),
      prepareRename: (document, position, token, next) => (isCode(document) ? undefined : next(document, position, token)),
      provideCodeLenses: (document, token, next) => (isCode(document) ? undefined : next(document, token)),
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
    workspace.onDidGrantWorkspaceTrust(() => void current.sendNotification(DidChangeConfigurationNotification.type, { settings: null })),
    context.secrets.onDidChange(() => void current.sendNotification(DidChangeConfigurationNotification.type, { settings: null })),
    current.onDidChangeState((event) => {
      if (event.newState === State.Stopped) statusBar.show([]);
      // A restarted server forgets the chosen server: tell it again.
      if (event.newState === State.Running) void restoreServer();
    }),
    commands.registerCommand('prometheus.refreshMetricsNow', async () => {
      const result = await executeCommand(current, REFRESH_COMMAND);
      if (result) sourcesReported(result.sources);
    }),
    ...(['run', 'graph', 'explain'] as const).map((kind) => commands.registerCommand(`prometheus.${kind}QueryAtCursor`, async () => {
      const editor = window.activeTextEditor;
      if (!editor) return;
      const selection = editor.selection;
      const target = selection.isEmpty
        ? { uri: editor.document.uri.toString(), position: current.code2ProtocolConverter.asPosition(selection.active) }
        : { uri: editor.document.uri.toString(), range: current.code2ProtocolConverter.asRange(selection) };
      try {
        await executeCommand(current, QUERY_AT_CURSOR[kind], target);
      } catch (error) {
        // The server's words: plain text, no link syntax (a notification renders [x](command:…) as a link).
        void window.showErrorMessage(plainText(`Prometheus: ${error instanceof Error ? error.message : String(error)}`, NOTIFICATION_MAX_CHARS, true));
      }
    })),
    // The rule at the cursor, previewed over a window the user picks (the lens uses prometheus.preview.window).
    commands.registerCommand('prometheus.previewRuleAtCursor', async () => {
      const editor = window.activeTextEditor;
      if (!editor) return;
      const picked = await window.showQuickPick(PREVIEW_WINDOWS.map((w) => ({ label: w.label, seconds: w.seconds })), { placeHolder: 'Preview the rule over the last…' });
      if (!picked) return;
      try {
        await executeCommand(current, PREVIEW_RULE_COMMAND, { uri: editor.document.uri.toString(), position: current.code2ProtocolConverter.asPosition(editor.selection.active), windowSeconds: picked.seconds });
      } catch (error) {
        void window.showErrorMessage(plainText(`Prometheus: ${error instanceof Error ? error.message : String(error)}`, NOTIFICATION_MAX_CHARS, true));
      }
    }),
    commands.registerCommand('prometheus.pickServer', async () => {
      const list = await current.sendRequest(SERVERS_REQUEST);
      if (list.servers.length === 0) {
        void window.showInformationMessage('Prometheus: no server in "prometheus.servers" yet.');
        return;
      }
      const picked = await window.showQuickPick(list.servers.map((s) => ({ label: s.name, description: s.url, picked: s.name === list.active })), { placeHolder: `Run queries on (now ${list.active ?? 'none'})` });
      if (!picked) return;
      const chosen = await current.sendRequest(CHOOSE_SERVER_REQUEST, { name: picked.label });
      activeServer = chosen.active ?? undefined;
      await context.workspaceState.update(ACTIVE_SERVER_KEY, activeServer);
      statusBar.show(lastSources, activeServer);
    }),
    commands.registerCommand('prometheus.showTargetReport', async () => {
      const editor = window.activeTextEditor;
      if (!editor) {
        void window.showInformationMessage('Prometheus: open a prometheus.yml and put the cursor on a target.');
        return;
      }
      const report = await executeCommand(current, TARGET_REPORT_COMMAND, editor.document.uri.toString(), current.code2ProtocolConverter.asPosition(editor.selection.active));
      if (!report) {
        void window.showInformationMessage('Prometheus: no scrape target here (put the cursor on an entry of `targets:` in a prometheus.yml).');
        return;
      }
      await reports.show(report);
    }),
    commands.registerCommand('prometheus.restartServer', async () => {
      crashes.length = 0;
      await current.restart();
    }),
    commands.registerCommand('prometheus.storeSecret', async () => {
      await storeSecret(context.secrets, { ...workspace.getConfiguration('prometheus') });
    }),
  );
  async function restoreServer(): Promise<void> {
    if (!activeServer) return;
    try {
      await current.sendRequest(CHOOSE_SERVER_REQUEST, { name: activeServer });
    } catch {
      // The remembered server is no longer configured.
      activeServer = undefined;
      await context.workspaceState.update(ACTIVE_SERVER_KEY, undefined);
    }
  }

  const consent = new CredentialFileConsent(context.globalState);
  context.subscriptions.push(
    current.onNotification(SOURCE_STATUS_NOTIFICATION, (params) => sourcesReported(params.sources)),
    current.onNotification(QUERY_RESULT_NOTIFICATION, (message) => results.show(message)),
    current.onRequest(CREDENTIAL_FILE_REQUEST, (params) => consent.answer(params)),
  );
  await client.start();
  // This client renders query results itself (no window/showMessage for them), and draws codicons in lens titles.
  await current.sendNotification(CLIENT_FEATURES_NOTIFICATION, { queryResults: true, codicons: true });
  await restoreServer();
  return { resultSummaries: (uri) => results.summaries(uri), statusBar: () => statusBar.rendered };
}

/** Runs one of the server's commands (workspace/executeCommand), its arguments and result typed by the protocol. */
async function executeCommand<C extends ServerCommand>(client: LanguageClient, command: C, ...args: ServerCommandSignatures[C]['arguments']): Promise<ServerCommandSignatures[C]['result'] | null> {
  return (await client.sendRequest(ExecuteCommandRequest.type, commandParams(command, ...args))) as ServerCommandSignatures[C]['result'] | null;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
