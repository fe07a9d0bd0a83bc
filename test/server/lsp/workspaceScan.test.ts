import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CompletionRequest, DidChangeWatchedFilesNotification, FileChangeType, WorkspaceSymbolRequest, type CompletionList, type SymbolInformation } from 'vscode-languageserver-protocol/node';
import { writeForeignYamlWorkspace, type ForeignYamlWorkspace } from '../../support/foreignYamlWorkspace';
import { StdioLanguageClient } from '../../support/lspClient';

/*
 * The workspace scan over stdio, as an editor meets it in a large infrastructure repository: a
 * request sent while the server scans thousands of other tools' YAML files is answered before the
 * scan ends (the figures are the workspace-scan benchmark's), and the Prometheus files among them
 * are still found.
 */

interface ScanStats {
  readonly scanDone: boolean;
  readonly scannedFiles: number;
  readonly indexedFiles: number;
}

describe('language server over stdio: workspace scan', () => {
  const FILES = 5_000;
  let workspace: ForeignYamlWorkspace;
  let client: StdioLanguageClient;

  before(() => {
    workspace = writeForeignYamlWorkspace(FILES);
    // Two Prometheus files among the others: a rule file, and a PrometheusRule beside a Service.
    fs.writeFileSync(path.join(workspace.folder, 'cluster-0', 'app-7', 'recording.rules.yml'), 'groups:\n- name: g\n  rules:\n  - record: job:scan_test:sum\n    expr: sum by (job) (up)\n');
    fs.writeFileSync(path.join(workspace.folder, 'cluster-0', 'app-31', 'monitoring.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\napiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: r\nspec:\n  groups:\n  - name: k\n    rules:\n    - record: job:scan_test_k8s:sum\n      expr: sum by (job) (up)\n');
  });

  after(async () => {
    await client?.stop();
    workspace.remove();
  });

  it('answers a completion before the scan is done, and finds the Prometheus files', async () => {
    client = new StdioLanguageClient();
    const uri = pathToFileURL(workspace.queryFile).toString();
    await client.initialize(pathToFileURL(workspace.folder).toString());
    client.open(uri, 'promql', workspace.queryText);
    const completion = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 0, character: 'sum by (code) (rate('.length } })) as CompletionList;
    const during = await client.connection.sendRequest<ScanStats>('prometheus/serverStats');
    assert.ok(completion.items.some((item) => item.label === 'irate'), JSON.stringify(completion.items.slice(0, 5)));
    // Answered while the scan had begun and not ended.
    assert.ok(during.scannedFiles > 0, 'the scan had not begun');
    assert.equal(during.scanDone, false, 'the completion waited for the end of the scan');

    let stats = during;
    for (const deadline = Date.now() + 50_000; !stats.scanDone; await new Promise((resolve) => setTimeout(resolve, 100))) {
      if (Date.now() > deadline) throw new Error('the scan did not end within 50 s');
      stats = await client.connection.sendRequest<ScanStats>('prometheus/serverStats');
    }
    assert.equal(stats.scannedFiles, FILES + 3);
    // The open query file and the two Prometheus files.
    assert.equal(stats.indexedFiles, 3);
    const symbols = ((await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'scan_test' })) ?? []) as SymbolInformation[];
    assert.deepEqual(symbols.map((s) => s.name).sort(), ['job:scan_test:sum', 'job:scan_test_k8s:sum']);
  });

  it('indexes a rule file the file watcher reports, and no other tool\'s file', async () => {
    const late = path.join(workspace.folder, 'cluster-0', 'app-3', 'late.yaml');
    fs.writeFileSync(late, 'groups:\n- name: g\n  rules:\n  - record: job:scan_late:sum\n    expr: sum by (job) (up)\n');
    const deployment = path.join(workspace.folder, 'cluster-0', 'app-0', 'deployment-0.yaml');
    fs.appendFileSync(deployment, '# changed\n');
    void client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: pathToFileURL(late).toString(), type: FileChangeType.Created }, { uri: pathToFileURL(deployment).toString(), type: FileChangeType.Changed }],
    });
    let symbols: SymbolInformation[] = [];
    for (const deadline = Date.now() + 10_000; symbols.length === 0; await new Promise((resolve) => setTimeout(resolve, 50))) {
      if (Date.now() > deadline) throw new Error('the new rule file was not indexed within 10 s');
      symbols = ((await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'scan_late' })) ?? []) as SymbolInformation[];
    }
    assert.deepEqual(symbols.map((s) => s.name), ['job:scan_late:sum']);
    const stats = await client.connection.sendRequest<ScanStats>('prometheus/serverStats');
    assert.equal(stats.indexedFiles, 4);
  });
});
