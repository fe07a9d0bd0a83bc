/*
 * PromQL string literals: double- or single-quoted with Go's escapes, or raw between backticks.
 * Written by hand because the escape rules are Go's (octal, \x, \u, \U, no \' inside "…"), which no
 * JavaScript library reproduces exactly.
 */

export interface StringProblem {
  /** Offset of the problem inside the literal's text (quotes included). */
  readonly offset: number;
  readonly length: number;
  readonly message: string;
}

export interface UnquotedString {
  readonly value: string;
  readonly problems: StringProblem[];
  /** Byte escapes that are not UTF-8 were replaced by U+FFFD: the value cannot be written back exactly. */
  readonly lossy?: true;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\',
};

/** What may be an invalid rune (isInvalidRune): U+FFFD or a surrogate. */
const SPECIAL_CHARACTER = /[\ufffd\ud800-\udfff]/;

/** Unquotes a literal as written (quotes included); a missing closing quote is tolerated. */
export function unquoteString(text: string): UnquotedString {
  const quote = text[0];
  const closed = text.length >= 2 && text[text.length - 1] === quote && !(quote !== '`' && isEscaped(text, text.length - 1));
  const bodyEnd = closed ? text.length - 1 : text.length;
  const problems: StringProblem[] = [];
  // Most literals hold neither escapes nor what may be an invalid rune: their value is their body.
  // One native search instead of a loop per character, which a cold check runs in V8's interpreter.
  if (!SPECIAL_CHARACTER.test(text.slice(1, bodyEnd)) && (quote === '`' || !text.includes('\\', 1))) {
    return { value: text.slice(1, bodyEnd), problems };
  }
  if (quote === '`') {
    const body = text.slice(1, bodyEnd);
    for (let i = 0; i < body.length; i++) if (isInvalidRune(body, i)) problems.push({ offset: i + 1, length: 1, message: 'invalid UTF-8 rune' });
    return { value: body, problems };
  }

  let value = '';
  let i = 1;
  const bytes: number[] = [];
  let lossy = false;
  const flushBytes = (): void => {
    if (bytes.length === 0) return;
    // Bytes that are not UTF-8 become U+FFFD, which the name checks reject as Prometheus does.
    const decoded = new TextDecoder('utf-8', { fatal: false }).decode(Uint8Array.from(bytes));
    if (decoded.includes('\ufffd')) lossy = true;
    value += decoded;
    bytes.length = 0;
  };
  while (i < bodyEnd) {
    const ch = text[i];
    if (ch !== '\\') {
      if (isInvalidRune(text, i)) problems.push({ offset: i, length: 1, message: 'invalid UTF-8 rune' });
      value += ch;
      i++;
      continue;
    }
    const start = i;
    const kind = text[i + 1];
    if (kind === undefined || i + 1 >= bodyEnd) {
      problems.push({ offset: start, length: 1, message: 'escape sequence not terminated' });
      break;
    }
    if (kind in SIMPLE_ESCAPES || kind === quote) {
      value += SIMPLE_ESCAPES[kind] ?? kind;
      i += 2;
      continue;
    }
    let digits: number;
    let base: number;
    let max: number;
    let first = i + 1;
    if (kind >= '0' && kind <= '7') {
      [digits, base, max] = [3, 8, 255];
    } else if (kind === 'x') {
      [digits, base, max, first] = [2, 16, 255, i + 2];
    } else if (kind === 'u') {
      [digits, base, max, first] = [4, 16, 0x10ffff, i + 2];
    } else if (kind === 'U') {
      [digits, base, max, first] = [8, 16, 0x10ffff, i + 2];
    } else {
      problems.push({ offset: start, length: 2, message: `unknown escape sequence ${codePointName(kind)}` });
      i += 2;
      continue;
    }
    let code = 0;
    let j = first;
    let bad = false;
    for (; j < first + digits; j++) {
      const d = j < bodyEnd ? parseInt(text[j], base) : NaN;
      if (Number.isNaN(d)) {
        // Cut short by the end of the literal: the problem ends there too (an unclosed literal ends the input).
        if (j >= bodyEnd) problems.push({ offset: start, length: bodyEnd - start, message: 'escape sequence not terminated' });
        else problems.push({ offset: start, length: Math.max(2, j - start + 1), message: `illegal character ${codePointName(text[j])} in escape sequence` });
        bad = true;
        break;
      }
      code = code * base + d;
    }
    if (bad) {
      i = Math.max(j, start + 2);
      continue;
    }
    if (code > max || (code >= 0xd800 && code < 0xe000)) {
      problems.push({ offset: start, length: j - start, message: 'escape sequence is an invalid Unicode code point' });
    } else if (kind === 'x' || (kind >= '0' && kind <= '7')) {
      // \x and octal escapes are bytes, as in Go: consecutive ones form UTF-8 sequences (\xc3\xa9 is é).
      bytes.push(code);
      i = j;
      if (text[i] !== '\\' || !/[0-7x]/.test(text[i + 1] ?? '')) flushBytes();
      continue;
    } else {
      value += String.fromCodePoint(code);
    }
    i = j;
  }
  flushBytes();
  return lossy ? { value, problems, lossy } : { value, problems };
}

/** Go's %#U: `U+0063 'c'`. */
function codePointName(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} '${ch}'`;
}

/**
 * A lone surrogate cannot be encoded as UTF-8; U+FFFD is what a decoder leaves where a file held
 * invalid UTF-8, so Prometheus (reading the raw bytes) would reject the string there.
 */
function isInvalidRune(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code === 0xfffd) return true;
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    return !(next >= 0xdc00 && next <= 0xdfff);
  }
  if (code >= 0xdc00 && code <= 0xdfff) {
    const prev = text.charCodeAt(i - 1);
    return !(prev >= 0xd800 && prev <= 0xdbff);
  }
  return false;
}

function isEscaped(text: string, index: number): boolean {
  let backslashes = 0;
  for (let i = index - 1; i > 0 && text[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

/** Quotes a value as a double-quoted PromQL string, escaping what must be escaped. */
export function quoteString(value: string): string {
  let out = '"';
  for (const ch of value) {
    switch (ch) {
      case '"': out += '\\"'; break;
      case '\\': out += '\\\\'; break;
      case '\n': out += '\\n'; break;
      case '\r': out += '\\r'; break;
      case '\t': out += '\\t'; break;
      default: {
        const code = ch.codePointAt(0)!;
        out += code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : ch;
      }
    }
  }
  return out + '"';
}
