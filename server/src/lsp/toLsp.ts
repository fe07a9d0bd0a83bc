import type { FoldingRange, SignatureHelp } from 'vscode-languageserver/node';
import type { Fold } from '../service/features/foldingRanges';
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
