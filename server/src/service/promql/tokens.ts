import type { ITokenConfig, TokenType } from 'chevrotain';

/*
 * Every PromQL token, and the lexer modes they live in.
 *
 * Prometheus' lexer is modal: inside `{…}` only label names, strings and matcher operators exist;
 * inside `[…]` only durations, numbers and duration arithmetic. chevrotain's lexer modes express
 * exactly that (lexer.ts lexes them by hand, as chevrotain's lexer would). Keywords are not separate patterns: like Prometheus, we lex a word and then look it
 * up (case-insensitively) in `KEYWORDS`, see lexer.ts. That keeps the lexer's alternation small and
 * lets every keyword stay usable as a label name or metric name where the grammar allows it.
 */

/*
 * The token types are chevrotain's (`TokenType`: lexer.ts' tokens are chevrotain's `IToken`s, and
 * lexer.test.ts checks lexer.ts against chevrotain's lexer over LEXER_DEFINITION), but made here:
 * chevrotain's createToken would load its whole library (parser engine and lodash-es, 280 KB of
 * the 2.1 MB bundle; loading the bundle took a quarter less CPU without it) for what is a plain
 * object (docs/benchmarks.md, 2026-12-07, 21:35–22:25).
 */
let nextTokenTypeIdx = 1;

/** A token type as chevrotain's createToken makes it for these configurations (no categories, no longer_alt). */
function tokenType(config: ITokenConfig): TokenType {
  const type: TokenType = { name: config.name, CATEGORIES: [], categoryMatches: [], categoryMatchesMap: {}, isParent: false, tokenTypeIdx: nextTokenTypeIdx++ };
  // Only the properties the configuration sets: chevrotain's lexer refuses a GROUP that is there but undefined.
  if (config.pattern !== undefined) type.PATTERN = config.pattern;
  if (config.label !== undefined) type.LABEL = config.label;
  if (config.group !== undefined) type.GROUP = config.group;
  if (config.push_mode !== undefined) type.PUSH_MODE = config.push_mode;
  if (config.pop_mode !== undefined) type.POP_MODE = config.pop_mode;
  if (config.line_breaks !== undefined) type.LINE_BREAKS = config.line_breaks;
  if (config.start_chars_hint !== undefined) type.START_CHARS_HINT = config.start_chars_hint;
  return type;
}

const STATEMENTS = 'statements';
const BRACES = 'braces';
const BRACKETS = 'brackets';

/*
 * The characters each pattern can start with (chevrotain's `start_chars_hint`), which lexer.ts's
 * switch follows. chevrotain's lexer over this definition is the reference lexer.ts is tested
 * against; lexer.test.ts checks that the hints are exactly what chevrotain's analysis finds.
 */
const LETTERS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'];
const WORD_START = [...LETTERS, '_'];
const NUMBER_START = [...'0123456789.'];
const QUOTES = ['"', "'", '`'];

/**
 * The group of white space: tokens apart, never read (lexer.ts skips it; chevrotain's lexer keeps
 * the group, where `Lexer.SKIPPED` would drop it, with the same tokens and comments).
 */
const WHITE_SPACE = 'white space';

// ---- shared by several modes
export const WhiteSpace = tokenType({ name: 'WhiteSpace', pattern: /[ \t\r\n]+/, start_chars_hint: [' ', '\t', '\r', '\n'], group: WHITE_SPACE, line_breaks: true });
export const Comment = tokenType({ name: 'Comment', pattern: /#[^\r\n]*/, start_chars_hint: ['#'], group: 'comments' });
export const Comma = tokenType({ name: 'Comma', pattern: ',', label: '","' });
export const LParen = tokenType({ name: 'LParen', pattern: '(', label: '"("' });
export const RParen = tokenType({ name: 'RParen', pattern: ')', label: '")"' });

// Strings: double, single (with Go escapes) and raw backtick. The unterminated forms are tokens of
// their own so that the parser can say "unterminated quoted string" at the right place and still
// build a tree (completion inside `{job="` needs that).
export const String = tokenType({
  name: 'String',
  pattern: /"(?:[^"\\\n]|\\[^\n])*"|'(?:[^'\\\n]|\\[^\n])*'|`[^`]*`/,
  label: 'string',
  start_chars_hint: QUOTES,
  line_breaks: true,
});
export const UnterminatedString = tokenType({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\n]|\\[^\n])*\\?|'(?:[^'\\\n]|\\[^\n])*\\?|`[^`]*/,
  label: 'string',
  start_chars_hint: QUOTES,
  line_breaks: true,
});

// Numbers and durations, following Prometheus' scanNumber / acceptRemainingDuration.
export const Duration = tokenType({
  name: 'Duration',
  pattern: /(?:\d+(?:\.\d*)?|\.\d+)(?:ms|[smhdwy]s?)(?:\d+(?:ms|[smhdw]s?))*(?![A-Za-z0-9_])/,
  label: 'duration',
  start_chars_hint: NUMBER_START,
});
export const Number = tokenType({
  name: 'Number',
  pattern:
    /(?:0[xX]_?[0-9a-fA-F]+(?:_[0-9a-fA-F]+)*|(?:\d+(?:_\d+)*(?:\.(?:\d+(?:_\d+)*)?)?|\.\d+(?:_\d+)*)(?:[eE][+-]?\d+(?:_\d+)*)?)(?![A-Za-z0-9_.])/,
  label: 'number',
  start_chars_hint: NUMBER_START,
});
/** Digits glued to letters that form neither a number nor a duration (`5x`, `1.2.3`). */
export const BadNumber = tokenType({ name: 'BadNumber', pattern: /[0-9.][0-9A-Za-z_.]*/, start_chars_hint: NUMBER_START, label: 'number' });

// ---- statements mode
/** A word; lexer.ts turns it into a keyword, a `MetricIdentifier` (when it holds a colon) or a number (Inf, NaN). */
export const Identifier = tokenType({ name: 'Identifier', pattern: /[a-zA-Z_:][a-zA-Z0-9_:]*/, start_chars_hint: [...WORD_START, ':'], label: 'identifier' });
export const MetricIdentifier = tokenType({ name: 'MetricIdentifier', label: 'metric name' });
export const LBrace = tokenType({ name: 'LBrace', pattern: '{', push_mode: BRACES, label: '"{"' });
export const LBracket = tokenType({ name: 'LBracket', pattern: '[', push_mode: BRACKETS, label: '"["' });
export const StrayRBrace = tokenType({ name: 'StrayRBrace', pattern: '}', label: '"}"' });
export const StrayRBracket = tokenType({ name: 'StrayRBracket', pattern: ']', label: '"]"' });
export const At = tokenType({ name: 'At', pattern: '@', label: '"@"' });

// Operators. Order matters where one is a prefix of another.
export const EqlC = tokenType({ name: 'EqlC', pattern: '==', label: '"=="' });
export const Neq = tokenType({ name: 'Neq', pattern: '!=', label: '"!="' });
export const Lte = tokenType({ name: 'Lte', pattern: '<=', label: '"<="' });
export const Gte = tokenType({ name: 'Gte', pattern: '>=', label: '">="' });
export const TrimUpper = tokenType({ name: 'TrimUpper', pattern: '</', label: '"</"' });
export const TrimLower = tokenType({ name: 'TrimLower', pattern: '>/', label: '">/"' });
export const Lss = tokenType({ name: 'Lss', pattern: '<', label: '"<"' });
export const Gtr = tokenType({ name: 'Gtr', pattern: '>', label: '">"' });
export const EqlRegex = tokenType({ name: 'EqlRegex', pattern: '=~', label: '"=~"' });
export const NeqRegex = tokenType({ name: 'NeqRegex', pattern: '!~', label: '"!~"' });
export const Eql = tokenType({ name: 'Eql', pattern: '=', label: '"="' });
export const Add = tokenType({ name: 'Add', pattern: '+', label: '"+"' });
export const Sub = tokenType({ name: 'Sub', pattern: '-', label: '"-"' });
export const Mul = tokenType({ name: 'Mul', pattern: '*', label: '"*"' });
export const Div = tokenType({ name: 'Div', pattern: '/', label: '"/"' });
export const Mod = tokenType({ name: 'Mod', pattern: '%', label: '"%"' });
export const Pow = tokenType({ name: 'Pow', pattern: '^', label: '"^"' });
export const Colon = tokenType({ name: 'Colon', pattern: ':', label: '":"' });

// ---- braces mode: label names are plain identifiers, keywords are not recognised.
export const LabelName = tokenType({ name: 'LabelName', pattern: /[a-zA-Z_][a-zA-Z0-9_]*/, start_chars_hint: WORD_START, label: 'label name' });
export const RBrace = tokenType({ name: 'RBrace', pattern: '}', pop_mode: true, label: '"}"' });
export const NestedLBrace = tokenType({ name: 'NestedLBrace', pattern: '{', label: '"{"' });

// ---- brackets mode: durations, numbers, arithmetic and step()/range()/min_of()/max_of().
export const DurationWord = tokenType({ name: 'DurationWord', pattern: /[a-zA-Z_][a-zA-Z0-9_]*/, start_chars_hint: WORD_START, label: 'identifier' });
export const RBracket = tokenType({ name: 'RBracket', pattern: ']', pop_mode: true, label: '"]"' });
export const NestedLBracket = tokenType({ name: 'NestedLBracket', pattern: '[', label: '"["' });

// ---- keywords: never produced by a pattern, assigned after lexing (see lexer.ts).
function keyword(name: string, image: string): TokenType {
  return tokenType({ name, label: `"${image}"` });
}

/** What the parser reads past the last token (chevrotain's parser had its own). */
export const EOF = tokenType({ name: 'EOF' });
export const And = keyword('And', 'and');
export const Or = keyword('Or', 'or');
export const Unless = keyword('Unless', 'unless');
export const Atan2 = keyword('Atan2', 'atan2');
export const Sum = keyword('Sum', 'sum');
export const Avg = keyword('Avg', 'avg');
export const Count = keyword('Count', 'count');
export const Min = keyword('Min', 'min');
export const Max = keyword('Max', 'max');
export const Group = keyword('Group', 'group');
export const Stddev = keyword('Stddev', 'stddev');
export const Stdvar = keyword('Stdvar', 'stdvar');
export const Topk = keyword('Topk', 'topk');
export const Bottomk = keyword('Bottomk', 'bottomk');
export const CountValues = keyword('CountValues', 'count_values');
export const Quantile = keyword('Quantile', 'quantile');
export const Limitk = keyword('Limitk', 'limitk');
export const LimitRatio = keyword('LimitRatio', 'limit_ratio');
export const Offset = keyword('Offset', 'offset');
export const Smoothed = keyword('Smoothed', 'smoothed');
export const Anchored = keyword('Anchored', 'anchored');
export const By = keyword('By', 'by');
export const Without = keyword('Without', 'without');
export const On = keyword('On', 'on');
export const Ignoring = keyword('Ignoring', 'ignoring');
export const GroupLeft = keyword('GroupLeft', 'group_left');
export const GroupRight = keyword('GroupRight', 'group_right');
export const Fill = keyword('Fill', 'fill');
export const FillLeft = keyword('FillLeft', 'fill_left');
export const FillRight = keyword('FillRight', 'fill_right');
export const Bool = keyword('Bool', 'bool');
export const Start = keyword('Start', 'start');
export const End = keyword('End', 'end');
export const Step = keyword('Step', 'step');
export const Range = keyword('Range', 'range');
export const MaxOf = keyword('MaxOf', 'max_of');
export const MinOf = keyword('MinOf', 'min_of');

/** Keywords by lower-case spelling (Prometheus matches them case-insensitively). */
export const KEYWORDS: ReadonlyMap<string, TokenType> = new Map([
  ['and', And], ['or', Or], ['unless', Unless], ['atan2', Atan2],
  ['sum', Sum], ['avg', Avg], ['count', Count], ['min', Min], ['max', Max], ['group', Group],
  ['stddev', Stddev], ['stdvar', Stdvar], ['topk', Topk], ['bottomk', Bottomk],
  ['count_values', CountValues], ['quantile', Quantile], ['limitk', Limitk], ['limit_ratio', LimitRatio],
  ['offset', Offset], ['smoothed', Smoothed], ['anchored', Anchored], ['by', By], ['without', Without],
  ['on', On], ['ignoring', Ignoring], ['group_left', GroupLeft], ['group_right', GroupRight],
  ['fill', Fill], ['fill_left', FillLeft], ['fill_right', FillRight], ['bool', Bool],
  ['start', Start], ['end', End], ['step', Step], ['range', Range], ['max_of', MaxOf], ['min_of', MinOf],
]);

/** Inside `[…]` only these words exist. */
export const DURATION_KEYWORDS: ReadonlyMap<string, TokenType> = new Map([
  ['step', Step], ['range', Range], ['max_of', MaxOf], ['min_of', MinOf],
]);

const OPERATORS = [EqlC, Neq, Lte, Gte, TrimUpper, TrimLower, Lss, Gtr, EqlRegex, NeqRegex, Eql, Add, Sub, Mul, Div, Mod, Pow];
const STRINGS = [String, UnterminatedString];
const NUMBERS = [Duration, Number, BadNumber];

export const LEXER_DEFINITION = {
  defaultMode: STATEMENTS,
  modes: {
    [STATEMENTS]: [
      WhiteSpace, Comment, ...NUMBERS, ...STRINGS, Identifier,
      LParen, RParen, LBrace, StrayRBrace, LBracket, StrayRBracket, Comma, At, ...OPERATORS,
    ],
    [BRACES]: [WhiteSpace, Comment, ...STRINGS, LabelName, Comma, EqlRegex, NeqRegex, Neq, Eql, RBrace, NestedLBrace],
    [BRACKETS]: [WhiteSpace, ...NUMBERS, DurationWord, Colon, LParen, RParen, Comma, Add, Sub, Mul, Div, Mod, Pow, RBracket, NestedLBracket],
  },
};
