import type { LintSettings } from '../lint/lintSettings';
import { DEFAULT_LINT_SETTINGS } from '../lint/lintSettings';
import { importedClientLibrary } from './clientImports';
import type { CodeGrammars } from './codeParser';
import { grammarOf } from './codeParser';
import { parseCode } from './incrementalParse';
import type { CodeLanguage, CodeMetrics } from './metricDefinition';
import { hasMultiprocessSetup } from './multiprocessSetup';
import { readPromClientMetrics } from './promClientMetrics';
import { readPythonMetrics } from './pythonMetrics';
import { boundNamesAllParsed, pythonAnchors } from './pythonAnchors';
import { pythonParseSlices } from './pythonParseSlices';

/*
 * The entry of the code readers: what one code file says about metrics. A file that imports no
 * client library is answered from a substring search, without a parse; the others are parsed
 * (incrementally when the previous version's parse is given) and read by their language's reader.
 */

export interface CodeMetricsOptions {
  /** The previous version's result for the same file: its tree is re-used and freed. */
  readonly previous?: CodeMetrics;
  /** `unboundedLabels` and rule severities; defaults when absent. */
  readonly settings?: LintSettings;
  /** Parse a Python module whole, not only the parts its metrics touch (for tests that compare the two). */
  readonly fullParse?: boolean;
}

export function readCodeMetrics(language: CodeLanguage, text: string, grammars: CodeGrammars, options: CodeMetricsOptions = {}): CodeMetrics {
  const library = importedClientLibrary(language, text);
  const multiprocess = language === 'python' && hasMultiprocessSetup(text);
  const grammar = grammarOf(language);
  const parser = library ? grammars.parser(grammar) : undefined;
  if (!library || !parser) {
    options.previous?.parsed?.release();
    return { library, definitions: [], problems: [], multiprocess };
  }
  // A Python module is parsed only where the reader will look (pythonParseSlices.ts), unless told not to.
  const slices = library === 'prometheus_client' && options.fullParse !== true ? pythonParseSlices(text, pythonAnchors(text)) : undefined;
  const parse = parseCode(parser, grammar, text, options.previous?.parsed, slices?.ranges);
  if (!parse) return { library, definitions: [], problems: [], multiprocess };
  try {
    const settings = options.settings ?? DEFAULT_LINT_SETTINGS;
    switch (library) {
      case 'prometheus_client': {
        const read = readPythonMetrics(parse.tree.rootNode, text, settings, slices?.detached);
        if (slices && (parse.tree.rootNode.hasError || !boundNamesAllParsed(text, slices.ranges, read.definitions))) {
          // The cut left out something the reader needed, or was not clean: read the whole module.
          parse.parsed.release();
          return readCodeMetrics(language, text, grammars, { settings: options.settings, fullParse: true });
        }
        return { library, definitions: read.definitions, problems: read.problems, multiprocess, parsed: parse.parsed };
      }
      case 'prom-client': {
        const read = readPromClientMetrics(parse.tree.rootNode, text, settings);
        return { library, definitions: read.definitions, problems: read.problems, multiprocess, parsed: parse.parsed };
      }
    }
  } finally {
    parse.tree.delete();
  }
}
