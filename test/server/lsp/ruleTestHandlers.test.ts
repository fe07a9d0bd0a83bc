import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeLensRequest, ExecuteCommandRequest, type CodeLens, type ApplyWorkspaceEditParams } from 'vscode-languageserver-protocol/node';
import type { CreateRuleTestResult, RunRuleTestsResult } from '../../../server/src/lsp/protocol';
import { StdioLanguageClient } from '../../support/lspClient';
import { startPrometheus, waitForPrometheusData, type LiveService } from '../../support/liveServices';
import { PROMTOOL, temporaryFolder } from '../../support/promtool';
import { loadJump, startScriptedExporter, type ScriptedExporter } from '../../support/scriptedExporter';

/*
 * Create test and Run tests over LSP, as an editor uses them: a real Prometheus scraping known
 * values, a workspace folder on disk, the built server over stdio, and the real promtool. The
 * client applies the server's workspace edits to disk, as an editor would once it saves.
 */

const RULES = `groups:
  - name: lsp
    interval: 1s
    rules:
      - alert: HighLoad
        expr: load > 5
        for: 3s
        labels:
          severity: page
        annotations:
          summary: '{{ $labels.host }} has load {{ $value }}'
      - record: host:load:max
        expr: max by (host) (load)
`;

/** Applies a workspace edit to the files on disk: created files and inserts, as the server sends them. */
function applyToDisk(params: ApplyWorkspaceEditParams): { applied: boolean } {
  const { edit } = params;
  const insert = (uri: string, edits: readonly { range: { start: { line: number; character: number } }; newText: string }[]): void => {
    const file = new URL(uri).pathname;
    let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    for (const e of [...edits].reverse()) {
      const lines = text.split('\n');
      const offset = lines.slice(0, e.range.start.line).reduce((n, l) => n + l.length + 1, 0) + e.range.start.character;
      text = text.slice(0, offset) + e.newText + text.slice(offset);
    }
    fs.writeFileSync(file, text);
  };
  for (const change of edit.documentChanges ?? []) {
    if ('kind' in change) {
      if (change.kind !== 'create') return { applied: false };
      fs.writeFileSync(new URL(change.uri).pathname, '', { flag: 'wx' });
    } else insert(change.textDocument.uri, change.edits as never);
  }
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) insert(uri, edits);
  return { applied: true };
}

describe('Create test and Run tests over LSP (real Prometheus, real promtool)', function () {
  this.timeout(120_000);
  let exporter: ScriptedExporter;
  let prometheus: LiveService;
  let client: StdioLanguageClient;
  const folder = temporaryFolder('rule-tests-lsp-');
  const rulesPath = path.join(folder.dir, 'alerts.yml');
  const rulesUri = pathToFileURL(rulesPath).toString();
  const testUri = pathToFileURL(path.join(folder.dir, 'alerts.test.yml')).toString();

  const lensesOf = async (c: StdioLanguageClient, uri: string): Promise<CodeLens[]> => (await c.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
  const execute = <T>(c: StdioLanguageClient, lens: CodeLens): Promise<T> => c.connection.sendRequest(ExecuteCommandRequest.type, { command: lens.command!.command, arguments: lens.command!.arguments }) as Promise<T>;

  before(async () => {
    fs.writeFileSync(rulesPath, RULES);
    exporter = await startScriptedExporter(loadJump);
    prometheus = await startPrometheus({ scrapeTargets: [{ job: 'known', targets: [exporter.address] }], scrapeInterval: '1s' });
    client = new StdioLanguageClient();
    client.connection.onRequest('workspace/applyEdit', applyToDisk);
    const init = await client.initialize(pathToFileURL(folder.dir).toString(), { servers: [{ name: 'local', url: prometheus.url }], promtoolPath: PROMTOOL });
    for (const command of ['prometheus.runRuleTests', 'prometheus.createRuleTest']) assert.ok(init.capabilities.executeCommandProvider?.commands.includes(command), command);
    client.open(rulesUri, 'yaml', RULES);
    await waitForPrometheusData(prometheus.url, 'load{host="a"} == 9');
    await new Promise((r) => setTimeout(r, 5000));
  });

  after(async () => {
    await client?.stop();
    await prometheus?.stop();
    await exporter?.stop();
    folder.remove();
  });

  it('writes a test of each rule from the server\'s data, next to the rule file, that promtool passes', async () => {
    const create = (await lensesOf(client, rulesUri)).filter((l) => l.command?.title === 'Create test');
    assert.equal(create.length, 2);
    const first = await execute<CreateRuleTestResult>(client, create[0]);
    assert.ok(first.ok, first.summary);
    assert.equal(first.testUri, testUri);
    assert.equal(first.created, true);
    assert.equal(fs.readFileSync(new URL(testUri).pathname, 'utf8'), first.text);
    assert.match(first.text!, /alertname: 'HighLoad'\n\s+exp_alerts:\n\s+- exp_labels:\n\s+host: 'a'/);
    assert.match(first.summary, /^wrote alerts\.test\.yml: 2 series, expects 1 alert firing$/);
    // The second rule's test joins the file that names the rule file.
    const second = await execute<CreateRuleTestResult>(client, create[1]);
    assert.ok(second.ok, second.summary);
    assert.equal(second.created, false);
    assert.equal(second.testUri, testUri);
    assert.match(second.text!, /promql_expr_test:\n\s+- expr: 'host:load:max'/);
  });

  it('runs the tests and reports them passing', async () => {
    const text = fs.readFileSync(new URL(testUri).pathname, 'utf8');
    client.open(testUri, 'yaml', text);
    const run = (await lensesOf(client, testUri)).find((l) => l.command?.command === 'prometheus.runRuleTests');
    assert.equal(run?.command?.title, '▶ Run tests');
    assert.deepEqual(run?.range.start, { line: 0, character: 0 });
    const result = await execute<RunRuleTestsResult>(client, run!);
    assert.equal(result.passed, true, result.output);
    assert.match(result.summary, /^promtool: all tests passed \(\d+\.\d s\)$/);
  });

  it('shows a failing case as a diagnostic at the case, with promtool\'s diff', async () => {
    const file = new URL(testUri).pathname;
    const broken = fs.readFileSync(file, 'utf8').replace("host: 'a'", "host: 'z'");
    fs.writeFileSync(file, broken);
    client.change(testUri, 2, broken);
    const run = (await lensesOf(client, testUri)).find((l) => l.command?.command === 'prometheus.runRuleTests')!;
    const result = await execute<RunRuleTestsResult>(client, run);
    assert.deepEqual([result.ran, result.passed, result.failures], [true, false, 1]);
    const diagnostics = await client.diagnosticsFor(testUri, (d) => d.some((x) => x.code === 'ruletests/failed'));
    const failure = diagnostics.find((d) => d.code === 'ruletests/failed')!;
    const line = broken.split('\n')[failure.range.start.line];
    assert.match(line, /alertname: 'HighLoad'/);
    assert.match(failure.message as string, /^alertname: HighLoad, time: [\dhms]+,\n {4}exp:\[\n[\s\S]*host="z"[\s\S]*got:\[\n[\s\S]*host="a"/);
    // An edit the run did not see takes the failures away.
    client.change(testUri, 3, broken + '\n');
    await client.diagnosticsFor(testUri, (d) => !d.some((x) => x.code === 'ruletests/failed'));
  });

  it('does not run an unsaved file', async () => {
    const run = (await lensesOf(client, testUri)).find((l) => l.command?.command === 'prometheus.runRuleTests')!;
    const result = await execute<RunRuleTestsResult>(client, run);
    assert.deepEqual([result.ran, result.summary], [false, 'save the file first: promtool tests the file on disk']);
  });

  for (const [name, options, title, summary] of [
    ['an untrusted workspace', { trustedWorkspace: false, promtoolPath: PROMTOOL }, 'Run tests: trust the workspace to run promtool', /^Run tests starts promtool: it runs in a trusted workspace only$/],
    ['no promtool', { promtoolPath: '/nonexistent/promtool' }, "Run tests: promtool not found (install Prometheus' promtool or set prometheus.promtoolPath)", /^promtool not found: install it .*prometheus\.promtoolPath$/],
  ] as const) {
    it(`says why it cannot run: ${name}`, async () => {
      const other = new StdioLanguageClient();
      try {
        await other.initialize(pathToFileURL(folder.dir).toString(), options);
        other.open(testUri, 'yaml', fs.readFileSync(new URL(testUri).pathname, 'utf8'));
        const run = (await lensesOf(other, testUri)).find((l) => l.command?.command === 'prometheus.runRuleTests')!;
        assert.equal(run.command!.title, title);
        const result = await execute<RunRuleTestsResult>(other, run);
        assert.equal(result.ran, false);
        assert.match(result.summary, summary);
      } finally {
        await other.stop();
      }
    });
  }
});
