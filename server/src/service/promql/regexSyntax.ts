/*
 * Label-matcher and relabelling regular expressions are RE2 (Go's regexp), which Prometheus 3.x
 * anchors as `^(?s:…)$`. Every evaluation of a user's regex goes through here, on re2js (a port of
 * Go's regexp): it accepts and rejects what Go does, in Go's words, and matches in time linear in the
 * input, where JavaScript's backtracking engine stalls for minutes on `(a+)+` against `aaa…!`.
 * Compiling and matching also cost in proportion to the program, which repeat counts multiply: both
 * are bounded, and past the bounds a match is left unjudged.
 */
import { RE2JS, RE2JSSyntaxException, RE2Set } from 're2js';
import { regexProgramSizeBound } from './regexProgramSize';

export interface RegexCheck {
  /** Go's error (`error parsing regexp: …`), or null when the pattern is valid RE2. */
  readonly error: string | null;
}

interface Entry extends RegexCheck {
  /** The compiled pattern once a match needed it; null when it is too large to judge here. */
  program?: RE2JS | null;
  /** An upper bound of the program's size (regexProgramSize.ts). */
  readonly size: number;
}

/**
 * Programs larger than this are not compiled: their matches are left unjudged. Compiling costs
 * about 10 µs per instruction in re2js (a million instructions, a 7 KB pattern, took 10 s), where
 * real label regexes compile to tens.
 */
const MAX_PROGRAM_SIZE = 20_000;
/**
 * The most one match may cost, as program size times input length: RE2 is linear in the input, but
 * `(.*a){1000}` against 8,000 characters still took seconds. A bound of a fraction of a second.
 */
const MAX_MATCH_WORK = 2_000_000;

/**
 * Patterns kept checked, the parser meets the same few again on every keystroke: at most this many,
 * and this many characters in all (a compiled program grows with its pattern).
 */
const CACHE_SIZE = 1000;
const CACHE_CHARACTERS = 1_000_000;
const cache = new Map<string, Entry>();
let cachedCharacters = 0;

/** Whether Prometheus accepts the pattern, read by RE2's own parser (without compiling a program). */
export function checkRegex(pattern: string): RegexCheck {
  return entryOf(pattern);
}

/** Whether the anchored regex matches the empty string; undefined when the pattern is invalid or too large to judge. */
export function matchesEmpty(pattern: string): boolean | undefined {
  return regexMatches(pattern, '');
}

/**
 * Whether the anchored regex matches the whole of `value`, in time linear in it; undefined when the
 * pattern is invalid, or the program or the match would cost more than the bounds above.
 */
export function regexMatches(pattern: string, value: string): boolean | undefined {
  const entry = entryOf(pattern);
  if (entry.error !== null || entry.size > MAX_PROGRAM_SIZE || entry.size * Math.max(1, value.length) > MAX_MATCH_WORK) return undefined;
  if (entry.program === undefined) entry.program = compile(pattern);
  return entry.program ? entry.program.matches(value) : undefined;
}

function entryOf(pattern: string): Entry {
  let entry = cache.get(pattern);
  if (!entry) {
    entry = { error: parseError(pattern), size: regexProgramSizeBound(pattern) };
    if (cache.size >= CACHE_SIZE || cachedCharacters + pattern.length > CACHE_CHARACTERS) {
      cache.clear();
      cachedCharacters = 0;
    }
    cache.set(pattern, entry);
    cachedCharacters += pattern.length;
  }
  return entry;
}

/** RE2's parser alone (an RE2Set parses what it is given and compiles later, if asked). */
function parseError(pattern: string): string | null {
  try {
    new RE2Set().add(anchored(pattern));
    return null;
  } catch (error) {
    if (error instanceof RE2JSSyntaxException) return error.message;
    // Anything else is re2js failing, not the pattern: say nothing rather than call valid RE2 invalid.
    return null;
  }
}

function compile(pattern: string): RE2JS | null {
  try {
    return RE2JS.compile(anchored(pattern));
  } catch {
    return null;
  }
}

/** As Prometheus 3.x anchors a label matcher's or a relabelling's regex. */
function anchored(pattern: string): string {
  return `^(?s:${pattern})$`;
}
