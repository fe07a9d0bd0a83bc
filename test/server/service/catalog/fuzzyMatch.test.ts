import * as assert from 'node:assert/strict';
import { heapInOrder, siftUp } from '../../../../server/src/service/catalog/fuzzyMatch';

/*
 * heapInOrder sorts a heap of matches as one number per slot: it must give the order of a stable
 * sort of the slots by score, best first (equal scores in slot order), which completion's answers
 * depend on, for heaps full of ties and for scores too large to share a number with their slot.
 */

/** A heap filled as bestNameMatches fills it, from scores in this order. */
function heapOf(scores: readonly number[]): { index: Int32Array; score: Float64Array } {
  const index = new Int32Array(scores.length);
  const score = new Float64Array(scores.length);
  scores.forEach((s, i) => {
    index[i] = i * 3;
    score[i] = s;
    siftUp(index, score, i);
  });
  return { index, score };
}

function stableOrder(index: Int32Array, score: Float64Array): { indices: number[]; scores: number[] } {
  const slots = Array.from(score, (_, k) => k).sort((a, b) => score[b] - score[a]);
  return { indices: slots.map((k) => index[k]), scores: slots.map((k) => score[k]) };
}

describe('fuzzy match heap order', () => {
  const cases: [string, number[]][] = [
    ['empty', []],
    ['one', [5]],
    ['all equal', Array.from({ length: 1000 }, () => 0)],
    ['few distinct', Array.from({ length: 1000 }, (_, i) => 100_000 - (i * 7919) % 5)],
    ['prefix matches by length', Array.from({ length: 1000 }, (_, i) => 139_000 - 20 - (i * 31) % 40)],
    ['too large for one number with the slot', [2 ** 52, 2 ** 52, 1, 2 ** 51, 1]],
  ];
  for (const [name, scores] of cases) {
    it(name, () => {
      const { index, score } = heapOf(scores);
      assert.deepEqual(heapInOrder(index, score, scores.length, 77), { ...stableOrder(index, score), total: 77 });
    });
  }
});
