import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CompletionItemKind, CompletionItemTag, DiagnosticSeverity, DiagnosticTag, InsertTextFormat, InsertTextMode, MarkupKind, SymbolKind,
  type CompletionItem, type CompletionList, type Diagnostic, type DocumentSymbol, type Location, type SymbolInformation, type WorkspaceEdit, type FoldingRange, type Hover, type MarkupContent, type Range, type SignatureHelp, type TextEdit,
} from 'vscode-languageserver/node';
import type { OutlineKind, OutlineSymbol } from '../service/features/documentSymbols';
import type { Fold } from '../service/features/foldingRanges';
import type { FileRange } from '../service/features/navigation';
import type { WorkspaceSymbol } from '../service/workspace/workspace';
import type { Problem, QuickFix, Severity } from '../service/diagnostic';
import type { CompletionAnswer, CompletionDocumentation, CompletionEntry, CompletionKind } from '../service/features/completionEntry';
import type { HoverAnswer } from '../service/features/hoverAnswer';
import type { TextChange } from '../service/quickFix';
import { toLspLocation, toLspRange } from './lspRanges';
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

const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
  variable: CompletionItemKind.Variable,
  field: CompletionItemKind.Field,
  value: CompletionItemKind.Value,
  function: CompletionItemKind.Function,
  operator: CompletionItemKind.Operator,
  keyword: CompletionItemKind.Keyword,
  unit: CompletionItemKind.Unit,
  property: CompletionItemKind.Property,
  enumMember: CompletionItemKind.EnumMember,
  snippet: CompletionItemKind.Snippet,
  file: CompletionItemKind.File,
  folder: CompletionItemKind.Folder,
};

export function toLspDocumentation(documentation: CompletionDocumentation): MarkupContent | string {
  return 'markdown' in documentation ? { kind: MarkupKind.Markdown, value: documentation.markdown } : documentation.plain;
}

/**
 * Completion entries in offsets of `document`, as an LSP CompletionList. The entries of one answer
 * mostly share one edit range (the word at the cursor): it is converted once.
 */
export function toLspCompletionList(document: TextDocument, answer: CompletionAnswer): CompletionList {
  let last: { start: number; end: number; range: Range } | null = null;
  const rangeOf = (start: number, end: number): Range => {
    if (last?.start !== start || last.end !== end) last = { start, end, range: toLspRange(document, { start, end }) };
    return last.range;
  };
  return { isIncomplete: answer.isIncomplete, items: answer.items.map((entry) => toLspCompletionItem(entry, rangeOf)) };
}

function toLspCompletionItem(entry: CompletionEntry, rangeOf: (start: number, end: number) => Range): CompletionItem {
  const item: CompletionItem = { label: entry.label, kind: COMPLETION_KIND[entry.kind] };
  if (entry.detail !== undefined) item.detail = entry.detail;
  if (entry.documentation !== undefined) item.documentation = toLspDocumentation(entry.documentation);
  if (entry.filterText !== undefined) item.filterText = entry.filterText;
  if (entry.insertText !== undefined) item.insertText = entry.insertText;
  if (entry.snippet) item.insertTextFormat = InsertTextFormat.Snippet;
  if (entry.adjustIndentation) item.insertTextMode = InsertTextMode.adjustIndentation;
  if (entry.edit) item.textEdit = { range: rangeOf(entry.edit.range.start, entry.edit.range.end), newText: entry.edit.newText };
  if (entry.sortText !== undefined) item.sortText = entry.sortText;
  if (entry.deprecated) item.tags = [CompletionItemTag.Deprecated];
  if (entry.suggestAgain) item.command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
  if (entry.data !== undefined) item.data = entry.data;
  return item;
}

/** An item the editor asks to resolve, with the documentation its data stands for (null: unchanged). */
export function toLspResolvedItem(item: CompletionItem, documentation: CompletionDocumentation | null): CompletionItem {
  return documentation ? { ...item, documentation: toLspDocumentation(documentation) } : item;
}

/** What an LSP diagnostic carries in `data`: its fixes, in LSP ranges (codeActions.ts reads them back). */
export interface DiagnosticData {
  readonly fixes: readonly { readonly title: string; readonly safe: boolean; readonly edits: readonly TextEdit[] }[];
}

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** A severity of the service's as LSP's. */
export const lspSeverity = (severity: Severity): DiagnosticSeverity => LSP_SEVERITY[severity];

/** A problem in offsets of `document`, as an LSP diagnostic with its fixes in `data`. */
export function toLspDiagnostic(document: TextDocument, problem: Problem): Diagnostic {
  return {
    range: toLspRange(document, problem.range),
    severity: LSP_SEVERITY[problem.severity],
    code: problem.code.code,
    source: 'prometheus',
    message: problem.message,
    ...(problem.unnecessary ? { tags: [DiagnosticTag.Unnecessary] } : {}),
    ...(problem.fixes && problem.fixes.length > 0 ? { data: diagnosticDataOf(document, problem.fixes) } : {}),
    ...(problem.related && problem.related.length > 0
      ? { relatedInformation: problem.related.map((r) => ({ location: { uri: document.uri, range: toLspRange(document, r.range) }, message: r.message })) }
      : {}),
  };
}

function diagnosticDataOf(document: TextDocument, fixes: readonly QuickFix[]): DiagnosticData {
  return { fixes: fixes.map((fix) => ({ title: fix.title, safe: fix.safe, edits: toLspTextEdits(document, fix.changes) })) };
}

/** The text a file's offsets index (the editor's document when open, else the workspace's copy); undefined: unknown. */
export type DocumentOf = (uri: string) => TextDocument | undefined;

/** Ranges of files of the workspace as LSP locations; a file whose text is unknown is left out. */
export function toLspLocations(ranges: readonly FileRange[], documentOf: DocumentOf): Location[] {
  return ranges.map((r) => toLspLocation(documentOf(r.uri), r.range)).filter((l): l is Location => l !== null);
}

/** Replacements in files of the workspace (a rename) as an LSP WorkspaceEdit. */
export function toLspWorkspaceEdit(edits: readonly (FileRange & { readonly newText: string })[], documentOf: DocumentOf): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  for (const edit of edits) {
    const document = documentOf(edit.uri);
    if (document) (changes[edit.uri] ??= []).push({ range: toLspRange(document, edit.range), newText: edit.newText });
  }
  return { changes };
}

/** Recording rules and alerts as LSP workspace symbols: a recording rule is a variable, an alert an event. */
export function toLspSymbolInformation(symbols: readonly WorkspaceSymbol[], documentOf: DocumentOf): SymbolInformation[] {
  return symbols.flatMap((symbol): SymbolInformation[] => {
    const location = toLspLocation(documentOf(symbol.location.uri), symbol.location.range);
    return location ? [{ name: symbol.name, kind: symbol.kind === 'record' ? SymbolKind.Variable : SymbolKind.Event, location, containerName: symbol.group }] : [];
  });
}
