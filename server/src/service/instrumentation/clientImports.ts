import type { ClientLibrary, CodeLanguage } from './metricDefinition';

/*
 * The textual pre-check before any parse: does a code file import a Prometheus client library at
 * all? Most code of a workspace does not; for it this costs one substring search, and the file gets
 * no parse and no findings. The answer may be a false yes (the name in a comment or a string); the
 * readers then find no definition. It is never a false no for the import forms the readers know.
 */

/** `import prometheus_client`, `import prometheus_client as p`, `from prometheus_client(.x) import …`, also in a comma list. */
const PYTHON_IMPORT = /^[ \t]*(?:from[ \t]+prometheus_client(?:\.[\w.]+)?[ \t]+import\b|import[ \t]+(?:[\w.]+(?:[ \t]+as[ \t]+\w+)?[ \t]*,[ \t]*)*prometheus_client\b)/m;

/** `require('prom-client')`, `import … from 'prom-client'`, `import('prom-client')`, `import 'prom-client'`. */
const JS_IMPORT = /(?:\bfrom|\brequire[ \t]*\(|\bimport[ \t]*\(?)[ \t]*['"]prom-client['"]/;

/** The client library a code file imports, or undefined when it imports none. */
export function importedClientLibrary(language: CodeLanguage, text: string): ClientLibrary | undefined {
  if (language === 'python') {
    return text.includes('prometheus_client') && PYTHON_IMPORT.test(text) ? 'prometheus_client' : undefined;
  }
  return text.includes('prom-client') && JS_IMPORT.test(text) ? 'prom-client' : undefined;
}
