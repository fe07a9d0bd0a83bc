import type { IToken, TokenType } from 'chevrotain';
import { AGGREGATIONS } from './aggregations';
import { FUNCTIONS } from './functions';
import { lex } from './lexer';
import { forEachPreOrder, type Expr, type TextRange } from './syntaxTree';
import {
  Bool, By, Comma, EqlRegex, Eql, GroupLeft, GroupRight, Identifier, Ignoring, LabelName, LBrace, LBracket, LParen,
  MetricIdentifier, NeqRegex, Neq, NestedLBrace, NestedLBracket, Number as NumberToken, On, RBrace, RBracket, RParen,
  String as StringToken, StrayRBrace, StrayRBracket, UnterminatedString, Without, Duration, Offset, At,
} from './tokens';

/*
 * What may be written at the cursor of a PromQL expression, for completion and signature help.
 *
 * Read from the tokens before the cursor with a stack of open brackets, not from the syntax tree:
 * the text being typed is almost always incomplete, and the tokens of `sum by (jo` say exactly
 * where the cursor is even where no tree could. The tree (of the whole text) is consulted only to
 * know which metrics a `by (…)` or `on (…)` list acts on.
 */

export type CompletionContext =
  /** Where an expression starts: metric names, functions, aggregations. */
  | { readonly kind: 'expression'; readonly word: TextRange; readonly afterBinaryOperator: boolean }
  /** After a complete expression: binary operators and keywords. */
  | { readonly kind: 'operator'; readonly word: TextRange; readonly afterAggregation: boolean; readonly afterRange: boolean }
  /** A label name inside `{…}`; `metric` when the selector names one. */
  | { readonly kind: 'labelName'; readonly word: TextRange; readonly metric: string | undefined; readonly used: readonly string[] }
  /** A label value after a matcher operator. `quote` is the open quote the user typed, if any; `closed` whether it is closed after the cursor. */
  | {
    readonly kind: 'labelValue'; readonly word: TextRange; readonly metric: string | undefined; readonly label: string;
    readonly quote: string | null; readonly closed: boolean; readonly typed: string;
  }
  /** A label name in `by (…)`, `without (…)`, `on (…)`, `ignoring (…)`, `group_left (…)`, `group_right (…)`. */
  | { readonly kind: 'groupingLabel'; readonly word: TextRange; readonly metrics: readonly string[]; readonly used: readonly string[] }
  /** Inside `[…]`. */
  | { readonly kind: 'duration'; readonly word: TextRange }
  /** After `@`: a Unix timestamp, `start()` or `end()`. */
  | { readonly kind: 'atModifier'; readonly word: TextRange }
  | { readonly kind: 'none' };

/** The function or aggregation call around the cursor, for signature help. */
export interface EnclosingCall {
  readonly name: string;
  readonly kind: 'function' | 'aggregation';
  /** Index of the argument the cursor is in. */
  readonly argument: number;
  readonly nameRange: TextRange;
}

interface Open {
  readonly token: IToken;
  /** The token before the bracket, if any. */
  readonly before: IToken | undefined;
  /** Commas seen at this level. */
  commas: number;
  /** Index of the bracket in the token list. */
  readonly index: number;
}

const GROUPING_KEYWORDS = new Set<TokenType>([By, Without, On, Ignoring, GroupLeft, GroupRight]);
const MATCH_OPERATORS = new Set<TokenType>([Eql, Neq, EqlRegex, NeqRegex]);
const OPERAND_ENDS = new Set<TokenType>([Identifier, MetricIdentifier, NumberToken, Duration, StringToken, RParen, RBrace, RBracket]);

/** Characters of the word the cursor is in or after. */
function wordStartBefore(text: string, offset: number): number {
  let start = offset;
  while (start > 0 && /[A-Za-z0-9_:]/.test(text[start - 1])) start--;
  return start;
}

function openBrackets(tokens: readonly IToken[]): Open[] {
  const stack: Open[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i].tokenType;
    if (t === LParen || t === LBrace || t === NestedLBrace || t === LBracket || t === NestedLBracket) {
      stack.push({ token: tokens[i], before: tokens[i - 1], commas: 0, index: i });
    } else if (t === RParen || t === RBrace || t === RBracket || t === StrayRBrace || t === StrayRBracket) {
      stack.pop();
    } else if (t === Comma && stack.length > 0) {
      stack[stack.length - 1].commas++;
    }
  }
  return stack;
}

export function completionContextAt(text: string, offset: number, expr: Expr | null): CompletionContext {
  const wordStart = wordStartBefore(text, offset);
  const word = { start: wordStart, end: offset };
  const { tokens, comments } = lex(text.slice(0, wordStart));
  const last = tokens[tokens.length - 1];
  // A comment runs to the end of its line: one that reaches the word holds the cursor.
  const comment = comments[comments.length - 1];
  if (comment && comment.startOffset + comment.image.length === wordStart) return { kind: 'none' };

  // Inside a string being typed (the value so far may include word characters): a label value, or nothing outside braces.
  if (last && last.tokenType === UnterminatedString) return stringContext(text, offset, tokens, last);

  const stack = openBrackets(tokens);
  const top = stack[stack.length - 1];
  if (top && (top.token.tokenType === LBrace || top.token.tokenType === NestedLBrace)) {
    const metric = selectorMetric(tokens, top);
    if (last && MATCH_OPERATORS.has(last.tokenType)) {
      const label = tokens[tokens.length - 2];
      if (label && label.tokenType === LabelName) {
        return { kind: 'labelValue', word, metric, label: label.image, quote: null, closed: false, typed: text.slice(wordStart, offset) };
      }
      return { kind: 'none' };
    }
    if (last === top.token || last?.tokenType === Comma) {
      return { kind: 'labelName', word, metric, used: usedLabels(tokens, top) };
    }
    return { kind: 'none' };
  }
  if (top && (top.token.tokenType === LBracket || top.token.tokenType === NestedLBracket)) {
    // `[1h:|`: the colon of a subquery is no part of the word.
    const colon = text.lastIndexOf(':', offset - 1);
    return { kind: 'duration', word: colon >= wordStart ? { start: colon + 1, end: offset } : word };
  }
  if (top && top.token.tokenType === LParen && top.before && GROUPING_KEYWORDS.has(top.before.tokenType)) {
    if (last !== top.token && last?.tokenType !== Comma) return { kind: 'none' };
    return { kind: 'groupingLabel', word, metrics: groupedMetrics(expr, top.token.startOffset), used: listedLabels(tokens, top) };
  }
  if (last && last.tokenType === RParen) {
    // `a + on(job) |` continues with an operand (or group_left); `sum by (job) |` with the aggregated expression's `(`.
    const keyword = keywordBeforeList(tokens);
    if (keyword === On || keyword === Ignoring || keyword === GroupLeft || keyword === GroupRight) return { kind: 'expression', word, afterBinaryOperator: true };
    if (keyword === By || keyword === Without) return { kind: 'none' };
  }
  if (last && OPERAND_ENDS.has(last.tokenType)) {
    return { kind: 'operator', word, afterAggregation: last.tokenType === RParen && closesAggregation(tokens), afterRange: last.tokenType === RBracket };
  }
  if (last && last.tokenType === At) return { kind: 'atModifier', word };
  if (last && last.tokenType === Offset) return { kind: 'none' };
  const afterBinaryOperator = last !== undefined && last.tokenType !== LParen && last.tokenType !== Comma && !GROUPING_KEYWORDS.has(last.tokenType);
  return { kind: 'expression', word, afterBinaryOperator: afterBinaryOperator || (last?.tokenType === Bool) };
}

function stringContext(text: string, offset: number, tokens: readonly IToken[], string: IToken): CompletionContext {
  const stack = openBrackets(tokens.slice(0, -1));
  const top = stack[stack.length - 1];
  const operator = tokens[tokens.length - 2];
  const label = tokens[tokens.length - 3];
  if (!top || (top.token.tokenType !== LBrace && top.token.tokenType !== NestedLBrace)) return { kind: 'none' };
  if (!operator || !MATCH_OPERATORS.has(operator.tokenType) || !label || label.tokenType !== LabelName) return { kind: 'none' };
  const quote = string.image[0];
  const valueStart = string.startOffset + 1;
  return {
    kind: 'labelValue',
    word: { start: valueStart, end: offset },
    metric: selectorMetric(tokens, top),
    label: label.image,
    quote,
    closed: text[offset] === quote,
    typed: text.slice(valueStart, offset),
  };
}

/** The metric a selector names: before its braces, or in a `__name__` matcher or a quoted name inside. */
function selectorMetric(tokens: readonly IToken[], open: Open): string | undefined {
  const before = open.before;
  if (before && (before.tokenType === Identifier || before.tokenType === MetricIdentifier)) return before.image;
  for (let i = open.index + 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.tokenType === RBrace) break;
    if (t.tokenType === LabelName && t.image === '__name__' && tokens[i + 1]?.tokenType === Eql && tokens[i + 2]?.tokenType === StringToken) {
      return unquote(tokens[i + 2].image);
    }
    if (t.tokenType === StringToken && (tokens[i - 1] === open.token || tokens[i - 1]?.tokenType === Comma)
      && !MATCH_OPERATORS.has(tokens[i + 1]?.tokenType as TokenType)) {
      return unquote(t.image);
    }
  }
  return undefined;
}

function unquote(image: string): string {
  const body = image.slice(1, -1);
  return image[0] === '`' ? body : body.replace(/\\(.)/g, '$1');
}

/** Label names already matched in this selector (a label is rarely matched twice). */
function usedLabels(tokens: readonly IToken[], open: Open): string[] {
  const used: string[] = [];
  for (let i = open.index + 1; i < tokens.length; i++) {
    if (tokens[i].tokenType === LabelName && MATCH_OPERATORS.has(tokens[i + 1]?.tokenType as TokenType)) used.push(tokens[i].image);
  }
  return used;
}

/** Labels already listed in a `by (…)` list. */
function listedLabels(tokens: readonly IToken[], open: Open): string[] {
  const listed: string[] = [];
  for (let i = open.index + 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.tokenType !== Comma && t.tokenType !== RParen) listed.push(t.image);
  }
  return listed;
}

/** The keyword before the parenthesised list that the final `)` closes, if any. */
function keywordBeforeList(tokens: readonly IToken[]): TokenType | undefined {
  let depth = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i].tokenType;
    if (t === RParen) depth++;
    else if (t === LParen && --depth === 0) return tokens[i - 1]?.tokenType;
  }
  return undefined;
}

/** Whether the `)` at the end of the tokens closes an aggregation's arguments (`sum(x) |` may continue with `by`). */
function closesAggregation(tokens: readonly IToken[]): boolean {
  let depth = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i].tokenType;
    if (t === RParen) depth++;
    else if (t === LParen && --depth === 0) {
      const name = tokens[i - 1]?.image.toLowerCase();
      return name !== undefined && AGGREGATIONS.has(name);
    }
  }
  return false;
}

/**
 * The metric names of the expression a grouping list acts on: the aggregated expression for
 * `by`/`without`, both operands for `on`/`ignoring`/`group_*`.
 */
function groupedMetrics(expr: Expr | null, listStart: number): string[] {
  if (!expr) return [];
  let target: Expr[] = [];
  forEachPreOrder(expr, (node) => {
    if (node.kind === 'Aggregation' && node.grouping?.listRange && node.grouping.listRange.start === listStart) target = node.args;
    else if (node.kind === 'BinaryExpr' && node.matching && contains(node.matching.range, listStart)) target = [node.lhs, node.rhs];
  });
  const names = new Set<string>();
  for (const root of target) {
    forEachPreOrder(root, (node) => {
      if (node.kind === 'VectorSelector') {
        const name = node.name?.value ?? node.matchers.find((m) => m.name?.value === '__name__' && m.op === '=')?.value?.value
          ?? node.matchers.find((m) => m.op === null && m.name)?.name?.value;
        if (name) names.add(name);
      }
    });
  }
  return [...names];
}

function contains(range: TextRange, offset: number): boolean {
  return offset >= range.start && offset <= range.end;
}

/** The innermost function or aggregation call whose parentheses hold the cursor. */
export function enclosingCallAt(text: string, offset: number): EnclosingCall | null {
  const { tokens } = lex(text.slice(0, offset));
  const stack = openBrackets(tokens);
  for (let i = stack.length - 1; i >= 0; i--) {
    const open = stack[i];
    if (open.token.tokenType !== LParen) continue;
    let nameToken = open.before;
    // `sum by (job) (` : the aggregation's name stands before the grouping.
    if (nameToken?.tokenType === RParen) {
      const groupOpen = tokens.slice(0, open.index - 1).map((t, k) => ({ t, k })).reverse().find(({ t }) => t.tokenType === LParen);
      const keyword = groupOpen ? tokens[groupOpen.k - 1] : undefined;
      if (keyword && (keyword.tokenType === By || keyword.tokenType === Without)) nameToken = tokens[groupOpen!.k - 2];
    }
    if (!nameToken) return null;
    if (GROUPING_KEYWORDS.has(nameToken.tokenType)) continue;
    const name = nameToken.image.toLowerCase();
    const nameRange = { start: nameToken.startOffset, end: nameToken.startOffset + nameToken.image.length };
    if (AGGREGATIONS.has(name)) return { name, kind: 'aggregation', argument: open.commas, nameRange };
    if (FUNCTIONS.has(nameToken.image)) return { name: nameToken.image, kind: 'function', argument: open.commas, nameRange };
    return null;
  }
  return null;
}
