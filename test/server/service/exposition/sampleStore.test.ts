import * as assert from 'node:assert/strict';
import { SampleStore } from '../../../../server/src/service/exposition/sampleStore';
import { ExpositionFamily, parseExposition } from '../../../../server/src/service/exposition/expositionParser';

/*
 * The store grows its typed arrays by doubling: samples past its first capacity, label runs longer
 * than its label array, a first timestamp after many samples without, and families whose samples
 * interleave must all read back as they were stored.
 */

interface Stored {
  name: string;
  labels: string[];
  value: number;
  timestamp?: number;
}

function storeFamilies(samples: Stored[][], expected?: number): ExpositionFamily[] {
  const s = new SampleStore(expected);
  const families = samples.map((_, k) => new ExpositionFamily(`f${k}`, 'gauge', s));
  // Round-robin over the families, as interleaved lines would come.
  for (let i = 0; i < Math.max(...samples.map((list) => list.length)); i++) {
    samples.forEach((list, k) => {
      const sample = list[i];
      if (!sample) return;
      const ids = sample.labels.map((label) => s.add(label));
      families[k].addSample(s.push(s.add(sample.name), ids, ids.length, sample.value, sample.timestamp));
    });
  }
  return families;
}

const series = (count: number, make: (i: number) => Stored): Stored[] => Array.from({ length: count }, (_, i) => make(i));

const CASES: [title: string, samples: Stored[][]][] = [
  ['one sample, no labels', [[{ name: 'a', labels: [], value: 1 }]]],
  ['samples past the first capacity', [series(5000, (i) => ({ name: 'a', labels: ['x', `${i}`], value: i / 4 }))]],
  ['a label run longer than the label array', [series(3, (i) => ({ name: 'a', labels: Array.from({ length: 20_000 }, (_, k) => `${k}:${i}`), value: i }))]],
  ['the first timestamp after a thousand samples, then growth', [series(3000, (i) => ({ name: 'a', labels: [], value: i, ...(i >= 1500 && i % 2 === 0 ? { timestamp: i * 1000 } : {}) }))]],
  ['three interleaved families of different lengths', [
    series(1500, (i) => ({ name: 'a_bucket', labels: ['le', `${i}`], value: i })),
    series(10, (i) => ({ name: 'b', labels: [], value: -i, timestamp: i })),
    series(700, (i) => ({ name: 'c', labels: ['x', 'y', 'z', `${i % 3}`], value: NaN })),
  ]],
];

describe('sample store', () => {
  for (const [title, samples] of CASES) {
    it(title, () => {
      // Sized by default, and for fewer samples than come (the parser sizes it by the body's lines).
      for (const expected of [undefined, 1]) {
        const families = storeFamilies(samples, expected);
        families.forEach((family, k) => {
          assert.equal(family.sampleCount, samples[k].length);
          assert.deepEqual(family.samples, samples[k]);
        });
      }
    });
  }

  it('reads a body of many labels per sample (the label array grows past its first size)', () => {
    const labels = (i: number): string[] => Array.from({ length: 20 }, (_, k) => [`l${k}`, `${(i * 7 + k) % 13}`]).flat();
    const lines = Array.from({ length: 5000 }, (_, i) => `m{${labels(i).map((v, k) => (k % 2 === 0 ? `${v}=` : `"${v}"`)).join('').replace(/"l/g, '",l')}} ${i}`);
    const parsed = parseExposition(`${lines.join('\n')}\n`);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.families[0].samples, lines.map((_, i) => ({ name: 'm', labels: labels(i), value: i })));
  });

  it('reads values past the string table\'s limit (each then gets an id of its own)', () => {
    const count = 300_000;
    const lines = Array.from({ length: count }, (_, i) => `m{v="${i}"} 1`);
    const parsed = parseExposition(`${lines.join('\n')}\n`);
    assert.deepEqual(parsed.problems, []);
    const samples = parsed.families[0].samples;
    assert.equal(samples.length, count);
    samples.forEach((sample, i) => assert.equal(sample.labels[1], `${i}`));
    assert.ok(parsed.families[0].store.strings.length > count, 'every value has an id');
  });

  it('keeps each family\'s samples in order when the body interleaves them', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `m${i % 3}{i="${i}"} ${i}${i >= 2000 ? ` ${i}` : ''}`);
    const parsed = parseExposition(`${lines.join('\n')}\n`);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.families.map((f) => f.name), ['m0', 'm1', 'm2']);
    parsed.families.forEach((family, k) => {
      const expected = lines.map((_, i) => i).filter((i) => i % 3 === k).map((i) => ({ name: `m${k}`, labels: ['i', `${i}`], value: i, ...(i >= 2000 ? { timestamp: i } : {}) }));
      assert.deepEqual(family.samples, expected);
    });
  });
});
