/*
 * Scores a candidate name against what the user typed: the typed characters must appear in order
 * (case-insensitive); matches at the start, after `_` or `:`, and in runs score higher.
 *
 * Written here rather than taken from a fuzzy-search package: those prepare an object per target
 * (fuzzysort keeps a cache of them), which would cost more than the whole catalog's budget per
 * metric (about 300 bytes), and completion must scan 100,000 names in a few milliseconds. This scan
 * allocates nothing.
 */

/** Higher is better; -1 when the characters do not all appear in order. */
export function fuzzyScore(pattern: string, candidate: string): number {
  const n = pattern.length;
  if (n === 0) return 0;
  const m = candidate.length;
  if (n > m) return -1;
  let score = 0;
  let run = 0;
  let j = 0;
  for (let i = 0; i < n; i++) {
    const want = lower(pattern.charCodeAt(i));
    let found = false;
    while (j < m) {
      const got = lower(candidate.charCodeAt(j));
      if (got === want) {
        found = true;
        const boundary = j === 0 || isSeparator(candidate.charCodeAt(j - 1));
        run++;
        score += 1 + (boundary ? 8 : 0) + (run > 1 ? 4 : 0) + (j === i ? 2 : 0);
        j++;
        break;
      }
      run = 0;
      j++;
    }
    if (!found) return -1;
  }
  // Prefer shorter names when the match is equally good; an exact prefix beats everything else.
  if (candidate.length >= n && startsWithIgnoringCase(candidate, pattern)) score += 100;
  return score * 1000 - m;
}

/**
 * The set of characters in a name, as bits (letters case-insensitively, digits, `_`, `:`, others):
 * a name whose set lacks one of the pattern's characters cannot match, and one AND says so.
 */
export function charMask(s: string): number {
  let mask = 0;
  for (let i = 0; i < s.length; i++) mask |= charBit(s.charCodeAt(i));
  return mask;
}

function charBit(code: number): number {
  const c = lower(code);
  if (c >= 97 && c <= 122) return 1 << (c - 97);
  if (c >= 48 && c <= 57) return 1 << 26;
  if (c === 95) return 1 << 27;
  if (c === 58) return 1 << 28;
  return 1 << 29;
}

function lower(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

function isSeparator(code: number): boolean {
  return code === 95 /* _ */ || code === 58 /* : */ || code === 46 /* . */;
}

function startsWithIgnoringCase(candidate: string, prefix: string): boolean {
  for (let i = 0; i < prefix.length; i++) if (lower(candidate.charCodeAt(i)) !== lower(prefix.charCodeAt(i))) return false;
  return true;
}

/**
 * The best `limit` of `candidates` for `pattern`, best first: a list built per question (label
 * names, label values, functions), scored through its names by `bestNameMatches`.
 */
export function bestMatches<T>(
  pattern: string, candidates: readonly T[], nameOf: (c: T) => string, limit: number,
): { items: { item: T; score: number }[]; total: number } {
  return pickMatches(bestNameMatches(pattern, candidates.map(nameOf), undefined, limit), (index) => candidates[index]);
}

/** NameMatches as the items at their positions (`itemAt`), best first, with their scores. */
export function pickMatches<T>(found: NameMatches, itemAt: (index: number) => T): { items: { item: T; score: number }[]; total: number } {
  return { items: found.indices.map((index, rank) => ({ item: itemAt(index), score: found.scores[rank] })), total: found.total };
}

/** The positions in a list of names that match best, best first, with their scores, and how many names matched. */
export interface NameMatches {
  readonly indices: number[];
  readonly scores: number[];
  readonly total: number;
}

/**
 * The best `limit` of `names` for `pattern`, as positions in `names`, best first (equal scores in
 * the order a min-heap of the best so far leaves them). One pass over a long catalog at
 * O(n log limit), with no full sort. `masks[i]`, when given, is the character set of `names[i]`
 * (charMask): most names are ruled out by one AND.
 *
 * Every list of strings is scored through this one loop over a plain array, with the heap in typed
 * arrays: the loop reads each name directly (no callback, no iterator), so the JIT keeps one shape
 * for it and inlines fuzzyScore whoever asks. A generic loop fed arrays by some callers and typed
 * arrays with a name callback by others stopped inlining fuzzyScore, and completion over the
 * catalog's 100,000 names took 1.1–1.9× the CPU time (docs/benchmarks.md, completion). The
 * catalog's own names have their own loop over bytes (packedNames.ts).
 */
export function bestNameMatches(pattern: string, names: readonly string[], masks: Int32Array | undefined, limit: number): NameMatches {
  const heapIndex = new Int32Array(Math.max(0, limit));
  const heapScore = new Float64Array(Math.max(0, limit));
  let size = 0;
  let total = 0;
  const wanted = masks ? charMask(pattern) : 0;
  const count = names.length;
  for (let i = 0; i < count; i++) {
    if (masks !== undefined && (masks[i] & wanted) !== wanted) continue;
    const score = fuzzyScore(pattern, names[i]);
    if (score < 0) continue;
    total++;
    size = offerToHeap(heapIndex, heapScore, size, limit, i, score);
  }
  return heapInOrder(heapIndex, heapScore, size, total);
}

/**
 * The heap's matches best first, equal scores in the order of their slots in the heap. Scores are
 * whole numbers, so each slot becomes one number, -score × size + slot, and the typed array's own
 * numeric sort orders them: less than half the time of sorting 1,000 slots with a comparator.
 */
export function heapInOrder(heapIndex: Int32Array, heapScore: Float64Array, size: number, total: number): NameMatches {
  const keys = new Float64Array(size);
  let exact = true;
  for (let k = 0; k < size; k++) {
    keys[k] = -heapScore[k] * size + k;
    if (!Number.isSafeInteger(keys[k])) exact = false;
  }
  const indices: number[] = [];
  const scores: number[] = [];
  if (exact) {
    keys.sort();
    for (let r = 0; r < size; r++) {
      const slot = ((keys[r] % size) + size) % size;
      indices.push(heapIndex[slot]);
      scores.push(heapScore[slot]);
    }
  } else {
    // A score too large for one number with its slot (never from fuzzyScore): a stable sort of the slots.
    const slots: number[] = [];
    for (let k = 0; k < size; k++) slots.push(k);
    slots.sort((a, b) => heapScore[b] - heapScore[a]);
    for (const slot of slots) {
      indices.push(heapIndex[slot]);
      scores.push(heapScore[slot]);
    }
  }
  return { indices, scores, total };
}

function swap(heapIndex: Int32Array, heapScore: Float64Array, a: number, b: number): void {
  const index = heapIndex[a];
  heapIndex[a] = heapIndex[b];
  heapIndex[b] = index;
  const score = heapScore[a];
  heapScore[a] = heapScore[b];
  heapScore[b] = score;
}

/**
 * Offers name `index` with `score` to a min-heap of the best `limit` (`size` of them so far): it
 * goes in while the heap is not full, or in place of the worst when better. Returns the new size.
 */
export function offerToHeap(heapIndex: Int32Array, heapScore: Float64Array, size: number, limit: number, index: number, score: number): number {
  if (size < limit) {
    heapIndex[size] = index;
    heapScore[size] = score;
    siftUp(heapIndex, heapScore, size);
    return size + 1;
  }
  if (size > 0 && score > heapScore[0]) {
    heapIndex[0] = index;
    heapScore[0] = score;
    siftDown(heapIndex, heapScore, size, 0);
  }
  return size;
}

export function siftUp(heapIndex: Int32Array, heapScore: Float64Array, index: number): void {
  let i = index;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heapScore[parent] <= heapScore[i]) break;
    swap(heapIndex, heapScore, parent, i);
    i = parent;
  }
}

export function siftDown(heapIndex: Int32Array, heapScore: Float64Array, size: number, index: number): void {
  let i = index;
  for (;;) {
    const left = 2 * i + 1;
    const right = left + 1;
    let smallest = i;
    if (left < size && heapScore[left] < heapScore[smallest]) smallest = left;
    if (right < size && heapScore[right] < heapScore[smallest]) smallest = right;
    if (smallest === i) return;
    swap(heapIndex, heapScore, smallest, i);
    i = smallest;
  }
}
