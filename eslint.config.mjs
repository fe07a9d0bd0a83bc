// Strict lint for the TypeScript sources, with an import rule that keeps the language service pure:
// service/ knows nothing of LSP transport, VS Code or the network (see docs/architecture.md).
import tseslint from 'typescript-eslint';

const NETWORK = ['http', 'https', 'net', 'tls', 'dgram', 'dns', 'node:http', 'node:https', 'node:net', 'node:tls', 'node:dgram', 'node:dns'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['server/src/service/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vscode', message: 'The language service runs outside VS Code.' },
          ...NETWORK.map((name) => ({ name, message: 'The language service does no I/O: data sources come in through an interface.' })),
        ],
        patterns: [
          { group: ['vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageserver-types', 'vscode-languageserver-protocol'], message: 'The service answers in its own offset-based data; lsp/toLsp.ts converts to LSP (vscode-languageserver-textdocument, a text with lines, is allowed).' },
          { group: ['**/lsp/*', '**/cli/*', '**/sources/*'], message: 'Imports go downwards only: service/ does not import lsp/, cli/ or sources/.' },
        ],
      }],
    },
  },
  {
    files: ['server/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Only the client imports vscode.' }] }],
    },
    ignores: ['server/src/service/**/*.ts'],
  },
);
