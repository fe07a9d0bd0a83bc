import type { Range } from 'web-tree-sitter';

/*
 * The parts of a Python module the prometheus_client reader needs parsed: tree-sitter's parse is
 * most of a cold read, and in a large module most top-level functions and classes never touch a
 * metric. The module is cut, from the text, into top-level blocks (a statement at indentation 0 up
 * to the next one, its decorators with it); a block is parsed when it is a simple statement (the
 * module constants live there) or when its text names something the reader looks for (anchors).
 * The rest is left out of the parse with tree-sitter's included ranges, so every offset stays a
 * document offset. When the text cannot be cut with certainty (an unclosed bracket or string), or
 * nothing would be left out, the answer is undefined: parse the whole module.
 */

/** Compound statements a block may start with and still be left out when it names no anchor. */
const SKIPPABLE_START = /^(?:def|class|async|if|for|while|try|with)\b|^@/;
/** Lines at indentation 0 that continue the statement before them. */
const CONTINUATION = /^(?:else|elif|except|finally)\b/;

/** A top-level block: its offsets and the row it starts on. */
interface Block {
  readonly start: number;
  readonly end: number;
  readonly row: number;
  readonly endRow: number;
}

/**
 * The ranges to parse, or undefined for the whole module. `anchors` matches (globally) anything the
 * reader asks the tree about; a block whose text matches is parsed.
 */
export function pythonParseSlices(text: string, anchors: RegExp): Range[] | undefined {
  const blocks = topLevelBlocks(text);
  if (!blocks) return undefined;
  const wanted = new Array<boolean>(blocks.length).fill(false);
  let skipped = 0;
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    if (!SKIPPABLE_START.test(text.slice(block.start, block.start + 6))) wanted[i] = true;
  }
  // Each anchor match marks the block holding it.
  anchors.lastIndex = 0;
  let b = 0;
  for (let match = anchors.exec(text); match; match = anchors.exec(text)) {
    while (b < blocks.length && blocks[b].end <= match.index) b++;
    if (b < blocks.length && blocks[b].start <= match.index) wanted[b] = true;
    if (match[0].length === 0) anchors.lastIndex++;
  }
  const ranges: Range[] = [];
  for (let i = 0; i < blocks.length; i++) {
    if (!wanted[i]) {
      skipped++;
      continue;
    }
    const block = blocks[i];
    const last = ranges[ranges.length - 1];
    if (last && last.endIndex === block.start) {
      ranges[ranges.length - 1] = { ...last, endIndex: block.end, endPosition: { row: block.endRow, column: 0 } };
    } else {
      ranges.push({ startIndex: block.start, endIndex: block.end, startPosition: { row: block.row, column: 0 }, endPosition: { row: block.endRow, column: 0 } });
    }
  }
  if (skipped === 0 || ranges.length === 0) return undefined;
  // The last range runs to the end of the text (its end position then is the text's, not a line start).
  const last = ranges[ranges.length - 1];
  if (last.endIndex === text.length) ranges[ranges.length - 1] = { ...last, endPosition: endPoint(text) };
  return ranges;
}

/** The characters the cut must look at; the rest is skipped by the search. */
const SPECIAL = /[\n\\()[\]{}#"']/g;

/**
 * The module cut at the lines that start a top-level statement; undefined when a bracket or a
 * string is left open, a single-quoted string spans lines, or the text ends in a line continuation.
 */
function topLevelBlocks(text: string): Block[] | undefined {
  const starts: { offset: number; row: number }[] = [];
  let depth = 0;
  let row = 0;
  let decorated = false;
  const lineStarts = (at: number): void => {
    const c = text[at];
    if (depth !== 0 || at >= text.length || c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '#' || c === '\f') return;
    if (!CONTINUATION.test(text.slice(at, at + 8)) && !decorated) starts.push({ offset: at, row });
    decorated = c === '@';
  };
  lineStarts(0);
  SPECIAL.lastIndex = 0;
  for (let match = SPECIAL.exec(text); match; match = SPECIAL.exec(text)) {
    let at = match.index;
    const c = text[at];
    if (c === '\n') {
      row++;
      lineStarts(at + 1);
    } else if (c === '\\') {
      // A continued line is no statement start; an escaped character outside a string is skipped.
      if (text[at + 1] === '\r') at++;
      if (text[at + 1] === '\n') {
        at++;
        row++;
      } else if (at + 1 >= text.length) {
        return undefined;
      }
      at++;
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
    } else if (c === ')' || c === ']' || c === '}') {
      depth = Math.max(0, depth - 1);
    } else if (c === '#') {
      const newline = text.indexOf('\n', at);
      if (newline === -1) break;
      at = newline - 1;
    } else {
      const quote = text.startsWith(c.repeat(3), at) ? c.repeat(3) : c;
      at += quote.length;
      for (; at < text.length && !text.startsWith(quote, at); at++) {
        if (text[at] === '\\') {
          at++;
          if (text[at] === '\n') row++;
        } else if (text[at] === '\n') {
          // A single-quoted string cannot span lines: the cut is uncertain.
          if (quote.length === 1) return undefined;
          row++;
        }
      }
      if (at >= text.length) return undefined;
      at += quote.length - 1;
    }
    SPECIAL.lastIndex = at + 1;
  }
  if (depth !== 0) return undefined;
  if (starts.length === 0) return [];
  const blocks: Block[] = [];
  // Whatever precedes the first statement (comments, blank lines) goes with it.
  starts[0] = { offset: 0, row: 0 };
  for (let i = 0; i < starts.length; i++) {
    const next = starts[i + 1];
    blocks.push({ start: starts[i].offset, end: next ? next.offset : text.length, row: starts[i].row, endRow: next ? next.row : row });
  }
  return blocks;
}

function endPoint(text: string): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: text.length - lineStart };
}
