import * as assert from 'node:assert/strict';
import { Lexer, type IToken, type TokenType } from 'chevrotain';
import fc from 'fast-check';
import { lex, type LexResult } from '../../../../server/src/service/promql/lexer';
import {
  DURATION_KEYWORDS, DurationWord, Fill, FillLeft, FillRight, Identifier, KEYWORDS, LEXER_DEFINITION, MetricIdentifier, Number as NumberToken,
} from '../../../../server/src/service/promql/tokens';
import { fuzzInputs } from '../../../fuzz/mutations';
import { corpusExpressions } from '../../../support/corpusExpressions';

/** Text and the tokens it lexes to (type names; images where they matter). */
const TOKENS: [string, string[]][] = [
  ['sum by (job) (foo)', ['Sum', 'By', 'LParen', 'Identifier', 'RParen', 'LParen', 'Identifier', 'RParen']],
  ['SUM BY', ['Sum', 'By']],
  ['job:rate5m:sum', ['MetricIdentifier']],
  ['Inf NaN inf nan', ['Number', 'Number', 'Number', 'Number']],
  ['0x1F 1e3 1_000 .5 1.', ['Number', 'Number', 'Number', 'Number', 'Number']],
  ['5m 1h30m 500ms 1y', ['Duration', 'Duration', 'Duration', 'Duration']],
  ['fill(1) fill + fill_left', ['Fill', 'LParen', 'Number', 'RParen', 'Identifier', 'Add', 'Identifier']],
  ['{by="a", on!~"b"}', ['LBrace', 'LabelName', 'Eql', 'String', 'Comma', 'LabelName', 'NeqRegex', 'String', 'RBrace']],
  ['foo[5m:step()]', ['Identifier', 'LBracket', 'Duration', 'Colon', 'Step', 'LParen', 'RParen', 'RBracket']],
  ['a </ b >/ c <= d', ['Identifier', 'TrimUpper', 'Identifier', 'TrimLower', 'Identifier', 'Lte', 'Identifier']],
  ['"a\\"b" \'c\' `d`', ['String', 'String', 'String']],
  ['"open', ['UnterminatedString']],
  ['5x', ['BadNumber']],
  ['a # comment\nb', ['Identifier', 'Identifier']],
  ['@ start()', ['At', 'Start', 'LParen', 'RParen']],
];

/*
 * The reference the hand-written lexer must equal: chevrotain's lexer over LEXER_DEFINITION (as the
 * server used it before), then words retyped as Prometheus' lexer does.
 */
const chevrotainLexer = new Lexer(LEXER_DEFINITION, {
  positionTracking: 'onlyOffset',
  errorMessageProvider: {
    buildUnexpectedCharactersMessage(text: string, offset: number, length: number): string {
      const chars = text.substr(offset, length);
      return `unexpected character: ${JSON.stringify(chars.length > 20 ? `${chars.slice(0, 20)}…` : chars)}`;
    },
    buildUnableToPopLexerModeMessage(token: IToken): string {
      return `unexpected ${token.image}`;
    },
  },
});

function retype(token: IToken, type: TokenType): void {
  token.tokenType = type;
  token.tokenTypeIdx = type.tokenTypeIdx!;
}

function chevrotainLex(text: string): LexResult {
  const result = chevrotainLexer.tokenize(text);
  for (const token of result.tokens) {
    if (token.tokenType === Identifier) {
      const lower = token.image.toLowerCase();
      const keyword = KEYWORDS.get(lower);
      const fill = keyword === Fill || keyword === FillLeft || keyword === FillRight;
      if (keyword && !(fill && !/^[ \t\r\n]*\(/.test(text.slice(token.startOffset + token.image.length)))) retype(token, keyword);
      else if (!keyword && (lower === 'inf' || lower === 'nan')) retype(token, NumberToken);
      else if (!keyword && token.image.includes(':')) retype(token, MetricIdentifier);
    } else if (token.tokenType === DurationWord) {
      const keyword = DURATION_KEYWORDS.get(token.image.toLowerCase());
      if (keyword) retype(token, keyword);
    }
  }
  return {
    tokens: result.tokens,
    comments: result.groups['comments'] ?? [],
    problems: result.errors.map((e) => ({ range: { start: e.offset, end: e.offset + e.length }, message: e.message })),
  };
}

/** Both lexers' results in comparable form (the token objects as plain data). */
function plain(result: LexResult): unknown {
  const token = (t: IToken): unknown => ({ image: t.image, startOffset: t.startOffset, type: t.tokenType.name, tokenTypeIdx: t.tokenTypeIdx });
  return { tokens: result.tokens.map(token), comments: result.comments.map(token), problems: result.problems };
}


/** Text made of PromQL's pieces in any order, in and out of braces and brackets, with stray characters. */
const PIECES = [
  '(', ')', '{', '}', '[', ']', ',', '@', ':', '=', '==', '=~', '!=', '!~', '!', '<', '<=', '</', '>', '>=', '>/', '+', '-', '*', '/',
  '%', '^', ' ', '\t', '\n', '\r', '# c', '#', '"a"', '"a\\"b"', '"open', "'s'", "'\\", '`raw`', '`', '5m', '1h30m', '5ms', '5ss',
  '1.5h', '.5', '1.', '0x1F', '0x', '1e3', '1e', '1_000', '1__0', '5x', '1.2.3', 'Inf', 'nan', 'sum', 'by', 'fill', 'fill_left',
  'FILL_RIGHT', 'step', 'Range', 'min_of', 'offset', 'job:rate5m', 'foo', '_a1', 'é', '$', '\u0000', '😀', '\\',
];
const pieced = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((parts) => parts.join(''));

describe('PromQL lexer', () => {
  it('lexes as chevrotain\'s lexer over the same definition: generated text', () => {
    fc.assert(fc.property(fc.oneof(pieced, fc.string({ maxLength: 40 }), fc.string({ unit: fc.constantFrom(...'{}[]()"\'`=!~<>/:#.5me_x \n\\'), maxLength: 40 })), (text) => {
      assert.deepEqual(plain(lex(text)), plain(chevrotainLex(text)), JSON.stringify(text));
    }), { numRuns: 3000 });
  });

  it('lexes as chevrotain\'s lexer over the same definition: the corpus\' expressions and mutations of them', () => {
    const expressions = corpusExpressions();
    assert.ok(expressions.length > 500, `${expressions.length} expressions`);
    for (const text of expressions) assert.deepEqual(plain(lex(text)), plain(chevrotainLex(text)), JSON.stringify(text));
    fc.assert(fc.property(fuzzInputs(expressions), (text) => {
      assert.deepEqual(plain(lex(text)), plain(chevrotainLex(text)), JSON.stringify(text));
    }), { numRuns: 1500 });
  });

  it('has a token definition chevrotain validates (the server skips that at start)', () => {
    const validated = new Lexer(LEXER_DEFINITION, { positionTracking: 'onlyOffset', ensureOptimizations: true });
    assert.deepEqual(validated.lexerDefinitionErrors, []);
  });

  it('gives each pattern exactly the first characters chevrotain finds in its regular expression', () => {
    // The same tokens without their hints: chevrotain then reads the first characters out of the patterns.
    const unhinted = new Map<TokenType, TokenType>();
    const withoutHint = (type: TokenType): TokenType => {
      if (!unhinted.has(type)) unhinted.set(type, { ...type, START_CHARS_HINT: undefined });
      return unhinted.get(type)!;
    };
    const modes = Object.fromEntries(Object.entries(LEXER_DEFINITION.modes).map(([mode, types]) => [mode, types.map(withoutHint)]));
    const options = { positionTracking: 'onlyOffset', ensureOptimizations: true, skipValidations: true } as const;
    const candidates = (lexer: Lexer): unknown => {
      // chevrotain's table of the patterns to try at each first character, by mode (not public API).
      const table = (lexer as unknown as { charCodeToPatternIdxToConfig: Record<string, ({ tokenType: TokenType }[] | undefined)[]> }).charCodeToPatternIdxToConfig;
      return Object.fromEntries(Object.entries(table).map(([mode, byChar]) => [mode, Array.from(byChar, (configs) => configs?.map((c) => c.tokenType.name))]));
    };
    const hinted = candidates(new Lexer(LEXER_DEFINITION, options));
    assert.ok(Object.keys(hinted as object).length === 3);
    assert.deepEqual(hinted, candidates(new Lexer({ defaultMode: LEXER_DEFINITION.defaultMode, modes }, options)));
    assert.ok([...unhinted.keys()].filter((type) => type.START_CHARS_HINT !== undefined).length >= 10);
  });

  for (const [text, expected] of TOKENS) {
    it(JSON.stringify(text), () => {
      const result = lex(text);
      assert.deepEqual(result.problems, []);
      assert.deepEqual(result.tokens.map((t) => t.tokenType.name), expected);
    });
  }

  it('keeps comments apart', () => {
    assert.deepEqual(lex('a # one\n# two\n').comments.map((c) => c.image), ['# one', '# two']);
  });

  it('reports characters no token accepts, and goes on', () => {
    const result = lex('foo $ bar');
    assert.deepEqual(result.problems.map((p) => [p.message, p.range.start, p.range.end]), [['unexpected character: "$"', 4, 5]]);
    assert.deepEqual(result.tokens.map((t) => t.image), ['foo', 'bar']);
  });

  it('keeps token offsets exact', () => {
    const tokens = lex('rate(foo{a="b"}[5m])').tokens;
    assert.deepEqual(tokens.map((t) => [t.image, t.startOffset]), [
      ['rate', 0], ['(', 4], ['foo', 5], ['{', 8], ['a', 9], ['=', 10], ['"b"', 11], ['}', 14], ['[', 15], ['5m', 16], [']', 18], [')', 19],
    ]);
  });
});
