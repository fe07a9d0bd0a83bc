/*
 * Go's filepath.Match and the syntax check of filepath.Glob, which Prometheus' `rule_files` and
 * `scrape_config_files` follow: `*` (never across `/`), `?`, `[…]` classes with ranges and `^`
 * negation, `\` escapes; no `**`, and `[!…]` is no negation. It follows Go's algorithm, which
 * matches chunk by chunk and never backtracks across a star, so a match costs at most the product of
 * the two lengths: the regular expressions this replaces took minutes on `*a*a*a*a*a*a*a*b`
 * against a long name. It works on code points where Go works on UTF-8 bytes, which differs only
 * for invalid UTF-8.
 */

/** Go's ErrBadPattern. */
export const BAD_PATTERN_MESSAGE = 'syntax error in pattern';

const BAD = -2;
const FAILED = -1;

/** Whether `name` matches `pattern` as Go's filepath.Match says, or null for a pattern Go rejects. */
export function matchGoGlob(pattern: string, name: string): boolean | null {
  const p = Array.from(pattern);
  const n = Array.from(name);
  let pi = 0;
  let ni = 0;
  chunks: while (pi < p.length) {
    const { star, start, end } = scanChunk(p, pi);
    pi = end;
    if (star && start === end) return !n.slice(ni).includes('/'); // a trailing star takes the rest of the element
    const rest = matchChunk(p, start, end, n, ni);
    if (rest >= 0 && (rest === n.length || pi < p.length)) {
      ni = rest;
      continue;
    }
    if (rest === BAD) return null;
    if (star) {
      for (let i = ni; i < n.length && n[i] !== '/'; i++) {
        const after = matchChunk(p, start, end, n, i + 1);
        if (after >= 0) {
          if (pi === p.length && after < n.length) continue; // the last chunk must end the name
          ni = after;
          continue chunks;
        }
        if (after === BAD) return null;
      }
    }
    // No match: Go still reports a syntax error in the rest of the pattern.
    while (pi < p.length) {
      const chunk = scanChunk(p, pi);
      pi = chunk.end;
      if (matchChunk(p, chunk.start, chunk.end, n, n.length) === BAD) return null;
    }
    return false;
  }
  return ni === n.length;
}

/** Go's message when filepath.Glob rejects the pattern (it tries it against the empty name first), else null. */
export function goGlobSyntaxError(pattern: string): string | null {
  return matchGoGlob(pattern, '') === null ? BAD_PATTERN_MESSAGE : null;
}

/** Whether a pattern has wildcards; without any, Glob looks the path up as it is. */
export function hasGlobMeta(pattern: string): boolean {
  return /[*?[\\]/.test(pattern);
}

/** Leading stars, then the chunk up to the next star outside a class. */
function scanChunk(p: readonly string[], from: number): { star: boolean; start: number; end: number } {
  let i = from;
  let star = false;
  while (i < p.length && p[i] === '*') {
    i++;
    star = true;
  }
  const start = i;
  let inRange = false;
  for (; i < p.length; i++) {
    const ch = p[i];
    if (ch === '\\') {
      if (i + 1 < p.length) i++;
    } else if (ch === '[') inRange = true;
    else if (ch === ']') inRange = false;
    else if (ch === '*' && !inRange) break;
  }
  return { star, start, end: i };
}

/**
 * Matches the chunk p[start, end) at the start of n[from…]: the index after the match, FAILED, or
 * BAD for a malformed chunk (checked to its end even once the match has failed, as Go does).
 */
function matchChunk(p: readonly string[], start: number, end: number, n: readonly string[], from: number): number {
  let failed = false;
  let si = from;
  let ci = start;
  while (ci < end) {
    if (!failed && si >= n.length) failed = true;
    const ch = p[ci];
    if (ch === '[') {
      const r = failed ? -1 : n[si++].codePointAt(0)!;
      ci++;
      let negated = false;
      if (ci < end && p[ci] === '^') {
        negated = true;
        ci++;
      }
      let match = false;
      let ranges = 0;
      for (;;) {
        if (ci < end && p[ci] === ']' && ranges > 0) {
          ci++;
          break;
        }
        const lo = classChar(p, ci, end);
        if (lo === null) return BAD;
        ci = lo.next;
        let hi = lo.code;
        if (p[ci] === '-') {
          const upper = classChar(p, ci + 1, end);
          if (upper === null) return BAD;
          ci = upper.next;
          hi = upper.code;
        }
        if (lo.code <= r && r <= hi) match = true;
        ranges++;
      }
      if (match === negated) failed = true;
    } else if (ch === '?') {
      if (!failed) {
        if (n[si] === '/') failed = true;
        si++;
      }
      ci++;
    } else {
      if (ch === '\\') {
        ci++;
        if (ci >= end) return BAD;
      }
      if (!failed) {
        if (p[ci] !== n[si]) failed = true;
        si++;
      }
      ci++;
    }
  }
  return failed ? FAILED : si;
}

/** One character of a class (Go's getEsc): null where Go says the pattern is malformed. */
function classChar(p: readonly string[], at: number, end: number): { code: number; next: number } | null {
  let i = at;
  if (i >= end || p[i] === '-' || p[i] === ']') return null;
  if (p[i] === '\\') {
    i++;
    if (i >= end) return null;
  }
  const code = p[i].codePointAt(0)!;
  i++;
  return i >= end ? null : { code, next: i };
}
