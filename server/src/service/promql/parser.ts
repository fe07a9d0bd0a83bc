import type { IToken, TokenType } from 'chevrotain';
import { parseDuration, MAX_DURATION_SECONDS } from './duration';
import { FUNCTIONS } from './functions';
import { lex } from './lexer';
import { checkRegex } from './regexSyntax';
import { unquoteString } from './stringLiteral';
import { childrenOf, forEachPostOrder } from './syntaxTree';
import type {
  Aggregation, AtModifier, BinaryExpr, BinaryOp, Call, DurationExpr, Expr, FillClause, Grouping, LabelMatcher,
  MatchOp, Name, NumberLiteral, StringLiteral, TextRange, VectorMatching, VectorSelector,
} from './syntaxTree';
import * as T from './tokens';

/*
 * The PromQL parser: recursive descent over lexer.ts' tokens (chevrotain's token types) that builds
 * our syntax tree. It ran on chevrotain's parser engine until every token it takes was one it had
 * looked at first: the engine's recovery no longer ever ran, and its rule wrappers, token matching
 * and grammar analysis at the first parse cost `check` time for nothing (docs/benchmarks.md,
 * 2026-12-07, 21:35–22:25).
 *
 * Three design points, each for a requirement of an editor:
 * - Binary expressions, at every precedence level, are read by ONE loop (operator-precedence, with an
 *   explicit operator stack), not by one rule per level. A 10,000-term chain costs no stack, and each
 *   level of parentheses costs three rule frames instead of the dozen a rule-per-level grammar needs.
 * - Rules look ahead themselves and record an error where a token is missing instead of throwing and
 *   re-synchronising: re-synchronisation discards the partial result of the failing rule, and
 *   completion needs exactly that partial tree (`sum by (`, `rate(foo{job="`, `up[5`).
 * - Nesting is bounded (MAX_NESTING); past it the nested part becomes an error node with a clear
 *   message. A stack overflow can therefore not happen inside the parser, and if the caller's stack is
 *   nearly exhausted anyway the RangeError is caught and reported as an error, never thrown.
 */

export interface SyntaxProblem {
  readonly range: TextRange;
  readonly message: string;
  /** The name, when the problem is a call of a function PromQL does not have (another dialect's, perhaps). */
  readonly unknownFunction?: string;
}

/** An experimental construct the text uses, for gating by server features. */
export interface FeatureUse {
  readonly feature: ExperimentalSyntax;
  readonly range: TextRange;
}

export type ExperimentalSyntax = 'duration-expressions' | 'extended-range-selectors' | 'binop-fill-modifiers';

export interface ParseResult {
  readonly expr: Expr;
  readonly problems: SyntaxProblem[];
  readonly comments: IToken[];
  readonly features: FeatureUse[];
}

/**
 * Nesting levels (parentheses, calls, aggregations, duration parentheses) the parser follows before
 * giving up with an error. Measured on Node 20's default stack, the parser itself gets past 1,300
 * levels even before the JIT has compiled it (about 1,900 once it has); 1,100 keeps a margin for
 * the frames of whoever calls it.
 */
export const MAX_NESTING = 1100;

interface BinaryOperatorInfo {
  readonly op: BinaryOp;
  readonly precedence: number;
  readonly rightAssociative: boolean;
}

const UNARY_PRECEDENCE = 5.5; // between * and ^, as Prometheus' grammar has it (`-2^2` is `-(2^2)`).

const BINARY_OPERATORS = new Map<TokenType, BinaryOperatorInfo>([
  [T.Or, { op: 'or', precedence: 1, rightAssociative: false }],
  [T.And, { op: 'and', precedence: 2, rightAssociative: false }],
  [T.Unless, { op: 'unless', precedence: 2, rightAssociative: false }],
  [T.EqlC, { op: '==', precedence: 3, rightAssociative: false }],
  [T.Neq, { op: '!=', precedence: 3, rightAssociative: false }],
  [T.Lte, { op: '<=', precedence: 3, rightAssociative: false }],
  [T.Lss, { op: '<', precedence: 3, rightAssociative: false }],
  [T.Gte, { op: '>=', precedence: 3, rightAssociative: false }],
  [T.Gtr, { op: '>', precedence: 3, rightAssociative: false }],
  [T.TrimUpper, { op: '</', precedence: 3, rightAssociative: false }],
  [T.TrimLower, { op: '>/', precedence: 3, rightAssociative: false }],
  [T.Add, { op: '+', precedence: 4, rightAssociative: false }],
  [T.Sub, { op: '-', precedence: 4, rightAssociative: false }],
  [T.Mul, { op: '*', precedence: 5, rightAssociative: false }],
  [T.Div, { op: '/', precedence: 5, rightAssociative: false }],
  [T.Mod, { op: '%', precedence: 5, rightAssociative: false }],
  [T.Atan2, { op: 'atan2', precedence: 5, rightAssociative: false }],
  [T.Pow, { op: '^', precedence: 6, rightAssociative: true }],
]);

const DURATION_OPERATORS = new Map<TokenType, { op: DurationExpr['op']; precedence: number; rightAssociative: boolean }>([
  [T.Add, { op: '+', precedence: 4, rightAssociative: false }],
  [T.Sub, { op: '-', precedence: 4, rightAssociative: false }],
  [T.Mul, { op: '*', precedence: 5, rightAssociative: false }],
  [T.Div, { op: '/', precedence: 5, rightAssociative: false }],
  [T.Mod, { op: '%', precedence: 5, rightAssociative: false }],
  [T.Pow, { op: '^', precedence: 6, rightAssociative: true }],
]);

const AGGREGATORS = new Set<TokenType>([
  T.Sum, T.Avg, T.Count, T.Min, T.Max, T.Group, T.Stddev, T.Stdvar, T.Topk, T.Bottomk, T.CountValues,
  T.Quantile, T.Limitk, T.LimitRatio,
]);

/** Tokens that can name a metric (Prometheus' `metric_identifier`). */
const METRIC_NAMES = new Set<TokenType>([
  T.Identifier, T.MetricIdentifier, ...AGGREGATORS, T.By, T.Fill, T.FillLeft, T.FillRight, T.And, T.Or, T.Unless,
  T.Offset, T.Without, T.Start, T.End, T.Step, T.Range, T.Anchored, T.Smoothed, T.MaxOf, T.MinOf,
]);

/** Tokens that can name a label in `by (…)`, `on (…)` and friends (Prometheus' `maybe_label`). */
const GROUPING_LABELS = new Set<TokenType>([
  T.Identifier, T.MetricIdentifier, ...AGGREGATORS, T.Bool, T.By, T.GroupLeft, T.GroupRight, T.Fill, T.FillLeft,
  T.FillRight, T.Ignoring, T.And, T.Or, T.Unless, T.Offset, T.On, T.Start, T.End, T.Atan2, T.Step, T.Range,
  T.Anchored, T.Smoothed, T.MaxOf, T.MinOf,
]);

const MATCH_OPS = new Map<TokenType, MatchOp>([[T.Eql, '='], [T.Neq, '!='], [T.EqlRegex, '=~'], [T.NeqRegex, '!~']]);

/** Tokens that close an enclosing construct: an error recovery never swallows them. */
const CLOSERS = new Set<TokenType>([T.RParen, T.RBrace, T.RBracket, T.Comma, T.EOF]);

type PendingOperator =
  | { readonly unary: true; readonly op: '+' | '-'; readonly start: number; readonly precedence: number }
  | { readonly unary: false; readonly info: BinaryOperatorInfo; readonly opRange: TextRange; readonly returnBool: boolean; readonly matching: VectorMatching | null };

/** What the parser reads past the last token: an end-of-input token, without a position. */
const END_OF_INPUT: IToken = { image: '', startOffset: NaN, tokenTypeIdx: T.EOF.tokenTypeIdx!, tokenType: T.EOF };

class PromQLParser {
  private text = '';
  private tokens: IToken[] = [];
  /** Index of the last token taken: -1 before the first. */
  private taken = -1;
  private problems: SyntaxProblem[] = [];
  private features: FeatureUse[] = [];
  private nesting = 0;

  begin(text: string, tokens: IToken[]): void {
    this.text = text;
    this.problems = [];
    this.features = [];
    this.nesting = 0;
    this.tokens = tokens;
    this.taken = -1;
  }

  takeProblems(): SyntaxProblem[] {
    return this.problems;
  }

  takeFeatures(): FeatureUse[] {
    return this.features;
  }

  // ---- entry

  query(): Expr {
    if (this.is(T.EOF)) {
      this.problem({ start: 0, end: this.text.length }, 'no expression found in input');
      return this.errorAt(this.text.length);
    }
    const expr = this.expression();
    if (!this.is(T.EOF)) {
      const token = this.LA(1);
      this.problem(rangeOf(token), `unexpected ${describe(token)}`);
    }
    return expr;
  }

  // ---- expressions

  /** Any expression: operands joined by binary operators, read with an operator stack. */
  private expression(): Expr {
    if (this.nesting >= MAX_NESTING) return this.skipTooDeep();
    this.nesting++;
    try {
      const operands: Expr[] = [];
      const operators: PendingOperator[] = [];
      this.readPrefixes(operators);
      operands.push(this.operand());
      for (;;) {
        const info = BINARY_OPERATORS.get(this.LA(1).tokenType);
        if (!info) break;
        const opToken = this.CONSUME(this.LA(1).tokenType);
        const opRange = rangeOf(opToken);
        const { returnBool, matching } = this.binaryModifiers();
        while (operators.length > 0) {
          const top = operators[operators.length - 1];
          const topPrecedence = top.unary ? top.precedence : top.info.precedence;
          if (topPrecedence > info.precedence || (topPrecedence === info.precedence && !info.rightAssociative)) {
            reduce(operands, operators);
          } else break;
        }
        operators.push({ unary: false, info, opRange, returnBool, matching });
        this.readPrefixes(operators);
        operands.push(this.operand());
      }
      while (operators.length > 0) reduce(operands, operators);
      return operands[0];
    } finally {
      this.nesting--;
    }
  }

  private readPrefixes(operators: PendingOperator[]): void {
    while (this.is(T.Add) || this.is(T.Sub)) {
      const token = this.CONSUME(this.LA(1).tokenType);
      operators.push({ unary: true, op: token.image as '+' | '-', start: token.startOffset, precedence: UNARY_PRECEDENCE });
    }
  }

  /** `bool`, `on (…)`/`ignoring (…)`, `group_left (…)`/`group_right (…)`, `fill (…)`… after a binary operator. */
  private binaryModifiers(): { returnBool: boolean; matching: VectorMatching | null } {
    let returnBool = false;
    if (this.is(T.Bool)) {
      this.CONSUME(T.Bool);
      returnBool = true;
    }
    const start = this.LA(1).startOffset;
    let matchingKeyword: VectorMatching['matchingKeyword'] = null;
    let matchingLabels: Name[] = [];
    let groupSide: VectorMatching['groupSide'] = null;
    let include: Name[] | null = null;
    const fill: FillClause[] = [];
    if (this.is(T.On) || this.is(T.Ignoring)) {
      matchingKeyword = this.is(T.On) ? 'on' : 'ignoring';
      this.CONSUME(this.LA(1).tokenType);
      matchingLabels = this.labelList().labels;
      if (this.is(T.GroupLeft) || this.is(T.GroupRight)) {
        groupSide = this.is(T.GroupLeft) ? 'left' : 'right';
        this.CONSUME(this.LA(1).tokenType);
        if (this.is(T.LParen)) include = this.labelList().labels;
      }
    }
    while (this.is(T.Fill) || this.is(T.FillLeft) || this.is(T.FillRight)) {
      const keyword = this.CONSUME(this.LA(1).tokenType);
      const side = keyword.tokenType === T.Fill ? 'both' : keyword.tokenType === T.FillLeft ? 'left' : 'right';
      // The grammar allows fill, fill_left, fill_right, or fill_left and fill_right once each.
      if (fill.some((f) => f.side === side || f.side === 'both' || side === 'both')) this.problem(rangeOf(keyword), `unexpected "${keyword.image}"`);
      const value = this.fillValue();
      fill.push({ range: { start: keyword.startOffset, end: this.lastEnd() }, side, value });
      this.features.push({ feature: 'binop-fill-modifiers', range: { start: keyword.startOffset, end: this.lastEnd() } });
    }
    if (matchingKeyword === null && fill.length === 0) return { returnBool, matching: null };
    return {
      returnBool,
      matching: { range: { start, end: this.lastEnd() }, matchingKeyword, matchingLabels, groupSide, include, fill },
    };
  }

  private fillValue(): NumberLiteral | null {
    const open = this.expect(T.LParen, 'fill modifier');
    if (!open) return null;
    let sign: IToken | null = null;
    if (this.is(T.Add) || this.is(T.Sub)) sign = this.CONSUME(this.LA(1).tokenType);
    let value: NumberLiteral | null = null;
    if (this.is(T.Number) || this.is(T.Duration)) {
      const literal = this.numberLiteral(this.CONSUME(this.LA(1).tokenType));
      value = sign ? signedLiteral(sign, literal) : literal;
    } else {
      this.unexpected('fill modifier', 'number or duration');
    }
    this.expectClosing(T.RParen, open);
    return value;
  }

  /** One operand: a primary expression followed by any postfix ranges, subqueries and modifiers. */
  private operand(): Expr {
    let expr = this.primary();
    for (;;) {
      if (this.is(T.LBracket)) expr = this.rangeOrSubquery(expr);
      else if (this.is(T.Offset)) expr = this.offsetModifier(expr);
      else if (this.is(T.At)) expr = this.atModifier(expr);
      else if (this.is(T.Anchored) || this.is(T.Smoothed)) expr = this.rangeKeyword(expr);
      else return expr;
    }
  }

  private primary(): Expr {
    const token = this.LA(1);
    const type = token.tokenType;
    switch (type) {
      case T.Number:
      case T.Duration:
        return this.numberLiteral(this.CONSUME(type));
      case T.BadNumber: {
        const bad = this.CONSUME(type);
        this.problem(rangeOf(bad), bad.image === '.' ? 'unexpected character: "."' : `bad number or duration syntax: "${bad.image}"`);
        return { kind: 'Error', range: rangeOf(bad) };
      }
      case T.String:
      case T.UnterminatedString:
        return this.stringLiteral(this.CONSUME(type));
      case T.LParen: {
        // Inlined (not a method of its own): every frame per nesting level counts against the stack.
        const open = this.CONSUME(T.LParen);
        const inner = this.expression();
        this.expectClosing(T.RParen, open);
        return { kind: 'ParenExpr', range: { start: open.startOffset, end: this.lastEnd() }, expr: inner };
      }
      case T.LBrace:
        return this.vectorSelector();
      case T.Identifier:
        if (this.LA(2).tokenType === T.LParen) return this.functionCall();
        return this.vectorSelector();
    }
    if (AGGREGATORS.has(type)) {
      const next = this.LA(2).tokenType;
      if (next === T.LParen || next === T.By || next === T.Without) return this.aggregation();
    }
    if (this.LA(2).tokenType === T.LParen) {
      // start(), end(), step(), range(), min_of() and max_of() are plain scalar functions at expression level.
      if (type === T.Start || type === T.End || type === T.Step || type === T.Range || type === T.MinOf || type === T.MaxOf) return this.functionCall();
    }
    if (METRIC_NAMES.has(type)) return this.vectorSelector();
    return this.unexpectedOperand();
  }

  /** Reports the token where an expression was expected, and skips it unless it closes something. */
  private unexpectedOperand(): Expr {
    const token = this.LA(1);
    if (token.tokenType === T.EOF) {
      this.problem(this.eofRange(), 'unexpected end of input');
      return this.errorAt(this.text.length);
    }
    this.problem(rangeOf(token), `unexpected ${describe(token)}`);
    if (CLOSERS.has(token.tokenType) || token.tokenType === T.StrayRBrace || token.tokenType === T.StrayRBracket) {
      if (token.tokenType === T.StrayRBrace || token.tokenType === T.StrayRBracket) this.CONSUME(token.tokenType);
      return this.errorAt(token.startOffset);
    }
    this.CONSUME(token.tokenType);
    return { kind: 'Error', range: rangeOf(token) };
  }

  private functionCall(): Expr {
    const nameToken = this.CONSUME(this.LA(1).tokenType);
    const name = nameToken.image;
    const func = FUNCTIONS.get(name);
    if (!func) this.problem(rangeOf(nameToken), `unknown function with name "${name}"`, name);
    const { args, range: argsRange } = this.argumentList();
    const call: Call = { kind: 'Call', range: { start: nameToken.startOffset, end: this.lastEnd() }, name, nameRange: rangeOf(nameToken), func, args, argsRange };
    return call;
  }

  /** `( expr, expr, … )` of a call or aggregation. */
  private argumentList(): { args: Expr[]; range: TextRange } {
    const open = this.CONSUME(T.LParen);
    const args: Expr[] = [];
    if (!this.is(T.RParen)) {
      for (;;) {
        args.push(this.expression());
        if (this.is(T.Comma)) {
          const comma = this.CONSUME(T.Comma);
          if (this.is(T.RParen)) {
            this.problem(rangeOf(comma), 'trailing commas not allowed in function call args');
            break;
          }
          continue;
        }
        break;
      }
    }
    this.expectClosing(T.RParen, open);
    return { args: exactly(args), range: { start: open.startOffset, end: this.lastEnd() } };
  }

  private aggregation(): Expr {
    const opToken = this.CONSUME(this.LA(1).tokenType);
    let grouping: Grouping | null = null;
    let groupingFirst = false;
    if (this.is(T.By) || this.is(T.Without)) {
      grouping = this.grouping();
      groupingFirst = true;
    }
    let args: Expr[] = [];
    let argsRange: TextRange = { start: this.lastEnd(), end: this.lastEnd() };
    if (this.is(T.LParen)) {
      ({ args, range: argsRange } = this.argumentList());
      if (!grouping && (this.is(T.By) || this.is(T.Without))) grouping = this.grouping();
    } else {
      this.unexpected('aggregation', '"("');
    }
    const aggregation: Aggregation = {
      kind: 'Aggregation',
      range: { start: opToken.startOffset, end: this.lastEnd() },
      op: opToken.image.toLowerCase(),
      opRange: rangeOf(opToken),
      grouping,
      groupingFirst,
      args,
      argsRange,
    };
    return aggregation;
  }

  private grouping(): Grouping {
    const keyword = this.CONSUME(this.LA(1).tokenType);
    const list = this.is(T.LParen) ? this.labelList() : null;
    if (!list) this.unexpected('grouping opts', '"("');
    return {
      range: { start: keyword.startOffset, end: this.lastEnd() },
      keyword: keyword.tokenType === T.By ? 'by' : 'without',
      labels: list?.labels ?? [],
      listRange: list?.range ?? null,
    };
  }

  /** `(label, "quoted.label", …)` after by, without, on, ignoring, group_left, group_right. */
  private labelList(): { labels: Name[]; range: TextRange } {
    const open = this.expect(T.LParen, 'grouping opts');
    const start = open ? open.startOffset : this.lastEnd();
    const labels: Name[] = [];
    if (!open) return { labels, range: { start, end: start } };
    while (!this.is(T.RParen) && !this.is(T.EOF)) {
      const token = this.LA(1);
      if (GROUPING_LABELS.has(token.tokenType)) {
        this.CONSUME(token.tokenType);
        labels.push({ range: rangeOf(token), value: token.image, quoted: false });
      } else if (token.tokenType === T.String) {
        this.CONSUME(T.String);
        const label = this.quotedName(token);
        if (label.value === '' || label.value.includes('\ufffd')) this.problem(label.range, `invalid label name for grouping: ${JSON.stringify(label.value)}`);
        labels.push(label);
      } else {
        this.unexpected('grouping opts', 'label');
        this.skipUntil(T.RParen);
        break;
      }
      if (this.is(T.Comma)) {
        this.CONSUME(T.Comma);
      } else if (!this.is(T.RParen)) {
        if (!this.is(T.EOF)) {
          this.unexpected('grouping opts', '"," or ")"');
          this.skipUntil(T.RParen);
        }
        break;
      }
    }
    this.expectClosing(T.RParen, open);
    return { labels: exactly(labels), range: { start, end: this.lastEnd() } };
  }

  // ---- selectors

  private vectorSelector(): Expr {
    let name: Name | null = null;
    const first = this.LA(1);
    if (first.tokenType !== T.LBrace) {
      this.CONSUME(first.tokenType);
      name = { range: rangeOf(first), value: first.image, quoted: false };
    }
    let matchers: LabelMatcher[] = [];
    let bracesRange: TextRange | null = null;
    if (this.is(T.LBrace)) ({ matchers, range: bracesRange } = this.labelMatchers());
    const start = name ? name.range.start : bracesRange!.start;
    const selector: VectorSelector = {
      kind: 'VectorSelector', range: { start, end: this.lastEnd() }, name, matchers, bracesRange,
      offset: null, at: null, anchored: null, smoothed: null,
    };
    return selector;
  }

  private labelMatchers(): { matchers: LabelMatcher[]; range: TextRange } {
    const open = this.CONSUME(T.LBrace);
    const matchers: LabelMatcher[] = [];
    while (!this.is(T.RBrace) && !this.is(T.EOF)) {
      const matcher = this.labelMatcher();
      if (matcher) matchers.push(matcher);
      if (this.is(T.Comma)) {
        this.CONSUME(T.Comma);
        continue;
      }
      if (this.is(T.RBrace) || this.is(T.EOF)) break;
      this.unexpected('label matching', '"," or "}"');
      this.skipUntil(T.RBrace, T.Comma);
      if (this.is(T.Comma)) this.CONSUME(T.Comma);
    }
    if (this.is(T.RBrace)) this.CONSUME(T.RBrace);
    else this.problem({ start: open.startOffset, end: this.text.length }, 'unexpected end of input inside braces');
    return { matchers: exactly(matchers), range: { start: open.startOffset, end: this.lastEnd() } };
  }

  private labelMatcher(): LabelMatcher | null {
    const token = this.LA(1);
    let name: Name;
    if (token.tokenType === T.LabelName) {
      this.CONSUME(T.LabelName);
      name = { range: rangeOf(token), value: token.image, quoted: false };
    } else if (token.tokenType === T.String || token.tokenType === T.UnterminatedString) {
      this.CONSUME(token.tokenType);
      if (token.tokenType === T.UnterminatedString) this.problem(rangeOf(token), unterminatedMessage(token));
      name = this.quotedName(token);
    } else {
      this.unexpected('label matching', 'identifier or "}"');
      return null;
    }
    const opToken = this.LA(1);
    const op = MATCH_OPS.get(opToken.tokenType);
    if (!op) {
      if (name.quoted) return { range: name.range, name, op: null, opRange: null, value: null };
      this.unexpected('label matching', 'label matching operator');
      return { range: name.range, name, op: null, opRange: null, value: null };
    }
    this.CONSUME(opToken.tokenType);
    let value: StringLiteral | null = null;
    if (this.is(T.String) || this.is(T.UnterminatedString)) {
      value = this.stringLiteral(this.CONSUME(this.LA(1).tokenType));
    } else {
      this.unexpected('label matching', 'string');
    }
    const range = { start: name.range.start, end: this.lastEnd() };
    if (value && (op === '=~' || op === '!~')) {
      const { error } = checkRegex(value.value);
      if (error) this.problem(range, error);
    }
    return { range, name, op, opRange: rangeOf(opToken), value };
  }

  /** `expr[range]` or `expr[range:step]` / `expr[range:]`. */
  private rangeOrSubquery(target: Expr): Expr {
    const open = this.CONSUME(T.LBracket);
    const duration = this.positiveDuration('subquery or range selector');
    let step: Expr | null = null;
    let isSubquery = false;
    if (this.is(T.Colon)) {
      this.CONSUME(T.Colon);
      isSubquery = true;
      if (!this.is(T.RBracket)) step = this.positiveDuration('subquery selector');
    }
    this.expectClosing(T.RBracket, open, isSubquery ? 'subquery selector' : 'subquery or range');
    const bracketsRange = { start: open.startOffset, end: this.lastEnd() };
    const range = { start: target.range.start, end: this.lastEnd() };
    const modifiers = { offset: null, at: null, anchored: null, smoothed: null };
    if (isSubquery) return { kind: 'Subquery', range, expr: target, duration, step, bracketsRange, ...modifiers };
    if (target.kind !== 'VectorSelector') {
      if (target.kind !== 'Error') this.problem(bracketsRange, 'ranges only allowed for vector selectors');
    } else if (target.offset) {
      this.problem(bracketsRange, 'no offset modifiers allowed before range');
    } else if (target.at) {
      this.problem(bracketsRange, 'no @ modifiers allowed before range');
    }
    return { kind: 'MatrixSelector', range, selector: target, duration, bracketsRange, ...modifiers };
  }

  private offsetModifier(target: Expr): Expr {
    const keyword = this.CONSUME(T.Offset);
    const duration = this.offsetDuration();
    const range = { start: keyword.startOffset, end: this.lastEnd() };
    if (!hasModifiers(target)) {
      this.problem(target.range, 'offset modifier must be preceded by an instant vector selector or range vector selector or a subquery');
      return target;
    }
    if (target.offset) this.problem(target.range, 'offset may not be set multiple times');
    else target.offset = { range, duration };
    target.range = { start: target.range.start, end: range.end };
    return target;
  }

  private atModifier(target: Expr): Expr {
    const at = this.CONSUME(T.At);
    let modifier: AtModifier | null = null;
    let sign: IToken | null = null;
    if (this.is(T.Add) || this.is(T.Sub)) sign = this.CONSUME(this.LA(1).tokenType);
    if (this.is(T.Number) || this.is(T.Duration)) {
      const literal = this.numberLiteral(this.CONSUME(this.LA(1).tokenType));
      const signed = sign ? signedLiteral(sign, literal) : literal;
      const value = signed.value;
      const range = { start: at.startOffset, end: this.lastEnd() };
      if (!Number.isFinite(value) || Math.abs(value) >= 2 ** 63) {
        this.problem(target.range, `timestamp out of bounds for @ modifier: ${formatGoFloat(value)}`);
      }
      modifier = { range, timestamp: value, text: signed.text, preprocessor: null };
    } else if (!sign && (this.is(T.Start) || this.is(T.End)) && this.LA(2).tokenType === T.LParen) {
      const which = this.CONSUME(this.LA(1).tokenType);
      const open = this.CONSUME(T.LParen);
      this.expectClosing(T.RParen, open);
      modifier = { range: { start: at.startOffset, end: this.lastEnd() }, timestamp: null, text: null, preprocessor: which.tokenType === T.Start ? 'start' : 'end' };
    } else {
      this.unexpected('@', 'timestamp');
      return target;
    }
    if (!hasModifiers(target)) {
      this.problem(target.range, '@ modifier must be preceded by an instant vector selector or range vector selector or a subquery');
      return target;
    }
    if (target.at) this.problem(target.range, '@ <timestamp> may not be set multiple times');
    else target.at = modifier;
    target.range = { start: target.range.start, end: modifier.range.end };
    return target;
  }

  /** `anchored` / `smoothed` (extended range selectors). */
  private rangeKeyword(target: Expr): Expr {
    const token = this.CONSUME(this.LA(1).tokenType);
    const word = token.tokenType === T.Anchored ? 'anchored' : 'smoothed';
    const range = rangeOf(token);
    this.features.push({ feature: 'extended-range-selectors', range });
    if (target.kind === 'Subquery') {
      this.problem(target.range, `${word} modifier is not supported for subqueries`);
    } else if (target.kind === 'VectorSelector' || target.kind === 'MatrixSelector') {
      // Prometheus keeps both flags on the vector selector: written before or after the range, they meet there.
      const selector = target.kind === 'MatrixSelector' && target.selector.kind === 'VectorSelector' ? target.selector : null;
      const opposite = word === 'anchored' ? target.smoothed ?? selector?.smoothed : target.anchored ?? selector?.anchored;
      if (opposite) this.problem(target.range, 'anchored and smoothed modifiers cannot be used together');
      if (word === 'anchored') target.anchored = range;
      else target.smoothed = range;
      target.range = { start: target.range.start, end: range.end };
    } else if (target.kind !== 'Error') {
      this.problem(target.range, `${word} modifier not implemented`);
    }
    return target;
  }

  // ---- durations

  /** A duration inside `[…]` that must be greater than zero. */
  private positiveDuration(context: string): Expr {
    const duration = this.durationExpr(context);
    if (duration.kind === 'NumberLiteral' && duration.value <= 0) this.problem(duration.range, 'duration must be greater than 0');
    return duration;
  }

  /** Duration arithmetic, read with an operator stack like `expression`. */
  private durationExpr(context: string): Expr {
    const operands: Expr[] = [];
    const operators: { op: DurationExpr['op']; precedence: number; start: number; unary: boolean }[] = [];
    const reduceOne = (): void => {
      const top = operators.pop()!;
      const rhs = operands.pop()!;
      if (top.unary) {
        operands.push(negateDuration(top.op, top.start, rhs));
        return;
      }
      const lhs = operands.pop()!;
      operands.push({ kind: 'DurationExpr', range: { start: lhs.range.start, end: rhs.range.end }, op: top.op, lhs, rhs });
    };
    const readOperand = (): void => {
      while (this.is(T.Add) || this.is(T.Sub)) {
        const sign = this.CONSUME(this.LA(1).tokenType);
        operators.push({ op: sign.image as '+' | '-', precedence: UNARY_PRECEDENCE, start: sign.startOffset, unary: true });
      }
      operands.push(this.durationAtom(context));
    };
    const start = this.LA(1).startOffset;
    readOperand();
    for (;;) {
      const info = DURATION_OPERATORS.get(this.LA(1).tokenType);
      if (!info) break;
      const opToken = this.CONSUME(this.LA(1).tokenType);
      while (operators.length > 0) {
        const top = operators[operators.length - 1];
        if (top.precedence > info.precedence || (top.precedence === info.precedence && !info.rightAssociative)) reduceOne();
        else break;
      }
      operators.push({ op: info.op, precedence: info.precedence, start: opToken.startOffset, unary: false });
      readOperand();
      const rhs = operands[operands.length - 1];
      if ((info.op === '/' || info.op === '%') && rhs.kind === 'NumberLiteral' && rhs.value === 0) {
        this.problem(rangeOf(opToken), info.op === '/' ? 'division by zero' : 'modulo by zero');
      }
    }
    while (operators.length > 0) reduceOne();
    const result = operands[0];
    if (result.kind === 'DurationExpr' || result.kind === 'ParenExpr') {
      this.features.push({ feature: 'duration-expressions', range: { start, end: this.lastEnd() } });
    }
    return result;
  }

  private durationAtom(context: string): Expr {
    const token = this.LA(1);
    switch (token.tokenType) {
      case T.Number:
      case T.Duration: {
        const literal = this.numberLiteral(this.CONSUME(token.tokenType));
        if (Math.abs(literal.value) > MAX_DURATION_SECONDS) this.problem(literal.range, 'duration out of range');
        return literal;
      }
      case T.LParen: {
        if (this.nesting >= MAX_NESTING) return this.skipTooDeep();
        this.nesting++;
        try {
          const open = this.CONSUME(T.LParen);
          const inner = this.durationExpr(context);
          this.expectClosing(T.RParen, open);
          return { kind: 'ParenExpr', range: { start: open.startOffset, end: this.lastEnd() }, expr: inner };
        } finally {
          this.nesting--;
        }
      }
      case T.Step:
      case T.Range:
      case T.MinOf:
      case T.MaxOf:
        if (this.LA(2).tokenType === T.LParen) return this.durationFunction();
        break;
      case T.BadNumber:
        this.CONSUME(token.tokenType);
        this.problem(rangeOf(token), `bad number or duration syntax: "${token.image}"`);
        return { kind: 'Error', range: rangeOf(token) };
      case T.DurationWord:
        this.CONSUME(token.tokenType);
        this.problem(rangeOf(token), `unexpected character in duration expression: "${token.image}"`);
        return { kind: 'Error', range: rangeOf(token) };
    }
    this.unexpected(context, 'number, duration, step(), or range()');
    return this.errorAt(this.is(T.EOF) ? this.text.length : token.startOffset);
  }

  /** `step()`, `range()`, `min_of(a, b)`, `max_of(a, b)`. */
  private durationFunction(): Expr {
    const keyword = this.CONSUME(this.LA(1).tokenType);
    const open = this.CONSUME(T.LParen);
    const op = keyword.image.toLowerCase() as 'step' | 'range' | 'min_of' | 'max_of';
    let lhs: Expr | null = null;
    let rhs: Expr | null = null;
    if (op === 'min_of' || op === 'max_of') {
      lhs = this.durationExpr(op);
      if (this.expect(T.Comma, op)) rhs = this.durationExpr(op);
    }
    this.expectClosing(T.RParen, open);
    const range = { start: keyword.startOffset, end: this.lastEnd() };
    this.features.push({ feature: 'duration-expressions', range });
    return { kind: 'DurationExpr', range, op, lhs, rhs };
  }

  /** What may follow `offset`: one signed literal, parenthesised duration expression, or duration function. */
  private offsetDuration(): Expr {
    let sign: IToken | null = null;
    if (this.is(T.Add) || this.is(T.Sub)) sign = this.CONSUME(this.LA(1).tokenType);
    // `offset --5m`: further signs make a duration expression, as in Prometheus' grammar.
    if (sign && (this.is(T.Add) || this.is(T.Sub))) {
      const inner = this.offsetDuration();
      return negateDuration(sign.image as '+' | '-', sign.startOffset, inner);
    }
    if (!sign && !this.startsDurationAtom()) {
      this.unexpected('offset', 'number, duration, step(), or range()');
      return this.errorAt(this.is(T.EOF) ? this.text.length : this.LA(1).startOffset);
    }
    const atom = this.durationAtom('offset');
    if (!sign) return atom;
    if (atom.kind === 'NumberLiteral') return signedLiteral(sign, atom);
    return negateDuration(sign.image as '+' | '-', sign.startOffset, atom);
  }

  private startsDurationAtom(): boolean {
    const type = this.LA(1).tokenType;
    return type === T.Number || type === T.Duration || type === T.LParen ||
      ((type === T.Step || type === T.Range || type === T.MinOf || type === T.MaxOf) && this.LA(2).tokenType === T.LParen);
  }

  // ---- literals

  private numberLiteral(token: IToken): NumberLiteral {
    const range = rangeOf(token);
    if (token.tokenType === T.Duration) {
      const parsed = parseDuration(token.image);
      if ('error' in parsed) this.problem(range, parsed.error);
      return { kind: 'NumberLiteral', range, value: 'error' in parsed ? 0 : parsed.seconds, text: token.image, isDuration: true };
    }
    const error = numberError(token.image);
    if (error) this.problem(range, error);
    return { kind: 'NumberLiteral', range, value: parseNumber(token.image), text: token.image, isDuration: false };
  }

  private stringLiteral(token: IToken): StringLiteral {
    const range = rangeOf(token);
    if (token.tokenType === T.UnterminatedString) this.problem(range, unterminatedMessage(token));
    const { value, problems, lossy } = unquoteString(token.image);
    for (const p of problems) this.problem({ start: range.start + p.offset, end: range.start + p.offset + p.length }, p.message);
    return lossy ? { kind: 'StringLiteral', range, value, written: token.image } : { kind: 'StringLiteral', range, value };
  }

  private quotedName(token: IToken): Name {
    const { value, problems } = unquoteString(token.image);
    const start = token.startOffset;
    for (const p of problems) this.problem({ start: start + p.offset, end: start + p.offset + p.length }, p.message);
    return { range: rangeOf(token), value, quoted: true };
  }

  // ---- error handling

  /** The token `howMuch` after the last one taken (0: that one), or END_OF_INPUT outside the list. */
  private LA(howMuch: number): IToken {
    const at = this.taken + howMuch;
    return at >= 0 && at < this.tokens.length ? this.tokens[at] : END_OF_INPUT;
  }

  /**
   * Takes the next token, which the caller has seen is of `type`: a rule looks before it takes, so a
   * token of another type is a bug of this parser, not of the text.
   */
  private CONSUME(type: TokenType): IToken {
    const token = this.LA(1);
    if (token.tokenType !== type) throw new Error(`PromQL parser: took ${describe(token)} for ${type.name}`);
    this.taken++;
    return token;
  }

  private is(type: TokenType): boolean {
    return this.LA(1).tokenType === type;
  }

  /** Consumes `type` if it is next; otherwise records what was expected and returns null. */
  private expect(type: TokenType, context: string): IToken | null {
    if (this.is(type)) return this.CONSUME(type);
    this.unexpected(context, type.LABEL ?? type.name);
    return null;
  }

  /** Consumes the closing token of `open`, or reports it missing and skips to it when it comes later. */
  private expectClosing(type: TokenType, open: IToken | null, context?: string): void {
    if (this.is(type)) {
      this.CONSUME(type);
      return;
    }
    if (this.is(T.EOF)) {
      const what = type === T.RParen ? 'parenthesis' : type === T.RBracket ? 'bracket' : 'brace';
      // "unclosed left parenthesis" says it all: drop the "unexpected end of input" reported just before.
      const last = this.problems[this.problems.length - 1];
      if (last && last.range.start === this.text.length && last.message.startsWith('unexpected end of input')) this.problems.pop();
      this.problem(open ? rangeOf(open) : this.eofRange(), `unclosed left ${what}`);
      return;
    }
    this.unexpected(context ?? 'expression', type.LABEL ?? type.name);
    if (this.skipUntil(type)) this.CONSUME(type);
  }

  /**
   * Skips tokens up to (not including) the first of `types` at the current nesting, or to the end.
   * Returns whether one of `types` was reached.
   */
  private skipUntil(...types: TokenType[]): boolean {
    let depth = 0;
    for (;;) {
      const type = this.LA(1).tokenType;
      if (type === T.EOF) return false;
      if (depth === 0 && types.includes(type)) return true;
      if (type === T.LParen || type === T.LBrace || type === T.LBracket) depth++;
      else if (type === T.RParen || type === T.RBrace || type === T.RBracket) {
        if (depth === 0) return false;
        depth--;
      }
      this.CONSUME(type);
    }
  }

  /** Past MAX_NESTING: one error, and the rest of this nesting level becomes an error node. */
  private skipTooDeep(): Expr {
    const start = this.LA(1).startOffset;
    const at = Number.isNaN(start) ? this.text.length : start;
    this.problem({ start: at, end: Math.min(at + 1, this.text.length) }, `expression nests more than ${MAX_NESTING} levels deep; simplify it`);
    this.skipUntil(T.Comma);
    return { kind: 'Error', range: { start: at, end: Math.max(at, this.lastEnd()) } };
  }

  private unexpected(context: string, expected: string): void {
    const token = this.LA(1);
    const range = token.tokenType === T.EOF ? this.eofRange() : rangeOf(token);
    const found = token.tokenType === T.EOF ? 'end of input' : describe(token);
    this.problem(range, `unexpected ${found} in ${context}, expected ${expected}`);
  }

  private problem(range: TextRange, message: string, unknownFunction?: string): void {
    const last = this.problems[this.problems.length - 1];
    if (last && last.range.start === range.start && last.range.end === range.end) return; // one problem per place
    this.problems.push(unknownFunction === undefined ? { range, message } : { range, message, unknownFunction });
  }

  private eofRange(): TextRange {
    return { start: this.text.length, end: this.text.length };
  }

  private errorAt(offset: number): Expr {
    return { kind: 'Error', range: { start: offset, end: offset } };
  }

  /** End offset of the last consumed token. */
  private lastEnd(): number {
    const last = this.LA(0);
    return last && !Number.isNaN(last.startOffset) ? last.startOffset + last.image.length : 0;
  }
}

// ---- helpers of the operator-stack reading

function reduce(operands: Expr[], operators: PendingOperator[]): void {
  const top = operators.pop()!;
  const rhs = operands.pop()!;
  if (top.unary) {
    operands.push({ kind: 'UnaryExpr', range: { start: top.start, end: rhs.range.end }, op: top.op, expr: rhs });
    return;
  }
  const lhs = operands.pop()!;
  const node: BinaryExpr = {
    kind: 'BinaryExpr',
    range: { start: lhs.range.start, end: rhs.range.end },
    op: top.info.op,
    opRange: top.opRange,
    lhs,
    rhs,
    returnBool: top.returnBool,
    matching: top.matching,
  };
  operands.push(node);
}

/** Error nodes sit where the missing part was expected, which can be after the parent's last token: stretch parents over their children. */
function coverChildren(root: Expr): void {
  forEachPostOrder(root, (node) => {
    // Only a parse with problems comes here (parse): an array of children per node costs nothing worth saving.
    for (const child of childrenOf(node)) {
      if (child.range.end > node.range.end || child.range.start < node.range.start) {
        node.range = { start: Math.min(node.range.start, child.range.start), end: Math.max(node.range.end, child.range.end) };
      }
    }
  });
}

function negateDuration(op: DurationExpr['op'], start: number, operand: Expr): Expr {
  if (op === '+') return operand;
  if (operand.kind === 'NumberLiteral') {
    return { ...operand, range: { start, end: operand.range.end }, value: -operand.value, text: `-${operand.text}` };
  }
  return { kind: 'DurationExpr', range: { start, end: operand.range.end }, op: '-', lhs: null, rhs: operand };
}

function signedLiteral(sign: IToken, literal: NumberLiteral): NumberLiteral {
  const negative = sign.image === '-';
  return {
    ...literal,
    range: { start: sign.startOffset, end: literal.range.end },
    value: negative ? -literal.value : literal.value,
    text: `${sign.image}${literal.text}`,
  };
}

function hasModifiers(expr: Expr): expr is Extract<Expr, { offset: unknown }> {
  return expr.kind === 'VectorSelector' || expr.kind === 'MatrixSelector' || expr.kind === 'Subquery';
}

/** A number as Go's strconv reads PromQL numbers: decimal, hex, exponent, `_` separators, Inf, NaN. */
export function parseNumber(text: string): number {
  const lower = text.toLowerCase();
  if (lower === 'inf' || lower === '+inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  if (lower === 'nan') return NaN;
  const clean = text.replace(/_/g, '');
  if (/^0[xX]/.test(clean)) return parseInt(clean.slice(2), 16);
  // Go's ParseInt with base 0 reads a leading 0 as octal.
  if (/^0[0-7]+$/.test(clean)) return parseInt(clean.slice(1), 8);
  return Number(clean);
}

/** Why Go's strconv would refuse the number, or null. */
function numberError(text: string): string | null {
  const clean = text.replace(/_/g, '');
  if (/^0[xX]/.test(clean)) return BigInt(`0x${clean.slice(2)}`) >= 2n ** 63n ? `error parsing number: strconv.ParseFloat: parsing "${text}": invalid syntax` : null;
  if (/^(inf|nan|\+inf|-inf)$/i.test(clean)) return null;
  return Number.isFinite(Number(clean)) ? null : `error parsing number: strconv.ParseFloat: parsing "${text}": value out of range`;
}

function formatGoFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return value.toFixed(6);
}

function unterminatedMessage(token: IToken): string {
  return token.image.startsWith('`') ? 'unterminated raw string' : 'unterminated quoted string';
}

function rangeOf(token: IToken): TextRange {
  return { start: token.startOffset, end: token.startOffset + token.image.length };
}

function describe(token: IToken): string {
  const type = token.tokenType;
  const image = token.image.length > 40 ? `${token.image.slice(0, 40)}…` : token.image;
  if (type === T.Identifier || type === T.MetricIdentifier || type === T.LabelName || type === T.DurationWord) return `identifier "${image}"`;
  if (type === T.Number || type === T.Duration || type === T.BadNumber) return `number "${image}"`;
  if (type === T.String || type === T.UnterminatedString) return `string ${image}`;
  return `"${image}"`;
}

/**
 * The items of a list the parser pushed to, in an array of their number: V8 gives an array its
 * first push room for 16, and the tree keeps these arrays (a rule file of 10,000 expressions holds
 * 30,000 of them, 3 MB of empty slots for the collector to copy).
 */
function exactly<T>(items: T[]): T[] {
  return items.length === 0 ? items : items.slice();
}

// One parser instance for the process, which each parse resets (begin).
let shared: PromQLParser | undefined;

/** Parses PromQL text into a tree. Never throws; problems come back with their ranges. */
export function parse(text: string): ParseResult {
  const lexed = lex(text);
  const parser = (shared ??= new PromQLParser());
  parser.begin(text, lexed.tokens);
  let expr: Expr;
  let problems: SyntaxProblem[];
  let features: FeatureUse[];
  try {
    expr = parser.query();
    problems = parser.takeProblems();
    features = parser.takeFeatures();
  } catch (error) {
    // Only a stack overflow in a caller that was already deep can land here; say so instead of crashing.
    if (!(error instanceof RangeError)) throw error;
    expr = { kind: 'Error', range: { start: 0, end: text.length } };
    problems = [{ range: { start: 0, end: text.length }, message: 'expression too deeply nested to analyse' }];
    features = [];
    shared = undefined;
  }
  const all = lexed.problems.length > 0 ? [...lexed.problems, ...problems] : problems;
  // Only a parse with problems has error nodes, or parts missing after which a parent ends early.
  if (all.length > 0) coverChildren(expr);
  all.sort((x, y) => x.range.start - y.range.start);
  return { expr, problems: all, comments: lexed.comments, features };
}
