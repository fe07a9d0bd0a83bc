import type { DocumentSymbol, FoldingRange, Hover, SignatureHelp, TextEdit } from 'vscode-languageserver-types';
import type { LanguageService } from '../../server/src/service/languageService';
import { toLspDocumentSymbols, toLspFoldingRanges, toLspHover, toLspSignatureHelp, toLspTextEdits } from '../../server/src/lsp/toLsp';

/*
 * The language service answers in its own offset-based data; the server turns each answer into LSP
 * at its edge (server/src/lsp/toLsp.ts). Tests that assert the LSP shapes an editor receives wrap
 * the service with this, so that they run the very converters the server runs.
 */

export type LspAnsweringService = Omit<LanguageService, 'signatureHelp' | 'foldingRanges' | 'format' | 'documentSymbols' | 'hover'> & {
  signatureHelp(...args: Parameters<LanguageService['signatureHelp']>): SignatureHelp | null;
  foldingRanges(...args: Parameters<LanguageService['foldingRanges']>): FoldingRange[];
  format(...args: Parameters<LanguageService['format']>): TextEdit[];
  hover(...args: Parameters<LanguageService['hover']>): Hover | null;
  documentSymbols(...args: Parameters<LanguageService['documentSymbols']>): DocumentSymbol[];
};

export function withLspAnswers(service: LanguageService): LspAnsweringService {
  return {
    ...service,
    signatureHelp: (document, model, offset) => toLspSignatureHelp(service.signatureHelp(document, model, offset)),
    foldingRanges: (document, model) => toLspFoldingRanges(service.foldingRanges(document, model)),
    hover: (document, model, offset, workspace) => toLspHover(document, service.hover(document, model, offset, workspace)),
    format: (document, model, range) => toLspTextEdits(document, service.format(document, model, range)),
    documentSymbols: (document, model) => toLspDocumentSymbols(document, service.documentSymbols(document, model)),
  };
}
