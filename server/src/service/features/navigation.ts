import { SymbolKind, type Location, type Range, type SymbolInformation, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentModel } from '../languageService';
import { nodeAt, type TextRange } from '../promql/syntaxTree';
import type { FileIndex, RuleDefinition } from '../rules/ruleIndex';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { shiftRange } from '../documents/textRanges';

/*
 * Navigation over recording rules across the workspace: go to definition (an `expr` that reads
 * job:foo:rate5m jumps to its `record:`), find references, rename, and workspace symbols.
 * Positions in other files come from the workspace index; `positionsOf` turns them into lines.
 */

/** Converts offsets of an indexed file into positions; the LSP layer knows the files' texts. */
export type PositionsOf = (uri: string) => ((offset: number) => { line: number; character: number }) | null;

/** The recording-rule or metric name at an offset of a document, with its range. */
export function nameAt(model: DocumentModel, file: FileIndex, offset: number): { name: string; range: TextRange } | null {
  for (const d of file.definitions) if (offset >= d.nameRange.start && offset <= d.nameRange.end) return { name: d.name, range: d.nameRange };
  for (const use of file.uses) if (offset >= use.range.start && offset <= use.range.end) return { name: use.name, range: use.range };
  // An incomplete query may not be indexed as a use yet: read the tree at the cursor.
  if (model.kind === 'promql') {
    for (const query of model.queries) {
      const inner = offset - query.offset;
      if (inner < 0 || inner > query.analysis.text.length) continue;
      const node = nodeAt(query.analysis.expr, inner);
      if (node?.kind === 'VectorSelector' && node.name && inner >= node.name.range.start && inner <= node.name.range.end) {
        return { name: node.name.value, range: shiftRange(node.name.range, query.offset) };
      }
    }
  }
  return null;
}

function location(uri: string, range: TextRange, positionsOf: PositionsOf): Location | null {
  const at = positionsOf(uri);
  return at ? { uri, range: { start: at(range.start), end: at(range.end) } } : null;
}

export function definition(model: DocumentModel, file: FileIndex, offset: number, index: WorkspaceIndex, positionsOf: PositionsOf): Location[] {
  const target = nameAt(model, file, offset);
  if (!target) return [];
  return index.definitions(target.name).map((d) => location(d.uri, d.nameRange, positionsOf)).filter((l): l is Location => l !== null);
}

export function references(model: DocumentModel, file: FileIndex, offset: number, includeDeclaration: boolean, index: WorkspaceIndex, positionsOf: PositionsOf): Location[] {
  const target = nameAt(model, file, offset);
  if (!target) return [];
  const ranges: { uri: string; range: TextRange }[] = index.uses(target.name).map((u) => ({ uri: u.uri, range: u.range }));
  if (includeDeclaration) ranges.unshift(...index.definitions(target.name).map((d) => ({ uri: d.uri, range: d.nameRange })));
  return ranges.map((r) => location(r.uri, r.range, positionsOf)).filter((l): l is Location => l !== null);
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** The range to rename when the cursor is on a recording rule's name or a use of it; null otherwise. */
export function prepareRename(document: TextDocument, model: DocumentModel, file: FileIndex, offset: number, index: WorkspaceIndex): Range | null {
  const target = nameAt(model, file, offset);
  if (!target || !index.definitions(target.name).some((d) => d.kind === 'record')) return null;
  return { start: document.positionAt(target.range.start), end: document.positionAt(target.range.end) };
}

export type RenameResult = { edit: WorkspaceEdit } | { error: string };

export function rename(model: DocumentModel, file: FileIndex, offset: number, newName: string, index: WorkspaceIndex, positionsOf: PositionsOf): RenameResult {
  const target = nameAt(model, file, offset);
  if (!target) return { error: 'Place the cursor on a recording rule or a metric name it records.' };
  const records = index.definitions(target.name).filter((d) => d.kind === 'record');
  if (records.length === 0) return { error: `${target.name} is not recorded by any rule of the workspace: only recording rules can be renamed.` };
  if (!METRIC_NAME.test(newName)) return { error: `"${newName}" is not a valid metric name ([a-zA-Z_:][a-zA-Z0-9_:]*).` };
  const changes: Record<string, TextEdit[]> = {};
  const add = (uri: string, range: TextRange): void => {
    const at = positionsOf(uri);
    if (!at) return;
    (changes[uri] ??= []).push({ range: { start: at(range.start), end: at(range.end) }, newText: newName });
  };
  for (const d of records) add(d.uri, d.nameRange);
  for (const u of index.uses(target.name)) add(u.uri, u.range);
  return { edit: { changes } };
}

export function workspaceSymbols(query: string, index: WorkspaceIndex, positionsOf: PositionsOf): SymbolInformation[] {
  const wanted = query.toLowerCase();
  const out: SymbolInformation[] = [];
  for (const d of index.allDefinitions()) {
    if (wanted && !fuzzyContains(d.name.toLowerCase(), wanted)) continue;
    const loc = location(d.uri, d.nameRange, positionsOf);
    if (loc) out.push({ name: d.name, kind: symbolKind(d), location: loc, containerName: d.group });
    if (out.length >= 1000) break;
  }
  return out;
}

function symbolKind(d: RuleDefinition): SymbolKind {
  return d.kind === 'record' ? SymbolKind.Variable : SymbolKind.Event;
}

/** Every character of `query` appears in `text`, in order. */
function fuzzyContains(text: string, query: string): boolean {
  let i = 0;
  for (const ch of text) if (ch === query[i]) i++;
  return i === query.length;
}
