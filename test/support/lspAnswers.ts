import type { CompletionItem, CompletionList, Diagnostic, DocumentSymbol, FoldingRange, Hover, SignatureHelp, TextEdit } from 'vscode-languageserver-types';
import type { LanguageService } from '../../server/src/service/languageService';
import {
  toLspCompletionList, toLspDiagnostic, toLspDocumentSymbols, toLspFoldingRanges, toLspHover, toLspResolvedItem, toLspSignatureHelp, toLspTextEdits,
} from '../../server/src/lsp/toLsp';

/*
 * The language service answers in its own offset-based data; the server turns each answer into LSP
 * at its edge (server/src/lsp/toLsp.ts). Tests that assert the LSP shapes an editor receives wrap
 * the service with this, so that they run the very converters the server runs.
 */

type Converted = 'signatureHelp' | 'foldingRanges' | 'format' | 'documentSymbols' | 'hover' | 'complete';

export type LspAnsweringService = Omit<LanguageService, Converted> & {
  /** `findings` as the diagnostics the server publishes. */
  validate(...args: Parameters<LanguageService['findings']>): Diagnostic[];
  /** `ruleGraphFindings` as diagnostics. */
  ruleGraphDiagnostics(...args: Parameters<LanguageService['ruleGraphFindings']>): Diagnostic[];
  signatureHelp(...args: Parameters<LanguageService['signatureHelp']>): SignatureHelp | null;
  foldingRanges(...args: Parameters<LanguageService['foldingRanges']>): FoldingRange[];
  format(...args: Parameters<LanguageService['format']>): TextEdit[];
  hover(...args: Parameters<LanguageService['hover']>): Hover | null;
  documentSymbols(...args: Parameters<LanguageService['documentSymbols']>): DocumentSymbol[];
  complete(...args: Parameters<LanguageService['complete']>): CompletionList;
  /** What the server answers to `completionItem/resolve`. */
  resolveCompletion(item: CompletionItem): CompletionItem;
};

export function withLspAnswers(service: LanguageService): LspAnsweringService {
  return {
    ...service,
    validate: (document, model, workspace) => service.findings(document, model, workspace).map((p) => toLspDiagnostic(document, p)),
    ruleGraphDiagnostics: (document, kind, workspace) => service.ruleGraphFindings(document, kind, workspace).map((p) => toLspDiagnostic(document, p)),
    signatureHelp: (document, model, offset) => toLspSignatureHelp(service.signatureHelp(document, model, offset)),
    foldingRanges: (document, model) => toLspFoldingRanges(service.foldingRanges(document, model)),
    hover: (document, model, offset, workspace) => toLspHover(document, service.hover(document, model, offset, workspace)),
    format: (document, model, range) => toLspTextEdits(document, service.format(document, model, range)),
    documentSymbols: (document, model) => toLspDocumentSymbols(document, service.documentSymbols(document, model)),
    complete: (document, model, offset, workspace) => toLspCompletionList(document, service.complete(document, model, offset, workspace)),
    resolveCompletion: (item) => toLspResolvedItem(item, service.completionDocumentation(item.data)),
  };
}
