import type { Node } from 'web-tree-sitter';

/*
 * Reaching the few tree nodes a reader needs from the places a text search found, instead of
 * materialising every node of a type: each node crossing from web-tree-sitter's WebAssembly heap
 * into JavaScript costs about a microsecond, and a 5,000-line module has thousands of calls of
 * which a few hundred concern metrics. A search in the text (a regular expression) finds the
 * candidates; the tree, asked at those offsets only, says what they are (a match inside a comment
 * or a string is no call, and is dropped there).
 */

/** The start offsets of the matches of a global regular expression in the text, each plus `shift`. */
export function matchOffsets(text: string, pattern: RegExp, shift: (match: RegExpExecArray) => number = () => 0): number[] {
  const offsets: number[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    offsets.push(match.index + shift(match));
    if (match[0].length === 0) pattern.lastIndex++;
  }
  return offsets;
}

/**
 * The nodes a reader asks for at offsets the text search found. The ends of the calls there are
 * read from the text too (brackets matched, strings and comments skipped), so that one question to
 * the tree (the smallest node spanning the call) gives each; when the tree disagrees (a bracket in
 * an f-string, a line continuation), the answer comes from a descent from the root, which is exact
 * but makes a node object of every level.
 */
export class AnchoredNodes {
  readonly #root: Node;
  readonly #text: string;

  constructor(root: Node, text: string) {
    this.#root = root;
    this.#text = text;
  }

  /** The `call` nodes that start at `offset` and chain from there (`A.labels(x).inc()`, then `A.labels(x)`), outermost first. */
  callsStartingAt(offset: number): Node[] {
    const ends = chainedCallEnds(this.#text, offset);
    // A bracket the text search could not close nearby (a call longer than LONGEST_CALL): the tree tells.
    if (ends === null) return this.#pathCallsStartingAt(offset);
    const calls: Node[] = [];
    for (const end of ends) {
      const call = this.#root.descendantForIndex(offset, end);
      if (!call || call.type !== 'call' || call.startIndex !== offset || call.endIndex !== end) return this.#pathCallsStartingAt(offset);
      calls.push(call);
    }
    return calls.reverse();
  }

  /** The innermost node holding `offset` that has one of the types. */
  enclosingOfType(offset: number, types: ReadonlySet<string>): Node | undefined {
    return this.#path(offset).reverse().find((node) => types.has(node.type));
  }

  /** The `call` whose function is the attribute ending in the identifier at `offset` (`.labels` of `X.labels(...)`). */
  callOfAttributeAt(offset: number): Node | undefined {
    const end = chainedCallEnds(this.#text, offset)?.[0];
    const call = end === undefined ? undefined : this.#root.descendantForIndex(offset, end);
    if (call?.type === 'call' && call.endIndex === end) {
      const fn = call.childForFieldName('function');
      if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.startIndex === offset) return call;
    }
    const [pathCall, attribute, identifier] = this.#path(offset).slice(-3);
    // An attribute under a call is its function (the arguments are an argument_list).
    return identifier?.type === 'identifier' && identifier.startIndex === offset && attribute.type === 'attribute' && pathCall.type === 'call' ? pathCall : undefined;
  }

  #pathCallsStartingAt(offset: number): Node[] {
    return this.#path(offset).filter((node) => node.startIndex === offset && node.type === 'call');
  }

  /** From the root's child down to the token at `offset`. */
  #path(offset: number): Node[] {
    const leaf = this.#root.descendantForIndex(offset, offset + 1);
    const path: Node[] = [];
    if (!leaf || leaf.startIndex > offset) return path;
    for (let node: Node | null = this.#root.childWithDescendant(leaf); node; node = node.id === leaf.id ? null : node.childWithDescendant(leaf)) path.push(node);
    return path;
  }
}

/** How far a call's closing bracket is looked for: beyond, the tree is asked instead. */
const LONGEST_CALL = 20_000;

/**
 * The ends of the calls chained from a dotted name at `offset`, as the text shows them:
 * `a.b(x).c(y)` gives the ends of `a.b(x)` and of `a.b(x).c(y)`. A guess the tree then confirms;
 * null when a bracket is not closed within LONGEST_CALL.
 */
function chainedCallEnds(text: string, offset: number): number[] | null {
  const ends: number[] = [];
  let at = skipName(text, offset);
  for (;;) {
    at = skipSpace(text, at);
    if (text[at] === '(') {
      const end = closingBracket(text, at);
      if (end === undefined) return null;
      ends.push(end);
      at = end;
    } else if (text[at] === '.') {
      const name = skipSpace(text, at + 1);
      at = skipName(text, name);
      if (at === name) return ends;
    } else {
      return ends;
    }
  }
}

function skipName(text: string, at: number): number {
  while (at < text.length && /[\p{L}\p{N}_.]/u.test(text[at])) at++;
  return at;
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && (text[at] === ' ' || text[at] === '\t' || text[at] === '\n' || text[at] === '\r' || text[at] === '\\')) at++;
  return at;
}

/** The offset after the bracket closing the one at `open`, skipping strings and comments; undefined when not found near. */
function closingBracket(text: string, open: number): number | undefined {
  let depth = 0;
  const limit = Math.min(text.length, open + LONGEST_CALL);
  for (let at = open; at < limit; at++) {
    const c = text[at];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (--depth === 0) return at + 1;
    } else if (c === '#') {
      const newline = text.indexOf('\n', at);
      if (newline === -1) return undefined;
      at = newline;
    } else if (c === '"' || c === "'") {
      const quote = text.startsWith(c.repeat(3), at) ? c.repeat(3) : c;
      at += quote.length;
      while (at < limit && !text.startsWith(quote, at)) at += text[at] === '\\' ? 2 : 1;
      at += quote.length - 1;
    }
  }
  return undefined;
}

/**
 * Distinct nodes in document order as a preorder walk visits them: by start, and at the same start
 * the outer (longer) first.
 */
export function inDocumentOrder(nodes: Iterable<Node>): Node[] {
  const byRange = new Map<string, Node>();
  for (const node of nodes) byRange.set(`${node.startIndex}:${node.endIndex}:${node.type}`, node);
  return [...byRange.values()].sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
}
