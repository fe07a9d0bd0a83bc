import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentModel } from '../../../../server/src/service/documents/documentModel';
import { definitionRanges, referenceRanges, renameEdits, renameRange, symbolsMatching } from '../../../../server/src/service/features/navigation';
import type { FileIndex } from '../../../../server/src/service/rules/ruleIndex';
import { toLspRange } from '../../../../server/src/lsp/lspRanges';
import { toLspLocations, toLspSymbolInformation, toLspWorkspaceEdit, type DocumentOf } from '../../../../server/src/lsp/toLsp';
import { ruleGraphProblems } from '../../../../server/src/service/features/ruleGraph';
import type { Problem } from '../../../../server/src/service/diagnostic';
import { getLanguageService } from '../../../../server/src/service/languageService';
import { indexDocument } from '../../../../server/src/service/rules/ruleIndex';
import { WorkspaceIndex } from '../../../../server/src/service/workspace/workspaceIndex';
import { FIXTURES } from '../../../support/paths';

/*
 * The service answers navigation in offsets; these run the server's converters (lsp/toLsp.ts) on its
 * answers, so that the assertions read the locations and edits an editor receives.
 */
const definition = (model: DocumentModel, file: FileIndex, offset: number, index: WorkspaceIndex, documentOf: DocumentOf) =>
  toLspLocations(definitionRanges(model, file, offset, index), documentOf);
const references = (model: DocumentModel, file: FileIndex, offset: number, includeDeclaration: boolean, index: WorkspaceIndex, documentOf: DocumentOf) =>
  toLspLocations(referenceRanges(model, file, offset, includeDeclaration, index), documentOf);
const prepareRename = (document: TextDocument, model: DocumentModel, file: FileIndex, offset: number, index: WorkspaceIndex) => {
  const range = renameRange(model, file, offset, index);
  return range ? toLspRange(document, range) : null;
};
const rename = (model: DocumentModel, file: FileIndex, offset: number, newName: string, index: WorkspaceIndex, documentOf: DocumentOf) => {
  const result = renameEdits(model, file, offset, newName, index);
  return 'error' in result ? result : { edit: toLspWorkspaceEdit(result.edits, documentOf) };
};
const workspaceSymbols = (query: string, index: WorkspaceIndex, documentOf: DocumentOf) =>
  toLspSymbolInformation(symbolsMatching(query, index).map((d) => ({ name: d.name, kind: d.kind, group: d.group, location: { uri: d.uri, range: d.nameRange } })), documentOf);

const service = getLanguageService();
const root = path.join(FIXTURES, 'workspace');
const files = ['rules/recording.rules.yml', 'rules/alerts.rules.yml', 'queries.promql'];

function workspace(extra: Record<string, string> = {}) {
  const index = new WorkspaceIndex();
  const documents = new Map<string, TextDocument>();
  const texts: Record<string, string> = { ...Object.fromEntries(files.map((f) => [f, fs.readFileSync(path.join(root, f), 'utf8')])), ...extra };
  for (const [name, text] of Object.entries(texts)) {
    const uri = `file:///ws/${name}`;
    const document = TextDocument.create(uri, name.endsWith('.promql') ? 'promql' : 'yaml', 1, text);
    documents.set(uri, document);
    index.set(indexDocument(uri, service.parseDocument(document)!));
  }
  const documentOf = (uri: string) => documents.get(uri);
  /** The model, file index and offset of the `at`-th occurrence of `needle` in a file (plus `shift` characters). */
  const at = (name: string, needle: string, occurrence = 0, shift = 1) => {
    const document = documents.get(`file:///ws/${name}`)!;
    const model = service.parseDocument(document)!;
    let offset = -1;
    for (let i = 0; i <= occurrence; i++) offset = document.getText().indexOf(needle, offset + 1);
    return { document, model, file: indexDocument(document.uri, model), offset: offset + shift };
  };
  return { index, documentOf, at, documents };
}

describe('navigation over recording rules', () => {
  it('goes from an expr to the record: of another file', () => {
    const ws = workspace();
    const { model, file, offset } = ws.at('rules/alerts.rules.yml', 'job:http_error_ratio:rate5m');
    const [location] = definition(model, file, offset, ws.index, ws.documentOf);
    assert.equal(location.uri, 'file:///ws/rules/recording.rules.yml');
    assert.deepEqual(location.range, { start: { line: 7, character: 16 }, end: { line: 7, character: 43 } });
  });

  it('goes from a .promql query to the record:', () => {
    const ws = workspace();
    const { model, file, offset } = ws.at('queries.promql', 'job:http_requests:rate5m');
    assert.equal(definition(model, file, offset, ws.index, ws.documentOf)[0].range.start.line, 3);
  });

  it('finds every reference, with or without the declaration', () => {
    const ws = workspace();
    const { model, file, offset } = ws.at('rules/recording.rules.yml', 'job:http_requests:rate5m');
    const all = references(model, file, offset, true, ws.index, ws.documentOf).map((l) => `${l.uri.slice("file:///ws/".length)}:${l.range.start.line}`);
    assert.deepEqual(all.sort(), ['queries.promql:3', 'rules/recording.rules.yml:3', 'rules/recording.rules.yml:8']);
    assert.equal(references(model, file, offset, false, ws.index, ws.documentOf).length, 2);
  });

  it('renames a recording rule everywhere, and refuses invalid names and plain metrics', () => {
    const ws = workspace();
    const { document, model, file, offset } = ws.at('rules/recording.rules.yml', 'job:http_error_ratio:rate5m');
    assert.ok(prepareRename(document, model, file, offset, ws.index));
    const result = rename(model, file, offset, 'job:http_error_ratio:ratio_rate5m', ws.index, ws.documentOf);
    assert.ok('edit' in result);
    const changes = result.edit.changes!;
    assert.deepEqual(Object.keys(changes).sort(), ['file:///ws/queries.promql', 'file:///ws/rules/alerts.rules.yml', 'file:///ws/rules/recording.rules.yml']);
    const renamed = TextDocument.applyEdits(ws.documents.get('file:///ws/rules/alerts.rules.yml')!, changes['file:///ws/rules/alerts.rules.yml']);
    assert.match(renamed, /expr: job:http_error_ratio:ratio_rate5m > 0\.05/);
    assert.ok('error' in rename(model, file, offset, 'not a name', ws.index, ws.documentOf));
    const plain = ws.at('rules/recording.rules.yml', 'http_requests_total');
    assert.equal(prepareRename(plain.document, plain.model, plain.file, plain.offset, ws.index), null);
  });

  it('lists recording rules and alerts as workspace symbols, fuzzy-matched', () => {
    const ws = workspace();
    assert.deepEqual(workspaceSymbols('errratio', ws.index, ws.documentOf).map((s) => s.name).sort(), ['HighErrorRatio', 'job:http_error_ratio:rate5m']);
    assert.equal(workspaceSymbols('', ws.index, ws.documentOf).length, 5);
  });
});

describe('rule graph', () => {
  /** A problem's rule without its `rules/` prefix; a cycle of one rule (an accumulator, an info) as `self-read`. */
  const kindOf = (p: Problem): string => (p.code.code === 'rules/cycle' && p.severity === 'info' ? 'self-read' : p.code.code.slice('rules/'.length));

  it('hints at a recording rule no one reads, and is silent on a rule read from another group', () => {
    const ws = workspace();
    const recording = ws.at('rules/recording.rules.yml', 'x').file;
    assert.deepEqual(ruleGraphProblems(recording, ws.index).map((p) => `${kindOf(p)}: ${p.message}`), [
      'unused: recording rule job:unused:rate5m is not used by any rule or query of the workspace, nor named in its other files',
    ]);
    // An alert reading a rule of another group (the layout of every mixin) is how rules are written: nothing to say.
    const alerts = ws.at('rules/alerts.rules.yml', 'x').file;
    assert.deepEqual(ruleGraphProblems(alerts, ws.index).map(kindOf), []);
  });

  it('tells an accumulator (a rule reading itself) from a cycle between rules', () => {
    const text = 'groups:\n- name: g\n  rules:\n  - record: job:acc:sum\n    expr: sum(up) + (job:acc:sum offset 1m or vector(0))\n';
    const ws = workspace({ 'rules/acc.yml': text });
    assert.deepEqual(ruleGraphProblems(ws.at('rules/acc.yml', 'x').file, ws.index).map((p) => `${kindOf(p)}: ${p.message}`), [
      'self-read: recording rule job:acc:sum reads its own previous value: an accumulator, if that is meant',
    ]);
  });

  it('counts a recording rule that another text file of the workspace names as used', () => {
    const ws = workspace();
    ws.index.mentions.set('file:///ws/dashboards/api.json', '{"targets": [{"expr": "sum(job:unused:rate5m)"}]}');
    assert.deepEqual(ruleGraphProblems(ws.at('rules/recording.rules.yml', 'x').file, ws.index), []);
  });

  it('says when a rule reads one recorded later in its own group, and finds cycles', () => {
    const text = 'groups:\n- name: g\n  rules:\n  - record: a:x:sum\n    expr: b:x:sum + 1\n  - record: b:x:sum\n    expr: a:x:sum * 2\n';
    const ws = workspace({ 'rules/cycle.yml': text });
    const file = ws.at('rules/cycle.yml', 'x').file;
    const kinds = ruleGraphProblems(file, ws.index).map((p) => `${kindOf(p)}: ${p.message}`);
    assert.ok(kinds.includes('evaluation-order: b:x:sum is recorded later in this group: this expression reads the value of the previous evaluation'), kinds.join('\n'));
    assert.ok(kinds.includes('cycle: recording rules read each other in a cycle: a:x:sum → b:x:sum → a:x:sum'), kinds.join('\n'));
  });
});
