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
import { recalledUses, rememberUses, useContext } from './pythonUseMemo';

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
  return readCode(language, text, grammars, options, true);
}

/** `recall`: take the findings of statements known already (from the previous read, or read earlier in this one). */
function readCode(language: CodeLanguage, text: string, grammars: CodeGrammars, options: CodeMetricsOptions, recall: boolean): CodeMetrics {
  const library = importedClientLibrary(language, text);
  const multiprocess = language === 'python' && hasMultiprocessSetup(text);
  const grammar = grammarOf(language);
  const parser = library ? grammars.parser(grammar) : undefined;
  if (!library || !parser) {
    options.previous?.parsed?.release();
    return { library, definitions: [], problems: [], multiprocess };
  }
  // A Python module is parsed only where the reader will look (pythonParseSlices.ts), unless told
  // not to; the statements whose findings the previous read knows are left out (pythonUseMemo.ts).
  // A statement written twice is parsed and read once.
  const memo = recall ? options.previous?.pythonUses : undefined;
  const seen = new Set<string>();
  const known = (statement: string): boolean => {
    if (memo?.byStatement.has(statement) || seen.has(statement)) return true;
    seen.add(statement);
    return false;
  };
  const slices = library === 'prometheus_client' && options.fullParse !== true ? pythonParseSlices(text, pythonAnchors(text), recall ? known : undefined) : undefined;
  const parse = parseCode(parser, grammar, text, options.previous?.parsed, slices?.ranges);
  if (!parse) return { library, definitions: [], problems: [], multiprocess };
  try {
    const settings = options.settings ?? DEFAULT_LINT_SETTINGS;
    switch (library) {
      case 'prometheus_client': {
        const read = readPythonMetrics(parse.tree.rootNode, text, settings, slices?.detached, slices?.known);
        if (slices && (parse.tree.rootNode.hasError || !boundNamesAllParsed(text, slices.covered, read.definitions))) {
          // The cut left out something the reader needed, or was not clean: read the whole module.
          parse.parsed.release();
          return readCode(language, text, grammars, { settings: options.settings, fullParse: true }, false);
        }
        if (!slices) return { library, definitions: read.definitions, problems: read.problems, multiprocess, parsed: parse.parsed };
        const context = useContext(text, slices.whole, read.bindings);
        const own = rememberUses(context, text, slices.detached, read.problems);
        const fromPrevious = slices.known.filter((s) => !own.byStatement.has(text.slice(s.start, s.end)));
        if (fromPrevious.length > 0 && (context !== memo?.context || fromPrevious.some((s) => !memo.byStatement.has(text.slice(s.start, s.end))))) {
          // What the statements known from the previous read were read with has changed: read them
          // again, from this parse.
          return readCode(language, text, grammars, { settings: options.settings, previous: { library, definitions: [], problems: [], multiprocess, parsed: parse.parsed } }, false);
        }
        const fromThisRead = slices.known.filter((s) => own.byStatement.has(text.slice(s.start, s.end)));
        const problems = slices.known.length === 0 ? read.problems
          : [...read.problems, ...recalledUses(own, text, fromThisRead), ...(memo ? recalledUses(memo, text, fromPrevious) : [])].sort((a, b) => a.range.start - b.range.start);
        const statements = [...slices.detached, ...slices.known].sort((a, b) => a.start - b.start);
        return { library, definitions: read.definitions, problems, multiprocess, parsed: parse.parsed, pythonUses: rememberUses(context, text, statements, problems) };
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
