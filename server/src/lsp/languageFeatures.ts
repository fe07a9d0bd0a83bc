import { ResponseError, type Position } from 'vscode-languageserver/node';
import { quickFixes } from './codeActions';
import { textOf, toLspRange } from './lspRanges';
import { runSafe } from './runSafe';
import {
  toLspCompletionList, toLspDocumentSymbols, toLspFoldingRanges, toLspHover, toLspLocations, toLspResolvedItem, toLspSignatureHelp,
  toLspSymbolInformation, toLspTextEdits, toLspWorkspaceEdit,
} from './toLsp';
import type { ServerContext } from './serverContext';

/*
 * The language features of an open document, answered by the workspace host: outline, folding,
 * navigation (definition, references, rename, workspace symbols), formatting, completion, hover,
 * signature help and quick fixes. Each handler turns the request's position into an offset and the
 * answer's offsets into LSP ranges; nothing else happens here.
 */

/** Fetches what completion or hover at a position needs from the live sources, within deadlines. */
export type PrepareLiveData = (uri: string, position: Position, forHover: boolean) => Promise<void>;

/** `afterCompletion`: called once a completion's answer is computed (documentSync's postponeValidation). */
export function registerLanguageFeatures(context: ServerContext, prepareLiveData: PrepareLiveData, afterCompletion: (uri: string) => void): void {
  const { connection, documents, workspace } = context;
  /** The offset of a position in an open document; null when the document is not open. */
  const offsetIn = (uri: string, position: Position): number | null => documents.get(uri)?.offsetAt(position) ?? null;
  /** A request on an open document: its answer, or the fallback. */
  const onOpen = <T>(uri: string, fallback: T, work: () => T): T => (documents.get(uri) ? work() : fallback);
  const documentOf = (uri: string) => textOf(documents, workspace, uri);

  connection.onDocumentSymbol((params, token) =>
    runSafe(connection, 'documentSymbol', token, [], () => {
      const document = documents.get(params.textDocument.uri);
      return document ? toLspDocumentSymbols(document, workspace.documentSymbols(document.uri)) : [];
    }));
  connection.onFoldingRanges((params, token) =>
    runSafe(connection, 'foldingRanges', token, [], () => onOpen(params.textDocument.uri, [], () => toLspFoldingRanges(workspace.foldingRanges(params.textDocument.uri)))));
  connection.onDefinition((params, token) =>
    runSafe(connection, 'definition', token, [], () => {
      const offset = offsetIn(params.textDocument.uri, params.position);
      return offset === null ? [] : toLspLocations(workspace.definition(params.textDocument.uri, offset), documentOf);
    }));
  connection.onReferences((params, token) =>
    runSafe(connection, 'references', token, [], () => {
      const offset = offsetIn(params.textDocument.uri, params.position);
      return offset === null ? [] : toLspLocations(workspace.references(params.textDocument.uri, offset, params.context.includeDeclaration), documentOf);
    }));
  connection.onPrepareRename((params, token) =>
    runSafe(connection, 'prepareRename', token, null, () => {
      const document = documents.get(params.textDocument.uri);
      const range = document ? workspace.renameRange(document.uri, document.offsetAt(params.position)) : null;
      return document && range ? toLspRange(document, range) : null;
    }));
  connection.onRenameRequest((params, token) =>
    runSafe(connection, 'rename', token, null, () => {
      const offset = offsetIn(params.textDocument.uri, params.position);
      if (offset === null) return null;
      const result = workspace.rename(params.textDocument.uri, offset, params.newName);
      if ('error' in result) throw new ResponseError(-32803, result.error);
      return toLspWorkspaceEdit(result.edits, documentOf);
    }));
  connection.onWorkspaceSymbol((params, token) =>
    runSafe(connection, 'workspaceSymbol', token, [], () => toLspSymbolInformation(workspace.workspaceSymbols(params.query), documentOf)));
  connection.onDocumentFormatting((params, token) =>
    runSafe(connection, 'formatting', token, [], () => {
      const document = documents.get(params.textDocument.uri);
      return document ? toLspTextEdits(document, workspace.format(document.uri)) : [];
    }));
  connection.onDocumentRangeFormatting((params, token) =>
    runSafe(connection, 'rangeFormatting', token, [], () => {
      const document = documents.get(params.textDocument.uri);
      return document ? toLspTextEdits(document, workspace.format(document.uri, { start: document.offsetAt(params.range.start), end: document.offsetAt(params.range.end) })) : [];
    }));

  connection.onCompletion(async (params, token) => {
    await prepareLiveData(params.textDocument.uri, params.position, false).catch(() => undefined);
    const list = runSafe(connection, 'completion', token, { isIncomplete: false, items: [] }, () => {
      const document = documents.get(params.textDocument.uri);
      return document ? toLspCompletionList(document, workspace.completion(document.uri, document.offsetAt(params.position))) : { isIncomplete: false, items: [] };
    });
    afterCompletion(params.textDocument.uri);
    return list;
  });
  connection.onCompletionResolve((item, token) => runSafe(connection, 'completionResolve', token, item, () => toLspResolvedItem(item, workspace.completionDocumentation(item.data))));
  connection.onHover(async (params, token) => {
    await prepareLiveData(params.textDocument.uri, params.position, true).catch(() => undefined);
    return runSafe(connection, 'hover', token, null, () => {
      const document = documents.get(params.textDocument.uri);
      return document ? toLspHover(document, workspace.hover(document.uri, document.offsetAt(params.position))) : null;
    });
  });
  connection.onSignatureHelp((params, token) =>
    runSafe(connection, 'signatureHelp', token, null, () => {
      const offset = offsetIn(params.textDocument.uri, params.position);
      return offset === null ? null : toLspSignatureHelp(workspace.signatureHelp(params.textDocument.uri, offset));
    }));
  connection.onCodeAction((params, token) =>
    runSafe(connection, 'codeAction', token, [], () => {
      const document = documents.get(params.textDocument.uri);
      return document ? quickFixes(document, params.context.diagnostics, params.range) : [];
    }));
}
