import type { TextDocument } from 'vscode-languageserver-textdocument';

/**
 * What language a document is written in. The file's extension decides first (`.promql`, `.yml`,
 * `.yaml`), then the client's language id: some clients send one language id for every file of a
 * server (eglot before 1.16 sends `yaml` for a `.promql` file when the server was started for YAML).
 * Untitled documents have only their language id.
 */
export function documentLanguage(document: Pick<TextDocument, 'uri' | 'languageId'>): 'promql' | 'yaml' | null {
  const path = document.uri.replace(/[?#].*$/, '');
  if (/\.promql$/i.test(path)) return 'promql';
  if (/\.ya?ml$/i.test(path)) return 'yaml';
  if (document.languageId === 'promql') return 'promql';
  if (document.languageId === 'yaml') return 'yaml';
  return null;
}
