import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { TextDocumentsConfiguration } from 'vscode-languageserver/node';
import { foldEditedSpans, type EditedSpan } from '../service/documents/editedSpan';

/*
 * The editor's documents, as `TextDocuments` keeps them, noting what each change replaced: the
 * workspace's parse then re-reads the edited part without comparing the old and new texts (a
 * keystroke in a 2.3 MB rule file read both whole). The changes of one notification apply one
 * after the other, each to the text the one before made: their spans fold into one.
 */

interface NotedEdit {
  /** The document's version the span leads to: the same document object is updated in place. */
  readonly version: number;
  readonly span: EditedSpan | undefined;
}

const EDITS = new WeakMap<TextDocument, NotedEdit>();

export const editorDocuments: TextDocumentsConfiguration<TextDocument> = {
  create: (uri, languageId, version, content) => TextDocument.create(uri, languageId, version, content),
  update(document, changes, version) {
    let span: EditedSpan | undefined;
    let known = true;
    for (const change of changes) {
      const replaced = known ? spanOf(document, change) : undefined;
      if (!replaced) known = false;
      else span = span ? foldEditedSpans(span, replaced) : replaced;
      document = TextDocument.update(document, [change], version);
    }
    EDITS.set(document, { version, span: known ? span : undefined });
    return document;
  },
};

/** What the last change of the document replaced, when it was an incremental change of this version. */
export function editedSpanOf(document: TextDocument): EditedSpan | undefined {
  const noted = EDITS.get(document);
  return noted?.version === document.version ? noted.span : undefined;
}

/** The span a change replaces in the document's text before it; undefined for a change of the whole text. */
function spanOf(document: TextDocument, change: TextDocumentContentChangeEvent): EditedSpan | undefined {
  if (!('range' in change)) return undefined;
  // A range whose end comes before its start is read as the same range turned around.
  const a = document.offsetAt(change.range.start);
  const b = document.offsetAt(change.range.end);
  const start = Math.min(a, b);
  const oldEnd = Math.max(a, b);
  return { start, oldEnd, newEnd: start + change.text.length };
}
