import type { Parser } from 'web-tree-sitter';
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
