import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../server/src/service/languageService';
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

const indent = (text: string, by: string): string => text.split('\n').map((l) => by + l).join('\n');

/** How each YAML snippet sits in a file. */
const YAML_CONTEXT: Record<string, (s: string) => string> = {
  'Scrape job': (s) => `scrape_configs:\n${indent(s, '  ')}\n`,
  'Pushgateway job': (s) => `scrape_configs:\n${indent(s, '  ')}\n`,
  'Rule group': (s) => `groups:\n${indent(s, '  ')}\n`,
  'Recording rule': (s) => `groups:\n  - name: g\n    rules:\n${indent(s, '      ')}\n`,
  'Alerting rule': (s) => `groups:\n  - name: g\n    rules:\n${indent(s, '      ')}\n`,
  'Rule unit test': (s) => `${s}\n`,
};

function problems(text: string, uri: string, languageId: string): string[] {
  const service = getLanguageService();
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
  it('names every snippet file in package.json', () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { snippets: { language: string; path: string }[] } };
    assert.deepEqual(manifest.contributes.snippets.map((s) => [s.language, s.path]), [['promql', './snippets/promql.json'], ['yaml', './snippets/prometheus-yaml.json']]);
  });
});
