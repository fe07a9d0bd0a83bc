import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeLanguage } from '../instrumentation/metricDefinition';

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

const CODE_EXTENSIONS: Readonly<Record<string, CodeLanguage>> = {
  py: 'python', js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascriptreact',
  ts: 'typescript', mts: 'typescript', cts: 'typescript', tsx: 'typescriptreact',
};
const CODE_LANGUAGES = new Set<string>(Object.values(CODE_EXTENSIONS));

/**
 * The application-code language of a document whose metric definitions are read (Python,
 * JavaScript, TypeScript), by extension first, then by the client's language id; null for others.
 */
export function codeLanguage(document: Pick<TextDocument, 'uri' | 'languageId'>): CodeLanguage | null {
  const path = document.uri.replace(/[?#].*$/, '');
  const extension = /\.([a-z]+)$/i.exec(path)?.[1].toLowerCase();
  if (extension !== undefined && Object.hasOwn(CODE_EXTENSIONS, extension)) return CODE_EXTENSIONS[extension];
  if (/\.(ya?ml|promql)$/i.test(path)) return null;
  return CODE_LANGUAGES.has(document.languageId) ? (document.languageId as CodeLanguage) : null;
}
