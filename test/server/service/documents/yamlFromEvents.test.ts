import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findCheckedFiles } from '../../../../server/src/cli/check/fileDiscovery';
import { yamlDocumentsFromEvents } from '../../../../server/src/service/documents/yamlFromEvents';
import { CORPUS, FIXTURES, REPO_ROOT } from '../../../support/paths';
import { assertBuiltAsYamlParserBuilds as assertSameAsYaml } from '../../../support/yamlTreeDump';

describe('yamlDocumentsFromEvents', () => {
  const built: { name: string; text: string }[] = [
    { name: 'a rule file', text: 'groups:\n  - name: "g" # c\n    interval: 1m\n    rules:\n      - record: a:b:c\n        expr: |\n          sum(x)\n        labels: {team: sre, x: [1, 2]}\n      - alert: A\n        expr: >-\n          up == 0\n\n        for: 5m\n' },
    { name: 'empty values', text: 'a:\nb: 1\nd:   \ne:\n  f:\n' },
    { name: 'block scalars: keep, strip, empty, at the end without a line break', text: 'a: |+\n  x\n\n\nb: |-\n  x\n  \n   \nc: |\nd: >\n\n  x\n  y\ne: |2  # a | comment\n    z\nf: |\n  x' },
    { name: 'flow collections', text: 'a: [ ]\nb: {x: 1, }  # c\nc: [x, {y: 1}, "z"]\nd: {}\n' },
    { name: 'quoted scalars', text: 'a: "q\\n\\t\\u00e9"\nb: \'it\'\'s\'\nc: "multi\n  line"\n"d": 1\n' },
    { name: 'plain scalars of every core type', text: 'a: 0o14\nb: 0x1F\nc: 1.50\nd: .inf\ne: -.Inf\nf: .nan\ng: ~\nh: Null\ni: TRUE\nj: 1e3\nk: 2001-12-14\nl: +12\nm: 010\n' },
    { name: 'a multi-line plain scalar', text: 'a: plain\n  continued # c\nb: 1\n' },
    { name: 'CRLF line breaks', text: 'a: 1 \r\nb:\r\n  - x\r\n  - |\r\n    y\r\n' },
    { name: 'documents', text: '---\na: 1\n...\n---\nb: 2\n' },
    { name: 'explicit keys', text: '? a\n: 1\n' },
    { name: 'a sequence at the top, of mappings', text: '- record: a\n  expr: b\n- alert: c\n' },
  ];
  for (const c of built) {
    it(`builds ${c.name} exactly as the yaml parser does`, () => assert.ok(assertSameAsYaml(c.text, c.name), 'not built from events'));
  }

  const declined: { name: string; text: string }[] = [
    { name: 'a syntax error', text: 'a: [1, 2\nb: 1\n' },
    { name: 'duplicate keys', text: 'a: 1\na: 2\n' },
    { name: 'anchors and aliases', text: 'a: &x 1\nb: *x\n' },
    { name: 'merge keys', text: 'a: {x: 1}\nb:\n  <<: {y: 2}\n' },
    { name: 'tags', text: 'a: !!str 1\n' },
    { name: 'directives', text: '%YAML 1.2\n---\na: 1\n' },
    { name: 'complex keys', text: '? [a, b]\n: 1\n' },
    { name: 'lines longer than the yaml parser\'s implicit keys may be', text: `a: ${'x'.repeat(1100)}\n` },
    { name: 'empty items of a sequence', text: 'a:\n  - \n  - b: 1\n' },
    { name: 'text after a flow collection on its line', text: 'a:\n- [5m:1m]name:rules:\n' },
    { name: 'text after a quoted scalar on its line', text: 'a:\n- "b:c" d:\n' },
    { name: 'tabs in indentation', text: 'a:\n\tb: 1\n' },
    { name: 'an empty value followed by comments', text: 'a: # c\nb: 1\n' },
    { name: 'an empty value followed by comment lines', text: 'a:\n  # b: 1\nc: 2\n' },
  ];
  for (const c of declined) {
    it(`leaves ${c.name} to the yaml parser`, () => assert.equal(yamlDocumentsFromEvents(c.text), null));
  }

  it('builds the corpus\' and the fixtures\' YAML files as the yaml parser does, and most of them from events', function () {
    this.timeout(120_000);
    // The files check would read there (node_modules and dot-folders aside).
    const files = findCheckedFiles([CORPUS, FIXTURES, path.join(REPO_ROOT, 'demo')]).files.filter((f) => /\.ya?ml$/i.test(f));
    let fast = 0;
    for (const file of files) if (assertSameAsYaml(fs.readFileSync(file, 'utf8'), path.relative(REPO_ROOT, file))) fast++;
    assert.ok(files.length > 500, `${files.length} files`);
    assert.ok(fast / files.length > 0.8, `${fast} of ${files.length} built from events`);
  });
});
