import { TextDocument } from 'vscode-languageserver-textdocument';
import { TextDocuments, TextDocumentSyncKind, type Connection, type InitializeResult } from 'vscode-languageserver/node';
import { getLanguageService, type DocumentModel } from '../service/languageService';
import { DocumentModels } from './documentModels';
import { runSafe, runSafeNotification } from './runSafe';

/** Wires the language service to an LSP connection. Holds no language logic of its own. */
export function startServer(connection: Connection, version: string): void {
  const service = getLanguageService();
  const documents = new TextDocuments(TextDocument);
  const models = new DocumentModels(service);

  connection.onInitialize((): InitializeResult => ({
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      documentSymbolProvider: true,
      foldingRangeProvider: true,
    },
    serverInfo: { name: 'prometheus-lsp', version },
  }));

  const validate = (document: TextDocument): void => {
    runSafeNotification(connection, 'validation', () => {
      const model = models.get(document);
      const diagnostics = model ? service.validate(document, model) : [];
      void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
    });
  };

  documents.onDidChangeContent((event) => validate(event.document));

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
  documents.onDidClose((event) => {
    models.forget(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  documents.listen(connection);
  connection.listen();
}
