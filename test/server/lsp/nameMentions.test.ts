import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeWatchedFilesNotification, FileChangeType, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { StdioLanguageClient } from '../../support/lspClient';
import { FIXTURES } from '../../support/paths';

/*
 * rules/unused in the editor over a real folder (a copy of the fixture `check` reads in
 * test/server/cli/check.test.ts, so both give the same findings): a recording rule that a
 * dashboard or jsonnet file names is used; names in dot-folders and node_modules do not count; a
 * file that appears later (the client's file watcher) counts at once, unless it is in node_modules.
 */
describe('language server over stdio: recording rules named by other files', () => {
  let folder: string;
  let client: StdioLanguageClient;
  let rules: string;
  const unusedOf = (diagnostics: Diagnostic[]): string[] =>
    diagnostics.filter((d) => d.code === 'rules/unused').map((d) => /job:\w+:rate5m/.exec(String(d.message))?.[0] ?? String(d.message)).sort();

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'prometheus-lsp-mentions-'));
    fs.cpSync(path.join(FIXTURES, 'check', 'mentions'), folder, { recursive: true });
    rules = pathToFileURL(path.join(folder, 'rules', 'recording.yml')).toString();
    client = new StdioLanguageClient();
    await client.initialize(pathToFileURL(folder).toString());
    client.open(rules, 'yaml', fs.readFileSync(path.join(folder, 'rules', 'recording.yml'), 'utf8'));
  });

  after(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('fades only the rules no other file names', async () => {
    const diagnostics = await client.diagnosticsFor(rules, (d) => unusedOf(d).length === 2);
    assert.deepEqual(unusedOf(diagnostics), ['job:hidden_requests:rate5m', 'job:packaged_requests:rate5m']);
  });

  it('counts a file the watcher reports (not one in node_modules), and forgets it when it is deleted', async () => {
    const runbook = path.join(folder, 'docs', 'runbook.md');
    fs.mkdirSync(path.dirname(runbook));
    fs.writeFileSync(runbook, 'Check `job:hidden_requests:rate5m` first.\n');
    const packaged = path.join(folder, 'node_modules', 'pkg', 'CHANGELOG.md');
    fs.writeFileSync(packaged, 'job:packaged_requests:rate5m\n');
    const uri = pathToFileURL(runbook).toString();
    void client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: pathToFileURL(packaged).toString(), type: FileChangeType.Created }, { uri, type: FileChangeType.Created }],
    });
    assert.deepEqual(unusedOf(await client.diagnosticsFor(rules, (d) => unusedOf(d).length === 1)), ['job:packaged_requests:rate5m']);
    fs.rmSync(runbook);
    void client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri, type: FileChangeType.Deleted }] });
    assert.deepEqual(unusedOf(await client.diagnosticsFor(rules, (d) => unusedOf(d).length === 2)), ['job:hidden_requests:rate5m', 'job:packaged_requests:rate5m']);
  });
});
