import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isScalar, parseAllDocuments, visit } from 'yaml';
import { mapScalar, type ScalarStyle } from '../../../../server/src/service/documents/scalarSourceMap';
import { CORPUS } from '../../../support/paths';

/** YAML holding one `expr:` scalar, the value YAML reads, and the source text of the marked value character. */
const STYLES: [string, string][] = [
  ['expr: rate(foo[5m])', 'rate(foo[5m])'],
  ['expr: sum(rate(foo[5m]))\n  by (job)', 'sum(rate(foo[5m])) by (job)'],
  ['expr: a\n\n  b', 'a\nb'],
  ["expr: 'foo{a=''b''}'", "foo{a='b'}"],
  ["expr: 'a\n  b'", 'a b'],
  ['expr: "foo{a=\\"b\\"}"', 'foo{a="b"}'],
  ['expr: "a\\tb\\u00e9\\x41"', 'a\tbéA'],
  ['expr: "a \\\n   b"', 'a b'],
  ['expr: "a\\\n   b"', 'ab'],
  ['expr: |\n  sum(x)\n    by (job)\n', 'sum(x)\n  by (job)\n'],
  ['expr: |-\n  a\n\n  b\n\n', 'a\n\nb'],
  ['expr: |+\n  a\n\n', 'a\n\n'],
  ['expr: |2\n    a\n   b\n', '  a\n b\n'],
  ['expr: >\n  a\n  b\n\n  c\n', 'a b\nc\n'],
  ['expr: >-\n  a\n    more\n  b\n', 'a\n  more\nb'],
  ['expr: | # comment\n  x\n', 'x\n'],
  ['expr: "a\r\n  b"', 'a b'],
];

function exprScalar(text: string): { start: number; end: number; style: ScalarStyle; value: string } {
  const [document] = parseAllDocuments(text);
  let found: { start: number; end: number; style: ScalarStyle; value: string } | undefined;
  visit(document, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === 'expr' && isScalar(pair.value) && pair.value.range) {
        found = { start: pair.value.range[0], end: pair.value.range[1], style: pair.value.type as ScalarStyle, value: String(pair.value.value) };
      }
    },
  });
  return found!;
}

/** Every value character maps onto the same character in the source, unless an escape or a fold produced it. */
function assertMapsOntoSource(text: string, scalar: { start: number; end: number; style: ScalarStyle; value: string }): void {
  const map = mapScalar(text, scalar.start, scalar.end, scalar.style, scalar.value);
  assert.ok(map.exact, `no exact map for ${JSON.stringify(text.slice(scalar.start, scalar.end))}`);
  for (let i = 0; i < map.value.length; i++) {
    const at = map.toDocumentOffset(i);
    assert.ok(at >= scalar.start && at <= scalar.end, `offset ${at} outside the scalar`);
    const ch = map.value[i];
    const produced = ch === ' ' || ch === '\n' || text[at] === '\\' || text[at] === "'";
    if (!produced) assert.equal(text[at], ch, `value[${i}] of ${JSON.stringify(map.value)}`);
  }
  assert.ok(map.toDocumentOffset(map.value.length) <= scalar.end);
  if (scalar.style === 'BLOCK_LITERAL' || scalar.style === 'BLOCK_FOLDED') assertIndexesFollowOffsets(map, scalar);
}

/**
 * A document offset inside the scalar reads back as the last value index (the end's included) whose
 * offset is at or before it, 0 before the first; -1 outside the scalar. Block scalars are mapped by
 * runs of characters, not by a table of every offset: this is the table's answer.
 */
function assertIndexesFollowOffsets(map: ReturnType<typeof mapScalar>, scalar: { start: number; end: number }): void {
  const offsets = Array.from({ length: map.value.length + 1 }, (_, i) => map.toDocumentOffset(i));
  let last = 0;
  for (let offset = scalar.start - 1; offset <= scalar.end + 1; offset++) {
    while (last + 1 < offsets.length && offsets[last + 1] <= offset) last++;
    const expected = offset < scalar.start || offset > scalar.end ? -1 : last;
    assert.equal(map.toValueIndex(offset), expected, `offset ${offset} of ${JSON.stringify(map.value)}`);
  }
}

describe('YAML scalar source maps', () => {
  for (const [text, value] of STYLES) {
    it(JSON.stringify(text), () => {
      const scalar = exprScalar(text);
      assert.equal(scalar.value, value, 'the yaml package reads this value');
      assertMapsOntoSource(text, scalar);
    });
  }

  it('maps every string scalar of the corpus rule and config files exactly', () => {
    let count = 0;
    for (const folder of ['rules', 'rules/crd', 'rules/unittest', 'rules/pint_fixtures', 'rules/bad', 'config/good', 'config/bad']) {
      const dir = path.join(CORPUS, folder);
      for (const name of fs.readdirSync(dir)) {
        const file = path.join(dir, name);
        if (!/\.ya?ml$/.test(name) || !fs.statSync(file).isFile()) continue;
        const text = fs.readFileSync(file, 'utf8');
        for (const document of parseAllDocuments(text)) {
          if (!('contents' in document)) continue;
          visit(document, {
            Scalar(_, node) {
              if (typeof node.value !== 'string' || !node.range) return;
              count++;
              assertMapsOntoSource(text, { start: node.range[0], end: node.range[1], style: node.type as ScalarStyle, value: node.value });
            },
          });
        }
      }
    }
    console.log(`      string scalars mapped exactly: ${count}`);
    assert.ok(count > 50_000);
  });

  // One-line values without escapes are mapped by a shift, the rest by an offset table: both answer alike.
  const BOTH_WAYS: [title: string, text: string, sameAsSource: boolean][] = [
    ['plain, verbatim', 'expr: rate(x[5m]) # c', true],
    ['single-quoted, verbatim', "expr: 'rate(x[5m])'", true],
    ['double-quoted, verbatim', 'expr: "rate(x[5m])"', true],
    ['double-quoted, an escape', 'expr: "rate(x{a=\\"b\\"}[5m])"', false],
    ['plain, folded', 'expr: rate(x[5m])\n  > 1', false],
    ['empty quotes', "expr: ''", true],
  ];
  for (const [title, text, sameAsSource] of BOTH_WAYS) {
    it(`maps both ways, ends included: ${title}`, () => {
      const scalar = exprScalar(text);
      const map = mapScalar(text, scalar.start, scalar.end, scalar.style, scalar.value);
      assert.ok(map.exact);
      const from = map.toDocumentOffset(0);
      assert.equal(from, scalar.style === 'PLAIN' ? scalar.start : scalar.start + 1);
      assert.equal(text.slice(from, map.toDocumentOffset(map.value.length)) === map.value, sameAsSource);
      assert.equal(map.toDocumentOffset(-3), from);
      assert.equal(map.toDocumentOffset(map.value.length + 3), map.toDocumentOffset(map.value.length));
      assert.equal(map.toValueIndex(scalar.start - 1), -1);
      assert.equal(map.toValueIndex(scalar.end + 1), -1);
      assert.equal(map.toValueIndex(scalar.start), 0);
      assert.equal(map.toValueIndex(scalar.end), map.value.length);
      for (let i = 0; i < map.value.length; i++) {
        const at = map.toDocumentOffset(i);
        // An escape's characters map to its backslash; every other one maps back to itself.
        if (text[at] !== '\\') assert.equal(map.toValueIndex(at), i, `index ${i}`);
        if (i > 0) assert.ok(at > map.toDocumentOffset(i - 1) || text[at] === '\\', `offsets grow at ${i}`);
      }
    });
  }

  it('maps a fold that keeps the length (a line break read as a space) through the table', () => {
    const map = mapScalar("'a\nb'", 0, 5, 'QUOTE_SINGLE', 'a b');
    assert.ok(map.exact);
    assert.deepEqual([0, 1, 2, 3].map((i) => map.toDocumentOffset(i)), [1, 2, 3, 4]);
  });

  it('falls back to the scalar start rather than guess when the value does not match', () => {
    const map = mapScalar('expr: abc', 6, 9, 'PLAIN', 'something else');
    assert.equal(map.exact, false);
    assert.equal(map.toDocumentOffset(5), 6);
  });
});
