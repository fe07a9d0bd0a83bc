import type { CodeGrammars, GrammarName } from '../service/instrumentation/codeParser';
import { loadCodeGrammars } from './codeGrammars';

/*
 * The editor's grammars, loaded when a file first needs one: a workspace without instrumented code
 * never loads web-tree-sitter or a .wasm file. A grammar asked for before it is loaded gives no
 * parser (the file is read as defining nothing); once it has loaded, `onLoaded` reads the code
 * files again (Workspace.refreshCode) and the documents are validated again. A walk of the
 * workspace waits for a load it started (`loading`), so that it reads the rest with the grammar.
 */

export interface GrammarsOnDemand {
  readonly grammars: CodeGrammars;
  /** The load under way, if any (it never rejects). */
  loading(): Promise<void> | undefined;
}

export function codeGrammarsOnDemand(onLoaded: () => void, onError: (error: unknown) => void): GrammarsOnDemand {
  let loaded: CodeGrammars | undefined;
  let pending: Promise<void> | undefined;
  const asked = new Set<GrammarName>();
  const grammars: CodeGrammars = {
    parser(grammar) {
      const parser = loaded?.parser(grammar);
      if (parser || asked.has(grammar)) return parser;
      asked.add(grammar);
      const load = loadCodeGrammars([grammar]).then((result) => {
        loaded = result;
        onLoaded();
      }, onError).finally(() => {
        if (pending === load) pending = undefined;
      });
      pending = load;
      return undefined;
    },
  };
  return { grammars, loading: () => pending };
}
