import type { DocumentModel } from '../documents/documentModel';
import { nodeAt, type TextRange } from '../promql/syntaxTree';
import type { FileIndex, RuleDefinition } from '../rules/ruleIndex';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { shiftRange } from '../documents/textRanges';

/*
 * Navigation over recording rules across the workspace: go to definition (an `expr` that reads
 * job:foo:rate5m jumps to its `record:`), find references, rename, and workspace symbols.
 * Every answer is in offsets of the files of the workspace index; lsp/toLsp.ts turns them into
 * locations and edits with the files' texts.
 */

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

/** A range of a file of the workspace, in offsets. */
export interface FileRange {
  readonly uri: string;
  readonly range: TextRange;
}

/** Where the recording rule (or alert) named at the offset is defined. */
export function definitionRanges(model: DocumentModel, file: FileIndex, offset: number, index: WorkspaceIndex): FileRange[] {
  const target = nameAt(model, file, offset);
  if (!target) return [];
  return index.definitions(target.name).map((d) => ({ uri: d.uri, range: d.nameRange }));
}

/** Every read of the name at the offset (and its definitions first, when asked). */
export function referenceRanges(model: DocumentModel, file: FileIndex, offset: number, includeDeclaration: boolean, index: WorkspaceIndex): FileRange[] {
  const target = nameAt(model, file, offset);
  if (!target) return [];
  const ranges: FileRange[] = index.uses(target.name).map((u) => ({ uri: u.uri, range: u.range }));
  if (includeDeclaration) ranges.unshift(...index.definitions(target.name).map((d) => ({ uri: d.uri, range: d.nameRange })));
  return ranges;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** The range to rename when the cursor is on a recording rule's name or a use of it (offsets); null otherwise. */
export function renameRange(model: DocumentModel, file: FileIndex, offset: number, index: WorkspaceIndex): TextRange | null {
  const target = nameAt(model, file, offset);
  if (!target || !index.definitions(target.name).some((d) => d.kind === 'record')) return null;
  return target.range;
}

/** The replacements of a rename, in offsets: every definition and read of the recording rule, in each file. */
export type RenameEdits = { edits: (FileRange & { readonly newText: string })[] } | { error: string };

export function renameEdits(model: DocumentModel, file: FileIndex, offset: number, newName: string, index: WorkspaceIndex): RenameEdits {
  const target = nameAt(model, file, offset);
  if (!target) return { error: 'Place the cursor on a recording rule or a metric name it records.' };
  const records = index.definitions(target.name).filter((d) => d.kind === 'record');
  if (records.length === 0) return { error: `${target.name} is not recorded by any rule of the workspace: only recording rules can be renamed.` };
  if (!METRIC_NAME.test(newName)) return { error: `"${newName}" is not a valid metric name ([a-zA-Z_:][a-zA-Z0-9_:]*).` };
  const edits: (FileRange & { newText: string })[] = [];
  for (const d of records) edits.push({ uri: d.uri, range: d.nameRange, newText: newName });
  for (const u of index.uses(target.name)) edits.push({ uri: u.uri, range: u.range, newText: newName });
  return { edits };
}

/** The recording rules and alerts whose names hold the query's characters in order (at most 1,000). */
export function symbolsMatching(query: string, index: WorkspaceIndex): RuleDefinition[] {
  const wanted = query.toLowerCase();
  const out: RuleDefinition[] = [];
  for (const d of index.allDefinitions()) {
    if (wanted && !fuzzyContains(d.name.toLowerCase(), wanted)) continue;
    out.push(d);
    if (out.length >= 1000) break;
  }
  return out;
}

/** Every character of `query` appears in `text`, in order. */
function fuzzyContains(text: string, query: string): boolean {
  let i = 0;
  for (const ch of text) if (ch === query[i]) i++;
  return i === query.length;
}
