import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  FileChangeType, ResponseError, TextDocuments, TextDocumentSyncKind, type Connection, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { definition, prepareRename, references, rename, workspaceSymbols, type PositionsOf } from '../service/features/navigation';
import { getLanguageService, type DocumentModel } from '../service/languageService';
import { indexDocument, type FileIndex } from '../service/rules/ruleIndex';
import { WorkspaceIndex } from '../service/workspace/workspaceIndex';
import { DocumentKindPatterns } from '../service/documents/documentKindPatterns';
import { DocumentModels } from './documentModels';
import { runSafe, runSafeNotification } from './runSafe';
import { DEFAULT_SETTINGS, fetchSettings, toSettings, type Settings } from './settings';
import { findWorkspaceFiles, languageIdOf, nodeFileSystem, readWorkspaceFile } from './workspaceFiles';

/** Quiet time after the last change before a document is validated again. */
const VALIDATION_DELAY_MS = 75;

/** Wires the language service to an LSP connection. Holds no language logic of its own. */
export function startServer(connection: Connection, version: string): void {
  let settings: Settings = DEFAULT_SETTINGS;
  let documentKinds = new DocumentKindPatterns();
  let canAskConfiguration = false;
  const service = getLanguageService({ fileSystem: nodeFileSystem, documentKinds: () => documentKinds });
  const documents = new TextDocuments(TextDocument);
  const models = new DocumentModels(service);
  const index = new WorkspaceIndex();
  /** Texts of indexed files that are not open, to turn their offsets into positions. */
  const closedTexts = new Map<string, TextDocument>();
  const fileIndexes = new Map<string, { version: number; file: FileIndex }>();
  let workspaceFolders: string[] = [];

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canAskConfiguration = params.capabilities.workspace?.configuration === true;
    settings = toSettings(params.initializationOptions);
    documentKinds = new DocumentKindPatterns(settings.documentTypes);
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
        completionProvider: { triggerCharacters: [':', ' ', '.', '$', '{'] },
        hoverProvider: true,
        documentRangeFormattingProvider: true,
      },
      serverInfo: { name: 'prometheus-lsp', version },
    };
  });

  const indexWorkspace = (): void => {
    runSafeNotification(connection, 'workspace indexing', () => {
      for (const uri of findWorkspaceFiles(workspaceFolders)) if (!documents.get(uri)) indexClosedFile(uri);
      revalidateAll();
    });
  };

  /** New settings can change what every file is: parse and index everything again. */
  const applySettings = async (pushed?: Settings): Promise<void> => {
    settings = pushed ?? (await fetchSettings(connection, canAskConfiguration, settings));
    documentKinds = new DocumentKindPatterns(settings.documentTypes);
    models.clear();
    fileIndexes.clear();
    for (const document of documents.all()) {
      const model = models.get(document);
      if (model) index.set(fileIndexOf(document, model));
      else index.delete(document.uri);
    }
    indexWorkspace();
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

  const indexClosedFile = (uri: string): void => {
    const text = readWorkspaceFile(uri);
    if (text === null) {
      index.delete(uri);
      closedTexts.delete(uri);
      return;
    }
    const document = TextDocument.create(uri, languageIdOf(uri), 0, text);
    const model = service.parseDocument(document);
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
      const diagnostics = model ? service.validate(document, model, { index, file: fileIndexOf(document, model) }) : [];
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
  documents.onDidChangeContent((event) => {
    const uri = event.document.uri;
    clearTimeout(pending.get(uri));
    pending.set(uri, setTimeout(() => {
      pending.delete(uri);
      const document = documents.get(uri);
      if (!document) return;
      runSafeNotification(connection, 'indexing', () => {
        const model = models.get(document);
        if (model) index.set(fileIndexOf(document, model));
        else index.delete(uri);
        closedTexts.delete(uri);
      });
      validate(document);
      revalidateAll(uri);
    }, VALIDATION_DELAY_MS));
  });
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
          closedTexts.delete(change.uri);
        } else {
          indexClosedFile(change.uri);
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
  connection.onCompletion((params, token) =>
    runSafe(connection, 'completion', token, { isIncomplete: false, items: [] }, () =>
      withModel(params.textDocument.uri, { isIncomplete: false, items: [] }, (d, m) => service.complete(d, m, d.offsetAt(params.position)))));
  connection.onHover((params, token) =>
    runSafe(connection, 'hover', token, null, () => withModel(params.textDocument.uri, null, (d, m) => service.hover(d, m, d.offsetAt(params.position)))));
  connection.onWorkspaceSymbol((params, token) =>
    runSafe(connection, 'workspaceSymbol', token, [], () => workspaceSymbols(params.query, index, positionsOf)));

  documents.listen(connection);
  connection.listen();
}
