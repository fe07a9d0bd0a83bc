/*
 * Label-matcher and relabelling regular expressions are RE2 (Go's regexp), which Prometheus 3.x
 * anchors as `^(?s:…)$`. Every evaluation of a user's regex goes through here, on re2js (a port of
 * Go's regexp): it accepts and rejects what Go does, in Go's words, and matches in time linear in the
 * input, where JavaScript's backtracking engine stalls for minutes on `(a+)+` against `aaa…!`.
 */
import { RE2JS, RE2JSSyntaxException } from 're2js';

export interface RegexCheck {
  /** Go's error (`error parsing regexp: …`), or null when the pattern is valid RE2. */
  readonly error: string | null;
  /** The pattern anchored as Prometheus anchors it, when valid. */
  readonly compiled: RE2JS | null;
}

/**
 * Patterns kept compiled, the parser meets the same few again on every keystroke: at most this many,
 * and this many characters in all (a compiled program grows with its pattern).
 */
const CACHE_SIZE = 1000;
const CACHE_CHARACTERS = 1_000_000;
const cache = new Map<string, RegexCheck>();
let cachedCharacters = 0;

export function checkRegex(pattern: string): RegexCheck {
  let result = cache.get(pattern);
  if (!result) {
    result = compile(pattern);
    if (cache.size >= CACHE_SIZE || cachedCharacters + pattern.length > CACHE_CHARACTERS) {
      cache.clear();
      cachedCharacters = 0;
    }
    cache.set(pattern, result);
    cachedCharacters += pattern.length;
  }
  return result;
}

/** Whether the anchored regex matches the empty string; undefined when the pattern is invalid. */
export function matchesEmpty(pattern: string): boolean | undefined {
  return regexMatches(pattern, '');
}

/** Whether the anchored regex matches the whole of `value`, in linear time; undefined when the pattern is invalid. */
export function regexMatches(pattern: string, value: string): boolean | undefined {
  const { compiled } = checkRegex(pattern);
  return compiled ? compiled.matches(value) : undefined;
}

function compile(pattern: string): RegexCheck {
  try {
    return { error: null, compiled: RE2JS.compile(`^(?s:${pattern})$`) };
  } catch (error) {
    if (error instanceof RE2JSSyntaxException) return { error: error.message, compiled: null };
    // Anything else is re2js failing, not the pattern: say so rather than call valid RE2 invalid.
    return { error: null, compiled: null };
  }
}
