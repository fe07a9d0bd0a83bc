import type { Node } from 'web-tree-sitter';
import { builtOnFirstUse } from '../builtOnFirstUse';

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
  /** The root's children and their starts, read once: a question asked of the root scans its children one by one. */
  #topLevel: { readonly nodes: readonly Node[]; readonly starts: readonly number[] } | undefined;

  constructor(root: Node, text: string) {
    this.#root = root;
    this.#text = text;
  }

  /** The `call` nodes that start at `offset` and chain from there (`A.labels(x).inc()`, then `A.labels(x)`), outermost first. */
  callsStartingAt(offset: number): Node[] {
    return this.chainAt(offset)?.map((c) => c.node).reverse() ?? this.#pathCallsStartingAt(offset);
  }

  /**
   * The calls chained from the dotted name at `offset` (`A.labels(x).inc()`: `A.labels(x)`, then
   * the whole), innermost first, with what the text says of each (its method and receiver); the
   * tree confirms each call's range. Undefined when the tree disagrees with the text or a bracket
   * is not closed nearby: then ask `callsStartingAt`, which reads the tree alone.
   */
  chainAt(offset: number): ChainedCall[] | undefined {
    const segments = chainedCalls(this.#text, offset);
    if (segments === null) return undefined;
    const from = this.#topLevelAt(offset);
    const calls: ChainedCall[] = [];
    for (const segment of segments) {
      const node = from.descendantForIndex(offset, segment.end);
      if (!node || node.type !== 'call' || node.startIndex !== offset || node.endIndex !== segment.end) return undefined;
      calls.push({ ...segment, node, start: offset });
    }
    return calls;
  }

  /** The ancestors of a node, its parent first and the root last (as `parent` walks them, without a descent from the root per step). */
  ancestors(node: Node): Node[] {
    const top = this.#topLevelAt(node.startIndex);
    const path: Node[] = [];
    if (top.id !== node.id) {
      let at: Node | null = top;
      while (at && at.id !== node.id) {
        path.push(at);
        at = at.childWithDescendant(node);
      }
      if (!at) {
        const parents: Node[] = [];
        for (let parent = node.parent; parent; parent = parent.parent) parents.push(parent);
        return parents;
      }
    }
    path.reverse();
    if (top.id !== this.#root.id) path.push(this.#root);
    return path;
  }

  /** The root's child holding `offset` (the last that starts at or before it), or the root. */
  #topLevelAt(offset: number): Node {
    if (!this.#topLevel) {
      const nodes = this.#root.children.filter((n): n is Node => n !== null);
      this.#topLevel = { nodes, starts: nodes.map((n) => n.startIndex) };
    }
    const { nodes, starts } = this.#topLevel;
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (starts[middle] <= offset) low = middle + 1;
      else high = middle;
    }
    return low > 0 ? nodes[low - 1] : this.#root;
  }

  /** The innermost node holding `offset` that has one of the types. */
  enclosingOfType(offset: number, types: ReadonlySet<string>): Node | undefined {
    return this.#path(offset).reverse().find((node) => types.has(node.type));
  }

  /** The `call` whose function is the attribute ending in the identifier at `offset` (`.labels` of `X.labels(...)`). */
  callOfAttributeAt(offset: number): Node | undefined {
    const end = chainedCalls(this.#text, offset)?.[0]?.end;
    const call = end === undefined ? undefined : this.#topLevelAt(offset).descendantForIndex(offset, end);
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

/** A call of a chain, as the text shows it and the tree confirmed it. */
export interface ChainedCall {
  readonly node: Node;
  readonly start: number;
  readonly end: number;
  /** Where its arguments start (the bracket). */
  readonly arguments: number;
  /** The method called, when the function is an attribute (`labels` of `A.labels(x)`), and where its name starts. */
  readonly method: { readonly name: string; readonly start: number } | undefined;
  /** The text of the object the method is called on (`A`, `self.requests`, `A.labels(x)`). */
  readonly receiver: string | undefined;
  /** The object is the previous call of the chain (`A.labels(x)` of `A.labels(x).inc()`). */
  readonly onPrevious: boolean;
}

/**
 * The calls chained from a dotted name at `offset`, as the text shows them: `a.b(x).c(y)` gives
 * `a.b(x)` and `a.b(x).c(y)`, each with its end, method and receiver. A guess the tree then
 * confirms; null when a bracket is not closed within LONGEST_CALL.
 */
function chainedCalls(text: string, offset: number): Omit<ChainedCall, 'node' | 'start'>[] | null {
  const calls: Omit<ChainedCall, 'node' | 'start'>[] = [];
  // The function of the next call runs from `from` (the chain's start, or the previous call's end).
  let from = offset;
  let at = skipName(text, offset);
  for (;;) {
    at = skipSpace(text, at);
    if (text[at] === '(') {
      const end = closingBracket(text, at);
      if (end === undefined) return null;
      calls.push({ end, arguments: at, ...functionParts(text, offset, from, at) });
      from = end;
      at = end;
    } else if (text[at] === '.') {
      const name = skipSpace(text, at + 1);
      at = skipName(text, name);
      if (at === name) return calls;
    } else {
      return calls;
    }
  }
}

/** The method and receiver of a call whose function runs from `from` to the bracket at `open` (the chain starting at `offset`). */
function functionParts(text: string, offset: number, from: number, open: number): Pick<ChainedCall, 'method' | 'receiver' | 'onPrevious'> {
  const dot = text.lastIndexOf('.', open);
  if (dot < from) return { method: undefined, receiver: undefined, onPrevious: false };
  const start = skipSpace(text, dot + 1);
  const name = text.slice(start, skipName(text, start));
  // The receiver ends at its last character before the dot (spaces and line continuations left out).
  let objectEnd = dot;
  while (objectEnd > offset && /[\s\\]/.test(text[objectEnd - 1])) objectEnd--;
  return { method: { name, start }, receiver: text.slice(offset, objectEnd), onPrevious: from !== offset && objectEnd === from };
}

/** A run of name characters and dots, from where it is set (one search instead of one per character). */
const NAME_RUN = builtOnFirstUse(() => /[\p{L}\p{N}_.]*/uy);

function skipName(text: string, at: number): number {
  const nameRun = NAME_RUN();
  nameRun.lastIndex = at;
  nameRun.exec(text);
  return Math.max(at, nameRun.lastIndex);
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
