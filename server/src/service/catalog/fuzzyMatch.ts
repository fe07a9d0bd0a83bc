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
 * The best `limit` of `candidates` for `pattern`, best first. A min-heap of the best so far keeps
 * one pass over a long catalog at O(n log limit), with no full sort.
 */
export function bestMatches<T>(
  pattern: string, candidates: Iterable<T>, nameOf: (c: T) => string, limit: number, masks?: Int32Array,
): { items: { item: T; score: number }[]; total: number } {
  const heap: { item: T; score: number }[] = [];
  let total = 0;
  const wanted = masks ? charMask(pattern) : 0;
  let index = -1;
  for (const candidate of candidates) {
    index++;
    // `masks[i]` is the character set of the i-th candidate: most names are ruled out by one AND.
    if (masks && (masks[index] & wanted) !== wanted) continue;
    const score = fuzzyScore(pattern, nameOf(candidate));
    if (score < 0) continue;
    total++;
    if (heap.length < limit) {
      heap.push({ item: candidate, score });
      siftUp(heap, heap.length - 1);
    } else if (score > heap[0].score) {
      heap[0] = { item: candidate, score };
      siftDown(heap, 0);
    }
  }
  heap.sort((a, b) => b.score - a.score);
  return { items: heap, total };
}

function siftUp(heap: { score: number }[], index: number): void {
  let i = index;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent].score <= heap[i].score) break;
    [heap[parent], heap[i]] = [heap[i], heap[parent]];
    i = parent;
  }
}

function siftDown(heap: { score: number }[], index: number): void {
  let i = index;
  for (;;) {
    const left = 2 * i + 1;
    const right = left + 1;
    let smallest = i;
    if (left < heap.length && heap[left].score < heap[smallest].score) smallest = left;
    if (right < heap.length && heap[right].score < heap[smallest].score) smallest = right;
    if (smallest === i) return;
    [heap[smallest], heap[i]] = [heap[i], heap[smallest]];
    i = smallest;
  }
}
