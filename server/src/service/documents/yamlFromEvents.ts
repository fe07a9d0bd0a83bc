import { getScalarValue, type Event, type ScalarEvent } from 'js-yaml';
import { ALIAS, DOCUMENT, itemCuts, MAPPING, POP, SCALAR, SEQUENCE, visitEvents, visitEventsByItem, type EventReading } from './yamlEventStream';
import { Document, Scalar, YAMLMap, YAMLSeq, type Schema } from 'yaml';
import { compactCollectionAt, compactPair, compactScalar, compactScalarAt, rangeEnd, rangeStart, setRange, valueEnd } from './compactYamlNodes';

/*
 * The `yaml` package's documents, built from js-yaml's event stream for the files that need nothing
 * else: every check of the server reads `yaml` nodes, and the `yaml` package's own parser runs at
 * 2–3 MB/s here while js-yaml's event parser runs at over 20 MB/s (bench/check.bench.ts: a rule file
 * of 10,000 rules is 2.3 MB). Nodes get the exact values, scalar styles and ranges the `yaml` parser
 * gives them (test/server/service/documents/yamlFromEvents.test.ts compares both over the corpus and
 * in the YAML fuzz suite), so every check sees the same document whichever parser read it; they
 * keep their ranges compactly (compactYamlNodes.ts).
 *
 * Returns null, and the caller uses the `yaml` parser, for anything outside that common ground: a
 * syntax error (whose message and position come from `yaml`), duplicate keys, anchors, aliases,
 * tags, merge keys, directives, complex keys, tabs in indentation, lines over 1,000 characters,
 * empty values followed by comments, empty sequence items or empty values in flow collections,
 * comments inside flow collections, block scalars of blank lines only. The fuzz suite found each of
 * these where the two parsers part ways.
 */

export type Collection = YAMLMap<Scalar, unknown> | YAMLSeq<unknown>;

export interface Frame {
  readonly node: Collection;
  readonly flow: boolean;
  /** Mappings: the key read, waiting for its value. */
  key: Scalar | null;
  /** Mappings with many keys: the keys seen, for duplicates (small ones are scanned). */
  keys: Set<unknown> | null;
  readonly isMap: boolean;
  /** The end of the last child's range (its third offset). */
  end: number;
  /** The column of its first key or `-` (block collections). */
  readonly indent: number;
}

/**
 * Where a text read item by item (yamlEventStream.ts) keeps its items: what yamlItemReread.ts needs
 * to read one item again after an edit inside it.
 */
export interface ItemLayout {
  /** The first item's `-`, then the line start of every later item (itemCuts). */
  readonly cuts: readonly number[];
  /** The block sequence whose items those are: one item per cut. */
  readonly sequence: YAMLSeq<unknown>;
  /** The collections that hold the sequence, innermost first; the sequence is the last child of each. */
  readonly ancestors: readonly Collection[];
  /** js-yaml's nesting limit for a piece of one item. */
  readonly pieceDepth: number;
}

export function yamlDocumentsFromEvents(text: string): Document.Parsed[] | null {
  return readYamlFromEvents(text)?.documents ?? null;
}

/** The documents, with the layout of their items when the text was read item by item; null as yamlDocumentsFromEvents. */
export function readYamlFromEvents(text: string): { documents: Document.Parsed[]; layout: ItemLayout | null } | null {
  // The `yaml` parser limits implicit keys to 1024 characters, js-yaml reads some such lines otherwise.
  if (hasLineLongerThan(text, 1000)) return null;
  // The `yaml` parser refuses tabs in indentation; js-yaml reads some.
  if (hasTabIndentation(text)) return null;
  const cuts = itemCuts(text);
  if (cuts) {
    const builder = new TreeBuilder(text, [], cuts[0]);
    const found = { pieceDepth: 0 };
    const built = builder.finish(visitEventsByItem(text, cuts, builder.visit, found));
    if (built !== 'uncut') {
      const sequence = builder.sequence;
      return built && { documents: built, layout: sequence && { cuts, sequence: sequence.node, ancestors: sequence.ancestors, pieceDepth: found.pieceDepth } };
    }
  }
  const builder = new TreeBuilder(text);
  const built = builder.finish(visitEvents(text, builder.visit));
  return built === 'uncut' || built === null ? null : { documents: built, layout: null };
}

export function hasTabIndentation(text: string): boolean {
  // Most files hold no tab: a native search settles them before the line-start pattern runs.
  return text.includes('\t') && /(?:^|\n)[ ]*\t/.test(text);
}

/**
 * Builds `yaml` nodes from events. Started with a stack (the frame of a sequence), it builds that
 * sequence's items only (yamlItemReread.ts).
 */
export class TreeBuilder {
  readonly documents: Document.Parsed[] = [];
  /** The block sequence that starts at `sequenceStart` and the collections that hold it, innermost first. */
  sequence: { node: YAMLSeq<unknown>; ancestors: Collection[] } | null = null;
  private root: unknown = null;
  private open = false;
  private readonly keyNames = new Map<string, string>();

  constructor(private readonly text: string, readonly stack: Frame[] = [], private readonly sequenceStart = -1) {}

  /** The documents after a reading; null when they are outside the common ground, or do not parse. */
  finish(reading: EventReading): Document.Parsed[] | null | 'uncut' {
    if (reading === 'uncut') return 'uncut';
    if (reading !== 'done') return null;
    return this.stack.length === 0 && !this.open ? this.documents : null;
  }

  /**
   * Places a finished value (not a key) in its parent, or as the document's root; false when it
   * cannot be. `end`: the end of its range (its third offset).
   */
  private place(node: Scalar | Collection, end: number): boolean {
    const parent = this.stack[this.stack.length - 1];
    if (parent === undefined) {
      this.root = node;
      return true;
    }
    parent.end = end;
    if (!parent.isMap) {
      (parent.node as YAMLSeq<unknown>).items.push(node);
      return true;
    }
    if (parent.key === null) return false;
    (parent.node as YAMLMap<Scalar, unknown>).items.push(compactPair(parent.key, node));
    parent.key = null;
    return true;
  }

  /** Takes a mapping's key; false for a merge key or a duplicate. */
  private placeKey(parent: Frame, key: Scalar): boolean {
    let value = key.value;
    if (typeof value === 'string') {
      // One string per key name: a rule file repeats a few names tens of thousands of times.
      const known = this.keyNames.get(value);
      if (known === undefined) this.keyNames.set(value, value);
      else key.value = value = known;
      if (value === '<<') return false;
    }
    if (isDuplicateKey(parent, value)) return false;
    parent.end = rangeEnd(key);
    parent.key = key;
    return true;
  }

  readonly visit = (event: Event): boolean => {
    const text = this.text;
    const stack = this.stack;
    // The most frequent first: scalars, then the ends of collections.
    switch (event.type) {
      case SCALAR: {
        if (event.anchorStart !== -1 || event.tagStart !== -1) return false;
        const parent = stack[stack.length - 1];
        if (parent !== undefined && parent.isMap && parent.key === null) {
          const key = scalarOf(text, event, parent, true);
          return key !== null && this.placeKey(parent, key);
        }
        const scalar = scalarOf(text, event, parent, false);
        return scalar !== null && this.place(scalar, rangeEnd(scalar));
      }
      case POP: {
        const frame = stack.pop();
        if (!frame) {
          // The end of a document.
          if (!this.open) return false;
          const document = new Document() as Document.Parsed;
          document.contents = this.root as Document.Parsed['contents'];
          document.range = [0, text.length, text.length];
          this.documents.push(document);
          this.open = false;
          return true;
        }
        if (frame.key !== null) return false; // a key without a value event
        const parent = stack[stack.length - 1];
        let end: number;
        if (frame.flow) {
          const range = flowRange(text, frame, parent);
          if (!range) return false;
          setRange(frame.node, range[0], range[1], range[2]);
          end = range[2];
        } else {
          end = trailingComments(text, frame.end, frame.indent);
          setRange(frame.node, rangeStart(frame.node), frame.end, end);
        }
        // An array of its number of items: V8 gives an array its first push room for 16, and a
        // rule file's model holds one such array per rule and per group (see exactly() in parser.ts).
        if (frame.node.items.length > 0) frame.node.items = frame.node.items.slice();
        return this.place(frame.node, end);
      }
      case MAPPING:
      case SEQUENCE: {
        if (event.anchorStart !== -1 || event.tagStart !== -1) return false;
        const parent = stack[stack.length - 1];
        if (parent !== undefined && parent.isMap && parent.key === null) return false; // a collection as a key
        const isMap = event.type === MAPPING;
        const start = event.start;
        const node: Collection = compactCollectionAt(isMap, start);
        const flow = event.style === 2;
        if (flow) node.flow = true;
        if (!isMap && !flow && start === this.sequenceStart && this.sequence === null) {
          this.sequence = { node: node as YAMLSeq<unknown>, ancestors: stack.map((f) => f.node).reverse() };
        }
        stack.push({ node, flow, key: null, keys: null, isMap, end: start, indent: start - text.lastIndexOf('\n', start - 1) - 1 });
        return true;
      }
      case DOCUMENT:
        if (event.directives.length > 0) return false;
        this.open = true;
        this.root = null;
        return true;
      case ALIAS:
      default:
        return false;
    }
  };
}

/** Whether a mapping has this key already (as the `yaml` parser's uniqueKeys compares scalar keys). */
function isDuplicateKey(frame: Frame, value: unknown): boolean {
  const items = (frame.node as YAMLMap<Scalar, unknown>).items;
  if (frame.keys === null && items.length < 16) {
    for (let i = 0; i < items.length; i++) if (items[i].key.value === value) return true;
    return false;
  }
  frame.keys ??= new Set(items.map((pair) => pair.key.value));
  if (frame.keys.has(value)) return true;
  frame.keys.add(value);
  return false;
}

/** A scalar node as the `yaml` parser makes it: value, style and the three offsets of its range. */
function scalarOf(text: string, event: ScalarEvent, parent: Frame | undefined, isKey: boolean): Scalar | null {
  const inFlow = parent !== undefined && parent.flow;
  let start = event.valueStart;
  if (start === -1) {
    // An empty value: null, placed after the indicator that introduces it.
    // Empty items of sequences end where the `yaml` parser's tokens say, which text alone does not tell.
    if (inFlow || isKey || parent === undefined || !parent.isMap) return null;
    const at = afterIndicator(text, parent);
    if (at === -1) return null;
    // Followed by comments, its range ends where the `yaml` parser's tokens say: not worth following.
    if (skipBlank(text, at) !== skipBlankLines(text, at)) return null;
    return compactScalarAt(null, PLAIN, at, at, at);
  }
  let end = event.valueEnd;
  // Most values need no decoding (js-yaml marks them `fast`): their text is their value.
  const source = event.fast ? text.slice(start, end) : scalarValue(text, event);
  let type: Scalar.Type;
  /** A plain scalar that is not a name or word, resolved by the core schema's tags (the rare path). */
  let made: Scalar | null = null;
  switch (event.style) {
    case 1:
      type = PLAIN;
      // Most plain scalars are names and words: the core schema's null, bool, int and float forms
      // start with a digit, a sign, a dot or `~`, or are one of a few words.
      if (!startsLikeAWord(source.charCodeAt(0)) || CORE_WORDS.has(source)) {
        made = resolvePlain(source);
        made.type = PLAIN;
      }
      break;
    case 2:
    case 3: {
      type = event.style === 2 ? QUOTE_SINGLE : QUOTE_DOUBLE;
      start -= 1;
      end += 1;
      if (!inFlow) {
        // Only a comment, or the `:` of a key, may follow on its line (js-yaml reads `"a" b:` on).
        const at = afterSpaces(text, end);
        const next = text.charCodeAt(at);
        if (at < text.length && next !== 0x23 && next !== 0x0a && next !== 0x0d && next !== 0x3a) return null;
      }
      break;
    }
    default: {
      // Content of blank lines only: where the `yaml` parser ends it depends on indentation rules
      // for empty lines that text scanning does not follow.
      if (end > start && source.trim() === '') return null;
      const indicator = blockIndicator(text, start);
      if (indicator === -1) return null;
      // Unless kept (`+`), the empty lines that end the content are not its own.
      if (event.chomping !== 3) end = withoutTrailingEmptyLines(text, start, end, event.indent);
      return compactScalarAt(source, event.style === 4 ? BLOCK_LITERAL : BLOCK_FOLDED, indicator, end, end);
    }
  }
  // A value in block context owns the rest of its line (spaces, a comment, the line break) and the
  // comment lines right below it that are indented deeper than its collection.
  let after: number;
  if (inFlow && !isKey) {
    // In a flow collection, spaces and line breaks up to the next indicator (comments there: the `yaml` parser's business).
    after = skipBlankLines(text, end);
    if (text.charCodeAt(after) === 0x23) return null;
  } else {
    after = isKey ? end : parent !== undefined ? deeperComments(text, lineEnd(text, end), parent.indent) : lineEnd(text, end);
  }
  if (made === null) return compactScalarAt(source, type, start, end, after);
  setRange(made, start, end, after);
  return made;
}

export function hasLineLongerThan(text: string, limit: number): boolean {
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    if ((end === -1 ? text.length : end) - start > limit) return true;
    if (end === -1) return false;
    start = end + 1;
  }
}

/** js-yaml's reader of a scalar's value, read once (see the event types in yamlEventStream.ts). */
const scalarValue = getScalarValue;

/** The `yaml` package's scalar styles, read once: in the bundle each `Scalar.X` goes through an interop getter. */
const { PLAIN, QUOTE_SINGLE, QUOTE_DOUBLE, BLOCK_LITERAL, BLOCK_FOLDED } = Scalar;

/** The `yaml` parser's default schema (YAML 1.2 core), whose tags resolve plain scalars. */
const CORE_SCHEMA: Schema = new Document().schema;

/** The words the core schema reads as null or a boolean. */
const CORE_WORDS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);

/** A letter, `_` or `/`. */
function startsLikeAWord(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f || code === 0x2f;
}

/** A plain scalar resolved by the core schema's tags, as the `yaml` parser resolves it (scalarOf takes names and words itself). */
function resolvePlain(value: string): Scalar {
  for (const tag of CORE_SCHEMA.tags) {
    if (!tag.default || !('test' in tag) || !tag.test?.test(value)) continue;
    const resolved = (tag as { resolve: (s: string, onError: (m: string) => void, options: object) => unknown }).resolve(value, () => undefined, {});
    const scalar = resolved instanceof Scalar ? resolved : compactScalar(resolved);
    if (tag.format) scalar.format = tag.format;
    return scalar;
  }
  return compactScalar(value);
}

/**
 * The end of a block scalar's content without its last lines that hold no more than indentation
 * (the first line stays, and a last line without a line break counts too).
 */
function withoutTrailingEmptyLines(text: string, start: number, end: number, indent: number): number {
  let at = end;
  while (at > start) {
    const lineEnd = text[at - 1] === '\n' ? at - 1 : at;
    const lineStart = text.lastIndexOf('\n', lineEnd - 1) + 1;
    if (lineStart <= start) break;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    if (!/^ *$/.test(line) || line.length > indent) break;
    at = lineStart;
  }
  return at;
}

/*
 * The scans below run once or more per node, cold (V8's interpreter): they compare character codes,
 * not one-character strings.
 */

function afterSpaces(text: string, offset: number): number {
  let at = offset;
  let code = text.charCodeAt(at);
  while (code === 0x20 || code === 0x09) code = text.charCodeAt(++at);
  return at;
}

/** After `offset`: spaces and tabs, a comment, and one line break (`\n` or `\r\n`). */
function lineEnd(text: string, offset: number): number {
  let at = offset;
  let code = text.charCodeAt(at);
  while (code === 0x20 || code === 0x09) code = text.charCodeAt(++at);
  if (code === 0x23) {
    while (at < text.length && code !== 0x0a && code !== 0x0d) code = text.charCodeAt(++at);
  }
  if (code === 0x0a) return at + 1;
  if (code === 0x0d && text.charCodeAt(at + 1) === 0x0a) return at + 2;
  return at;
}

/**
 * Where an empty value sits: after the `:` of its key, or the `-` of its item, and the spaces that
 * follow on that line.
 */
function afterIndicator(text: string, parent: Frame): number {
  let at: number;
  if (parent.isMap) {
    at = valueEnd(parent.key!);
    while (text[at] === ' ' || text[at] === '\t') at++;
    if (text[at] !== ':') return -1;
  } else {
    at = parent.node.items.length === 0 ? rangeStart(parent.node) : skipBlank(text, parent.end);
    if (text[at] !== '-') return -1;
  }
  at++;
  while (text[at] === ' ' || text[at] === '\t') at++;
  return at;
}

/**
 * After a value that ends at `offset` (a line start): the comment lines indented deeper than
 * `indent` that follow it, with blank lines between them, belong to the value.
 */
function deeperComments(text: string, offset: number, indent: number): number {
  let end = offset;
  let lineStart = offset;
  for (;;) {
    lineStart = nextFilledLine(text, lineStart);
    const first = afterSpaces(text, lineStart);
    if (text.charCodeAt(first) !== 0x23 || first - lineStart <= indent) return end;
    end = lineStart = lineEnd(text, first);
  }
}

/**
 * The end of a block collection: the blank and comment lines after its last entry, and the
 * indentation of the next line, are its own when one of those comments is indented at least as
 * deep as the collection (and it is not at the left margin); otherwise they belong further out.
 */
export function trailingComments(text: string, end: number, indent: number): number {
  if (indent === 0) return end;
  let lineStart = end;
  let owned = false;
  for (;;) {
    lineStart = nextFilledLine(text, lineStart);
    const first = afterSpaces(text, lineStart);
    if (text.charCodeAt(first) !== 0x23) return owned ? first : end;
    if (first - lineStart >= indent) owned = true;
    lineStart = lineEnd(text, first);
  }
}

/** The start of the first line from `lineStart` on that holds more than spaces and tabs (or the text's end). */
function nextFilledLine(text: string, lineStart: number): number {
  let at = lineStart;
  for (;;) {
    const first = afterSpaces(text, at);
    const code = text.charCodeAt(first);
    if (code === 0x0a) at = first + 1;
    else if (code === 0x0d && text.charCodeAt(first + 1) === 0x0a) at = first + 2;
    else return at;
  }
}

/** Past blank lines and indentation. */
function skipBlankLines(text: string, offset: number): number {
  let at = offset;
  let code = text.charCodeAt(at);
  while (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) code = text.charCodeAt(++at);
  return at;
}

/** Past blank lines, indentation and comment lines. */
function skipBlank(text: string, offset: number): number {
  let at = offset;
  for (;;) {
    while (text[at] === ' ' || text[at] === '\t' || text[at] === '\n' || text[at] === '\r') at++;
    if (text[at] !== '#') return at;
    while (at < text.length && text[at] !== '\n') at++;
  }
}

/**
 * The `|` or `>` of a block scalar whose content starts at `contentStart`: the header is the line
 * before, ending with the indicator, its chomping and indentation indicators, and maybe a comment.
 */
function blockIndicator(text: string, contentStart: number): number {
  const headerEnd = text[contentStart - 1] === '\n' ? contentStart - 1 : contentStart;
  const headerStart = text.lastIndexOf('\n', headerEnd - 1) + 1;
  const header = text.slice(headerStart, headerEnd).replace(/\r$/, '');
  const match = /[|>][-+0-9]*(?:[ \t]+(?:#.*)?)?$/.exec(header);
  return match ? headerStart + match.index : -1;
}

/** A flow collection's range: its opening bracket, past its closing bracket, and in block context the rest of its line and deeper comments. */
function flowRange(text: string, frame: Frame, parent: Frame | undefined): [number, number, number] | null {
  const close = frame.isMap ? '}' : ']';
  let at = frame.node.items.length === 0 ? rangeStart(frame.node) + 1 : frame.end;
  for (;;) {
    at = skipBlank(text, at);
    if (text[at] !== ',') break;
    at++;
  }
  if (text[at] !== close) return null;
  if (parent?.flow === true) {
    const next = skipBlankLines(text, at + 1);
    return text[next] === '#' ? null : [rangeStart(frame.node), at + 1, next];
  }
  // In block context nothing but a comment may follow on its line (js-yaml reads `[a]b: c` on).
  const next = text[afterSpaces(text, at + 1)];
  if (next !== undefined && next !== '#' && next !== '\n' && next !== '\r') return null;
  return [rangeStart(frame.node), at + 1, parent ? deeperComments(text, lineEnd(text, at + 1), parent.indent) : lineEnd(text, at + 1)];
}
