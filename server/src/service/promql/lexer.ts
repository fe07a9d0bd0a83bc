import { Lexer, type ILexingError, type IToken, type TokenType } from 'chevrotain';
import type { TextRange } from './syntaxTree';
import {
  DURATION_KEYWORDS, DurationWord, Fill, FillLeft, FillRight, Identifier, KEYWORDS, LEXER_DEFINITION,
  MetricIdentifier, Number as NumberToken,
} from './tokens';

export interface LexProblem {
  readonly range: TextRange;
  readonly message: string;
}

export interface LexResult {
  readonly tokens: IToken[];
  readonly comments: IToken[];
  readonly problems: LexProblem[];
}

const LONGEST_KEYWORD = Math.max(...[...KEYWORDS.keys()].map((k) => k.length));

// One lexer instance for the process: chevrotain analyses the token patterns once, in its constructor.
// Without its validations of the definition (a sixth of a command's start): lexer.test.ts runs them.
const lexer = new Lexer(LEXER_DEFINITION, {
  positionTracking: 'onlyOffset',
  ensureOptimizations: false,
  skipValidations: true,
  errorMessageProvider: {
    buildUnexpectedCharactersMessage(text: string, offset: number, length: number): string {
      return `unexpected character: ${describeCharacters(text.substr(offset, length))}`;
    },
    buildUnableToPopLexerModeMessage(token: IToken): string {
      return `unexpected ${token.image}`;
    },
  },
});

export function lex(text: string): LexResult {
  const result = lexer.tokenize(text);
  const tokens = result.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.tokenType === Identifier) resolveWord(token, text);
    else if (token.tokenType === DurationWord) {
      const keyword = DURATION_KEYWORDS.get(token.image.toLowerCase());
      if (keyword) retype(token, keyword);
    }
  }
  return {
    tokens,
    comments: result.groups['comments'] ?? [],
    problems: result.errors.map(toProblem),
  };
}

/** Turns a lexed word into what Prometheus' lexer would emit for it. */
function resolveWord(token: IToken, text: string): void {
  const image = token.image;
  // No keyword is longer than LONGEST_KEYWORD: most metric names need no lower-cased copy.
  const lower = image.length <= LONGEST_KEYWORD ? image.toLowerCase() : '';
  const keyword = KEYWORDS.get(lower);
  if (keyword) {
    // fill, fill_left and fill_right are keywords only when a parenthesis follows; otherwise they are names.
    if ((keyword === Fill || keyword === FillLeft || keyword === FillRight) && !followedByParen(text, token.startOffset + token.image.length)) return;
    retype(token, keyword);
  } else if (lower === 'inf' || lower === 'nan') {
    retype(token, NumberToken);
  } else if (image.includes(':')) {
    retype(token, MetricIdentifier);
  }
}

function followedByParen(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') return true;
    if (ch !== ' ' && ch !== '\t' && ch !== '\n' && ch !== '\r') return false;
  }
  return false;
}

function retype(token: IToken, type: TokenType): void {
  token.tokenType = type;
  token.tokenTypeIdx = type.tokenTypeIdx!;
}

function toProblem(error: ILexingError): LexProblem {
  return { range: { start: error.offset, end: error.offset + error.length }, message: error.message };
}

function describeCharacters(chars: string): string {
  const shown = chars.length > 20 ? `${chars.slice(0, 20)}…` : chars;
  return JSON.stringify(shown);
}
