import { TextDocument } from 'vscode-languageserver-textdocument';
import { TextDocuments, TextDocumentSyncKind, type Connection, type InitializeResult } from 'vscode-languageserver/node';
import { getLanguageService } from '../service/languageService';
import { DocumentModels } from './documentModels';
import { runSafeNotification } from './runSafe';

/** Wires the language service to an LSP connection. Holds no language logic of its own. */
export function startServer(connection: Connection, version: string): void {
  const service = getLanguageService();
  const documents = new TextDocuments(TextDocument);
  const models = new DocumentModels(service);

  connection.onInitialize((): InitializeResult => ({
    capabilities: { textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental } },
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
  documents.onDidClose((event) => {
    models.forget(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  documents.listen(connection);
  connection.listen();
}
