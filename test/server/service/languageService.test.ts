import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../../server/src/service/languageService';
import { withLspAnswers } from '../../support/lspAnswers';

describe('language service', () => {
  const service = withLspAnswers(getLanguageService());

  it('turns problems into LSP diagnostics at document positions', () => {
    const document = TextDocument.create('file:///q.promql', 'promql', 1, 'up\n\nrate(foo)\n');
    const model = service.parseDocument(document)!;
    assert.deepEqual(service.validate(document, model), [{
      range: { start: { line: 2, character: 5 }, end: { line: 2, character: 8 } },
      severity: 1,
      code: 'promql/type',
      source: 'prometheus',
      message: 'expected type range vector in call to function "rate", got instant vector',
    }]);
  });

  it('handles only the documents it knows', () => {
    assert.equal(service.parseDocument(TextDocument.create('file:///a.txt', 'plaintext', 1, 'sum(')), null);
  });
});
