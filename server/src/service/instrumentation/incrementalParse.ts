import type { Edit, Parser, Point, Range, Tree } from 'web-tree-sitter';

/*
 * Incremental parsing of code files: the parse of one version is kept (with its text) and the next
 * version is parsed from it, with the one edit between the two texts. Typing in a large module then
 * re-parses only around the change.
 */

/**
 * A parse of one version of a code file, kept so that the next version re-parses incrementally.
 * It owns a tree-sitter tree (memory in the WebAssembly heap, not garbage-collected): the reader
 * that is given it as the previous parse takes the tree and frees it, and `release()` frees it
 * when the file is closed or deleted.
 */
export class ParsedCode {
  #tree: Tree | undefined;

  constructor(readonly grammar: string, readonly text: string, tree: Tree) {
    this.#tree = tree;
  }

  /** The tree, once: a second take (the same previous parse handed twice) gets undefined. */
  take(): Tree | undefined {
    const tree = this.#tree;
    this.#tree = undefined;
    return tree;
  }

  release(): void {
    this.take()?.delete();
  }
}

/**
 * Parses `text`, re-using `previous` (a parse of an earlier version of the same file) when given: its
 * tree is edited and freed. With `includedRanges`, only those parts of the text are parsed.
 */
export function parseCode(parser: Parser, grammar: string, text: string, previous: ParsedCode | undefined, includedRanges?: Range[]): { readonly tree: Tree; readonly parsed: ParsedCode } | undefined {
  const oldTree = previous && previous.grammar === grammar ? previous.take() : undefined;
  if (oldTree && previous) oldTree.edit(editBetween(previous.text, text));
  const tree = includedRanges
    ? parser.parse(rangeChunks(text, includedRanges), oldTree ?? null, { includedRanges })
    : parser.parse(text, oldTree ?? null);
  oldTree?.delete();
  if (!tree) return undefined;
  return { tree, parsed: new ParsedCode(grammar, text, tree.copy()) };
}

/** Text read outside the included ranges (a node's text that spans a gap), per call. */
const GAP_CHUNK = 4096;

/**
 * The text as tree-sitter reads it: from an offset to the end of the included range holding it.
 * Handed the whole rest of the text, web-tree-sitter copies up to 5,000 characters into the
 * WebAssembly heap at each range it enters, most of them left out: with a thousand short ranges,
 * that copy cost a fifth of the parse.
 */
function rangeChunks(text: string, ranges: readonly Range[]): (index: number) => string {
  return (index) => {
    let low = 0;
    let high = ranges.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (ranges[middle].startIndex <= index) low = middle + 1;
      else high = middle;
    }
    const holding = low > 0 && index < ranges[low - 1].endIndex ? ranges[low - 1] : undefined;
    return text.slice(index, holding ? holding.endIndex : Math.min(index + GAP_CHUNK, low < ranges.length ? ranges[low].startIndex : text.length));
  };
}

/** The one edit that turns `before` into `after`: the span between their common prefix and suffix. */
export function editBetween(before: string, after: string): Edit {
  let start = 0;
  const shortest = Math.min(before.length, after.length);
  while (start < shortest && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < shortest - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  const oldEnd = before.length - tail;
  const newEnd = after.length - tail;
  return {
    startIndex: start, oldEndIndex: oldEnd, newEndIndex: newEnd,
    startPosition: pointAt(before, start), oldEndPosition: pointAt(before, oldEnd), newEndPosition: pointAt(after, newEnd),
  };
}

/** Row and column (UTF-16 code units, as web-tree-sitter counts them for a JavaScript string) of an offset. */
function pointAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}
