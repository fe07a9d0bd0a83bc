import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../../../server/src/service/languageService';

const service = getLanguageService();

function complete(marked: string): string[] {
  const offset = marked.indexOf('|');
  const document = TextDocument.create('file:///rules.yml', 'yaml', 1, marked.replace('|', ''));
  return service.complete(document, service.parseDocument(document)!, offset).items.map((i) => i.label);
}

function hover(marked: string): string | null {
  const offset = marked.indexOf('|');
  const document = TextDocument.create('file:///rules.yml', 'yaml', 1, marked.replace('|', ''));
  const result = service.hover(document, service.parseDocument(document)!, offset);
  return result && typeof result.contents === 'object' && 'value' in result.contents ? result.contents.value : null;
}

/** Cursor (|) in a rule file, and what completion must offer (all of it) and must not. */
const CASES: [string, string[], string[]][] = [
  ['groups:\n  - name: g\n    rules:\n      - alert: A\n        |', ['expr', 'for', 'keep_firing_for', 'labels', 'annotations'], ['alert', 'name']],
  ['groups:\n  - name: g\n    |', ['rules', 'interval', 'query_offset', 'limit', 'labels'], ['name', 'expr']],
  ['groups:\n  - |', ['name', 'rules', 'interval'], ['expr']],
  ['|', ['groups'], ['expr']],
  ['groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: sum by (job, instance) (up) == 0\n        annotations:\n          summary: "{{ $labels.| }}"\n', ['job', 'instance'], ['__name__']],
  ['groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        annotations:\n          summary: "{{ hum| }}"\n', ['humanize', 'humanizePercentage', '$value', '$labels'], []],
];

describe('completion in rule files', () => {
  for (const [marked, wanted, unwanted] of CASES) {
    it(JSON.stringify(marked.slice(-50)), () => {
      const labels = complete(marked);
      for (const w of wanted) assert.ok(labels.includes(w), `${w} missing from ${labels.join(', ')}`);
      for (const u of unwanted) assert.ok(!labels.includes(u), `${u} offered`);
    });
  }

  it('answers at the very start of a document that begins with a line break (found by fuzzing: it used to loop)', () => {
    for (const text of ['\n', '\n\ngroups:\n', '']) {
      const document = TextDocument.create('file:///rules.yml', 'yaml', 1, text);
      const model = service.parseDocument(document);
      if (!model) continue;
      assert.ok(Array.isArray(service.complete(document, model, 0).items));
      service.hover(document, model, 0);
    }
  });

  it('explains a key on hover, with its type and default', () => {
    const text = hover('groups:\n  - name: g\n    rules:\n      - alert: A\n        f|or: 5m\n');
    assert.match(text ?? '', /\*\*for\*\*: duration/);
    assert.match(text ?? '', /Default: `0s`/);
    assert.equal(hover('groups:\n  - name: g\n    rules:\n      - alert: A\n        for: 5|m\n'), null);
  });
});
