import type { IToken, TokenType } from 'chevrotain';
import type { TextRange } from './syntaxTree';
import * as T from './tokens';

/*
 * The PromQL lexer, written by hand: a switch on the first character in each of the three modes of
 * tokens.ts (statements, `{…}`, `[…]`), the same regular expressions for strings and numbers run
 * sticky, and the tokens chevrotain's parser reads (offset-only `IToken`s: image, startOffset,
 * tokenTypeIdx, tokenType), keywords resolved as they are made.
 *
 * Why not chevrotain's lexer (kept for the parser): `check` runs cold in a fresh process. Over the
 * 1,260 expressions (142 KB, 28,800 tokens) of the ordinary repository of bench/check.bench.ts, in
 * a fresh process with the command's V8 flags, eight runs each in turns (2026-12-07, load average
 * 12): chevrotain's lexer took 9.5–14.8 ms to build (it analyses every mode's patterns) and 40–66 ms
 * to lex them (median 48), with an object per match and a second pass to retype words into
 * keywords; this one builds in 1.1–1.7 ms and lexes them in 25–37 ms (median 30). It must lex
 * exactly as chevrotain's lexer over LEXER_DEFINITION did (the same tokens, comments and problems,
 * including its recovery: drop characters until one starts a token of the mode): lexer.test.ts
 * checks that on generated expressions and on the corpus' against chevrotain's lexer built from the
 * definition.
 */

export interface LexProblem {
  readonly range: TextRange;
  readonly message: string;
}

export interface LexResult {
  readonly tokens: IToken[];
  readonly comments: IToken[];
  readonly problems: LexProblem[];
}

const STATEMENTS = 0;
const BRACES = 1;
const BRACKETS = 2;
type Mode = typeof STATEMENTS | typeof BRACES | typeof BRACKETS;

/** A token definition's regular expression, sticky, to match at an offset. */
function sticky(type: TokenType): RegExp {
  return new RegExp((type.PATTERN as RegExp).source, 'y');
}

const DURATION = sticky(T.Duration);
const NUMBER = sticky(T.Number);
const BAD_NUMBER = sticky(T.BadNumber);
const STRING = sticky(T.String);
const UNTERMINATED_STRING = sticky(T.UnterminatedString);
const WORD_REST = /[a-zA-Z0-9_]*/y;
const IDENTIFIER_REST = /[a-zA-Z0-9_:]*/y;
const COMMENT = /#[^\r\n]*/y;

const LONGEST_KEYWORD = Math.max(...[...T.KEYWORDS.keys()].map((k) => k.length));

/** What `scan` matched: its type, or null for white space (skipped). */
let scannedType: TokenType | null = null;

/** The end of the token at `offset` in `mode` (its type in `scannedType`), or -1 when none starts there. */
function scan(text: string, offset: number, mode: Mode): number {
  const c = text.charCodeAt(offset);
  const next = text.charCodeAt(offset + 1);
  switch (c) {
    case 32: case 9: case 13: case 10: { // white space, every mode
      let end = offset + 1;
      for (let ch = text.charCodeAt(end); ch === 32 || ch === 9 || ch === 13 || ch === 10; ch = text.charCodeAt(++end));
      scannedType = null;
      return end;
    }
    case 35: // #
      if (mode === BRACKETS) return -1;
      scannedType = T.Comment;
      return endOf(COMMENT, text, offset);
    case 34: case 39: case 96: // " ' `
      if (mode === BRACKETS) return -1;
      STRING.lastIndex = offset;
      if (STRING.test(text)) {
        scannedType = T.String;
        return STRING.lastIndex;
      }
      scannedType = T.UnterminatedString;
      return endOf(UNTERMINATED_STRING, text, offset);
    case 40: // (
      if (mode === BRACES) return -1;
      scannedType = T.LParen;
      return offset + 1;
    case 41: // )
      if (mode === BRACES) return -1;
      scannedType = T.RParen;
      return offset + 1;
    case 44: // ,
      scannedType = T.Comma;
      return offset + 1;
    case 123: // {
      if (mode === BRACKETS) return -1;
      scannedType = mode === STATEMENTS ? T.LBrace : T.NestedLBrace;
      return offset + 1;
    case 125: // }
      if (mode === BRACKETS) return -1;
      scannedType = mode === STATEMENTS ? T.StrayRBrace : T.RBrace;
      return offset + 1;
    case 91: // [
      if (mode === BRACES) return -1;
      scannedType = mode === STATEMENTS ? T.LBracket : T.NestedLBracket;
      return offset + 1;
    case 93: // ]
      if (mode === BRACES) return -1;
      scannedType = mode === STATEMENTS ? T.StrayRBracket : T.RBracket;
      return offset + 1;
    case 64: // @
      if (mode !== STATEMENTS) return -1;
      scannedType = T.At;
      return offset + 1;
    case 61: // =
      if (mode === BRACKETS) return -1;
      if (next === 61 && mode === STATEMENTS) { scannedType = T.EqlC; return offset + 2; }
      if (next === 126) { scannedType = T.EqlRegex; return offset + 2; }
      scannedType = T.Eql;
      return offset + 1;
    case 33: // !
      if (mode === BRACKETS) return -1;
      if (next === 61) { scannedType = T.Neq; return offset + 2; }
      if (next === 126) { scannedType = T.NeqRegex; return offset + 2; }
      return -1;
    case 60: // <
      if (mode !== STATEMENTS) return -1;
      if (next === 61) { scannedType = T.Lte; return offset + 2; }
      if (next === 47) { scannedType = T.TrimUpper; return offset + 2; }
      scannedType = T.Lss;
      return offset + 1;
    case 62: // >
      if (mode !== STATEMENTS) return -1;
      if (next === 61) { scannedType = T.Gte; return offset + 2; }
      if (next === 47) { scannedType = T.TrimLower; return offset + 2; }
      scannedType = T.Gtr;
      return offset + 1;
    case 43: case 45: case 42: case 47: case 37: case 94: // + - * / % ^
      if (mode === BRACES) return -1;
      scannedType = c === 43 ? T.Add : c === 45 ? T.Sub : c === 42 ? T.Mul : c === 47 ? T.Div : c === 37 ? T.Mod : T.Pow;
      return offset + 1;
    case 58: // :
      if (mode === BRACES) return -1;
      if (mode === BRACKETS) { scannedType = T.Colon; return offset + 1; }
      scannedType = T.Identifier;
      return endOf(IDENTIFIER_REST, text, offset + 1);
    default:
      if ((c >= 48 && c <= 57) || c === 46) { // a digit or .
        if (mode === BRACES) return -1;
        DURATION.lastIndex = offset;
        if (DURATION.test(text)) { scannedType = T.Duration; return DURATION.lastIndex; }
        NUMBER.lastIndex = offset;
        if (NUMBER.test(text)) { scannedType = T.Number; return NUMBER.lastIndex; }
        scannedType = T.BadNumber;
        return endOf(BAD_NUMBER, text, offset);
      }
      if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) { // a letter or _
        if (mode === STATEMENTS) {
          scannedType = T.Identifier;
          return endOf(IDENTIFIER_REST, text, offset + 1);
        }
        scannedType = mode === BRACES ? T.LabelName : T.DurationWord;
        return endOf(WORD_REST, text, offset + 1);
      }
      return -1;
  }
}

function endOf(pattern: RegExp, text: string, offset: number): number {
  pattern.lastIndex = offset;
  pattern.test(text);
  return pattern.lastIndex;
}

export function lex(text: string): LexResult {
  const tokens: IToken[] = [];
  const comments: IToken[] = [];
  const problems: LexProblem[] = [];
  const outer: Mode[] = [];
  let mode: Mode = STATEMENTS;
  const length = text.length;
  let offset = 0;
  while (offset < length) {
    const end = scan(text, offset, mode);
    if (end === -1) {
      // As chevrotain recovers: drop characters until one starts a token of this mode.
      const start = offset;
      while (++offset < length && scan(text, offset, mode) === -1);
      problems.push({ range: { start, end: offset }, message: `unexpected character: ${describeCharacters(text.substr(start, offset - start))}` });
      continue;
    }
    let type = scannedType;
    if (type !== null) {
      const image = text.substring(offset, end);
      if (type === T.Identifier) type = wordType(image, text, end);
      else if (type === T.DurationWord) type = T.DURATION_KEYWORDS.get(image.toLowerCase()) ?? type;
      const token: IToken = { image, startOffset: offset, tokenTypeIdx: type.tokenTypeIdx!, tokenType: type } as IToken;
      if (type === T.Comment) comments.push(token);
      else {
        tokens.push(token);
        if (type === T.LBrace) { outer.push(mode); mode = BRACES; }
        else if (type === T.LBracket) { outer.push(mode); mode = BRACKETS; }
        else if (type === T.RBrace || type === T.RBracket) mode = outer.pop()!;
      }
    }
    offset = end;
  }
  return { tokens, comments, problems };
}

/** What Prometheus' lexer would emit for a word of the statements mode that ends at `end`. */
function wordType(image: string, text: string, end: number): TokenType {
  // No keyword is longer than LONGEST_KEYWORD: most metric names need no lower-cased copy.
  const lower = image.length <= LONGEST_KEYWORD ? image.toLowerCase() : '';
  const keyword = T.KEYWORDS.get(lower);
  if (keyword) {
    // fill, fill_left and fill_right are keywords only when a parenthesis follows; otherwise they are names.
    if ((keyword === T.Fill || keyword === T.FillLeft || keyword === T.FillRight) && !followedByParen(text, end)) return T.Identifier;
    return keyword;
  }
  if (lower === 'inf' || lower === 'nan') return T.Number;
  if (image.includes(':')) return T.MetricIdentifier;
  return T.Identifier;
}

function followedByParen(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') return true;
    if (ch !== ' ' && ch !== '\t' && ch !== '\n' && ch !== '\r') return false;
  }
  return false;
}

function describeCharacters(chars: string): string {
  const shown = chars.length > 20 ? `${chars.slice(0, 20)}…` : chars;
  return JSON.stringify(shown);
}
