import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { findCheckedFiles } from '../../../../server/src/cli/check/fileDiscovery';
import { parseYamlDocument, type YamlDocumentModel } from '../../../../server/src/service/documents/yamlDocument';
import { getLanguageService } from '../../../../server/src/service/languageService';
import { withLspAnswers } from '../../../support/lspAnswers';
import { indexDocument } from '../../../../server/src/service/rules/ruleIndex';
import { CORPUS, REALWORLD } from '../../../support/paths';
import { random, randomChange } from '../../../support/randomEdits';
import type { EditedSpan } from '../../../../server/src/service/documents/editedSpan';
import { dumpYamlDocuments } from '../../../support/yamlTreeDump';

/*
 * A model parsed from the previous version's model (an edit re-reads only the item it falls in:
 * yamlItemReread.ts) must be the model a fresh parse of the new text gives: the same tree, ranges
 * and all, the same queries at the same places, the same diagnostics and the same index entries. Random edits, seeded,
 * over the corpus' rule files and the real-world files, each edit applied to the previous result.
 */

function queriesOf(model: YamlDocumentModel): unknown[] {
  return model.queries.map((q) => ({
    range: q.range,
    value: q.map.value,
    exact: q.map.exact,
    offsets: Array.from({ length: q.map.value.length + 1 }, (_, i) => q.map.toDocumentOffset(i)),
    indexes: Array.from({ length: q.range.end - q.range.start + 1 }, (_, i) => q.map.toValueIndex(q.range.start + i)),
    problems: [q.analysis.syntaxProblems, q.analysis.typeProblems, q.analysis.type],
    at: model.queryAt.get(q.range.start) === q,
  }));
}

/** The span an editor reports for a change, `widen` characters wider on each side (what it replaced with itself). */
function editorSpan(text: string, change: { start: number; end: number; text: string }, widen: number): EditedSpan {
  const start = Math.max(0, change.start - widen);
  const oldEnd = Math.min(text.length, change.end + widen);
  return { start, oldEnd, newEnd: oldEnd + change.text.length - (change.end - change.start) };
}

describe('parseYamlDocument from the previous version\'s model', () => {
  it('gives the model and diagnostics of a fresh parse, over random edits of real rule files', function () {
    this.timeout(600_000);
    const files = findCheckedFiles([path.join(CORPUS, 'rules'), path.join(REALWORLD, 'yaml')]).files
      .filter((f) => /\.ya?ml$/i.test(f) && fs.statSync(f).size < 200_000);
    assert.ok(files.length > 300, `${files.length} files`);
    const service = withLspAnswers(getLanguageService());
    const next = random(17);
    let edits = 0;
    let reread = 0;
    let rereadWithSpan = 0;
    for (const file of files) {
      let text = fs.readFileSync(file, 'utf8');
      let model = parseYamlDocument(text, file);
      for (let i = 0; i < 8 && model; i++) {
        // Every other edit comes with the span the editor replaced (the texts are then not compared), some of them wider than the change.
        const change = randomChange(text, next);
        const edited = i % 2 === 1 ? editorSpan(text, change, i % 4 === 3 ? 3 : 0) : undefined;
        text = text.slice(0, change.start) + change.text + text.slice(change.end);
        const where = `${path.basename(file)}, edit ${i + 1}${edited ? ' (span given)' : ''}`;
        const before = model.documents[0];
        const incremental = parseYamlDocument(text, file, undefined, model, edited);
        const fresh = parseYamlDocument(text, file);
        edits++;
        assert.equal(incremental?.kind, fresh?.kind, where);
        if (!incremental || !fresh) break;
        if (incremental.documents[0] === before) reread++;
        if (incremental.documents[0] === before && edited) rereadWithSpan++;
        assert.deepEqual(dumpYamlDocuments(incremental.documents), dumpYamlDocuments(fresh.documents), where);
        assert.deepEqual(incremental.yamlProblems, fresh.yamlProblems, where);
        assert.deepEqual(queriesOf(incremental), queriesOf(fresh), where);
        const document = TextDocument.create(`file://${file}`, 'yaml', i + 2, text);
        assert.deepEqual(service.validate(document, incremental), service.validate(document, fresh), where);
        // The index's entries are a fresh parse's; an edited file's also says which group gave which (ruleIndex.ts).
        const { groups, ...entries } = indexDocument(document.uri, incremental);
        const { groups: freshGroups, ...freshEntries } = indexDocument(document.uri, fresh);
        assert.deepEqual(entries, freshEntries, where);
        assert.equal(freshGroups, undefined, where);
        if (groups) {
          assert.equal(groups.reduce((sum, g) => sum + g.definitions, 0), entries.definitions.length, where);
          assert.equal(groups.reduce((sum, g) => sum + g.uses, 0), entries.uses.length, where);
        }
        model = incremental;
      }
    }
    // Files of several groups (a hundred of the corpus') are read item by item; an edit that breaks
    // the YAML or leaves the items sends the next ones to a whole reading.
    assert.ok(reread >= 100, `${reread} of ${edits} edits re-read one item`);
    assert.ok(rereadWithSpan >= 40, `${rereadWithSpan} edits re-read one item from the editor's span`);
  });

  describe('tells a template made by an edit inside one group, looking at that group\'s lines only', () => {
    const file = (annotation: string, labelB: string): string => [
      'groups:', '  - name: a', '    rules:', '      - alert: A', '        expr: up == 0', '        annotations:', `          summary: ${annotation}`,
      '  - name: b', '    rules:', '      - alert: B', '        expr: up == 0', '        labels:', `          team: ${labelB}`, '',
    ].join('\n');
    const BLOCK = '|\n            {{ $labels.job }} is down';
    const cases: { name: string; before: string; after: string; kind: 'rules' | null }[] = [
      { name: 'an action inside a quoted value stays text', before: file('"{{ $labels.job }} is down"', 'sre'), after: file('"{{ $labels.job }} is down"', '"{{ $labels.team }}"'), kind: 'rules' },
      { name: 'a Helm action as a value makes a template', before: file('"{{ $labels.job }} is down"', 'sre'), after: file('"{{ $labels.job }} is down"', '{{ .Values.team }}'), kind: null },
      { name: 'a file with an action starting a line of a block scalar is looked at whole', before: file(BLOCK, 'sre'), after: file(BLOCK, 'sres'), kind: 'rules' },
      { name: 'a Helm action beside such a line makes a template', before: file(BLOCK, 'sre'), after: file(BLOCK, '{{ .Values.team }}'), kind: null },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const first = parseYamlDocument(c.before, 'rules.yml');
        assert.equal(first?.kind, 'rules');
        const fresh = parseYamlDocument(c.after, 'rules.yml');
        const incremental = parseYamlDocument(c.after, 'rules.yml', undefined, first);
        assert.equal(fresh?.kind ?? null, c.kind);
        assert.equal(incremental?.kind ?? null, c.kind);
        if (incremental) assert.equal(incremental.documents[0], first!.documents[0], 'group b was read again in the previous tree');
      });
    }
  });

  it('tells a NUL typed into one group, and its removal, as a fresh parse does', () => {
    const text = 'groups:\n  - name: a\n    rules:\n      - record: a:b:c\n        expr: up\n  - name: b\n    rules:\n      - record: b:c:d\n        expr: up\n';
    const at = text.indexOf('b:c:d') + 2;
    const first = parseYamlDocument(text, 'rules.yml')!;
    const withNul = `${text.slice(0, at)}\u0000${text.slice(at)}`;
    const second = parseYamlDocument(withNul, 'rules.yml', undefined, first)!;
    assert.deepEqual(second.yamlProblems, parseYamlDocument(withNul, 'rules.yml')!.yamlProblems);
    assert.ok(second.yamlProblems.some((p) => /binary/.test(p.message)));
    const third = parseYamlDocument(text, 'rules.yml', undefined, second)!;
    assert.deepEqual(third.yamlProblems, parseYamlDocument(text, 'rules.yml')!.yamlProblems);
    assert.ok(!third.yamlProblems.some((p) => /binary/.test(p.message)));
  });

  it('reads the whole text again when the previous model was already used', () => {
    const text = 'groups:\n  - name: a\n    rules:\n      - record: a:b:c\n        expr: up\n  - name: b\n    rules:\n      - record: b:c:d\n        expr: up\n';
    const first = parseYamlDocument(text, 'rules.yml')!;
    const edited = text.replace('expr: up\n  - name: b', 'expr: up\n  - name: b').replace(/up\n$/, 'sum(up)\n');
    const second = parseYamlDocument(edited, 'rules.yml', undefined, first)!;
    assert.equal(second.documents[0], first.documents[0], 'the tree of the first model is reused');
    assert.equal(second.queries[1].map.value, 'sum(up)');
    const again = parseYamlDocument(edited.replace('sum(up)', 'max(up)'), 'rules.yml', undefined, first)!;
    assert.notEqual(again.documents[0], first.documents[0]);
    assert.equal(again.queries[1].map.value, 'max(up)');
  });
});
