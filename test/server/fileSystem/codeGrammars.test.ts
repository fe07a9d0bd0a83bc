import * as assert from 'node:assert/strict';
import { ALL_GRAMMARS, grammarWasmFiles, loadCodeGrammars } from '../../../server/src/fileSystem/codeGrammars';
import { editBetween, parseCode } from '../../../server/src/service/instrumentation/incrementalParse';

/*
 * The code grammars load on this Node (web-tree-sitter's runtime and the four .wasm grammars from
 * node_modules, as tests and `tsc` builds run), parse their language, and re-parse incrementally to
 * the same tree a fresh parse gives.
 */

const SAMPLES = {
  python: { text: 'from prometheus_client import Counter\nREQUESTS = Counter("requests_total", "Requests.")\n', root: 'module' },
  javascript: { text: "const client = require('prom-client');\nconst c = new client.Counter({ name: 'x_total', help: 'x' });\n", root: 'program' },
  typescript: { text: "import { Counter } from 'prom-client';\nconst c: Counter<string> = new Counter({ name: 'x_total', help: 'x' });\n", root: 'program' },
  tsx: { text: "import { Counter } from 'prom-client';\nexport const View = () => <div>{String(new Counter({ name: 'x_total', help: 'x' }))}</div>;\n", root: 'program' },
} as const;

describe('code grammars', () => {
  it('finds every .wasm file a bundle ships', () => {
    assert.deepEqual(grammarWasmFiles().map((f) => f.file), ['tree-sitter.wasm', 'tree-sitter-python.wasm', 'tree-sitter-javascript.wasm', 'tree-sitter-typescript.wasm', 'tree-sitter-tsx.wasm']);
  });

  for (const grammar of ALL_GRAMMARS) {
    it(`loads ${grammar} and parses it without errors`, async () => {
      const grammars = await loadCodeGrammars([grammar]);
      const parser = grammars.parser(grammar);
      assert.ok(parser, `no parser for ${grammar}`);
      const tree = parser.parse(SAMPLES[grammar].text)!;
      assert.equal(tree.rootNode.type, SAMPLES[grammar].root);
      assert.equal(tree.rootNode.hasError, false, tree.rootNode.toString());
      tree.delete();
    });
  }

  it('loads each grammar once: the same parser on a second load', async () => {
    const a = await loadCodeGrammars(['python']);
    const b = await loadCodeGrammars(ALL_GRAMMARS);
    assert.equal(a.parser('python'), b.parser('python'));
  });

  it('re-parses incrementally to the tree a fresh parse gives, offsets in UTF-16 code units', async () => {
    const parser = (await loadCodeGrammars(['python'])).parser('python')!;
    const versions = [
      'é = "ü"\nREQUESTS = Counter("requests_total", "Requests.")\n',
      'é = "ü"\nREQUESTS = Counter("requests_total", "Requests.", ["method"])\n',
      'é = "ü"\n# 😀\nREQUESTS = Counter("requests_total", "Requests.", ["method"])\n',
      'é = "ü"\n# 😀\nREQ = Counter("req", "R.", ["method"])\n',
      '',
      'X = 1\n',
    ];
    let previous = parseCode(parser, 'python', versions[0], undefined)!;
    previous.tree.delete();
    for (const text of versions.slice(1)) {
      const next = parseCode(parser, 'python', text, previous.parsed)!;
      const fresh = parser.parse(text)!;
      assert.equal(next.tree.rootNode.toString(), fresh.rootNode.toString());
      const at = text.indexOf('Counter');
      if (at !== -1) assert.equal(next.tree.rootNode.descendantForIndex(at)!.startIndex, at);
      assert.equal(previous.parsed.take(), undefined, 'the previous tree was taken');
      fresh.delete();
      next.tree.delete();
      previous = next;
    }
    previous.parsed.release();
  });

  it('describes an edit as the span between the common prefix and suffix', () => {
    assert.deepEqual(editBetween('ab\ncd\nef', 'ab\ncXd\nef'), {
      startIndex: 4, oldEndIndex: 4, newEndIndex: 5,
      startPosition: { row: 1, column: 1 }, oldEndPosition: { row: 1, column: 1 }, newEndPosition: { row: 1, column: 2 },
    });
    assert.deepEqual(editBetween('aaa', 'aa'), {
      startIndex: 2, oldEndIndex: 3, newEndIndex: 2,
      startPosition: { row: 0, column: 2 }, oldEndPosition: { row: 0, column: 3 }, newEndPosition: { row: 0, column: 2 },
    });
  });
});
