import { readdirSync } from 'node:fs';
import { editorDocuments } from './editorDocuments';
import {
  DocumentFormattingRequest, DocumentRangeFormattingRequest, MessageType, ShowMessageNotification, TextDocuments, TextDocumentSyncKind,
  type Connection, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { Workspace } from '../service/workspace/workspace';
import { DocumentKindPatterns } from '../service/documents/documentKindPatterns';
import { DEFAULT_SETTINGS, settingsFromInitializationOptions, toSettings, type Settings } from '../settings/settings';
import { nodeFileSystem } from '../fileSystem/workspaceFiles';
import { codeGrammarsOnDemand } from '../fileSystem/codeGrammarsOnDemand';
import { formatError, runSafeNotification } from './runSafe';
import { CatalogManager, type SourceStatus } from '../sources/catalogManager';
import { prometheusSourceId } from '../sources/prometheusApiSource';
import { scrapeSourceId } from '../sources/scrapeSource';
import { fetchSettings } from './configurationRequest';
import { registerDocumentSync } from './documentSync';
import { registerLanguageFeatures } from './languageFeatures';
import { notificationMessage } from './notificationMessage';
import { QUERY_COMMAND_IDS, REFRESH_COMMAND, RULE_TEST_COMMAND_IDS, SERVER_STATS_REQUEST, SOURCE_STATUS_NOTIFICATION, TARGET_REPORT_COMMAND } from './protocol';
import { registerQueryHandlers } from './queryHandlers';
import { registerRuleTestHandlers } from './ruleTestHandlers';
import type { ServerContext } from './serverContext';
import { registerSources } from './sourceWiring';

/*
 * The language server: wires the workspace host (service/workspace/workspace.ts) and the live
 * sources to an LSP connection. The handlers live in documentSync.ts (documents, files, published
 * diagnostics), languageFeatures.ts (requests on documents), sourceWiring.ts (live sources) and
 * queryHandlers.ts (running queries); this file holds the settings, the capabilities and the commands.
 */

/** Wires the language service to an LSP connection. Holds no language logic of its own. */
export function startServer(connection: Connection, version: string): void {
  const showWarning = (message: string): void => {
    void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: notificationMessage(connection, message) });
  };
  let settings: Settings = DEFAULT_SETTINGS;
  let workspaceFolders: string[] = [];
  let canAskConfiguration = false;
  /** Problems of `prometheus.documentTypes` already logged: each is said once, not on every settings change. */
  const loggedKindProblems = new Set<string>();
  const documentKindsOf = (setting: Record<string, string>): DocumentKindPatterns => {
    const patterns = new DocumentKindPatterns(setting);
    for (const problem of patterns.problems) {
      if (loggedKindProblems.has(problem)) continue;
      loggedKindProblems.add(problem);
      connection.console.warn(problem);
    }
    return patterns;
  };

  const catalogs: CatalogManager = new CatalogManager({
    ttlMs: DEFAULT_SETTINGS.refreshIntervalMs,
    onStatus: (statuses: readonly SourceStatus[]) => void connection.sendNotification(SOURCE_STATUS_NOTIFICATION, { sources: statuses }),
    // window/showMessage (a notification): a client that shows no messages is not asked to answer.
    onError: (source, message) => showWarning(`Prometheus: ${source.label} is unavailable: ${message}`),
    onChange: () => sync.revalidateAll(),
  });
  connection.onShutdown(() => catalogs.dispose());
  // Loaded when the first file that imports a client library is read; the files read before are read again then.
  const grammarsOnDemand = codeGrammarsOnDemand(() => {
    runSafeNotification(connection, 'code grammars', () => workspace.refreshCode());
    sync.revalidateAll();
  }, (error) => connection.console.error(formatError('loading the code grammars', error, 'stack')));
  const workspace = new Workspace({
    fileSystem: nodeFileSystem,
    catalog: () => catalogs.catalog,
    server: () => {
      const found = catalogs.serverInfo();
      return found ? { label: found.label, ...found.info } : undefined;
    },
    // Only targets that were fetched (a trusted workspace) have a snapshot.
    targetSnapshot: (target) => catalogs.catalog.snapshot(scrapeSourceId(target.url)),
    onConfigTargetsChanged: () => sources.configureSoon(),
    codeGrammars: grammarsOnDemand.grammars,
  });
  const applyToWorkspace = (): void => workspace.configure({ lint: settings.lint, documentKinds: documentKindsOf(settings.documentTypes), ruleDialect: settings.ruleDialect });
  const documents = new TextDocuments(editorDocuments);
  const context: ServerContext = { connection, documents, workspace, catalogs, settings: () => settings, workspaceFolders: () => workspaceFolders, showWarning };

  const sources = registerSources(context);
  const sync = registerDocumentSync(context, (document) => [...queries.diagnostics(document), ...ruleTests.diagnostics(document)], grammarsOnDemand.loading);
  registerLanguageFeatures(context, sources.prepareLiveData, (uri) => sync.postponeValidation(uri));
  const queries = registerQueryHandlers(connection, {
    documents,
    models: { get: (document) => workspace.model(document.uri) },
    settings: () => settings,
    intervals: () => workspace.intervals(),
    republish: (uri) => {
      const document = documents.get(uri);
      if (document) sync.validate(document);
    },
    serverReached: (server, reachable) => catalogs.observed(prometheusSourceId(server.url), reachable),
    moreLenses: (document) => ruleTests.lenses(document),
  });
  const ruleTests = registerRuleTestHandlers(connection, {
    documents,
    models: { get: (document) => workspace.model(document.uri) },
    settings: () => settings,
    evaluationInterval: () => workspace.intervals()?.evaluation,
    server: (name) => queries.server(name),
    republish: (uri) => {
      const document = documents.get(uri);
      if (document) sync.validate(document);
    },
  });

  /**
   * Whether formatting is registered for PromQL and YAML only, once initialized: an editor that sends
   * code files too (the VS Code client, for their metrics) would otherwise count the server as one more
   * formatter of Python and TypeScript and ask the user to choose one.
   */
  let formattingByLanguage = false;
  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canAskConfiguration = params.capabilities.workspace?.configuration === true;
    const text = params.capabilities.textDocument;
    formattingByLanguage = text?.formatting?.dynamicRegistration === true && text.rangeFormatting?.dynamicRegistration === true;
    settings = settingsFromInitializationOptions(params.initializationOptions);
    applyToWorkspace();
    workspaceFolders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (workspaceFolders.length === 0 && params.rootUri) workspaceFolders = [params.rootUri];
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        workspaceSymbolProvider: true,
        documentFormattingProvider: !formattingByLanguage,
        completionProvider: { triggerCharacters: [':', ' ', '.', '$', '{', '"', '=', ',', '(', '[', '@'], resolveProvider: true },
        hoverProvider: true,
        signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [')'] },
        executeCommandProvider: { commands: [REFRESH_COMMAND, TARGET_REPORT_COMMAND, ...QUERY_COMMAND_IDS, ...RULE_TEST_COMMAND_IDS] },
        codeLensProvider: { resolveProvider: true },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        documentRangeFormattingProvider: !formattingByLanguage,
      },
      serverInfo: { name: 'prometheus-lsp', version },
    };
  });

  /** New settings can change what every file is: the workspace parses everything again, and the files are read again. */
  const applySettings = async (pushed?: Settings): Promise<void> => {
    settings = pushed ?? (await fetchSettings(connection, canAskConfiguration, settings));
    applyToWorkspace();
    // One walk at a time: the names other files mention wait for the files that may define them.
    void sync.scanWorkspace().then((ended) => (ended ? sync.readMentionFiles() : undefined));
    sources.configure();
  };
  connection.onInitialized(() => {
    if (formattingByLanguage) {
      const documentSelector = [{ language: 'promql' }, { language: 'yaml' }];
      void connection.client.register(DocumentFormattingRequest.type, { documentSelector });
      void connection.client.register(DocumentRangeFormattingRequest.type, { documentSelector });
    }
    void applySettings();
  });
  connection.onDidChangeConfiguration((params) => {
    // Clients without workspace/configuration push the settings in the notification instead.
    const pushed = (params.settings as Record<string, unknown> | undefined)?.['prometheus'];
    void applySettings(canAskConfiguration || pushed === undefined ? undefined : toSettings(pushed));
  });

  connection.onExecuteCommand(async (params, token) => {
    const queryCommand = queries.executeCommand(params, token) ?? ruleTests.executeCommand(params, token);
    if (queryCommand) return queryCommand;
    if (params.command === REFRESH_COMMAND) {
      catalogs.catalog.clearFetched();
      await catalogs.refresh(true);
      return { sources: catalogs.statuses() };
    }
    if (params.command === TARGET_REPORT_COMMAND) {
      const [uri, position] = (params.arguments ?? []) as [string | undefined, { line: number; character: number } | undefined];
      const document = typeof uri === 'string' ? documents.get(uri) : undefined;
      return document ? workspace.targetReport(document.uri, position ? document.offsetAt(position) : undefined) : null;
    }
    return null;
  });
  // For soak tests and bug reports: memory (after a collection when node runs with --expose-gc) and open files.
  connection.onRequest(SERVER_STATS_REQUEST, () => {
    (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    let openFiles: number | null = null;
    try {
      openFiles = readdirSync('/proc/self/fd').length;
    } catch {
      // not Linux
    }
    return { heapUsedBytes: memory.heapUsed, rssBytes: memory.rss, openFiles, documents: documents.all().length, indexedFiles: workspace.indexedFiles, ...sync.scanStatus() };
  });

  documents.listen(connection);
  connection.listen();
}
