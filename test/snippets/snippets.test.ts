import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver-types';
import { getLanguageService } from '../../server/src/service/languageService';
import { withLspAnswers } from '../support/lspAnswers';
import { REPO_ROOT } from '../support/paths';

/*
 * Every snippet, expanded with its default placeholders, is something Prometheus accepts: the
 * PromQL snippets parse and type-check, the YAML ones validate as the configuration, rule file or
 * rule test they are meant for, with no error and no lint warning.
 */

type Snippets = Record<string, { prefix: string; body: string[]; description: string }>;

function load(file: string): Snippets {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'snippets', file), 'utf8')) as Snippets;
}

/** The text VS Code inserts when the user accepts every default. */
function expand(body: readonly string[]): string {
  return body.join('\n')
    .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
    .replace(/\$\{\d+:((?:[^{}]|\{[^{}]*\})*)\}/g, (_, inner: string) => expand([inner]))
    .replace(/\$\d+/g, '')
    .replace(/\\\$/g, '$');
}

/** How each YAML snippet sits in a file. */
const YAML_CONTEXT: Record<string, (s: string) => string> = {
  'Rule unit test': (s) => `${s}\n`,
};

/**
 * The snippets the server offers where it knows the place (yamlSkeletons.ts): the text typed, with
 * the cursor (|), in a file that already holds something or nothing; the label chosen. Each result
 * must load in promtool.
 */
const SERVER_SNIPPETS: { file: string; marked: string; label: string }[] = [
  ...['rule-group', 'record', 'alert'].map((label) => ({ file: 'rules.yml', marked: `${label.slice(0, 3)}|`, label })),
  { file: 'rules.yml', marked: '# rules of the API\nrule-g|', label: 'rule-group' },
  { file: 'rules.yml', marked: 'groups:\n  - name: a\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) (up)\n  rule|', label: 'rule-group' },
  { file: 'rules.yml', marked: 'groups:\n  - name: a\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) (up)\n  - |', label: 'rule-group' },
  { file: 'rules.yml', marked: 'groups:\n  - name: a\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) (up)\n      al|', label: 'alert' },
  { file: 'rules.yml', marked: 'groups:\n  - name: a\n    rules:\n      |', label: 'record' },
  { file: 'rules.yml', marked: 'groups:\n  - name: a\n    rules:\n      - |', label: 'alert' },
  ...['scrape-job', 'scrape-pushgateway'].map((label) => ({ file: 'prometheus.yml', marked: 'scr|', label })),
  { file: 'prometheus.yml', marked: 'global:\n  scrape_interval: 30s\nscrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [\'a:1\']\n  scrape|', label: 'scrape-job' },
];

/** The document after accepting a completion item with its defaults, indented as the editor does (adjustIndentation). */
function accepted(document: TextDocument, item: CompletionItem): string {
  const edit = item.textEdit!;
  assert.ok('range' in edit);
  const start = document.offsetAt(edit.range.start);
  const text = document.getText();
  const lineIndent = /^\s*/.exec(text.slice(text.lastIndexOf('\n', start - 1) + 1))?.[0] ?? '';
  const inserted = expand(edit.newText.split('\n')).split('\n').map((l, i) => (i === 0 ? l : lineIndent + l)).join('\n');
  return text.slice(0, start) + inserted + text.slice(document.offsetAt(edit.range.end));
}

/** promtool's verdict on a rule file or configuration: empty when it loads. */
function promtool(kind: 'rules' | 'config', text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'prometheus-lsp-snippet-'));
  try {
    const file = join(dir, kind === 'rules' ? 'rules.yml' : 'prometheus.yml');
    writeFileSync(file, text);
    const run = spawnSync('promtool', ['check', kind, file], { encoding: 'utf8' });
    return run.status === 0 ? '' : `${run.stdout}${run.stderr}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function problems(text: string, uri: string, languageId: string): string[] {
  const service = withLspAnswers(getLanguageService());
  const document = TextDocument.create(uri, languageId, 1, text);
  const model = service.parseDocument(document);
  assert.ok(model, `recognised: ${text}`);
  return service.validate(document, model).filter((d) => (d.severity ?? 1) <= 2).map((d) => `${String(d.code)}: ${String(d.message)}`);
}

describe('snippets', () => {
  for (const [name, snippet] of Object.entries(load('promql.json'))) {
    it(`PromQL "${name}" expands to a valid query`, () => {
      assert.deepEqual(problems(expand(snippet.body), 'file:///s.promql', 'promql'), []);
    });
  }
  for (const [name, snippet] of Object.entries(load('prometheus-yaml.json'))) {
    it(`YAML "${name}" expands to what Prometheus accepts`, () => {
      const place = YAML_CONTEXT[name];
      assert.ok(place, `a context for ${name}`);
      const text = place(expand(snippet.body));
      assert.deepEqual(problems(text, 'file:///snippet.yml', 'yaml'), [], text);
    });
  }
  for (const { file, marked, label } of SERVER_SNIPPETS) {
    it(`server snippet "${label}" typed as ${JSON.stringify(marked.slice(-40))} in ${file} gives a file promtool loads`, () => {
      const service = withLspAnswers(getLanguageService());
      const offset = marked.indexOf('|');
      const document = TextDocument.create(`file:///w/${file}`, 'yaml', 1, marked.replace('|', ''));
      const model = service.parseDocument(document);
      assert.ok(model);
      const item = service.complete(document, model, offset).items.find((i) => i.label === label);
      assert.ok(item, `${label} offered`);
      const text = `${accepted(document, item)}\n`;
      assert.deepEqual(problems(text, `file:///w/${file}`, 'yaml'), [], text);
      assert.equal(promtool(file === 'rules.yml' ? 'rules' : 'config', text), '', text);
    });
  }
  it('offers no item snippet among the keys of an item', () => {
    const service = withLspAnswers(getLanguageService());
    const text = 'groups:\n  - name: a\n    rules:\n      - alert: A\n        ';
    const document = TextDocument.create('file:///w/rules.yml', 'yaml', 1, text);
    const items = service.complete(document, service.parseDocument(document)!, text.length).items;
    assert.deepEqual(items.filter((i) => i.kind === CompletionItemKind.Snippet).map((i) => i.label), []);
    assert.ok(items.some((i) => i.label === 'expr'));
  });
  it('names every snippet file in package.json', () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { snippets: { language: string; path: string }[] } };
    assert.deepEqual(manifest.contributes.snippets.map((s) => [s.language, s.path]), [['promql', './snippets/promql.json'], ['yaml', './snippets/prometheus-yaml.json']]);
  });
});
