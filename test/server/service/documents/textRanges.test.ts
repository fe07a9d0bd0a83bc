import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isScalar, parseDocument } from 'yaml';
import { mapScalar, type ScalarStyle } from '../../../../server/src/service/documents/scalarSourceMap';
import { lineRange, mapRange, shiftRange } from '../../../../server/src/service/documents/textRanges';

/** The source map of the `expr:` scalar of a one-line YAML mapping. */
function exprMap(yaml: string) {
  const node = parseDocument(yaml, { keepSourceTokens: false }).get('expr', true);
  assert.ok(isScalar(node) && node.range);
  return mapScalar(yaml, node.range[0], node.range[1], node.type as ScalarStyle, String(node.value));
}

describe('text ranges', () => {
  it('shifts a range of a query by where the query starts', () => {
    assert.deepEqual(shiftRange({ start: 4, end: 7 }, 10), { start: 14, end: 17 });
    assert.deepEqual(shiftRange({ start: 0, end: 0 }, 3), { start: 3, end: 3 });
  });

  // [title, YAML, the value's text to place, the document text the range must cover]
  const cases: [string, string, string, string][] = [
    ['a plain scalar', 'expr: rate(foo[5m])\n', 'foo', 'foo'],
    ['a double-quoted scalar with escapes before the range', 'expr: "up{a=\\"b\\"} or foo"\n', 'foo', 'foo'],
    ['the last word of a folded line', 'expr: >\n  sum(foo)\n  by (job)\n', 'sum(foo)', 'sum(foo)'],
    ['a range before an escaped line break: not up to the next line', 'expr: "sum(foo)\\\n  by (job)"\n', 'sum(foo)', 'sum(foo)'],
    ['the last word of a literal block\'s line', 'expr: |\n  up\n    == 0\n', 'up', 'up'],
  ];
  for (const [title, yaml, needle, covered] of cases) {
    it(`maps ${title} with its end just after its last character`, () => {
      const map = exprMap(yaml);
      const index = map.value.indexOf(needle);
      const range = mapRange(map, { start: index, end: index + needle.length });
      assert.equal(yaml.slice(range.start, range.end), covered);
    });
  }

  it('keeps an empty range empty, at its start', () => {
    const yaml = 'expr: "a{b=\\"\\"}"\n';
    const map = exprMap(yaml);
    const inner = map.value.indexOf('""') + 1;
    const range = mapRange(map, { start: inner, end: inner });
    assert.deepEqual(range, { start: map.toDocumentOffset(inner), end: map.toDocumentOffset(inner) });
  });

  it('turns offsets into lines and characters', () => {
    const document = TextDocument.create('file:///a.promql', 'promql', 1, 'up\nrate(foo[5m])\n');
    const range = lineRange(document, { start: 8, end: 11 });
    assert.deepEqual(range, { start: { line: 1, character: 5 }, end: { line: 1, character: 8 } });
  });
});
