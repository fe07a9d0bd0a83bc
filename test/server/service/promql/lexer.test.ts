import * as assert from 'node:assert/strict';
import { Lexer, type TokenType } from 'chevrotain';
import { lex } from '../../../../server/src/service/promql/lexer';
import { LEXER_DEFINITION } from '../../../../server/src/service/promql/tokens';

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

describe('PromQL lexer', () => {
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
