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

/** A rule file of `groups` groups, its lines ended by `eol`. */
function ruleText(groups: number, eol: string): string {
  const lines: string[] = ['groups:'];
  for (let g = 0; g < groups; g++) lines.push(`  - name: g${g}`, '    rules:', `      - record: job:x_${g}:rate5m`, '        expr: sum(rate(x_total[5m]))');
  return `${lines.join(eol)}\n`;
}

/**
 * Random notifications into `text`, compared after each with a document made afresh: `unusual`
 * are what is typed now and then besides randomChange's (line ends, characters past Latin-1).
 */
function typeInto(original: string, seed: number, notifications: number, unusual: readonly string[]): TextDocument {
  const next = random(seed);
  let document = editorDocuments.create('file:///w/rules.yml', 'yaml', 1, original);
  assert.equal(editedSpanOf(document), undefined);
  for (let i = 0; i < notifications; i++) {
    const before = document.getText();
    const count = next() < 0.6 ? 1 : 2 + Math.floor(next() * 3);
    const changes: TextDocumentContentChangeEvent[] = [];
    let text = before;
    for (let c = 0; c < count; c++) {
      const where = next();
      const at = Math.floor(next() * (text.length + 1));
      const change = where < 0.1 ? { start: 0, end: Math.min(1, text.length), text: '' } : where < 0.2 ? { start: text.length, end: text.length, text: '\r\nx' }
        : where < 0.35 ? { start: at, end: Math.min(text.length, at + Math.floor(next() * 3)), text: unusual[Math.floor(next() * unusual.length)] } : randomChange(text, next);
      const then = TextDocument.create('file:///w/rules.yml', 'yaml', 0, text);
      const start = then.positionAt(change.start);
      const end = then.positionAt(change.end);
      // Now and then a range written end first, as the protocol allows.
      changes.push({ range: next() < 0.1 ? { start: end, end: start } : { start, end }, text: change.text });
      // A position cannot fall between the two characters of a CRLF: the offsets the positions say.
      text = text.slice(0, then.offsetAt(start)) + change.text + text.slice(then.offsetAt(end));
    }
    const version = document.version + 1;
    document = editorDocuments.update(document, changes, version);
    const fresh = TextDocument.create('file:///w/rules.yml', 'yaml', version, text);
    const where = `notification ${i + 1}`;
    assert.equal(document.version, version, where);
    assert.equal(document.getText(), text, where);
    assert.equal(document.lineCount, fresh.lineCount, where);
    for (let k = 0; k < 5; k++) {
      const offset = Math.floor(next() * (text.length + 1));
      assert.deepEqual(document.positionAt(offset), fresh.positionAt(offset), `${where}, offset ${offset}`);
      const line = Math.floor(next() * (fresh.lineCount + 1)) - (k === 0 ? 1 : 0);
      const position = { line, character: Math.floor(next() * 40) };
      assert.equal(document.offsetAt(position), fresh.offsetAt(position), `${where}, ${JSON.stringify(position)}`);
      assert.deepEqual(document.getLineRange(line), fresh.getLineRange(line), `${where}, line ${line}`);
      assert.equal(document.getEOLCharacters(line), fresh.getEOLCharacters(line), `${where}, line ${line}`);
      const range = { start: position, end: document.positionAt(Math.floor(next() * (text.length + 1))) };
      assert.equal(document.getText(range), fresh.getText(range), `${where}, ${JSON.stringify(range)}`);
    }
    const span = editedSpanOf(document);
    assert.ok(span, where);
    assert.equal(text.slice(0, span.start), before.slice(0, span.start), where);
    assert.equal(text.slice(span.newEnd), before.slice(span.oldEnd), where);
    assert.equal(span.newEnd - span.oldEnd, text.length - before.length, where);
  }
  return document;
}

describe('editor documents (document sync, incremental didChange)', () => {
  it('give a fresh document\'s text and positions, and the span each notification replaced', () => {
    typeInto(ruleText(6, '\r\n'), 31, 300, ['\r', '\n', '\r\n', '\n\r', 'é', '€', '😀']);
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
