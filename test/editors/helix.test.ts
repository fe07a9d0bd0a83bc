import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { pathToFileURL } from 'node:url';
import { createEditorWorkspace, EXPECTED_COMPLETION, EXPECTED_DIAGNOSTICS, type EditorWorkspace } from '../support/editorWorkspace';
import { StdioLanguageClient } from '../support/lspClient';
import { readmeSnippet, README_EXAMPLE_SCRAPE_URL } from '../support/readmeSnippets';

/*
 * Helix is not packaged for Debian 12 and cannot be fetched here, so this test does what Helix does
 * with the README's languages.toml: it reads the snippet as Helix's TOML, starts the language
 * server's `command` with its `args`, passes `config` as initializationOptions, answers
 * workspace/configuration from `config` by section path, and opens files with the language name of
 * the [[language]] whose file-types match. The Neovim and Emacs tests run the real editors.
 */
interface HelixLanguages {
  'language-server': Record<string, { command: string; args?: string[]; config?: Record<string, unknown> }>;
  language: { name: string; 'file-types'?: string[]; 'language-servers'?: string[] }[];
}

describe('the README\'s Helix languages.toml', function () {
  this.timeout(60_000);
  let workspace: EditorWorkspace;
  let client: StdioLanguageClient | undefined;
  before(async () => {
    workspace = await createEditorWorkspace();
  });
  after(async () => {
    await client?.stop();
    await workspace?.dispose();
  });

  it('declares prometheus-lsp for PromQL and YAML files', () => {
    const toml = parseToml(readmeSnippet('prometheus-lsp for Helix')) as unknown as HelixLanguages;
    const server = toml['language-server']['prometheus-lsp'];
    assert.deepEqual([server.command, ...(server.args ?? [])], ['prometheus-lsp', 'serve', '--stdio']);
    const promql = toml.language.find((l) => l.name === 'promql');
    assert.deepEqual(promql?.['file-types'], ['promql']);
    assert.ok(promql?.['language-servers']?.includes('prometheus-lsp'));
    assert.ok(toml.language.find((l) => l.name === 'yaml')?.['language-servers']?.includes('prometheus-lsp'));
  });

  it('runs as Helix runs it: diagnostics on the rule file, live metric names completed', async () => {
    const snippet = readmeSnippet('prometheus-lsp for Helix');
    assert.ok(snippet.includes(README_EXAMPLE_SCRAPE_URL));
    const toml = parseToml(snippet.replace(README_EXAMPLE_SCRAPE_URL, workspace.scrapeUrl)) as unknown as HelixLanguages;
    const server = toml['language-server']['prometheus-lsp'];
    client = new StdioLanguageClient([], { command: server.command, args: server.args ?? [], env: workspace.env });
    const config = server.config ?? {};
    client.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => (item.section ?? '').split('.').filter(Boolean).reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], config) ?? null));
    await client.initialize(pathToFileURL(workspace.dir).href, config, { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } } });

    // The snippet's languages by file type; YAML files keep Helix's built-in `yaml` language.
    const languageOf = (file: string): string => toml.language.find((l) => l['file-types']?.some((t) => file.endsWith(`.${t}`)))?.name ?? 'yaml';
    const rules = path.join(workspace.dir, 'rules', 'inference.rules.yml');
    const rulesUri = pathToFileURL(rules).href;
    client.open(rulesUri, languageOf(rules), fs.readFileSync(rules, 'utf8'));
    const diagnostics = await client.diagnosticsFor(rulesUri, (d) => d.length > 0);
    assert.deepEqual(diagnostics.map((d) => `${d.range.start.line} ${d.code}`).sort(), EXPECTED_DIAGNOSTICS);

    const query = path.join(workspace.dir, 'queries.promql');
    const queryUri = pathToFileURL(query).href;
    assert.equal(languageOf(query), 'promql');
    client.open(queryUri, languageOf(query), fs.readFileSync(query, 'utf8'));
    let labels: string[] = [];
    for (let attempt = 0; attempt < 40 && !labels.includes(EXPECTED_COMPLETION); attempt++) {
      const result = await client.connection.sendRequest<{ items: { label: string }[] } | { label: string }[] | null>('textDocument/completion', { textDocument: { uri: queryUri }, position: { line: 0, character: 15 } });
      labels = (Array.isArray(result) ? result : result?.items ?? []).map((i) => i.label);
      if (!labels.includes(EXPECTED_COMPLETION)) await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(labels.includes(EXPECTED_COMPLETION), `completion: ${labels.join(', ')}`);
  });
});
