import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isMap, isSeq, visit, type Node } from 'yaml';
import type { DocumentModel } from '../documents/documentModel';

/** A foldable span of whole lines, zero-based (lines are the editor's unit of folding, not LSP's alone). */
export interface Fold {
  readonly startLine: number;
  readonly endLine: number;
}

/** Folding: every mapping and list that spans lines in YAML; each multi-line query and comment block in .promql. */
export function foldingRanges(document: TextDocument, model: DocumentModel): Fold[] {
  const ranges: Fold[] = [];
  const add = (start: number, end: number): void => {
    const startLine = document.positionAt(start).line;
    const endLine = document.positionAt(Math.max(start, end - 1)).line;
    if (endLine > startLine) ranges.push({ startLine, endLine });
  };
  if (model.kind === 'promql') {
    for (const query of model.queries) add(query.offset, query.offset + query.analysis.text.length);
    return ranges;
  }
  for (const doc of model.documents) {
    visit(doc, {
      Pair(_, pair) {
        const key = pair.key as Node | null;
        const value = pair.value as Node | null;
        if (key?.range && value?.range && (isMap(value) || isSeq(value) || value.range[1] - value.range[0] > 0)) add(key.range[0], trimEnd(document, value.range[1]));
      },
      Seq(_, seq) {
        for (const item of seq.items) {
          const node = item as Node | null;
          if (node?.range && isMap(node)) add(node.range[0], trimEnd(document, node.range[1]));
        }
      },
    });
  }
  return ranges;
}

/** Node ranges end after trailing line breaks; fold up to the last character instead. */
function trimEnd(document: TextDocument, end: number): number {
  const text = document.getText();
  let e = end;
  while (e > 0 && /\s/.test(text[e - 1])) e--;
  return e;
}
