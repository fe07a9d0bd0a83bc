import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DefinitionRequest, DocumentSymbolRequest, ReferencesRequest, RenameRequest, WorkspaceSymbolRequest, type Location, type WorkspaceEdit } from 'vscode-languageserver-protocol/node';
import { StdioLanguageClient } from '../../support/lspClient';
import { FIXTURES } from '../../support/paths';

/*
 * The workspace features over stdio, on a real folder: the server indexes the rule files it finds on
 * disk (open or not) and navigates between them.
 */
describe('language server over stdio: workspace', () => {
  const folder = path.join(FIXTURES, 'workspace');
  const uriOf = (name: string): string => pathToFileURL(path.join(folder, name)).toString();
  const alerts = uriOf('rules/alerts.rules.yml');
  let client: StdioLanguageClient;

  before(async () => {
    client = new StdioLanguageClient();
    await client.initialize(pathToFileURL(folder).toString());
    client.open(alerts, 'yaml', fs.readFileSync(path.join(folder, 'rules/alerts.rules.yml'), 'utf8'));
    // The workspace is indexed once the definition in the other file (not open) is found.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: alerts }, position: { line: 4, character: 20 } })) as Location[] | null;
      if ((found ?? []).length > 0) break;
      if (Date.now() > deadline) throw new Error('the workspace was not indexed within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  after(async () => {
    await client.stop();
  });

  it('goes to the definition in a file that is not open', async () => {
    const result = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: alerts }, position: { line: 4, character: 20 } })) as Location[];
    assert.deepEqual(result.map((l) => [l.uri, l.range.start.line, l.range.start.character]), [[uriOf('rules/recording.rules.yml'), 7, 16]]);
  });

  it('finds references across the workspace', async () => {
    const result = (await client.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: alerts }, position: { line: 4, character: 20 }, context: { includeDeclaration: true } })) ?? [];
    assert.deepEqual(result.map((l) => path.basename(l.uri)).sort(), ['alerts.rules.yml', 'queries.promql', 'recording.rules.yml']);
  });

  it('renames a recording rule in every file', async () => {
    const edit = (await client.connection.sendRequest(RenameRequest.type, { textDocument: { uri: alerts }, position: { line: 4, character: 20 }, newName: 'job:http_error_ratio:ratio5m' })) as WorkspaceEdit;
    assert.deepEqual(Object.keys(edit.changes ?? {}).map((u) => path.basename(u)).sort(), ['alerts.rules.yml', 'queries.promql', 'recording.rules.yml']);
  });

  it('answers a refused rename with a reason', async () => {
    await assert.rejects(
      client.connection.sendRequest(RenameRequest.type, { textDocument: { uri: alerts }, position: { line: 4, character: 20 }, newName: 'bad name' }),
      /not a valid metric name/,
    );
  });

  it('lists workspace symbols and the outline', async () => {
    const symbols = (await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'ratio' })) ?? [];
    assert.deepEqual(symbols.map((s) => s.name).sort(), ['HighErrorRatio', 'job:http_error_ratio:rate5m']);
    const outline = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: alerts } })) ?? [];
    assert.deepEqual(outline.map((s) => s.name), ['alerts']);
  });
});
