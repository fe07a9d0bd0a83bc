import * as assert from 'node:assert/strict';
import { parsePromQLDocument, splitQueries } from '../../../../server/src/service/documents/promqlDocument';

const SPLITS: [string, string[]][] = [
  ['up', ['up']],
  ['up\n\nrate(foo[5m])', ['up', 'rate(foo[5m])']],
  ['  up\n   \t\nfoo\n+ bar\n', ['up', 'foo\n+ bar']],
  ['# only a comment\n\nup', ['up']],
  ['# heading\nup # trailing\n', ['# heading\nup # trailing']],
  ['a\r\n\r\nb', ['a', 'b']],
  ['\n\n\n', []],
];

describe('.promql documents', () => {
  for (const [text, expected] of SPLITS) {
    it(`splits ${JSON.stringify(text)}`, () => {
      const blocks = splitQueries(text);
      assert.deepEqual(blocks.map((b) => b.text), expected);
      for (const b of blocks) assert.equal(text.slice(b.offset, b.offset + b.text.length), b.text);
    });
  }

  it('analyses each query on its own', () => {
    const document = parsePromQLDocument('up\n\nsum(\n\nfoo');
    assert.deepEqual(document.queries.map((q) => q.analysis.syntaxProblems.length), [0, 1, 0]);
    assert.equal(document.queries[1].offset, 4);
  });
});
