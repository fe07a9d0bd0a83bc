import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../../../server/src/service/languageService';
import { previewedRule } from '../../../../server/src/service/preview/previewedRule';
import { templateErrorRange } from '../../../../server/src/service/preview/templatePlacement';
import { runnableQueries } from '../../../../server/src/service/query/documentQueries';

/*
 * A preview's template error lands on the failing character of the file, whatever the YAML style of
 * the annotation (plain, double-quoted with escapes, literal and folded blocks, a label); and the
 * rule the preview replays is read from the same model (durations in seconds, the group's interval).
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

function setup(): { document: TextDocument; model: NonNullable<ReturnType<typeof service.parseDocument>>; exprStart: number } {
  const document = TextDocument.create('file:///w/api.rules.yml', 'yaml', 1, RULES);
  const model = service.parseDocument(document);
  assert.ok(model);
  const query = runnableQueries(model, document.uri)[0];
  return { document, model, exprStart: query.range.start };
}

describe('template errors of a preview, placed in the rule file', () => {
  const { document, model, exprStart } = setup();
  const cases: { key: string; template: string; offset: number; expect: string }[] = [
    { key: 'summary', template: 'down {{ $labels.instance }} {{ humanize "x" }}', offset: 31, expect: 'h' },
    { key: 'quoted', template: 'a\tb {{ oops }}', offset: 8, expect: 'o' },
    { key: 'block', template: 'line one\n{{ nope }}\n', offset: 12, expect: 'n' },
    { key: 'team', template: '{{ $labels.job | bad }}', offset: 17, expect: 'b' },
  ];
  for (const c of cases) {
    it(`${c.key}: offset ${c.offset} of the template is the "${c.expect}" in the file`, () => {
      assert.equal(c.template[c.offset], c.expect, 'the case points at the character it names');
      const range = templateErrorRange(model, exprStart, c.key, c.offset);
      assert.ok(range);
      assert.equal(document.getText().slice(range.start, range.end), c.expect);
    });
  }

  it('covers the whole value for an offset past its end, and gives nothing for a key or rule that is gone', () => {
    const range = templateErrorRange(model, exprStart, 'quoted', 99);
    assert.ok(range);
    assert.equal(document.getText().slice(range.start, range.end), '"a\\tb {{ oops }}"');
    assert.equal(templateErrorRange(model, exprStart, 'missing', 0), null);
    assert.equal(templateErrorRange(model, exprStart + 1, 'summary', 0), null);
    assert.equal(templateErrorRange(model, exprStart, 'team', 0, 'annotations'), null, 'team is a label');
    assert.equal(document.getText().slice(...Object.values(templateErrorRange(model, exprStart, 'team', 3, 'labels')!) as [number, number]), '$');
  });

  it('reads the rule a preview replays', () => {
    const queries = runnableQueries(model, document.uri);
    assert.deepEqual(previewedRule(model, queries[0], document.uri), {
      file: document.uri, group: 'api', kind: 'alert', name: 'Plain', expr: 'up == 0', for: 300, keepFiringFor: 90, groupInterval: 30,
      labels: { team: '{{ $labels.job | bad }}' },
      annotations: { summary: 'down {{ $labels.instance }} {{ humanize "x" }}', quoted: 'a\tb {{ oops }}', block: 'line one\n{{ nope }}\n' },
    });
    assert.deepEqual(previewedRule(model, queries[1], document.uri), {
      file: document.uri, group: 'api', kind: 'record', name: 'job:up:sum', expr: 'sum by (job) (up)', for: 0, keepFiringFor: 0, groupInterval: 30, labels: {}, annotations: {},
    });
  });
});
