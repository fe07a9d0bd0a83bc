import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import MarkdownIt from 'markdown-it';
import {
  CompletionRequest, CompletionResolveRequest, ExecuteCommandRequest, HoverRequest,
  type CompletionItem, type CompletionList, type Diagnostic, type Hover, type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { StdioLanguageClient } from '../../support/lspClient';
import { HOSTILE_METRIC, startHostileServer, type HostileServer } from '../../support/hostileServer';

/*
 * Text from a hostile server and a hostile workspace, end to end: the built server spoken to over
 * stdio, a real HTTP server on loopback whose metric names, HELP, label values, query error,
 * warnings and infos carry command: links, HTML, fences and ANSI escapes and echo credentials, a
 * second one that answers 401 with such a body, and a prometheus.yml whose job_name is hostile.
 * Every notification, diagnostic, hover, completion item, status and query result the server sends
 * is checked: plain surfaces hold no link syntax and no control character and are capped; Markdown
 * surfaces, rendered by a real CommonMark renderer, make no tag, no image and no link but plain
 * http(s) autolinks; no credential appears anywhere.
 */

const API_KEY = 'sekret-api-key-4242';
const TOKEN = 'sekret-bearer-7777';
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/** What VS Code turns into a link in a notification. */
const LINK_SYNTAX = /\[[^\]]*\]\(/;
const md = new MarkdownIt({ html: true, linkify: true });

function assertPlain(text: string, maxChars: number, where: string): void {
  assert.doesNotMatch(text, LINK_SYNTAX, `${where}: ${text.slice(0, 300)}`);
  assert.doesNotMatch(text, CONTROL, `${where}: ${JSON.stringify(text.slice(0, 300))}`);
  assert.ok(text.length <= maxChars, `${where}: ${text.length} characters`);
}

function assertMarkdown(markdown: string, where: string): void {
  const html = md.render(markdown);
  const tags = new Set([...html.matchAll(/<\/?([a-z0-9]+)/gi)].map((m) => m[1].toLowerCase()));
  for (const tag of tags) assert.ok(['p', 'br', 'strong', 'code', 'pre', 'hr', 'a'].includes(tag), `${where}: <${tag}> in ${html}`);
  for (const link of html.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)) {
    assert.match(link[1], /^https?:\/\//, `${where}: ${html}`);
    assert.equal(link[2], link[1], `${where}: a link that hides its target: ${html}`);
  }
  assert.doesNotMatch(html, /command:[^<]*"/, `${where}: ${html}`);
  assert.doesNotMatch(markdown, CONTROL, `${where}: ${JSON.stringify(markdown)}`);
}

describe('hostile text from servers and workspaces, over LSP', function () {
  this.timeout(60_000);
  let hostile: HostileServer;
  let denying: HostileServer;
  let folder: string;
  let client: StdioLanguageClient;
  let diagnostics: Diagnostic[] = [];
  const results: unknown[] = [];
  const uri = 'file:///hostile/queries.promql';
  const text = `${HOSTILE_METRIC}{job="x"}\n\nscraped_total{path="a"}\n`;

  before(async () => {
    [hostile, denying] = await Promise.all([startHostileServer(), startHostileServer({ unauthorized: true })]);
    folder = mkdtempSync(join(tmpdir(), 'hostile-workspace-'));
    // A job name with a command: link, HTML and an escape sequence (YAML's \e is ESC).
    writeFileSync(join(folder, 'prometheus.yml'), [
      'scrape_configs:',
      '  - job_name: "evil [open](command:workbench.action.openSettings) <b>job</b> \\e[31m"',
      '    static_configs:',
      `      - targets: ['${new URL(denying.url).host}']`,
      '',
    ].join('\n'));
    client = new StdioLanguageClient();
    client.connection.onNotification('prometheus/queryResult', (params: unknown) => {
      results.push(params);
    });
    await client.initialize(pathToFileURL(folder).href, {
      requestTimeoutMs: 3000,
      servers: [
        { name: 'hostile', url: hostile.url, headers: { 'X-Api-Key': API_KEY }, bearerToken: TOKEN },
        { name: 'denying', url: denying.url, headers: { 'X-Api-Key': API_KEY }, bearerToken: TOKEN },
      ],
      scrapeUrls: [`${hostile.url}/metrics`],
    });
    await client.waitUntil('every source settled', () => client.sourceStatuses.length >= 4 && client.sourceStatuses.every((s) => s.state !== 'loading'), 20_000);
    await client.waitUntil('the failures were notified', () => client.shownMessages.length >= 2, 10_000);
    // Opened here, not in the first test that reads it: each test can run alone (`--grep`).
    client.open(uri, 'promql', text);
  });

  after(async () => {
    await client?.stop();
    await Promise.all([hostile?.stop(), denying?.stop()]);
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('reports failing sources in notifications and statuses that link nothing, show no escape and stay short', () => {
    assert.ok(client.sourceStatuses.some((s) => s.state === 'error' && s.label.startsWith('evil')), JSON.stringify(client.sourceStatuses));
    for (const status of client.sourceStatuses) {
      assertPlain(status.label, 200, `status label of ${status.id}`);
      if (status.message) assertPlain(status.message, 2000, `status of ${status.label}`);
    }
    for (const message of client.shownMessages) assertPlain(message.message, 400, 'notification');
    assert.ok(client.shownMessages.some((m) => m.message.includes('denying is unavailable: HTTP 401')), JSON.stringify(client.shownMessages));
  });

  it('escapes HELP, names and label values in hovers', async () => {
    const hovers: Hover[] = [];
    for (const position of [{ line: 0, character: 3 }, { line: 0, character: 16 }, { line: 2, character: 3 }, { line: 2, character: 15 }]) {
      const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
      assert.ok(hover, `a hover at ${JSON.stringify(position)}`);
      hovers.push(hover);
    }
    const values = hovers.map((h) => (h.contents as MarkupContent).value);
    assert.ok(values.every((v) => typeof v === 'string'));
    assert.match(values[0], /hostile_metric/);
    assert.match(values[0], /\\\[run me\\\]\(command:/, 'the HELP is shown, escaped');
    assert.match(values[3], /known value/, values[3]);
    for (const [i, value] of values.entries()) assertMarkdown(value, `hover ${i}`);
  });

  it('escapes what completion shows: names, values, details and documentation', async () => {
    const items: CompletionItem[] = [];
    const ask = async (line: number, character: number): Promise<void> => {
      const answer = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line, character } });
      const list = Array.isArray(answer) ? answer : (answer as CompletionList | null)?.items ?? [];
      for (const item of list.slice(0, 50)) items.push(await client.connection.sendRequest(CompletionResolveRequest.type, item));
    };
    await ask(0, 3);
    await ask(0, 20);
    await ask(2, 21);
    assert.ok(items.some((i) => i.label === HOSTILE_METRIC), 'the hostile server\'s metric is offered');
    assert.ok(items.some((i) => i.label.startsWith('evil[run me]')), 'the hostile name is offered (its label is plain text, never rendered)');
    assert.ok(items.some((i) => i.kind === 12 && i.label.includes('run me')), 'hostile label values are offered');
    for (const item of items) {
      assert.doesNotMatch(item.label, CONTROL, JSON.stringify(item.label));
      if (item.detail) assert.doesNotMatch(item.detail, CONTROL, item.detail);
      const doc = item.documentation;
      if (doc && typeof doc !== 'string') assertMarkdown((doc as MarkupContent).value, `documentation of ${item.label}`);
    }
  });

  it('runs a query whose answer is hostile: capped, plain, redacted diagnostics, notification and result', async () => {
    await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'prometheus.runQuery', arguments: [{ uri, queryIndex: 0, server: 'hostile' }] });
    await client.waitUntil('the result and its notification', () => results.length > 0 && client.shownMessages.some((m) => m.message.startsWith('hostile:')), 15_000);
    const published = await client.diagnosticsFor(uri, (d) => d.some((x) => x.code === 'promql/server-warning'));
    diagnostics = published;
    const server = published.filter((d) => String(d.code).startsWith('promql/server-'));
    assert.equal(server.filter((d) => d.code === 'promql/server-warning').length, 21, '20 warnings and one that counts the other 480');
    const messageOf = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : (d.message as MarkupContent).value);
    assert.ok(server.some((d) => /and 480 more warnings from the server/.test(messageOf(d))));
    for (const d of server) assertPlain(messageOf(d), 2000, `diagnostic ${String(d.code)}`);
    for (const message of client.shownMessages) assertPlain(message.message, 400, 'notification');
    const result = results[0] as { result: { error?: { message: string }; warnings: string[]; infos: string[] } };
    assert.ok(result.result.error && result.result.error.message.length <= 4000, 'the error is capped');
    assert.ok(result.result.warnings.length <= 21 && result.result.warnings.every((w) => w.length <= 2000));
  });

  it('shows no credential anywhere', async () => {
    const sources = await client.connection.sendRequest('prometheus/sources');
    const everything = JSON.stringify({ messages: client.shownMessages, statuses: client.sourceStatuses, diagnostics, results, sources, stderr: client.stderr });
    for (const secret of [API_KEY, TOKEN]) assert.ok(!everything.includes(secret), `${secret} leaked`);
    assert.match(everything, /Authorization: \*\*\*/, 'the echo was there, redacted');
  });
});
