import * as assert from 'node:assert/strict';
import { isMap, isNode, isPair, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { CompactMap, CompactScalar, CompactSeq, compactMap, compactPair, compactScalar, compactSeq } from '../../../../server/src/service/documents/compactYamlNodes';
import { yamlDocumentsFromEvents } from '../../../../server/src/service/documents/yamlFromEvents';

describe('compact YAML nodes', () => {
  const kinds: { name: string; make: () => Scalar | YAMLMap | YAMLSeq; is: (node: unknown) => boolean; base: typeof Scalar | typeof YAMLMap | typeof YAMLSeq }[] = [
    { name: 'scalar', make: () => new CompactScalar('x'), is: isScalar, base: Scalar },
    { name: 'mapping', make: () => new CompactMap(), is: isMap, base: YAMLMap },
    { name: 'sequence', make: () => new CompactSeq(), is: isSeq, base: YAMLSeq },
    // Made without the constructors, as yamlFromEvents.ts makes them: the same to the package.
    { name: 'scalar (compactScalar)', make: () => compactScalar('x'), is: isScalar, base: Scalar },
    { name: 'mapping (compactMap)', make: () => compactMap(), is: isMap, base: YAMLMap },
    { name: 'sequence (compactSeq)', make: () => compactSeq(), is: isSeq, base: YAMLSeq },
  ];
  for (const kind of kinds) {
    it(`is a ${kind.name} to the yaml package, whose range reads back as it was set`, () => {
      const node = kind.make();
      assert.ok(kind.is(node) && isNode(node) && node instanceof kind.base);
      node.range = [3, 7, 9];
      // Kept in the three fields, not as an array of the node's own (which would shadow the accessor).
      assert.ok(!Object.hasOwn(node, 'range'));
      assert.deepEqual([(node as unknown as { r0: number }).r0, (node as unknown as { r2: number }).r2], [3, 9]);
      assert.ok(Array.isArray(node.range));
      assert.deepEqual(node.range, [3, 7, 9]);
      node.range = [4, 4, 12];
      assert.deepEqual(node.range, [4, 4, 12]);
    });

    it(`clones a ${kind.name} with its own range`, () => {
      const node = kind.make();
      node.range = [1, 2, 3];
      const copy = node.clone() as typeof node;
      assert.ok(kind.is(copy));
      assert.deepEqual(copy.range, [1, 2, 3]);
      copy.range = [5, 6, 7];
      assert.deepEqual(node.range, [1, 2, 3]);
    });
  }

  it('holds values the package turns into JavaScript', () => {
    const map = new CompactMap();
    map.items.push(new Pair(new CompactScalar('a'), new CompactScalar(1)));
    const seq = new CompactSeq();
    seq.items.push(new CompactScalar('x'), map);
    assert.deepEqual(seq.toJSON(), ['x', { a: 1 }]);
  });

  it('are made without their constructors with the own properties the constructors give', () => {
    const own = (node: object): string[] => Object.keys(node).sort();
    assert.deepEqual(own(compactScalar(1)), own(new CompactScalar(1)));
    assert.deepEqual(own(compactMap()), own(new CompactMap()));
    assert.deepEqual(own(compactSeq()), own(new CompactSeq()));
    const key = compactScalar('a');
    const pair = compactPair(key, compactScalar(1));
    assert.ok(isPair(pair) && pair instanceof Pair && !isNode(pair));
    assert.deepEqual(own(pair), own(new Pair(key, null)));
    assert.equal(compactMap().schema, undefined);
    const copy = pair.clone();
    assert.ok(isPair(copy) && isScalar(copy.key) && copy.key !== key);
    const map = compactMap();
    map.items.push(pair);
    const seq = compactSeq();
    seq.items.push(compactScalar('x'), map);
    assert.deepEqual(seq.toJSON(), ['x', { a: 1 }]);
    assert.equal(map.get('a'), 1);
  });

  it('are what documents built from events are made of, with the ranges the text gives', () => {
    const text = 'groups:\n  - name: g\n    rules: []\n';
    const [document] = yamlDocumentsFromEvents(text)!;
    const root = document.contents;
    assert.ok(root instanceof CompactMap);
    const groups = root.get('groups', true);
    assert.ok(groups instanceof CompactSeq);
    const group = groups.items[0];
    assert.ok(group instanceof CompactMap);
    const name = group.get('name', true);
    assert.ok(name instanceof CompactScalar);
    assert.equal(text.slice(name.range![0], name.range![1]), 'g');
  });
});
