import { createToken, Lexer, type TokenType } from 'chevrotain';

/*
 * Every PromQL token, and the lexer modes they live in.
 *
 * Prometheus' lexer is modal: inside `{…}` only label names, strings and matcher operators exist;
 * inside `[…]` only durations, numbers and duration arithmetic. chevrotain's lexer modes express
 * exactly that (lexer.ts lexes them by hand, as chevrotain's lexer would). Keywords are not separate patterns: like Prometheus, we lex a word and then look it
 * up (case-insensitively) in `KEYWORDS`, see lexer.ts. That keeps the lexer's alternation small and
 * lets every keyword stay usable as a label name or metric name where the grammar allows it.
 */

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

// ---- shared by several modes
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n]+/, start_chars_hint: [' ', '\t', '\r', '\n'], group: Lexer.SKIPPED, line_breaks: true });
export const Comment = createToken({ name: 'Comment', pattern: /#[^\r\n]*/, start_chars_hint: ['#'], group: 'comments' });
export const Comma = createToken({ name: 'Comma', pattern: ',', label: '","' });
export const LParen = createToken({ name: 'LParen', pattern: '(', label: '"("' });
export const RParen = createToken({ name: 'RParen', pattern: ')', label: '")"' });

// Strings: double, single (with Go escapes) and raw backtick. The unterminated forms are tokens of
// their own so that the parser can say "unterminated quoted string" at the right place and still
// build a tree (completion inside `{job="` needs that).
export const String = createToken({
  name: 'String',
  pattern: /"(?:[^"\\\n]|\\[^\n])*"|'(?:[^'\\\n]|\\[^\n])*'|`[^`]*`/,
  label: 'string',
  start_chars_hint: QUOTES,
  line_breaks: true,
});
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\n]|\\[^\n])*\\?|'(?:[^'\\\n]|\\[^\n])*\\?|`[^`]*/,
  label: 'string',
  start_chars_hint: QUOTES,
  line_breaks: true,
});

// Numbers and durations, following Prometheus' scanNumber / acceptRemainingDuration.
export const Duration = createToken({
  name: 'Duration',
  pattern: /(?:\d+(?:\.\d*)?|\.\d+)(?:ms|[smhdwy]s?)(?:\d+(?:ms|[smhdw]s?))*(?![A-Za-z0-9_])/,
  label: 'duration',
  start_chars_hint: NUMBER_START,
});
export const Number = createToken({
  name: 'Number',
  pattern:
    /(?:0[xX]_?[0-9a-fA-F]+(?:_[0-9a-fA-F]+)*|(?:\d+(?:_\d+)*(?:\.(?:\d+(?:_\d+)*)?)?|\.\d+(?:_\d+)*)(?:[eE][+-]?\d+(?:_\d+)*)?)(?![A-Za-z0-9_.])/,
  label: 'number',
  start_chars_hint: NUMBER_START,
});
/** Digits glued to letters that form neither a number nor a duration (`5x`, `1.2.3`). */
export const BadNumber = createToken({ name: 'BadNumber', pattern: /[0-9.][0-9A-Za-z_.]*/, start_chars_hint: NUMBER_START, label: 'number' });

// ---- statements mode
/** A word; lexer.ts turns it into a keyword, a `MetricIdentifier` (when it holds a colon) or a number (Inf, NaN). */
export const Identifier = createToken({ name: 'Identifier', pattern: /[a-zA-Z_:][a-zA-Z0-9_:]*/, start_chars_hint: [...WORD_START, ':'], label: 'identifier' });
export const MetricIdentifier = createToken({ name: 'MetricIdentifier', pattern: Lexer.NA, label: 'metric name' });
export const LBrace = createToken({ name: 'LBrace', pattern: '{', push_mode: BRACES, label: '"{"' });
export const LBracket = createToken({ name: 'LBracket', pattern: '[', push_mode: BRACKETS, label: '"["' });
export const StrayRBrace = createToken({ name: 'StrayRBrace', pattern: '}', label: '"}"' });
export const StrayRBracket = createToken({ name: 'StrayRBracket', pattern: ']', label: '"]"' });
export const At = createToken({ name: 'At', pattern: '@', label: '"@"' });

// Operators. Order matters where one is a prefix of another.
export const EqlC = createToken({ name: 'EqlC', pattern: '==', label: '"=="' });
export const Neq = createToken({ name: 'Neq', pattern: '!=', label: '"!="' });
export const Lte = createToken({ name: 'Lte', pattern: '<=', label: '"<="' });
export const Gte = createToken({ name: 'Gte', pattern: '>=', label: '">="' });
export const TrimUpper = createToken({ name: 'TrimUpper', pattern: '</', label: '"</"' });
export const TrimLower = createToken({ name: 'TrimLower', pattern: '>/', label: '">/"' });
export const Lss = createToken({ name: 'Lss', pattern: '<', label: '"<"' });
export const Gtr = createToken({ name: 'Gtr', pattern: '>', label: '">"' });
export const EqlRegex = createToken({ name: 'EqlRegex', pattern: '=~', label: '"=~"' });
export const NeqRegex = createToken({ name: 'NeqRegex', pattern: '!~', label: '"!~"' });
export const Eql = createToken({ name: 'Eql', pattern: '=', label: '"="' });
export const Add = createToken({ name: 'Add', pattern: '+', label: '"+"' });
export const Sub = createToken({ name: 'Sub', pattern: '-', label: '"-"' });
export const Mul = createToken({ name: 'Mul', pattern: '*', label: '"*"' });
export const Div = createToken({ name: 'Div', pattern: '/', label: '"/"' });
export const Mod = createToken({ name: 'Mod', pattern: '%', label: '"%"' });
export const Pow = createToken({ name: 'Pow', pattern: '^', label: '"^"' });
export const Colon = createToken({ name: 'Colon', pattern: ':', label: '":"' });

// ---- braces mode: label names are plain identifiers, keywords are not recognised.
export const LabelName = createToken({ name: 'LabelName', pattern: /[a-zA-Z_][a-zA-Z0-9_]*/, start_chars_hint: WORD_START, label: 'label name' });
export const RBrace = createToken({ name: 'RBrace', pattern: '}', pop_mode: true, label: '"}"' });
export const NestedLBrace = createToken({ name: 'NestedLBrace', pattern: '{', label: '"{"' });

// ---- brackets mode: durations, numbers, arithmetic and step()/range()/min_of()/max_of().
export const DurationWord = createToken({ name: 'DurationWord', pattern: /[a-zA-Z_][a-zA-Z0-9_]*/, start_chars_hint: WORD_START, label: 'identifier' });
export const RBracket = createToken({ name: 'RBracket', pattern: ']', pop_mode: true, label: '"]"' });
export const NestedLBracket = createToken({ name: 'NestedLBracket', pattern: '[', label: '"["' });

// ---- keywords: never produced by a pattern, assigned after lexing (see lexer.ts).
function keyword(name: string, image: string): TokenType {
  return createToken({ name, pattern: Lexer.NA, label: `"${image}"` });
}
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

/** Every token type, for the parser's constructor. */
export const ALL_TOKENS: TokenType[] = [
  WhiteSpace, Comment, Comma, LParen, RParen, String, UnterminatedString, Duration, Number, BadNumber,
  Identifier, MetricIdentifier, LBrace, LBracket, StrayRBrace, StrayRBracket, At, ...OPERATORS, Colon,
  LabelName, RBrace, NestedLBrace, DurationWord, RBracket, NestedLBracket,
  ...new Set([...KEYWORDS.values()]),
];
