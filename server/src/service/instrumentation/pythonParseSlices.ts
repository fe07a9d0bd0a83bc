import type { Range } from 'web-tree-sitter';
import type { TextRange } from '../promql/syntaxTree';
import type { PythonAnchors } from './pythonAnchors';
import { builtOnFirstUse } from '../builtOnFirstUse';

/*
 * The parts of a Python module the prometheus_client reader needs parsed: tree-sitter's parse is
 * most of a cold read, and in a large module most of the code never touches a metric. The module
 * is cut, from the text, into logical lines (a statement's lines, brackets and strings followed)
 * and top-level blocks (a statement at indentation 0 up to the next one, its decorators with it).
 * A block is parsed whole when it is a simple statement (the module constants live there) or when
 * it names the library or a metric class (a definition: the reader asks about the function, class
 * or `try` around it). Of a block that only uses metrics (`.labels(`, a bound name), only the
 * logical lines that do are parsed, each from its first character, so tree-sitter reads it as a
 * statement of its own (its indentation left out): a use is read from its own call alone, unless
 * its block binds the metric's name itself (a parameter, a loop target: pythonBindingScope.ts
 * then needs the functions around the use, so the block is parsed whole). The rest
 * is left out of the parse with tree-sitter's included ranges, so every offset stays a document
 * offset. When the text cannot be cut with certainty (an unclosed bracket or string), or nothing
 * would be left out, the answer is undefined: parse the whole module.
 */

/** What to parse of a module. */
export interface PythonSlices {
  /** The included ranges, in order. */
  readonly ranges: Range[];
  /**
   * The logical lines parsed apart from their block: the tree shows their statements at module
   * level, where they are not (they are no module constants).
   */
  readonly detached: readonly TextRange[];
  /** Logical lines that would be parsed apart but are known already (`known`): left out of the parse. */
  readonly known: readonly TextRange[];
  /** The blocks parsed whole. */
  readonly whole: readonly TextRange[];
  /** The included ranges with the known lines: the text the reading covers. */
  readonly covered: Range[];
}

/** Whether an offset is in one of the ranges (sorted by start, disjoint). */
export function inRanges(ranges: readonly TextRange[], offset: number): boolean {
  let low = 0;
  let high = ranges.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (ranges[middle].start <= offset) low = middle + 1;
    else high = middle;
  }
  return low > 0 && offset < ranges[low - 1].end;
}

/** Compound statements a block may start with and still be left out when it names no anchor. */
const SKIPPABLE_START = /^(?:def|class|async|if|for|while|try|with)\b|^@/;
/** Lines at indentation 0 that continue the statement before them. */
const CONTINUATION = /^(?:else|elif|except|finally)\b/;
/** A logical line that cannot be read apart from the statement around it: a clause of one, a decorator. */
const CLAUSE = /^(?:else|elif|except|finally|case)\b|^@/;

/** A logical line: where it starts, its row, and where its last comment starts (-1: none). */
interface LogicalLine {
  readonly start: number;
  readonly row: number;
  comment: number;
}

/** A top-level block: its offsets, rows, and its logical lines (indexes, end excluded). */
interface Block {
  readonly start: number;
  readonly end: number;
  readonly row: number;
  readonly endRow: number;
  readonly firstLine: number;
  readonly endLine: number;
}

/**
 * The ranges to parse, or undefined for the whole module. A logical line that would be parsed
 * apart and whose text is `known` is left out.
 */
export function pythonParseSlices(text: string, anchors: PythonAnchors, known: (statement: string) => boolean = () => false): PythonSlices | undefined {
  const scan = logicalLines(text);
  if (!scan) return undefined;
  const { lines, rows } = scan;
  const blocks = topLevelBlocks(text, lines, rows);
  if (blocks.length === 0) return undefined;
  const wholeBlocks = new Array<boolean>(blocks.length).fill(false);
  for (let i = 0; i < blocks.length; i++) {
    if (!SKIPPABLE_START.test(text.slice(blocks[i].start, blocks[i].start + 6))) wholeBlocks[i] = true;
  }
  // Each definition anchor marks the block holding it.
  forEachMatch(text, anchors.blocks, blocks, (b) => {
    wholeBlocks[b] = true;
  });
  // Each use marks its logical line, or its block when the line is a clause or a header.
  const wantedLines = new Set<number>();
  const bindsItself = new Map<string, boolean>();
  let l = 0;
  forEachMatch(text, anchors.uses, blocks, (b, at, name) => {
    if (wholeBlocks[b]) return;
    // Whether the use is the metric depends on the scopes around it (pythonBindingScope.ts): a
    // block that binds the name itself is read whole, so that its functions are there to ask.
    if (BARE_NAME().test(name)) {
      const key = `${b}\0${name}`;
      let binds = bindsItself.get(key);
      if (binds === undefined) bindsItself.set(key, binds = blockBindsName(text, blocks[b], lines, name));
      if (binds) {
        wholeBlocks[b] = true;
        return;
      }
    }
    l = Math.max(l, blocks[b].firstLine);
    while (l + 1 < blocks[b].endLine && lines[l + 1].start <= at) l++;
    const line = lines[l];
    const first = firstCharacter(text, line.start);
    const end = l + 1 < lines.length ? lines[l + 1].start : text.length;
    if (CLAUSE.test(text.slice(first, first + 8)) || opensBlock(text, first, end, line.comment)) wholeBlocks[b] = true;
    else wantedLines.add(l);
  });
  const ranges: Range[] = [];
  const covered: Range[] = [];
  const detached: TextRange[] = [];
  const knownLines: TextRange[] = [];
  const whole: TextRange[] = [];
  let skipped = 0;
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    if (wholeBlocks[i]) {
      include(ranges, block.start, block.end, { row: block.row, column: 0 }, block.endRow);
      include(covered, block.start, block.end, { row: block.row, column: 0 }, block.endRow);
      whole.push({ start: block.start, end: block.end });
      continue;
    }
    skipped++;
    for (let k = block.firstLine; k < block.endLine; k++) {
      if (!wantedLines.has(k)) continue;
      const line = lines[k];
      const first = firstCharacter(text, line.start);
      const end = k + 1 < lines.length ? lines[k + 1].start : text.length;
      if (first >= end) continue;
      const endRow = k + 1 < lines.length ? lines[k + 1].row : rows;
      include(covered, first, end, { row: line.row, column: first - line.start }, endRow);
      if (known(text.slice(first, end))) {
        knownLines.push({ start: first, end });
      } else {
        include(ranges, first, end, { row: line.row, column: first - line.start }, endRow);
        detached.push({ start: first, end });
      }
    }
  }
  if (skipped === 0 || ranges.length === 0) return undefined;
  // The last range that runs to the end of the text ends at the text's end position, not a line start.
  for (const list of [ranges, covered]) {
    const last = list[list.length - 1];
    if (last?.endIndex === text.length) list[list.length - 1] = { ...last, endPosition: endPoint(text) };
  }
  return { ranges, detached, known: knownLines, whole, covered };
}

/** Adds a range to a list in order, joined to the last when they touch. */
function include(ranges: Range[], start: number, end: number, startPosition: Range['startPosition'], endRow: number): void {
  const last = ranges[ranges.length - 1];
  if (last && last.endIndex === start) ranges[ranges.length - 1] = { ...last, endIndex: end, endPosition: { row: endRow, column: 0 } };
  else ranges.push({ startIndex: start, endIndex: end, startPosition, endPosition: { row: endRow, column: 0 } });
}

/** Calls `mark` with the block (and offset and text) of each match of the global pattern. */
function forEachMatch(text: string, pattern: RegExp, blocks: readonly Block[], mark: (block: number, at: number, matched: string) => void): void {
  pattern.lastIndex = 0;
  let b = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    while (b < blocks.length && blocks[b].end <= match.index) b++;
    if (b < blocks.length && blocks[b].start <= match.index) mark(b, match.index, match[0]);
    if (match[0].length === 0) pattern.lastIndex++;
  }
}

/**
 * A name metrics are bound to, without a dot. A dotted one (`self.x`) needs no whole block: a use
 * outside the definition's own block is outside its class whether the class is parsed or not.
 */
const BARE_NAME = builtOnFirstUse(() => /^[\p{L}_][\p{L}\p{N}_]*$/u);
/** A function header, read for its parameters. */
const FUNCTION_HEADER = /^(?:async[ \t]+)?def\b/;

/**
 * Whether a block may bind `name` of its own: as a parameter of a function in it, a loop target,
 * after `as`, with `:=`, or by an assignment. Read on the text and wider than Python's rules (a
 * header that mentions the name anywhere counts): a false yes only parses a block whole.
 */
function blockBindsName(text: string, block: Block, lines: readonly LogicalLine[], name: string): boolean {
  const word = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const body = text.slice(block.start, block.end);
  const binding = new RegExp(`\\bfor\\s[^:\\n]*?(?<![\\p{L}\\p{N}_.])${word}(?![\\p{L}\\p{N}_])|\\bas\\s+${word}(?![\\p{L}\\p{N}_])|(?<![\\p{L}\\p{N}_.])${word}\\s*(?::=|(?::[^=\\n]*)?=(?!=)|(?:[-+*/%@&|^]|\\/\\/|\\*\\*|<<|>>)=)`, 'u');
  if (binding.test(body)) return true;
  const mention = new RegExp(`(?<![\\p{L}\\p{N}_])${word}(?![\\p{L}\\p{N}_])`, 'u');
  for (let k = block.firstLine; k < block.endLine; k++) {
    const first = firstCharacter(text, lines[k].start);
    if (!FUNCTION_HEADER.test(text.slice(first, first + 10))) continue;
    const end = k + 1 < lines.length ? lines[k + 1].start : text.length;
    if (mention.test(text.slice(first, end))) return true;
  }
  return false;
}

/** The offset of the first character of the line at `at` that is no indentation. */
function firstCharacter(text: string, at: number): number {
  while (at < text.length && (text[at] === ' ' || text[at] === '\t' || text[at] === '\f')) at++;
  return at;
}

/** Whether the logical line from `first` to `end` (its last comment at `comment`) ends in `:`, so a block follows. */
function opensBlock(text: string, first: number, end: number, comment: number): boolean {
  let last = comment >= first ? comment : end;
  while (last > first && /\s/.test(text[last - 1])) last--;
  return text[last - 1] === ':';
}

/** The characters the cut must look at; the rest is skipped by the search. */
const SPECIAL = /[\n\\()[\]{}#"']/g;

/**
 * The module's logical lines (each line start outside brackets, strings and line continuations)
 * and its row count; undefined when a bracket or a string is left open, a single-quoted string
 * spans lines, or the text ends in a line continuation.
 */
function logicalLines(text: string): { lines: LogicalLine[]; rows: number } | undefined {
  const lines: LogicalLine[] = [{ start: 0, row: 0, comment: -1 }];
  let depth = 0;
  let row = 0;
  SPECIAL.lastIndex = 0;
  for (let match = SPECIAL.exec(text); match; match = SPECIAL.exec(text)) {
    let at = match.index;
    const c = text[at];
    if (c === '\n') {
      row++;
      if (depth === 0 && at + 1 < text.length) lines.push({ start: at + 1, row, comment: -1 });
      // A comment on an earlier line of the statement is not its last.
      else lines[lines.length - 1].comment = -1;
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
      lines[lines.length - 1].comment = at;
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
  return { lines, rows: row };
}

/** The module cut at the logical lines that start a top-level statement. */
function topLevelBlocks(text: string, lines: readonly LogicalLine[], rows: number): Block[] {
  const starts: number[] = [];
  let decorated = false;
  for (let i = 0; i < lines.length; i++) {
    const at = lines[i].start;
    const c = text[at];
    if (at >= text.length || c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '#' || c === '\f') continue;
    if (!CONTINUATION.test(text.slice(at, at + 8)) && !decorated) starts.push(i);
    decorated = c === '@';
  }
  if (starts.length === 0) return [];
  // Whatever precedes the first statement (comments, blank lines) goes with it.
  starts[0] = 0;
  const blocks: Block[] = [];
  for (let i = 0; i < starts.length; i++) {
    const first = lines[starts[i]];
    const next = i + 1 < starts.length ? lines[starts[i + 1]] : undefined;
    blocks.push({
      start: first.start, end: next ? next.start : text.length, row: first.row, endRow: next ? next.row : rows,
      firstLine: starts[i], endLine: i + 1 < starts.length ? starts[i + 1] : lines.length,
    });
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
