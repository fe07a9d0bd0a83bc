import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findCheckedFiles } from '../../../../server/src/cli/check/fileDiscovery';
import { itemCuts } from '../../../../server/src/service/documents/yamlEventStream';
import { CORPUS, FIXTURES, REPO_ROOT } from '../../../support/paths';
import { assertReadByItemAsWhole } from '../../../support/yamlEventsByItem';
import { assertBuiltAsYamlParserBuilds } from '../../../support/yamlTreeDump';

describe('yamlEventStream', () => {
  const read: { name: string; text: string; pieces: number }[] = [
    { name: 'a rule file', text: 'groups:\n  - name: a\n    rules:\n      - record: a:b:c\n        expr: sum(x)\n  - name: b\n    rules:\n      - alert: A\n        expr: |\n          up == 0\n        for: 5m\n', pieces: 2 },
    { name: 'items at the left margin', text: 'groups:\n- name: a\n  rules: []\n- name: b\n  rules: []\n- name: c\n', pieces: 3 },
    { name: 'comments and blank lines between items, at any column', text: 'groups:  # the groups\n  - name: a\n\n# about b\n    # more\n  - name: b # b\n\n\n', pieces: 2 },
    { name: 'CRLF line breaks', text: 'groups:\r\n  - name: a\r\n    rules:\r\n      - record: x\r\n  - name: b\r\n', pieces: 2 },
    { name: 'a bare list of rules', text: '- record: a\n  expr: b\n- alert: c\n  expr: d\n', pieces: 2 },
    { name: 'a PrometheusRule resource', text: 'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: x\nspec:\n  groups:\n  - name: a\n    rules: []\n  - name: b\n    rules: []\n', pieces: 2 },
    { name: 'an empty last item', text: 'a:\n  - x\n  - y\n  -\n', pieces: 3 },
    { name: 'items of every kind: scalars, sequences, flow collections, `-` alone', text: 'a:\n  - x\n  - - y\n    - z\n  -\n    k: v\n  - [1, 2]\n  - {k: v}\n  - "q"\n  - |\n    block\n', pieces: 7 },
  ];
  for (const c of read) {
    it(`reads ${c.name} item by item, with the events of the whole text`, () => {
      assert.equal(itemCuts(c.text)?.length, c.pieces);
      assert.equal(assertReadByItemAsWhole(c.text, c.name), 'done');
      assertBuiltAsYamlParserBuilds(c.text, c.name);
    });
  }

  const notCut: { name: string; text: string }[] = [
    { name: 'one item', text: 'groups:\n  - name: a\n    rules: []\n' },
    { name: 'a key after the sequence', text: 'groups:\n  - name: a\n  - name: b\nother: 1\n' },
    { name: 'a line at the items\' column that is no item', text: 'a:\n  - x\n  b\n  - y\n' },
    { name: 'document markers', text: '- a\n- b\n---\n- c\n' },
    { name: 'no sequence', text: 'a: 1\nb: 2\n' },
  ];
  for (const c of notCut) {
    it(`does not cut ${c.name}`, () => assert.equal(itemCuts(c.text), null));
  }

  const uncut: { name: string; text: string }[] = [
    { name: 'a quoted scalar running across a cut', text: 'a:\n  - "x\n  - y"\n  - z\n' },
    { name: 'a flow sequence running across a cut', text: 'a:\n  - [x,\n  - y]\n  - z\n' },
    { name: 'dashes inside a block scalar', text: 'a: |\n  - x\n  - y\n' },
    // js-yaml refuses the whole text (nesting past 100 from its root); alone, the piece nests one level less.
    { name: 'nesting past js-yaml\'s limit in a later item', text: `groups:\n  - a\n  - ${'['.repeat(98)}${']'.repeat(98)}\n` },
  ];
  for (const c of uncut) {
    it(`gives up on ${c.name}, and the whole text is read instead`, () => {
      assert.equal(assertReadByItemAsWhole(c.text, c.name), 'uncut');
      // Built from the whole text's events, or left to the yaml parser: either way as it builds them.
      assertBuiltAsYamlParserBuilds(c.text, c.name);
    });
  }

  it('reads the corpus\' and the fixtures\' YAML files item by item with the events of the whole text', function () {
    this.timeout(120_000);
    const files = findCheckedFiles([CORPUS, FIXTURES, path.join(REPO_ROOT, 'demo')]).files.filter((f) => /\.ya?ml$/i.test(f));
    let cut = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      if (assertReadByItemAsWhole(text, path.relative(REPO_ROOT, file)) === 'done') cut++;
    }
    assert.ok(cut > 50, `${cut} files read item by item`);
  });
});
