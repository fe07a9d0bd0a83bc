import * as assert from 'node:assert/strict';
import { CompletionRequest, DocumentFormattingRequest, HoverRequest } from 'vscode-languageserver-protocol/node';
import { StdioLanguageClient } from '../../support/lspClient';

/*
 * Protocol tests: the built server (`prometheus-lsp serve --stdio`) spawned and spoken to over LSP,
 * exactly as an editor does, with no VS Code involved.
 */
describe('language server over stdio', () => {
  let client: StdioLanguageClient;

  before(async () => {
    client = new StdioLanguageClient();
    const result = await client.initialize();
    assert.equal(result.serverInfo?.name, 'prometheus-lsp');
  });

  after(async () => {
    const code = await client.stop();
    assert.equal(code, 0, `server exit code; stderr: ${client.stderr}`);
  });

  it('publishes the syntax error of a .promql document with its range and code', async () => {
    const uri = 'file:///work/broken.promql';
    client.open(uri, 'promql', 'sum(rate(http_requests_total[5m])');
    const diagnostics = await client.diagnosticsFor(uri, (d) => d.length > 0);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.message, d.range.start.character, d.range.end.character]), [
      ['promql/syntax', 'unclosed left parenthesis', 3, 4],
    ]);
    assert.equal(diagnostics[0].severity, 1);
  });

  it('publishes type errors as promql/type', async () => {
    const uri = 'file:///work/type.promql';
    client.open(uri, 'promql', 'rate(http_requests_total)');
    const diagnostics = await client.diagnosticsFor(uri, (d) => d.length > 0);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.message]), [
      ['promql/type', 'expected type range vector in call to function "rate", got instant vector'],
    ]);
  });

  it('updates diagnostics as the document changes, incrementally', async () => {
    const uri = 'file:///work/edit.promql';
    client.open(uri, 'promql', 'sum(up');
    await client.diagnosticsFor(uri, (d) => d.length === 1);
    client.edit(uri, 2, { start: { line: 0, character: 6 }, end: { line: 0, character: 6 } }, ')');
    const fixed = await client.diagnosticsFor(uri, (_d, version) => version === 2);
    assert.deepEqual(fixed, []);
    client.change(uri, 3, 'sum(up) by (');
    const broken = await client.diagnosticsFor(uri, (_d, version) => version === 3);
    assert.ok(broken.length > 0 && broken.every((d) => d.code === 'promql/syntax'));
  });

  it('maps errors of each query of a multi-query file to its own line', async () => {
    const uri = 'file:///work/many.promql';
    client.open(uri, 'promql', '# first\nup == 1\n\nrate(foo[5m]\n\nsum by (job) (x)\n');
    const diagnostics = await client.diagnosticsFor(uri, (d) => d.length > 0);
    assert.deepEqual(diagnostics.map((d) => [d.message, d.range.start.line, d.range.start.character]), [['unclosed left parenthesis', 3, 4]]);
  });

  it('clears diagnostics when the document closes', async () => {
    const uri = 'file:///work/close.promql';
    client.open(uri, 'promql', 'foo +');
    await client.diagnosticsFor(uri, (d) => d.length > 0);
    client.close(uri);
    await client.diagnosticsFor(uri, (d) => d.length === 0);
  });

  it('survives hostile input and keeps answering', async () => {
    const uri = 'file:///work/hostile.promql';
    client.open(uri, 'promql', `${'('.repeat(20_000)}\u0000\ud800${'"'.repeat(3)}`);
    const diagnostics = await client.diagnosticsFor(uri, (d) => d.length > 0);
    assert.ok(diagnostics.some((d) => String(d.message).includes("levels deep")));
    const next = 'file:///work/after.promql';
    client.open(next, 'promql', 'foo{');
    await client.diagnosticsFor(next, (d) => d.length > 0);
  });

  it('maps an error in a rule file expr (block scalar) to its line and column', async () => {
    const uri = 'file:///work/rules/alerts.yml';
    client.open(uri, 'yaml', 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: |\n          sum(rate(x[5m]))\n            by (job\n');
    const diagnostics = await client.diagnosticsFor(uri, (d) => d.length > 0);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.message, d.range.start.line, d.range.start.character]), [['promql/syntax', 'unclosed left parenthesis', 6, 15]]);
  });

  it('completes, explains and formats a rule file as an editor asks', async () => {
    const uri = 'file:///work/rules/edit.rules.yml';
    const text = 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: sum(up)by(job)==0\n        \n';
    client.open(uri, 'yaml', text);
    await client.diagnosticsFor(uri, () => true);
    const completion = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 5, character: 8 } });
    const labels = (Array.isArray(completion) ? completion : completion?.items ?? []).map((i) => i.label);
    assert.ok(labels.includes('for') && labels.includes('annotations') && !labels.includes('alert'), labels.join(','));
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 4, character: 9 } });
    assert.match(JSON.stringify(hover?.contents), /PromQL expression/);
    const edits = (await client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } })) ?? [];
    assert.deepEqual(edits.map((e) => e.newText), ['sum by (job) (up) == 0']);
  });

  it('leaves YAML that is not Prometheus\' alone', async () => {
    const uri = 'file:///work/deploy.yml';
    client.open(uri, 'yaml', 'apiVersion: apps/v1\nkind: Deployment\nspec: [\n');
    const diagnostics = await client.diagnosticsFor(uri, () => true);
    assert.deepEqual(diagnostics, []);
  });

  it('leaves documents of other languages alone', async () => {
    const uri = 'file:///work/notes.txt';
    client.open(uri, 'plaintext', 'sum(');
    const diagnostics = await client.diagnosticsFor(uri, () => true);
    assert.deepEqual(diagnostics, []);
  });
});

describe('language server over stdio: settings from initializationOptions', () => {
  it('leaves alone the files the documentTypes setting says to, and forces a kind on others', async () => {
    const client = new StdioLanguageClient();
    try {
      await client.initialize(undefined, { documentTypes: { '**/vendor/**': 'none', '**/odd/*.yml': 'rules' } });
      const vendored = 'file:///work/vendor/rules.yml';
      client.open(vendored, 'yaml', 'groups:\n- name: g\n  rules:\n  - record: a\n    expr: sum(\n');
      assert.deepEqual(await client.diagnosticsFor(vendored, () => true), []);
      const odd = 'file:///work/odd/x.yml';
      client.open(odd, 'yaml', 'something: else\n');
      const diagnostics = await client.diagnosticsFor(odd, (d) => d.length > 0);
      assert.match(String(diagnostics[0].message), /field something not found in rule file/);
    } finally {
      await client.stop();
    }
  });

  it('ignores an invalid or pathological documentTypes pattern, says so once in its log, and keeps answering', async () => {
    const client = new StdioLanguageClient();
    try {
      const documentTypes = { '[z-a]/*.yml': 'rules', '*a*a*a*a*a*a*a*b': 'rules', '**/odd/*.yml': 'rules' };
      await client.initialize(undefined, { documentTypes });
      const long = `file:///work/${'a'.repeat(5000)}.yml`;
      const start = Date.now();
      client.open(long, 'yaml', 'groups:\n- name: g\n  rules:\n  - record: a\n    expr: sum(\n');
      assert.ok((await client.diagnosticsFor(long, (d) => d.length > 0)).some((d) => d.code === 'promql/syntax'));
      assert.ok(Date.now() - start < 5000, `the first diagnostics took ${Date.now() - start} ms`);
      const odd = 'file:///work/odd/x.yml';
      client.open(odd, 'yaml', 'something: else\n');
      assert.match(String((await client.diagnosticsFor(odd, (d) => d.length > 0))[0].message), /field something not found in rule file/);
      // The same settings again: nothing new to say.
      void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { prometheus: { documentTypes } } });
      client.change(odd, 2, 'something: other\n');
      await client.diagnosticsFor(odd, (d) => d.length > 0 && /something not found/.test(String(d[0].message)));
      const problems = client.loggedMessages.filter((m) => m.message.includes('documentTypes'));
      assert.deepEqual(problems.map((m) => m.message), ['prometheus.documentTypes: "[z-a]/*.yml" is not a valid glob (the range z-a in [z-a] is reversed); ignored']);
      assert.deepEqual(client.shownMessages, []);
    } finally {
      await client.stop();
    }
  });
});
