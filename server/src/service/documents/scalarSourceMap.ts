/*
 * The value of a YAML string scalar together with where each of its characters stands in the
 * document: the one offset map through which embedded PromQL (rule `expr:` fields) is parsed and
 * its diagnostics and edits are placed back, whatever the scalar's style (plain, single- or
 * double-quoted with escapes, literal `|` or folded `>` block with indentation and chomping
 * indicators).
 *
 * Written by hand because the `yaml` package gives a scalar's value and its range, but not where
 * each character of the value came from. The map is checked against the value the `yaml` package
 * computed; should the two ever differ, the map falls back to the scalar's start so that nothing is
 * placed at a wrong position.
 */

export type ScalarStyle = 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';

export interface ScalarSourceMap {
  /** The scalar's value, as YAML reads it. */
  readonly value: string;
  /** Whether each character's position is known exactly (false: the fallback map). */
  readonly exact: boolean;
  /** The document offset of the value's character at `index` (`index === value.length`: the end). */
  toDocumentOffset(index: number): number;
  /** The value index of the character at a document offset (the nearest one before it when the offset is not a value character), or -1 outside the scalar. */
  toValueIndex(documentOffset: number): number;
}

/**
 * @param text the whole document
 * @param start offset of the scalar's first character (its quote or block indicator included)
 * @param end offset just past the scalar's source
 * @param style the scalar's style
 * @param expected the value the YAML parser gives, to check the map against
 */
export function mapScalar(text: string, start: number, end: number, style: ScalarStyle, expected: string): ScalarSourceMap {
  let built: Built | null = null;
  switch (style) {
    case 'PLAIN':
      if (verbatim(text, start, end, expected)) return new ShiftedMap(expected, start, end, start);
      built = flow(text, start, end, 'plain');
      break;
    case 'QUOTE_SINGLE':
    case 'QUOTE_DOUBLE': {
      const kind = style === 'QUOTE_SINGLE' ? 'single' : 'double';
      const from = start + 1;
      const to = lastQuote(text, start, end, kind === 'single' ? "'" : '"');
      if (verbatim(text, from, to, expected)) return new ShiftedMap(expected, start, end, from);
      built = flow(text, from, to, kind);
      break;
    }
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED': {
      const runs = block(text, start, end, style === 'BLOCK_FOLDED', expected);
      if (runs) return new RunMap(expected, start, end, runs.starts, runs.offsets);
      break;
    }
  }
  if (built && built.value === expected) {
    const offsets = built.offsets;
    return {
      value: expected,
      exact: true,
      toDocumentOffset: (i) => offsets[Math.max(0, Math.min(i, offsets.length - 1))],
      toValueIndex: (offset) => (offset < start || offset > end ? -1 : lastAtOrBefore(offsets, offset)),
    };
  }
  return { value: expected, exact: false, toDocumentOffset: () => start, toValueIndex: (offset) => (offset < start || offset > end ? -1 : 0) };
}

/**
 * Whether the value is the source between `from` and `to` character for character: the common case
 * of a one-line expression without escapes. Every other transformation of a flow scalar (folding a
 * line break into a space, dropping indentation, `''`, an escape) shortens the text or changes a
 * character, so equal text of equal length means each character sits where it was written.
 */
function verbatim(text: string, from: number, to: number, expected: string): boolean {
  return to - from === expected.length && text.startsWith(expected, from);
}

/**
 * The map of a verbatim value that starts at `from`: no offset table, each index is `from` plus it.
 * A class, not closures: a rule file holds one per `expr:`, and two closures weigh three times this.
 */
class ShiftedMap implements ScalarSourceMap {
  readonly exact = true;

  constructor(readonly value: string, private readonly start: number, private readonly end: number, private readonly from: number) {}

  toDocumentOffset(i: number): number {
    return this.from + Math.max(0, Math.min(i, this.value.length));
  }

  toValueIndex(offset: number): number {
    return offset < this.start || offset > this.end ? -1 : Math.max(0, Math.min(offset - this.from, this.value.length));
  }

  moved(delta: number): ShiftedMap {
    return new ShiftedMap(this.value, this.start + delta, this.end + delta, this.from + delta);
  }
}

/**
 * The map of a block scalar: its value in runs of characters that stand one after the other in the
 * document (a line's content, most often with the line break after it), each kept as the value
 * index and the document offset where it starts. It answers as a table of every character's offset
 * would (the last index whose offset is at or before a document offset), without one number per
 * character: a rule file's `expr: |` blocks are the most of its PromQL text.
 */
class RunMap implements ScalarSourceMap {
  readonly exact = true;

  /**
   * @param starts the value index where each run starts, increasing from 0; the runs cover the
   *   value and one index past it (the end, one past the last character's offset)
   * @param offsets the document offset of each run's first character, never decreasing
   */
  constructor(readonly value: string, private readonly start: number, private readonly end: number,
    private readonly starts: readonly number[], private readonly offsets: readonly number[]) {}

  toDocumentOffset(i: number): number {
    const index = Math.max(0, Math.min(i, this.value.length));
    const run = lastAtOrBefore(this.starts, index);
    return this.offsets[run] + index - this.starts[run];
  }

  toValueIndex(offset: number): number {
    if (offset < this.start || offset > this.end) return -1;
    const run = lastAtOrBefore(this.offsets, offset);
    if (offset < this.offsets[run]) return 0;
    const runEnd = run + 1 < this.starts.length ? this.starts[run + 1] : this.value.length + 1;
    return this.starts[run] + Math.min(offset - this.offsets[run], runEnd - this.starts[run] - 1);
  }
}

/** Builds a RunMap's runs: characters added with their document offsets, joined into runs where they follow each other. */
class RunsBuilder {
  readonly chunks: string[] = [];
  readonly starts: number[] = [];
  readonly offsets: number[] = [];
  /** Characters added so far (the next value index). */
  length = 0;
  /** The document offset right after the last character added; -1 before the first. */
  private next = -1;

  /** Adds `chars`, which stand at `at`, `at + 1`, … in the document. */
  add(chars: string, at: number): void {
    if (chars.length === 0) return;
    if (at !== this.next) {
      this.starts.push(this.length);
      this.offsets.push(at);
    }
    this.chunks.push(chars);
    this.length += chars.length;
    this.next = at + chars.length;
  }

  /** The value, and the runs with the end's index: one past the last character's offset, or `end` for an empty value. */
  finish(end: number): { value: string; starts: number[]; offsets: number[] } {
    if (this.length === 0) {
      this.starts.push(0);
      this.offsets.push(end);
    }
    // Otherwise the end (index `length`, offset `next`) continues the last run.
    return { value: this.chunks.join(''), starts: this.starts, offsets: this.offsets };
  }
}

/**
 * The map of the same scalar after text before it grew or shrank by `delta` characters (an edit
 * elsewhere in the document: see yamlItemReread.ts). Moving a moved map moves its original once more.
 */
export function movedMap(map: ScalarSourceMap, delta: number): ScalarSourceMap {
  if (delta === 0) return map;
  if (map instanceof MovedMap) return map.delta + delta === 0 ? map.original : new MovedMap(map.original, map.delta + delta);
  if (map instanceof ShiftedMap) return map.moved(delta);
  return new MovedMap(map, delta);
}

class MovedMap implements ScalarSourceMap {
  constructor(readonly original: ScalarSourceMap, readonly delta: number) {}

  get value(): string {
    return this.original.value;
  }

  get exact(): boolean {
    return this.original.exact;
  }

  toDocumentOffset(i: number): number {
    return this.original.toDocumentOffset(i) + this.delta;
  }

  toValueIndex(offset: number): number {
    return this.original.toValueIndex(offset - this.delta);
  }
}

/** The last index whose offset is at or before `offset` (offsets never decrease). */
function lastAtOrBefore(offsets: readonly number[], offset: number): number {
  let lo = 0;
  let hi = offsets.length - 1;
  if (offset < offsets[0]) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

interface Built {
  value: string;
  /** offsets[i]: document offset of value[i]; one more entry for the end. */
  offsets: number[];
}

function lastQuote(text: string, start: number, end: number, quote: string): number {
  let i = end - 1;
  while (i > start && text[i] !== quote) i--;
  return i;
}

/** Plain and quoted (flow) scalars: line folding, and the escapes of the quoted styles. */
function flow(text: string, from: number, to: number, kind: 'plain' | 'single' | 'double'): Built {
  const chars: string[] = [];
  const offsets: number[] = [];
  const push = (s: string, at: number): void => {
    chars.push(s);
    offsets.push(at);
  };
  let i = from;
  while (i < to) {
    const ch = text[i];
    if (ch === '\r' || ch === '\n') {
      // Fold: drop trailing blanks already pushed, count empty lines, drop the next line's indentation.
      while (chars.length > 0 && (chars[chars.length - 1] === ' ' || chars[chars.length - 1] === '\t') && !escapedBlank(offsets[offsets.length - 1], text)) {
        chars.pop();
        offsets.pop();
      }
      const breakAt = i;
      let empty = 0;
      i = skipLineBreak(text, i);
      for (;;) {
        let j = i;
        while (j < to && (text[j] === ' ' || text[j] === '\t')) j++;
        if (j < to && (text[j] === '\n' || text[j] === '\r')) {
          empty++;
          i = skipLineBreak(text, j);
          continue;
        }
        i = j;
        break;
      }
      if (empty === 0) push(' ', breakAt);
      else for (let k = 0; k < empty; k++) push('\n', breakAt);
      continue;
    }
    if (kind === 'single' && ch === "'" && text[i + 1] === "'") {
      push("'", i);
      i += 2;
      continue;
    }
    if (kind === 'double' && ch === '\\') {
      const escape = readDoubleQuotedEscape(text, i, to);
      if (escape.lineContinuation) {
        i = escape.next;
        while (i < to && (text[i] === ' ' || text[i] === '\t')) i++;
        continue;
      }
      push(escape.value, i);
      i = escape.next;
      continue;
    }
    push(ch, i);
    i++;
  }
  if (kind === 'plain') {
    while (chars.length > 0 && (chars[chars.length - 1] === ' ' || chars[chars.length - 1] === '\t')) {
      chars.pop();
      offsets.pop();
    }
  }
  offsets.push(offsets.length > 0 ? offsets[offsets.length - 1] + 1 : from);
  return { value: chars.join(''), offsets };
}

/** A blank produced by an escape (`\t`, `\ `) survives folding; the source shows a backslash before it. */
function escapedBlank(offset: number, text: string): boolean {
  return text[offset] === '\\';
}

function skipLineBreak(text: string, i: number): number {
  if (text[i] === '\r' && text[i + 1] === '\n') return i + 2;
  return i + 1;
}

const DOUBLE_QUOTED_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ',
  '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

function readDoubleQuotedEscape(text: string, i: number, to: number): { value: string; next: number; lineContinuation: boolean } {
  const kind = text[i + 1];
  if (kind === '\n' || kind === '\r') return { value: '', next: skipLineBreak(text, i + 1), lineContinuation: true };
  if (kind in DOUBLE_QUOTED_ESCAPES) return { value: DOUBLE_QUOTED_ESCAPES[kind], next: i + 2, lineContinuation: false };
  const digits = kind === 'x' ? 2 : kind === 'u' ? 4 : kind === 'U' ? 8 : 0;
  if (digits > 0 && i + 2 + digits <= to) {
    const code = parseInt(text.slice(i + 2, i + 2 + digits), 16);
    if (!Number.isNaN(code) && code <= 0x10ffff) return { value: String.fromCodePoint(code), next: i + 2 + digits, lineContinuation: false };
  }
  return { value: kind ?? '', next: i + 2, lineContinuation: false };
}

/** Literal and folded block scalars, as runs. The indentation is found from the content, as YAML does. */
function block(text: string, start: number, end: number, folded: boolean, expected: string): { starts: number[]; offsets: number[] } | null {
  const headerEnd = text.indexOf('\n', start);
  if (headerEnd < 0 || headerEnd >= end) return expected === '' ? { starts: [0], offsets: [end] } : null;
  const header = text.slice(start + 1, headerEnd).replace(/#.*$/, '').trim();
  const chomping = header.includes('-') ? 'strip' : header.includes('+') ? 'keep' : 'clip';
  const lines: { start: number; end: number }[] = [];
  for (let i = headerEnd + 1; i < end; ) {
    let j = text.indexOf('\n', i);
    if (j < 0 || j > end) j = end;
    lines.push({ start: i, end: j > i && text[j - 1] === '\r' ? j - 1 : j });
    i = j + 1;
  }
  const firstContent = lines.find((l) => text.slice(l.start, l.end).trim() !== '');
  const autoIndent = firstContent ? leadingSpaces(text, firstContent.start, firstContent.end) : 0;
  // An explicit indentation indicator is relative to the parent's indentation, which the scalar alone
  // does not tell: try the indentations it may mean and keep the one that gives YAML's value.
  const candidates = /\d/.test(header) ? [autoIndent, ...Array.from({ length: autoIndent }, (_, k) => autoIndent - k - 1)] : [autoIndent];
  for (const indent of candidates) {
    const built = blockWithIndent(text, lines, indent, folded, chomping, end);
    if (built.value === expected) return built;
  }
  return null;
}

function blockWithIndent(text: string, lines: { start: number; end: number }[], indent: number, folded: boolean, chomping: 'strip' | 'keep' | 'clip', end: number): { value: string; starts: number[]; offsets: number[] } {
  const runs = new RunsBuilder();
  const push = (s: string, at: number): void => runs.add(s, at);
  let pendingBreaks: number[] = []; // offsets of line breaks not yet emitted
  let previous: 'none' | 'normal' | 'more' = 'none';
  for (const line of lines) {
    const content = line.start + Math.min(indent, line.end - line.start);
    const isEmpty = text.slice(line.start, line.end).trim() === '' && leadingSpaces(text, line.start, line.end) <= indent;
    if (isEmpty) {
      pendingBreaks.push(line.end);
      continue;
    }
    const kind = text[content] === ' ' || text[content] === '\t' ? 'more' : 'normal';
    if (previous !== 'none') {
      const breaks = pendingBreaks.length;
      // pendingBreaks[0] is the break ending the previous content line.
      if (folded && previous === 'normal' && kind === 'normal') {
        if (breaks === 1) push(' ', pendingBreaks[0]);
        else for (let k = 1; k < breaks; k++) push('\n', pendingBreaks[k]);
      } else {
        for (const at of pendingBreaks) push('\n', at);
      }
    } else {
      for (let k = 0; k < pendingBreaks.length; k++) push('\n', pendingBreaks[k]);
    }
    pendingBreaks = [];
    push(text.slice(content, line.end), content);
    pendingBreaks.push(line.end);
    previous = kind;
  }
  if (chomping === 'clip' && previous !== 'none') push('\n', pendingBreaks[0]);
  if (chomping === 'keep') for (const at of pendingBreaks) push('\n', at);
  return runs.finish(end);
}

function leadingSpaces(text: string, from: number, to: number): number {
  let n = 0;
  while (from + n < to && text[from + n] === ' ') n++;
  return n;
}
