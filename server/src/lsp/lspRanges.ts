import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Location, Range } from 'vscode-languageserver/node';
import { lineRange } from '../service/documents/textRanges';
import type { TextRange } from '../service/promql/syntaxTree';
import type { Workspace } from '../service/workspace/workspace';

/*
 * The workspace answers in offsets; LSP speaks lines and UTF-16 characters. These turn one into the
 * other at the edge, with the text the offsets belong to: the editor's document of an open file,
 * the workspace's copy of a closed one.
 */

/** The document whose text a file's offsets index: the editor's when open, else the workspace's. */
export function textOf(documents: { get(uri: string): TextDocument | undefined }, workspace: Workspace, uri: string): TextDocument | undefined {
  return documents.get(uri) ?? workspace.document(uri);
}

export function toLspRange(document: TextDocument, range: TextRange): Range {
  return lineRange(document, range);
}

export function toLspLocation(document: TextDocument | undefined, range: TextRange): Location | null {
  return document ? { uri: document.uri, range: toLspRange(document, range) } : null;
}
