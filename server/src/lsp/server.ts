import { readdirSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  FileChangeType, MessageType, ResponseError, ShowMessageNotification, TextDocuments, TextDocumentSyncKind, type Connection, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { definition, prepareRename, references, rename, workspaceSymbols, type PositionsOf } from '../service/features/navigation';
import { getLanguageService, type DocumentModel } from '../service/languageService';
import { indexDocument, type FileIndex } from '../service/rules/ruleIndex';
import { WorkspaceIndex } from '../service/workspace/workspaceIndex';
import { DocumentKindPatterns } from '../service/documents/documentKindPatterns';
import { DocumentModels } from './documentModels';
import { runSafe, runSafeNotification } from './runSafe';
import { DEFAULT_SETTINGS, fetchSettings, settingsFromInitializationOptions, toSettings, type Settings } from './settings';
import { dialectNamedBy, effectiveDialect, workspaceDialect, type RuleDialect } from '../service/rules/ruleDialect';
import { isCandidateFile, isMentionFile, languageIdOf, MAX_MENTION_FILES, nodeFileSystem, readMentionFile, readWorkspaceFile } from './workspaceFiles';
import { isWorthParsing, scanWorkspace, walkWorkspace } from '../fileSystem/workspaceScan';
import { isMentionFileName } from '../service/workspace/nameMentions';
import { CatalogManager, type SourceStatus } from '../sources/catalogManager';
import { credentialFileKey, sourcesFromSettings, type ConfigTargets } from '../sources/sourcesFromSettings';
import {
  CREDENTIAL_FILE_REQUEST, QUERY_COMMAND_IDS, REFRESH_COMMAND, SERVER_STATS_REQUEST, SOURCE_STATUS_NOTIFICATION, SOURCE_STATUS_REQUEST, TARGET_REPORT_COMMAND,
  type CredentialFileParams,
} from './protocol';
import { fileURLToPath } from 'node:url';
import { scrapeTargetsOf } from '../service/config/scrapeTargets';
import { completionContextAt } from '../service/promql/completionContext';
import { configIntervalsOf, mergeConfigIntervals } from '../service/config/configIntervals';
import type { ConfigIntervals } from '../service/lint/documentLint';
import { prometheusSourceId } from '../sources/prometheusApiSource';
import { scrapeSourceId } from '../sources/scrapeSource';
import { quickFixes } from './codeActions';
import { registerQueryHandlers } from './queryHandlers';
import { notificationMessage } from './notificationMessage';

/** Longest a completion waits for label values or names a server answers on demand. */
const ON_DEMAND_DEADLINE_MS = 1500;
/** Longest a request waits for the sources' first load. */
const FIRST_LOAD_DEADLINE_MS = 1000;

/** Quiet time after the last change before a document is validated again. */
const VALIDATION_DELAY_MS = 75;

/** Wires the language service to an LSP connection. Holds no language logic of its own. */
export function startServer(connection: Connection, version: string): void {
  const showWarning = (message: string): void => {
    void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: notificationMessage(connection, message) });
  };
  let settings: Settings = DEFAULT_SETTINGS;
  let documentKinds = new DocumentKindPatterns();
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
  let canAskConfiguration = false;
  const service = getLanguageService({
    fileSystem: nodeFileSystem,
    documentKinds: () => documentKinds,
    catalog: () => catalogs.catalog,
    server: () => {
      const found = catalogs.serverInfo();
      return found ? { label: found.label, ...found.info } : undefined;
    },
    lint: () => settings.lint,
    intervals: () => workspaceIntervals,
    ruleDialect: () => effectiveDialect(settings.ruleDialect, workspaceDialect(dialectEvidence.values())),
    // Only targets that were fetched (a trusted workspace) have a snapshot.
    targetSnapshot: (target) => catalogs.catalog.snapshot(scrapeSourceId(target.url)),
  });
  const documents = new TextDocuments(TextDocument);
  const models = new DocumentModels(service);
  const index = new WorkspaceIndex();
  /** Texts of indexed files that are not open, to turn their offsets into positions. */
  const closedTexts = new Map<string, TextDocument>();
  const fileIndexes = new Map<string, { version: number; file: FileIndex }>();
  let workspaceFolders: string[] = [];
  /** Static scrape targets of every configuration file of the workspace, by URI. */
  const configTargets = new Map<string, ConfigTargets>();
  /** Scrape and evaluation intervals of every configuration file, by URI, and merged. */
  const configIntervals = new Map<string, ConfigIntervals>();
  let workspaceIntervals: ConfigIntervals | undefined;
  /** The rule-evaluating tool (Thanos Ruler, Mimir, vmalert) each workspace file names, by URI: the workspace's dialect when they name one. */
  const dialectEvidence = new Map<string, RuleDialect>();
  const noteDialect = (uri: string, text: string | null): void => {
    const named = text === null ? null : dialectNamedBy(text);
    if (named) dialectEvidence.set(uri, named);
    else dialectEvidence.delete(uri);
  };
  const catalogs = new CatalogManager({
    ttlMs: DEFAULT_SETTINGS.refreshIntervalMs,
    onStatus: (statuses: readonly SourceStatus[]) => void connection.sendNotification(SOURCE_STATUS_NOTIFICATION, { sources: statuses }),
    // window/showMessage (a notification): a client that shows no messages is not asked to answer.
    onError: (source, message) => showWarning(`Prometheus: ${source.label} is unavailable: ${message}`),
    onChange: () => revalidateAll(),
  });
  connection.onShutdown(() => catalogs.dispose());

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canAskConfiguration = params.capabilities.workspace?.configuration === true;
    settings = settingsFromInitializationOptions(params.initializationOptions);
    documentKinds = documentKindsOf(settings.documentTypes);
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
        documentFormattingProvider: true,
        completionProvider: { triggerCharacters: [':', ' ', '.', '$', '{', '"', '=', ',', '(', '[', '@'], resolveProvider: true },
        hoverProvider: true,
        signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [')'] },
        executeCommandProvider: { commands: [REFRESH_COMMAND, TARGET_REPORT_COMMAND, ...QUERY_COMMAND_IDS] },
        codeLensProvider: { resolveProvider: true },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        documentRangeFormattingProvider: true,
      },
      serverInfo: { name: 'prometheus-lsp', version },
    };
  });

  /** The last workspace scan: whether it is done, how long it took and how many files it has read (serverStats). */
  let scan = { done: false, ms: 0, files: 0 };
  /** The number of the current scan: new settings start a new one, and the one before stops. */
  let scanNumber = 0;
  /**
   * Reads the workspace's files in slices (workspaceScan.ts), answering requests in between; parses
   * only those that may be Prometheus'. True when it ended, false when a newer scan replaced it.
   */
  const indexWorkspace = async (): Promise<boolean> => {
    const number = ++scanNumber;
    const started = performance.now();
    scan = { done: false, ms: 0, files: 0 };
    try {
      for await (const file of scanWorkspace(workspaceFolders, { forcedKind: (uri) => documentKinds.kindOf(uri) })) {
        if (number !== scanNumber) return false;
        scan.files++;
        if (!documents.get(file.uri)) runSafeNotification(connection, 'workspace indexing', () => indexClosedFile(file.uri, file.text, file.mayBePrometheus));
      }
    } catch (error) {
      connection.console.error(`workspace indexing failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    if (number !== scanNumber) return false;
    scan = { done: true, ms: performance.now() - started, files: scan.files };
    revalidateAll();
    return true;
  };

  /**
   * The workspace's other files (dashboards, docs, code), read once for the recording-rule names
   * they mention; the file watcher keeps them current after that, and settings do not change them.
   * A large tree takes seconds to walk and read: it is done a slice of about 10 ms at a time
   * (workspaceScan.ts), so that requests are answered in between, and the rule files are
   * validated again at the end.
   */
  let mentionsRead = false;
  const readMentionFiles = async (): Promise<void> => {
    if (mentionsRead) return;
    mentionsRead = true;
    let files = 0;
    for await (const file of walkWorkspace(workspaceFolders, isMentionFileName, MAX_MENTION_FILES)) {
      files++;
      runSafeNotification(connection, 'workspace indexing', () => noteMentionFile(file.uri));
    }
    if (files > 0) revalidateAll();
  };

  /** New settings can change what every file is: parse and index everything again. */
  const applySettings = async (pushed?: Settings): Promise<void> => {
    settings = pushed ?? (await fetchSettings(connection, canAskConfiguration, settings));
    documentKinds = documentKindsOf(settings.documentTypes);
    models.clear();
    fileIndexes.clear();
    configTargets.clear();
    configIntervals.clear();
    for (const document of documents.all()) {
      const model = models.get(document);
      // An open configuration's targets and intervals are noted here: the workspace pass below reads closed files only.
      noteConfig(document.uri, model);
      if (model) index.set(fileIndexOf(document, model));
      else index.delete(document.uri);
      noteMentions(document.uri, document.getText(), model);
    }
    // One walk at a time: the names other files mention wait for the files that may define them.
    void indexWorkspace().then((ended) => (ended ? readMentionFiles() : undefined));
    configureSources();
  };

  /** The live sources for the current settings and configuration files. */
  let lastSourceKey = '';
  let toldUntrusted = false;
  /** Credential files outside the workspace the user allowed in this session, and those already asked about. */
  const allowedFiles = new Set<string>();
  const askedFiles = new Set<string>();
  const askAboutFile = (file: CredentialFileParams & { message: string }): void => {
    if (askedFiles.has(file.path)) return;
    askedFiles.add(file.path);
    showWarning(`Prometheus: ${file.message}`);
    // The client asks the user (once per file, remembered there); a client without the request leaves the file unread.
    const params: CredentialFileParams = { path: file.path, job: file.job, configUri: file.configUri };
    connection.sendRequest(CREDENTIAL_FILE_REQUEST, params).then((answer) => {
      if (answer?.allowed !== true) return;
      allowedFiles.add(file.path);
      configureSources();
    }, () => undefined);
  };
  const configureSources = (): void => {
    runSafeNotification(connection, 'live sources', () => {
      // VS Code's client reports Workspace Trust in this setting (its middleware overrides any workspace value).
      const trusted = settings.trustedWorkspace;
      const roots = workspaceFolders.flatMap((uri) => {
        try {
          return [fileURLToPath(uri)];
        } catch {
          return [];
        }
      });
      const allowed = new Set([...allowedFiles, ...settings.allowedCredentialFiles.map(credentialFileKey)]);
      const { sources, problems, outsideFiles } = sourcesFromSettings(settings, [...configTargets.values()], trusted, { roots, allowed });
      for (const problem of problems) showWarning(`Prometheus: ${problem}`);
      // A file outside the workspace is said and asked about once.
      for (const file of outsideFiles) askAboutFile(file);
      const untrustedTargets = trusted ? 0 : [...configTargets.values()].reduce((n, c) => n + c.targets.length, 0);
      if (untrustedTargets > 0 && !toldUntrusted) {
        // Said once, in one place: why the workspace's targets give no live data.
        toldUntrusted = true;
        void connection.sendNotification(ShowMessageNotification.type, {
          type: MessageType.Info,
          message: `Prometheus: this workspace is not trusted, so the ${untrustedTargets} scrape target${untrustedTargets === 1 ? '' : 's'} of its configuration ${untrustedTargets === 1 ? 'is' : 'are'} not fetched and no credential file it names is read. Trust the workspace to get live metrics from them; servers and scrape URLs of your user settings still work.`,
        });
      }
      const key = JSON.stringify([sources.map((s) => s.id), settings.requestTimeoutMs, settings.maxResponseBytes, settings.followRedirectsWithCredentials, trusted, settings.servers, settings.scrapeUrls]);
      catalogs.setTtl(settings.refreshIntervalMs);
      if (key === lastSourceKey) return;
      lastSourceKey = key;
      catalogs.configure(sources);
    });
  };
  let sourcesTimer: NodeJS.Timeout | undefined;
  const configureSourcesSoon = (): void => {
    clearTimeout(sourcesTimer);
    sourcesTimer = setTimeout(configureSources, 500);
  };

  /** Records the scrape targets of a configuration file (or forgets them). */
  const noteConfig = (uri: string, model: DocumentModel | null): void => {
    const had = configTargets.has(uri);
    if (model && model.kind === 'config') configIntervals.set(uri, configIntervalsOf(model.documents));
    else configIntervals.delete(uri);
    workspaceIntervals = mergeConfigIntervals(configIntervals.values());
    if (model && model.kind === 'config') {
      configTargets.set(uri, { uri, targets: scrapeTargetsOf(model.documents) });
      configureSourcesSoon();
    } else if (had) {
      configTargets.delete(uri);
      configureSourcesSoon();
    }
  };

  connection.onInitialized(() => {
    void applySettings();
  });
  connection.onDidChangeConfiguration((params) => {
    // Clients without workspace/configuration push the settings in the notification instead.
    const pushed = (params.settings as Record<string, unknown> | undefined)?.['prometheus'];
    void applySettings(canAskConfiguration || pushed === undefined ? undefined : toSettings(pushed));
  });

  /** The index of an open document, per version. */
  const fileIndexOf = (document: TextDocument, model: DocumentModel): FileIndex => {
    const cached = fileIndexes.get(document.uri);
    if (cached && cached.version === document.version) return cached.file;
    const file = indexDocument(document.uri, model);
    fileIndexes.set(document.uri, { version: document.version, file });
    return file;
  };

  /** The words a file that is not a rule file gives `rules/unused` (a rule file's names are its own definitions). */
  const noteMentions = (uri: string, text: string, model: DocumentModel | null): void => {
    if (model?.kind === 'rules') index.mentions.delete(uri);
    else index.mentions.set(uri, text);
  };
  /** A file that is no candidate (a dashboard, a doc, code): read for the names it mentions. */
  const noteMentionFile = (uri: string): void => {
    const text = readMentionFile(uri);
    if (text === null) index.mentions.delete(uri);
    else index.mentions.set(uri, text);
  };

  /** Indexes a file that is not open; one that cannot be Prometheus' (another tool's YAML) is not parsed, only read for its names and dialect. */
  const indexClosedFile = (uri: string, text = readWorkspaceFile(uri), mayBePrometheus = true): void => {
    noteDialect(uri, text);
    if (text === null) {
      index.delete(uri);
      index.mentions.delete(uri);
      closedTexts.delete(uri);
      return;
    }
    const document = TextDocument.create(uri, languageIdOf(uri), 0, text);
    const model = mayBePrometheus ? service.parseDocument(document) : null;
    noteConfig(uri, model);
    noteMentions(uri, text, model);
    if (!model) {
      index.delete(uri);
      closedTexts.delete(uri);
      return;
    }
    closedTexts.set(uri, document);
    index.set(indexDocument(uri, model));
  };

  const positionsOf: PositionsOf = (uri) => {
    const document = documents.get(uri) ?? closedTexts.get(uri);
    return document ? (offset) => document.positionAt(offset) : null;
  };

  const validate = (document: TextDocument): void => {
    runSafeNotification(connection, 'validation', () => {
      const model = models.get(document);
      // The language service's own, and what a Prometheus server said when the user ran a query here.
      const diagnostics = model ? [...service.validate(document, model, { index, file: fileIndexOf(document, model) }), ...queries.diagnostics(document)] : [];
      void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
    });
  };

  let revalidation: NodeJS.Timeout | undefined;
  /** The rule graph spans files: after a change, the other open documents are checked again (debounced). */
  const revalidateAll = (except?: string): void => {
    clearTimeout(revalidation);
    revalidation = setTimeout(() => {
      for (const document of documents.all()) if (document.uri !== except) validate(document);
    }, 300);
  };

  /**
   * A burst of keystrokes is validated once, shortly after it ends: a large rule file takes long to
   * parse, and requests (completion, hover) parse the current version themselves when they need it.
   */
  const pending = new Map<string, NodeJS.Timeout>();
  const indexAndValidate = (uri: string): void => {
    pending.delete(uri);
    const document = documents.get(uri);
    if (!document) return;
    runSafeNotification(connection, 'indexing', () => {
      noteDialect(uri, document.getText());
      const model = models.get(document);
      noteConfig(uri, model);
      noteMentions(uri, document.getText(), model);
      if (model) index.set(fileIndexOf(document, model));
      else index.delete(uri);
      closedTexts.delete(uri);
    });
    validate(document);
    revalidateAll(uri);
  };
  const scheduleValidation = (uri: string): void => {
    clearTimeout(pending.get(uri));
    pending.set(uri, setTimeout(() => indexAndValidate(uri), VALIDATION_DELAY_MS));
  };
  documents.onDidChangeContent((event) => scheduleValidation(event.document.uri));
  /**
   * An answer is written on a later turn of the event loop (vscode-jsonrpc queues writes with
   * setImmediate): a validation that fell due meanwhile would run first, and the answer would wait
   * for the validation of the whole file. The validation a keystroke scheduled starts over once a
   * completion is computed; the same version is validated, a little later.
   */
  const postponeValidation = (uri: string): void => {
    if (pending.has(uri)) scheduleValidation(uri);
  };
  documents.onDidClose((event) => {
    clearTimeout(pending.get(event.document.uri));
    pending.delete(event.document.uri);
    models.forget(event.document.uri);
    fileIndexes.delete(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
    indexClosedFile(event.document.uri);
  });
  connection.onDidChangeWatchedFiles((params) => {
    runSafeNotification(connection, 'file changes', () => {
      for (const change of params.changes) {
        if (documents.get(change.uri)) continue; // open documents are indexed from the editor's text
        if (change.type === FileChangeType.Deleted) {
          index.delete(change.uri);
          index.mentions.delete(change.uri);
          closedTexts.delete(change.uri);
          noteConfig(change.uri, null);
          noteDialect(change.uri, null);
        } else if (isCandidateFile(change.uri)) {
          const text = readWorkspaceFile(change.uri);
          indexClosedFile(change.uri, text, text !== null && isWorthParsing(change.uri, text, documentKinds.kindOf(change.uri)));
        } else if (isMentionFile(change.uri, workspaceFolders)) {
          noteMentionFile(change.uri);
        }
      }
      revalidateAll();
    });
  });

  /** Runs a feature on the model of an open document; the default when the document is unknown. */
  const withModel = <T>(uri: string, fallback: T, work: (document: TextDocument, model: DocumentModel) => T): T => {
    const document = documents.get(uri);
    const model = document ? models.get(document) : null;
    return document && model ? work(document, model) : fallback;
  };
  connection.onDocumentSymbol((params, token) =>
    runSafe(connection, 'documentSymbol', token, [], () => withModel(params.textDocument.uri, [], (d, m) => service.documentSymbols(d, m))));
  connection.onFoldingRanges((params, token) =>
    runSafe(connection, 'foldingRanges', token, [], () => withModel(params.textDocument.uri, [], (d, m) => service.foldingRanges(d, m))));
  connection.onDefinition((params, token) =>
    runSafe(connection, 'definition', token, [], () => withModel(params.textDocument.uri, [], (d, m) =>
      definition(m, fileIndexOf(d, m), d.offsetAt(params.position), index, positionsOf))));
  connection.onReferences((params, token) =>
    runSafe(connection, 'references', token, [], () => withModel(params.textDocument.uri, [], (d, m) =>
      references(m, fileIndexOf(d, m), d.offsetAt(params.position), params.context.includeDeclaration, index, positionsOf))));
  connection.onPrepareRename((params, token) =>
    runSafe(connection, 'prepareRename', token, null, () => withModel(params.textDocument.uri, null, (d, m) =>
      prepareRename(d, m, fileIndexOf(d, m), d.offsetAt(params.position), index))));
  connection.onRenameRequest((params, token) =>
    runSafe(connection, 'rename', token, null, () => withModel(params.textDocument.uri, null, (d, m) => {
      const result = rename(m, fileIndexOf(d, m), d.offsetAt(params.position), params.newName, index, positionsOf);
      if ('error' in result) throw new ResponseError(-32803, result.error);
      return result.edit;
    })));
  connection.onDocumentFormatting((params, token) =>
    runSafe(connection, 'formatting', token, [], () => withModel(params.textDocument.uri, [], (d, m) => service.format(d, m))));
  connection.onDocumentRangeFormatting((params, token) =>
    runSafe(connection, 'rangeFormatting', token, [], () => withModel(params.textDocument.uri, [], (d, m) =>
      service.format(d, m, { start: d.offsetAt(params.range.start), end: d.offsetAt(params.range.end) }))));
  /**
   * Before completing or hovering PromQL: the sources' first load (briefly), and the label values or
   * names a server answers on demand for the cursor's selector. Deadlines keep typing responsive; a
   * late answer serves the next keystroke.
   */
  const prepareLiveData = async (uri: string, position: { line: number; character: number }, forHover: boolean): Promise<void> => {
    const document = documents.get(uri);
    const model = document ? models.get(document) : null;
    if (!document || !model) return;
    const at = service.promqlAt(document, model, document.offsetAt(position));
    if (!at) return;
    await catalogs.whenLoaded(FIRST_LOAD_DEADLINE_MS);
    if (forHover) {
      const word = /[A-Za-z0-9_:]*$/.exec(at.text.slice(0, at.offset))?.[0] ?? '';
      const rest = /^[A-Za-z0-9_:]*/.exec(at.text.slice(at.offset))?.[0] ?? '';
      if (word + rest) await catalogs.ensureLabelNames(word + rest, ON_DEMAND_DEADLINE_MS);
      return;
    }
    const context = completionContextAt(at.text, at.offset, at.analysis.expr);
    if (context.kind === 'labelValue') await catalogs.ensureLabelValues(context.label, context.metric, ON_DEMAND_DEADLINE_MS);
    else if (context.kind === 'labelName' && context.metric) await catalogs.ensureLabelNames(context.metric, ON_DEMAND_DEADLINE_MS);
    else if (context.kind === 'groupingLabel') await Promise.all(context.metrics.slice(0, 5).map((m) => catalogs.ensureLabelNames(m, ON_DEMAND_DEADLINE_MS)));
  };

  connection.onCompletion(async (params, token) => {
    await prepareLiveData(params.textDocument.uri, params.position, false).catch(() => undefined);
    const list = runSafe(connection, 'completion', token, { isIncomplete: false, items: [] }, () =>
      withModel(params.textDocument.uri, { isIncomplete: false, items: [] }, (d, m) => service.complete(d, m, d.offsetAt(params.position), index)));
    postponeValidation(params.textDocument.uri);
    return list;
  });
  connection.onCompletionResolve((item, token) => runSafe(connection, 'completionResolve', token, item, () => service.resolveCompletion(item)));
  connection.onHover(async (params, token) => {
    await prepareLiveData(params.textDocument.uri, params.position, true).catch(() => undefined);
    return runSafe(connection, 'hover', token, null, () => withModel(params.textDocument.uri, null, (d, m) => service.hover(d, m, d.offsetAt(params.position), index)));
  });
  connection.onSignatureHelp((params, token) =>
    runSafe(connection, 'signatureHelp', token, null, () => withModel(params.textDocument.uri, null, (d, m) => service.signatureHelp(d, m, d.offsetAt(params.position)))));
  const queries = registerQueryHandlers(connection, {
    documents,
    models,
    settings: () => settings,
    intervals: () => workspaceIntervals,
    republish: (uri) => {
      const document = documents.get(uri);
      if (document) validate(document);
    },
    serverReached: (server, reachable) => catalogs.observed(prometheusSourceId(server.url), reachable),
  });
  connection.onExecuteCommand(async (params, token) => {
    const queryCommand = queries.executeCommand(params, token);
    if (queryCommand) return queryCommand;
    if (params.command === REFRESH_COMMAND) {
      catalogs.catalog.clearFetched();
      await catalogs.refresh(true);
      return { sources: catalogs.statuses() };
    }
    if (params.command === TARGET_REPORT_COMMAND) {
      const [uri, position] = (params.arguments ?? []) as [string | undefined, { line: number; character: number } | undefined];
      if (typeof uri !== 'string') return null;
      return withModel(uri, null, (d, m) => service.targetReport(m, position ? d.offsetAt(position) : undefined));
    }
    return null;
  });
  connection.onCodeAction((params, token) =>
    runSafe(connection, 'codeAction', token, [], () => {
      const document = documents.get(params.textDocument.uri);
      return document ? quickFixes(document, params.context.diagnostics, params.range) : [];
    }));
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
    return { heapUsedBytes: memory.heapUsed, rssBytes: memory.rss, openFiles, documents: documents.all().length, indexedFiles: index.size, scanDone: scan.done, scanMs: scan.ms, scannedFiles: scan.files };
  });
  connection.onRequest(SOURCE_STATUS_REQUEST, () => ({ sources: catalogs.statuses() }));
  connection.onWorkspaceSymbol((params, token) =>
    runSafe(connection, 'workspaceSymbol', token, [], () => workspaceSymbols(params.query, index, positionsOf)));

  documents.listen(connection);
  connection.listen();
}
