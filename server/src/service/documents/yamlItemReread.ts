import type { Document } from 'yaml';
import { isScalar, type YAMLSeq } from 'yaml';
import { CompactMap, CompactScalar, CompactSeq, NO_SHIFT, RangeShift } from './compactYamlNodes';
import { holdsOneItem, itemEvents } from './yamlEventStream';
import { hasLineLongerThan, hasTabIndentation, trailingComments, TreeBuilder, type Collection, type ItemLayout } from './yamlFromEvents';
import type { EditedSpan } from './editedSpan';

/*
 * A keystroke in a rule file of 10,000 rules (2.3 MB) changes one group: reading the whole text
 * again costs about a second here (bench/editLatency.bench.ts), reading that group alone a few
 * milliseconds. This reads again the one item (a group of `groups:`, a rule of a bare list, an
 * entry of `scrape_configs:`) that an edit falls in, and puts it in place of the old one in the
 * previous tree; the nodes after it move by the length the edit added. The tree is then the very
 * one a reading of the whole new text builds (test/server/service/documents/yamlItemReread.test.ts
 * compares both over random edits of the corpus): where that cannot be told from the item alone
 * (an edit outside the items, across two, or making the item no longer one), it returns null and
 * the caller reads the whole text.
 *
 * The previous tree is changed in place: it is the new text's now, and its model must not be read.
 */

/** The item read again: where it starts, where it ended in the old text and ends in the new one, and how much longer the text is. */
export interface ItemEdit {
  readonly index: number;
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
  readonly delta: number;
}

/**
 * `edited`: where the editor says it edited, when it says (the texts are then not compared to
 * find it); a span that does not fit the texts' lengths is not trusted.
 */
export function rereadItem(oldText: string, newText: string, documents: readonly Document.Parsed[], layout: ItemLayout, edited?: EditedSpan): { layout: ItemLayout; edit: ItemEdit | null } | null {
  const delta = newText.length - oldText.length;
  const span = edited && fits(edited, oldText.length, delta) ? edited : undefined;
  if (span ? span.start === span.oldEnd && span.start === span.newEnd : oldText === newText) return { layout, edit: null };
  const { cuts, sequence } = layout;
  const prefix = span ? span.start : commonPrefix(oldText, newText);
  // The edit replaced old [prefix, changedEnd) by new [prefix, changedEnd + delta).
  const changedEnd = span ? span.oldEnd : oldText.length - commonSuffix(oldText, newText, Math.min(oldText.length, newText.length) - prefix);
  let index = cuts.length - 1;
  while (index > 0 && cuts[index] > prefix) index--;
  // The first piece holds the sequence's ancestors too: read it whole. The line break before the next item must stay untouched.
  if (index === 0 || sequence.items.length !== cuts.length) return null;
  const start = cuts[index];
  const last = index === cuts.length - 1;
  const oldEnd = last ? oldText.length : cuts[index + 1];
  if (!last && changedEnd > oldEnd - 1) return null;
  const newEnd = last ? newText.length : oldEnd + delta;
  const column = indentOf(oldText, cuts[0]);
  if (!holdsOneItem(newText, start, newEnd, column)) return null;
  const piece = newText.slice(start, newEnd);
  if (hasLineLongerThan(piece, 1000) || hasTabIndentation(piece)) return null;
  const events = itemEvents(newText, start, newEnd, layout.pieceDepth);
  if (!events) return null;
  const holder = new CompactSeq();
  const builder = new TreeBuilder(newText, [{ node: holder, flow: false, key: null, keys: null, isMap: false, end: start, indent: column }]);
  for (const event of events) if (!builder.visit(event)) return null;
  if (builder.stack.length !== 1 || holder.items.length !== 1) return null;

  sequence.items[index] = holder.items[0];
  if (delta !== 0) for (let i = index + 1; i < sequence.items.length; i++) moveItem(sequence.items[i], delta);
  // The sequence and its ancestors end where their last child ends, with the comments they own after it.
  let child: Collection | YAMLSeq<unknown> = sequence;
  for (const node of [sequence, ...layout.ancestors]) {
    const lastChild = node === sequence ? sequence.items[sequence.items.length - 1] : child;
    const end = (lastChild as { range: [number, number, number] }).range[2];
    const begin = node.range![0];
    node.range = [begin, end, trailingComments(newText, end, indentOf(newText, begin))];
    child = node;
  }
  for (const document of documents) document.range = [0, newText.length, newText.length];
  return {
    layout: { ...layout, cuts: cuts.map((cut, i) => (i > index ? cut + delta : cut)) },
    edit: { index, start, oldEnd, newEnd, delta },
  };
}

function fits(span: EditedSpan, oldLength: number, delta: number): boolean {
  return span.start >= 0 && span.start <= span.oldEnd && span.oldEnd <= oldLength && span.newEnd - span.oldEnd === delta && span.start <= span.newEnd;
}

/** The column of the character at `offset`. */
function indentOf(text: string, offset: number): number {
  return offset - text.lastIndexOf('\n', offset - 1) - 1;
}

/**
 * Moves every range of an item built from events, and of its descendants, by `delta`: the item's
 * nodes share one RangeShift, given to them the first time the item moves (a walk of its nodes),
 * and moved since by one addition (after a keystroke in the middle of a file of 10,000 rules, 500
 * groups move instead of some 70,000 nodes).
 */
function moveItem(item: unknown, delta: number): void {
  if (!(item instanceof CompactMap || item instanceof CompactSeq || item instanceof CompactScalar)) {
    if (isScalar(item) && item.range) moveRange(item, delta);
    return;
  }
  let shift = item.shift;
  if (shift === NO_SHIFT) {
    shift = new RangeShift();
    adopt(item, shift, delta);
  } else {
    for (const other of shift.others) moveRange(other, delta);
  }
  shift.delta += delta;
}

function moveRange(node: { range?: [number, number, number] | null }, delta: number): void {
  const range = node.range!;
  node.range = [range[0] + delta, range[1] + delta, range[2] + delta];
}

/**
 * Gives a node built from events, and its descendants, `shift` (whose delta they take from now
 * on); the nodes that keep their own range array are moved by `delta` now, and noted in the shift
 * to be moved by later moves. Scalars, most of the nodes, are tested first, and lists walked by index.
 */
function adopt(node: unknown, shift: RangeShift, delta: number): void {
  if (node instanceof CompactScalar) {
    node.shift = shift;
  } else if (node instanceof CompactMap) {
    node.shift = shift;
    const pairs = node.items;
    for (let i = 0; i < pairs.length; i++) {
      adopt(pairs[i].key, shift, delta);
      adopt(pairs[i].value, shift, delta);
    }
  } else if (node instanceof CompactSeq) {
    node.shift = shift;
    const items = node.items;
    for (let i = 0; i < items.length; i++) adopt(items[i], shift, delta);
  } else if (isScalar(node) && node.range) {
    // A float the `yaml` package's tag resolves to a Scalar of its own (`1.50`): its range is an array.
    moveRange(node, delta);
    shift.others.push(node);
  }
}

/** Characters compared at once: a comparison of two slices runs in the engine, a loop over characters in JavaScript (ten times slower on 2 MB). */
const CHUNK = 2048;

function commonPrefix(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  let i = 0;
  while (i + CHUNK <= length && a.slice(i, i + CHUNK) === b.slice(i, i + CHUNK)) i += CHUNK;
  while (i < length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function commonSuffix(a: string, b: string, limit: number): number {
  let i = 0;
  while (i + CHUNK <= limit && a.slice(a.length - i - CHUNK, a.length - i) === b.slice(b.length - i - CHUNK, b.length - i)) i += CHUNK;
  while (i < limit && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}
