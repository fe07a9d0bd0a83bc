import { charMask, fuzzyScore, heapInOrder, offerToHeap, type NameMatches } from './fuzzyMatch';

/*
 * The catalog's metric names packed for completion's scan: lowercased, one byte per character, one
 * name after another in one buffer, with each name's length and character set.
 *
 * Why: the names themselves are strings allocated one by one as sources are read, scattered over a
 * heap of 150 MB with the metrics' HELP texts and label values. A fuzzy scan of 100,000 names that
 * reads 15,000 of them (those whose character set passes) spent about a third of its time fetching
 * them from memory; the buffer is read in order instead. It lives outside the JavaScript heap
 * (typed arrays): 5 bytes per name and one per character, 27 for the bench's names of 22
 * characters (docs/benchmarks.md, completion). Lengths rather than starts (4 bytes a name): the
 * scan reads the names in order and adds them up.
 *
 * `packedScore` is fuzzyMatch.ts's `fuzzyScore` on a packed name: the same rules, the same
 * numbers (test/server/service/catalog/packedNames.test.ts compares them name by name).
 */

/**
 * Set in a name's mask when the name has a character above U+00FF or is longer than a byte can
 * count: it is not in the buffer and is scored from its string.
 */
const UNPACKED = 1 << 30;

/** The longest name the buffer holds: its length is one byte. */
const MAX_PACKED_LENGTH = 255;

export interface PackedNames {
  /** Every name's characters, lowercased (A–Z only, as fuzzyScore compares), one byte each. */
  readonly chars: Uint8Array;
  /** Each name's length in `chars` (0 for a name kept out of the buffer): name i starts after the names before it. */
  readonly lengths: Uint8Array;
  /** Each name's character set (charMask), with UNPACKED set for a name kept out of the buffer. */
  readonly masks: Int32Array;
}

export function packNames(names: readonly string[]): PackedNames {
  const count = names.length;
  const masks = new Int32Array(count);
  const lengths = new Uint8Array(count);
  let length = 0;
  for (let i = 0; i < count; i++) {
    const name = names[i];
    const packed = name.length <= MAX_PACKED_LENGTH && fitsBytes(name);
    masks[i] = charMask(name) | (packed ? 0 : UNPACKED);
    if (packed) {
      lengths[i] = name.length;
      length += name.length;
    }
  }
  const chars = new Uint8Array(length);
  let start = 0;
  for (let i = 0; i < count; i++) {
    const name = names[i];
    for (let k = 0; k < lengths[i]; k++) chars[start + k] = lower(name.charCodeAt(k));
    start += lengths[i];
  }
  return { chars, lengths, masks };
}

function fitsBytes(name: string): boolean {
  for (let k = 0; k < name.length; k++) if (name.charCodeAt(k) > 0xff) return false;
  return true;
}

/**
 * bestNameMatches over packed names: the best `limit` for `pattern`, as positions, best first, with
 * equal scores in the same order. `nameAt(i)` is asked only for a name kept out of the buffer.
 */
export function bestPackedMatches(pattern: string, packed: PackedNames, nameAt: (index: number) => string, limit: number): NameMatches {
  const { chars, lengths, masks } = packed;
  const count = masks.length;
  const heapIndex = new Int32Array(Math.max(0, limit));
  const heapScore = new Float64Array(Math.max(0, limit));
  if (pattern === '') {
    // Every name scores 0: the heap would keep the first `limit` in their order.
    const size = Math.max(0, Math.min(limit, count));
    for (let k = 0; k < size; k++) heapIndex[k] = k;
    return heapInOrder(heapIndex, heapScore, size, count);
  }
  let size = 0;
  let total = 0;
  const wanted = charMask(pattern);
  let end = 0;
  for (let i = 0; i < count; i++) {
    const start = end;
    end += lengths[i];
    const mask = masks[i];
    if ((mask & wanted) !== wanted) continue;
    const score = (mask & UNPACKED) === 0 ? packedScore(pattern, chars, start, end) : fuzzyScore(pattern, nameAt(i));
    if (score < 0) continue;
    total++;
    size = offerToHeap(heapIndex, heapScore, size, limit, i, score);
  }
  return heapInOrder(heapIndex, heapScore, size, total);
}

/** fuzzyScore of the name at chars[start, end). */
export function packedScore(pattern: string, chars: Uint8Array, start: number, end: number): number {
  const n = pattern.length;
  if (n === 0) return 0;
  const m = end - start;
  if (n > m) return -1;
  let score = 0;
  let run = 0;
  let j = start;
  // Every character matched where the name's same position is: the name starts with the pattern.
  let prefix = true;
  for (let i = 0; i < n; i++) {
    const want = lower(pattern.charCodeAt(i));
    let found = false;
    while (j < end) {
      if (chars[j] === want) {
        found = true;
        const boundary = j === start || isSeparator(chars[j - 1]);
        run++;
        const inPlace = j - start === i;
        if (!inPlace) prefix = false;
        score += 1 + (boundary ? 8 : 0) + (run > 1 ? 4 : 0) + (inPlace ? 2 : 0);
        j++;
        break;
      }
      run = 0;
      j++;
    }
    if (!found) return -1;
  }
  if (prefix) score += 100;
  return score * 1000 - m;
}

function lower(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

function isSeparator(code: number): boolean {
  return code === 95 /* _ */ || code === 58 /* : */ || code === 46 /* . */;
}
