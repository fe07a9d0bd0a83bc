import * as assert from 'node:assert/strict';
import { documentLanguage } from '../../../../server/src/service/documents/documentLanguage';

describe('documentLanguage', () => {
  const cases: { uri: string; languageId: string; expected: 'promql' | 'yaml' | null }[] = [
    { uri: 'file:///w/queries.promql', languageId: 'promql', expected: 'promql' },
    // eglot before 1.16 sends the language id of the mode that started the server for every file.
    { uri: 'file:///w/queries.promql', languageId: 'yaml', expected: 'promql' },
    { uri: 'file:///w/rules/api.rules.yml', languageId: 'promql', expected: 'yaml' },
    { uri: 'file:///w/prometheus.YAML', languageId: 'plaintext', expected: 'yaml' },
    { uri: 'untitled:Untitled-1', languageId: 'promql', expected: 'promql' },
    { uri: 'untitled:Untitled-2', languageId: 'yaml', expected: 'yaml' },
    { uri: 'file:///w/notes.txt', languageId: 'plaintext', expected: null },
    { uri: 'file:///w/notes.txt', languageId: 'promql', expected: 'promql' },
    { uri: 'git:/w/queries.promql?ref=HEAD', languageId: 'yaml', expected: 'promql' },
  ];
  for (const c of cases) {
    it(`${c.uri} (${c.languageId}) is ${c.expected ?? 'neither'}`, () => assert.equal(documentLanguage(c), c.expected));
  }
});
