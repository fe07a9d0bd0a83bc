import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../../../server/src/service/languageService';
import { ruleInputs } from '../../../../server/src/service/preview/ruleInputs';

/*
 * A preview's template error lands on the failing character of the file, whatever the YAML style of
 * the template (plain, double-quoted with escapes, a literal block, a label): the offsets that
 * ruleInputs gives the editor's diagnostics (lsp/previewHandlers.ts).
 */

const service = getLanguageService();

const RULES = [
  'groups:',
  '  - name: api',
  '    interval: 30s',
  '    rules:',
  '      - alert: Plain',
  '        expr: up == 0',
  '        for: 5m',
  '        keep_firing_for: 1m30s',
  '        labels:',
  '          team: "{{ $labels.job | bad }}"',
  '        annotations:',
  '          summary: down {{ $labels.instance }} {{ humanize "x" }}',
  '          quoted: "a\\tb {{ oops }}"',
  '          block: |',
  '            line one',
  '            {{ nope }}',
  '      - record: job:up:sum',
  '        expr: sum by (job) (up)',
  '',
].join('\n');

describe('template offsets of a previewed rule, in the rule file', () => {
  const document = TextDocument.create('file:///w/api.rules.yml', 'yaml', 1, RULES);
  const model = service.parseDocument(document);
  assert.ok(model);
  const [rule] = ruleInputs(model, document.uri);
  const cases: { field: 'labels' | 'annotations'; key: string; template: string; offset: number; expect: string }[] = [
    { field: 'annotations', key: 'summary', template: 'down {{ $labels.instance }} {{ humanize "x" }}', offset: 31, expect: 'h' },
    { field: 'annotations', key: 'quoted', template: 'a\tb {{ oops }}', offset: 8, expect: 'o' },
    { field: 'annotations', key: 'block', template: 'line one\n{{ nope }}\n', offset: 12, expect: 'n' },
    { field: 'labels', key: 'team', template: '{{ $labels.job | bad }}', offset: 17, expect: 'b' },
  ];
  for (const c of cases) {
    it(`${c.field} ${c.key}: offset ${c.offset} of the template is the "${c.expect}" in the file`, () => {
      assert.equal(c.template[c.offset], c.expect, 'the case points at the character it names');
      assert.equal(rule.input[c.field]?.[c.key], c.template, 'the template as Prometheus reads it');
      const at = rule.templateOffset(c.field, c.key, c.offset);
      assert.ok(at !== undefined);
      assert.equal(document.getText()[at], c.expect);
    });
  }

  it('gives nothing for a key that is not there, or in the other field', () => {
    assert.equal(rule.templateOffset('annotations', 'missing', 0), undefined);
    assert.equal(rule.templateOffset('annotations', 'team', 0), undefined, 'team is a label');
  });
});
