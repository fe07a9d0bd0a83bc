import * as assert from 'node:assert/strict';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { editedSpanOf, editorDocuments } from '../../../server/src/lsp/editorDocuments';
import { random, randomChange } from '../../support/randomEdits';

/*
 * The editor's documents (lsp/editorDocuments.ts) as document sync updates them: after random
 * incremental changes, several to a notification, the text, offsets and positions are those of a
 * document made afresh from the same text, and the span noted for the notification is what it
 * replaced: the texts agree before its start and after its ends.
 */

describe('editor documents (document sync, incremental didChange)', () => {
  it('give a fresh document\'s text and positions, and the span each notification replaced', () => {
    const next = random(31);
    const lines: string[] = ['groups:'];
    for (let g = 0; g < 6; g++) lines.push(`  - name: g${g}`, '    rules:', `      - record: job:x_${g}:rate5m`, '        expr: sum(rate(x_total[5m]))');
    let document = editorDocuments.create('file:///w/rules.yml', 'yaml', 1, `${lines.join('\r\n')}\n`);
    assert.equal(editedSpanOf(document), undefined);
    for (let i = 0; i < 300; i++) {
      const before = document.getText();
      const count = next() < 0.6 ? 1 : 2 + Math.floor(next() * 3);
      const changes: TextDocumentContentChangeEvent[] = [];
      let text = before;
      for (let c = 0; c < count; c++) {
        const where = next();
        const change = where < 0.1 ? { start: 0, end: Math.min(1, text.length), text: '' } : where < 0.2 ? { start: text.length, end: text.length, text: '\r\nx' } : randomChange(text, next);
        const at = TextDocument.create('file:///w/rules.yml', 'yaml', 0, text);
        const start = at.positionAt(change.start);
        const end = at.positionAt(change.end);
        // Now and then a range written end first, as the protocol allows.
        changes.push({ range: next() < 0.1 ? { start: end, end: start } : { start, end }, text: change.text });
        // A position cannot fall between the two characters of a CRLF: the offsets the positions say.
        text = text.slice(0, at.offsetAt(start)) + change.text + text.slice(at.offsetAt(end));
      }
      const version = document.version + 1;
      document = editorDocuments.update(document, changes, version);
      const fresh = TextDocument.create('file:///w/rules.yml', 'yaml', version, text);
      const where = `notification ${i + 1}`;
      assert.equal(document.getText(), text, where);
      assert.equal(document.lineCount, fresh.lineCount, where);
      for (let k = 0; k < 5; k++) {
        const offset = Math.floor(next() * (text.length + 1));
        assert.deepEqual(document.positionAt(offset), fresh.positionAt(offset), `${where}, offset ${offset}`);
        const position = { line: Math.floor(next() * fresh.lineCount), character: Math.floor(next() * 40) };
        assert.equal(document.offsetAt(position), fresh.offsetAt(position), `${where}, ${JSON.stringify(position)}`);
      }
      const span = editedSpanOf(document);
      assert.ok(span, where);
      assert.equal(text.slice(0, span.start), before.slice(0, span.start), where);
      assert.equal(text.slice(span.newEnd), before.slice(span.oldEnd), where);
      assert.equal(span.newEnd - span.oldEnd, text.length - before.length, where);
    }
  });

  it('note no span for a change of the whole text, nor for another version', () => {
    let document = editorDocuments.create('file:///w/rules.yml', 'yaml', 1, 'groups: []\n');
    document = editorDocuments.update(document, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '#' }, { text: 'groups:\n' }], 2);
    assert.equal(document.getText(), 'groups:\n');
    assert.equal(editedSpanOf(document), undefined);
    document = editorDocuments.update(document, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '  - name: a\n' }], 3);
    assert.deepEqual(editedSpanOf(document), { start: 8, oldEnd: 8, newEnd: 20 });
    assert.equal(editedSpanOf(TextDocument.create('file:///w/rules.yml', 'yaml', 3, document.getText())), undefined);
  });
});
