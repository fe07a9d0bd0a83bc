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
 * The best `limit` of `candidates` for `pattern`, best first. Keeps a bounded list while scanning,
 * so a long catalog costs one pass and no full sort.
 */
export function bestMatches<T>(pattern: string, candidates: Iterable<T>, nameOf: (c: T) => string, limit: number): { items: { item: T; score: number }[]; total: number } {
  const kept: { item: T; score: number }[] = [];
  let worst = -Infinity;
  let total = 0;
  for (const candidate of candidates) {
    const score = fuzzyScore(pattern, nameOf(candidate));
    if (score < 0) continue;
    total++;
    if (kept.length >= limit && score <= worst) continue;
    kept.push({ item: candidate, score });
    if (kept.length >= limit * 2) {
      kept.sort((a, b) => b.score - a.score);
      kept.length = limit;
      worst = kept[limit - 1].score;
    }
  }
  kept.sort((a, b) => b.score - a.score);
  if (kept.length > limit) kept.length = limit;
  return { items: kept, total };
}
