import type { CodeGrammars, GrammarName } from '../service/instrumentation/codeParser';
import { loadCodeGrammars } from './codeGrammars';

/*
 * The editor's grammars, loaded when a file first needs one: a workspace without instrumented code
 * never loads web-tree-sitter or a .wasm file. A grammar asked for before it is loaded gives no
 * parser (the file is read as defining nothing); once it has loaded, `onLoaded` reads the code
 * files again (Workspace.refreshCode) and the documents are validated again.
 */
export function codeGrammarsOnDemand(onLoaded: () => void, onError: (error: unknown) => void): CodeGrammars {
  let loaded: CodeGrammars | undefined;
  const asked = new Set<GrammarName>();
  return {
    parser(grammar) {
      const parser = loaded?.parser(grammar);
      if (parser || asked.has(grammar)) return parser;
      asked.add(grammar);
      loadCodeGrammars([grammar]).then((grammars) => {
        loaded = grammars;
        onLoaded();
      }, onError);
      return undefined;
    },
  };
}
