import type { Edit, Parser, Point, Tree } from 'web-tree-sitter';
import type { CodeLanguage } from './metricDefinition';

/*
 * The tree-sitter parsers the code readers use, as an interface the service is given: loading
 * web-tree-sitter and its grammars' .wasm files reads the disk and is asynchronous, so it happens
 * outside the service (fileSystem/codeGrammars.ts) and the pure readers receive the loaded result.
 */

/** A tree-sitter grammar, by the name of its .wasm file (`tree-sitter-<name>.wasm`). */
export type GrammarName = 'python' | 'javascript' | 'typescript' | 'tsx';

/** Loaded grammars. */
export interface CodeGrammars {
  /**
   * A parser set to the grammar; undefined when it could not be loaded (the file is then read as
   * defining nothing). The parser is shared: take it, parse, and do not keep it across awaits.
   */
  parser(grammar: GrammarName): Parser | undefined;
}

/** The grammar that parses an editor language. */
export function grammarOf(language: CodeLanguage): GrammarName {
  switch (language) {
    case 'python': return 'python';
    case 'javascript': case 'javascriptreact': return 'javascript';
    case 'typescript': return 'typescript';
    case 'typescriptreact': return 'tsx';
  }
}

/**
 * A parse of one version of a code file, kept so that the next version re-parses incrementally.
 * It owns a tree-sitter tree (memory in the WebAssembly heap, not garbage-collected): the reader
 * that is given it as the previous parse takes the tree and frees it, and `release()` frees it
 * when the file is closed or deleted.
 */
export class ParsedCode {
  #tree: Tree | undefined;

  constructor(readonly grammar: GrammarName, readonly text: string, tree: Tree) {
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

/** Parses `text`, re-using `previous` (a parse of an earlier version of the same file) when given: its tree is edited and freed. */
export function parseCode(parser: Parser, grammar: GrammarName, text: string, previous: ParsedCode | undefined): { readonly tree: Tree; readonly parsed: ParsedCode } | undefined {
  const oldTree = previous && previous.grammar === grammar ? previous.take() : undefined;
  if (oldTree && previous) oldTree.edit(editBetween(previous.text, text));
  const tree = parser.parse(text, oldTree ?? null);
  oldTree?.delete();
  if (!tree) return undefined;
  return { tree, parsed: new ParsedCode(grammar, text, tree.copy()) };
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
