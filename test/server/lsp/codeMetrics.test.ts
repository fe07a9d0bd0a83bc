import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CompletionRequest, DefinitionRequest, HoverRequest, ReferencesRequest,
  type CompletionItem, type CompletionList, type Location, type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { StdioLanguageClient } from '../../support/lspClient';
import { FIXTURES } from '../../support/paths';

/*
 * The editor over a workspace with a Python service and the rules that read its metrics (the
 * fixture test/fixtures/codeMetrics, in the style of ../shared/seeds' FastAPI services), with no
 * live source: completion offers the code's metrics with "defined in", hover describes them,
 * definition jumps into the .py, references go back from the definition to the rules and queries,
 * and the code file gets its findings (a code file without a client library gets none).
 */

const ROOT = path.join(FIXTURES, 'codeMetrics');
const uriOf = (file: string): string => pathToFileURL(path.join(ROOT, file)).toString();
const textOf = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** The line and character of the first occurrence of `text` in a file, plus `shift` characters. */
function positionOf(file: string, text: string, shift = 0): { line: number; character: number } {
  const lines = textOf(file).split('\n');
  const line = lines.findIndex((l) => l.includes(text));
  assert.ok(line >= 0, `${text} in ${file}`);
  return { line, character: lines[line].indexOf(text) + shift };
}

describe('language server over stdio: metrics defined in code', () => {
  let client: StdioLanguageClient;
  const scratch = uriOf('scratch.promql');

  before(async () => {
    client = new StdioLanguageClient();
    await client.initialize(pathToFileURL(ROOT).toString());
    client.open(uriOf('app/metrics.py'), 'python', textOf('app/metrics.py'));
    client.open(uriOf('app/text.py'), 'python', textOf('app/text.py'));
    client.open(scratch, 'promql', 'rate(http_req');
    client.open(uriOf('rules/alerts.yml'), 'yaml', textOf('rules/alerts.yml'));
    // The scan reads the rules; the grammar loads when the first instrumented file is read, and the files are read again.
    await client.diagnosticsFor(uriOf('app/metrics.py'), (d) => d.some((x) => x.code === 'instrumentation/bucket-threshold'), 20_000);
  });

  after(async () => {
    await client.stop();
  });

  it('publishes the findings of the instrumented code, and none for other code', async () => {
    const diagnostics = await client.diagnosticsFor(uriOf('app/metrics.py'), (d) => d.filter((x) => x.code === 'instrumentation/bucket-threshold').length === 2);
    for (const d of diagnostics.filter((x) => x.code === 'instrumentation/bucket-threshold')) assert.equal(d.severity, 3);
    assert.deepEqual(await client.diagnosticsFor(uriOf('app/text.py'), () => true), []);
  });

  it('completes the metrics of the code with their type, help and place', async () => {
    const answer = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: scratch }, position: { line: 0, character: 'rate(http_req'.length } }) as CompletionList;
    const item = answer.items.find((i: CompletionItem) => i.label === 'http_requests_total');
    assert.ok(item, answer.items.map((i) => i.label).join(', '));
    assert.equal(item.detail, 'counter · HTTP requests served. · defined in app/metrics.py:4');
    assert.ok(answer.items.some((i) => i.label === 'http_request_duration_seconds_bucket'));
  });

  it('hovers a metric of the code in a rule file', async () => {
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf('rules/alerts.yml') }, position: positionOf('rules/alerts.yml', 'http_requests_total', 3) });
    const markdown = (hover?.contents as MarkupContent).value;
    assert.match(markdown, /HTTP requests served\./);
    assert.match(markdown, /Labels: `method`, `path`, `status`/);
    assert.match(markdown, /Defined in `app\/metrics\.py:4`/);
  });

  it('goes to the definition in the .py from a bucket series', async () => {
    const found = await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uriOf('rules/alerts.yml') }, position: positionOf('rules/alerts.yml', 'http_request_duration_seconds_bucket', 4) }) as Location[];
    assert.equal(found.length, 1);
    assert.equal(found[0].uri, uriOf('app/metrics.py'));
    assert.equal(found[0].range.start.line, positionOf('app/metrics.py', '"http_request_duration_seconds"').line);
  });

  it('finds the rules and queries that read a definition, from its name argument', async () => {
    const found = await client.connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: uriOf('app/metrics.py') }, position: positionOf('app/metrics.py', '"http_requests"', 2), context: { includeDeclaration: false },
    }) as Location[];
    assert.deepEqual(found.map((l) => `${path.basename(l.uri)}:${l.range.start.line + 1}`).sort(), ['alerts.yml:14', 'alerts.yml:14', 'queries.promql:1']);
  });
});
