/*
 * What an editor's change replaced, in offsets: the parse of a large file re-reads only what an
 * edit touched (yamlItemReread.ts), and finding the edit by comparing the old and new texts reads
 * both whole (about 1 ms a keystroke in a 2.3 MB file). The editor says where it edited;
 * this carries that from the edge to the parse, folding the changes of several keystrokes (or of
 * one notification) that came before the next parse into one span.
 */

/** The old text's [start, oldEnd) became the new text's [start, newEnd); the texts are the same before and after. */
export interface EditedSpan {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
}

/**
 * One span for `first` then `second` (whose offsets are in the text `first` made): from the
 * earlier start to the later end, the text between them counted as edited.
 */
export function foldEditedSpans(first: EditedSpan, second: EditedSpan): EditedSpan {
  const start = Math.min(first.start, second.start);
  // The end in the middle text, past both what `first` wrote and what `second` replaced.
  const end = Math.max(first.newEnd, second.oldEnd);
  return { start, oldEnd: end - first.newEnd + first.oldEnd, newEnd: end - second.oldEnd + second.newEnd };
}
