import type { TextDocument } from 'vscode-languageserver-textdocument';
import { MarkupKind, SymbolKind, type DocumentSymbol, type FoldingRange, type Hover, type SignatureHelp, type TextEdit } from 'vscode-languageserver/node';
import type { OutlineKind, OutlineSymbol } from '../service/features/documentSymbols';
import type { Fold } from '../service/features/foldingRanges';
import type { HoverAnswer } from '../service/features/hoverAnswer';
import type { TextChange } from '../service/quickFix';
import { toLspRange } from './lspRanges';
import type { Signature } from '../service/features/signatureHelp';

/*
 * The service answers in its own data (offsets into a document's text, Markdown as strings, its own
 * kinds); these turn each feature's answer into its LSP shape at the edge. The server's handlers and
 * the tests that assert LSP shapes call the same converters.
 */

export function toLspSignatureHelp(signature: Signature | null): SignatureHelp | null {
  if (!signature) return null;
  return {
    signatures: [{ label: signature.label, parameters: signature.parameters.map((p) => ({ label: [p.start, p.end] })), documentation: signature.documentation }],
    activeSignature: 0,
    activeParameter: signature.activeParameter,
  };
}

export function toLspFoldingRanges(folds: readonly Fold[]): FoldingRange[] {
  return folds.map((f) => ({ startLine: f.startLine, endLine: f.endLine }));
}

/** Changes in offsets of `document`, as LSP edits of it. */
export function toLspTextEdits(document: TextDocument, changes: readonly TextChange[]): TextEdit[] {
  return changes.map((c) => ({ range: toLspRange(document, c.range), newText: c.newText }));
}

const SYMBOL_KIND: Record<OutlineKind, SymbolKind> = {
  function: SymbolKind.Function,
  namespace: SymbolKind.Namespace,
  object: SymbolKind.Object,
  module: SymbolKind.Module,
  interface: SymbolKind.Interface,
  method: SymbolKind.Method,
  variable: SymbolKind.Variable,
  event: SymbolKind.Event,
};

/** The outline in offsets of `document`, as LSP DocumentSymbols. */
export function toLspDocumentSymbols(document: TextDocument, symbols: readonly OutlineSymbol[]): DocumentSymbol[] {
  return symbols.map((s) => ({
    name: s.name,
    detail: s.detail,
    kind: SYMBOL_KIND[s.kind],
    range: toLspRange(document, s.range),
    selectionRange: toLspRange(document, s.selectionRange),
    ...(s.children !== undefined ? { children: toLspDocumentSymbols(document, s.children) } : {}),
  }));
}

export function toLspHover(document: TextDocument, hover: HoverAnswer | null): Hover | null {
  return hover ? { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: toLspRange(document, hover.range) } : null;
}
