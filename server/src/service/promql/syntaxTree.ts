import type { PromQLFunction } from './functions';

/*
 * The PromQL syntax tree. Every node carries its range: offsets into the parsed text, end exclusive,
 * counted in UTF-16 code units as JavaScript strings (and LSP positions) are.
 *
 * The parser always returns a tree. Where input is missing or broken, the tree holds an `Error`
 * node (for a missing expression) or `null` (for a missing part of a node, typed so), and the
 * problem is reported separately with its range.
 */

export interface TextRange {
  readonly start: number;
  readonly end: number;
}

export type Expr =
  | NumberLiteral
  | StringLiteral
  | VectorSelector
  | MatrixSelector
  | Subquery
  | ParenExpr
  | Call
  | Aggregation
  | BinaryExpr
  | UnaryExpr
  | DurationExpr
  | ErrorExpr;

export interface NumberLiteral {
  readonly kind: 'NumberLiteral';
  range: TextRange;
  /** Seconds for a duration (`5m` is 300), the number's value otherwise. */
  readonly value: number;
  /** The text as written (`0x1F`, `1h30m`, `Inf`), kept so that printing preserves the author's spelling. */
  readonly text: string;
  readonly isDuration: boolean;
}

export interface StringLiteral {
  readonly kind: 'StringLiteral';
  range: TextRange;
  /** The unquoted value. */
  readonly value: string;
  /** The literal as written, kept when its byte escapes are not UTF-8 (the value cannot be printed back). */
  readonly written?: string;
}

/** A name as written: a label name, or a metric name inside braces, maybe quoted (`"http.server.duration"`). */
export interface Name {
  readonly range: TextRange;
  readonly value: string;
  readonly quoted: boolean;
}

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  readonly range: TextRange;
  /** Null only when a name was expected but something else stood there. */
  readonly name: Name | null;
  /** Null for the bare quoted metric name form `{"metric.name"}`, or when the operator is missing. */
  readonly op: MatchOp | null;
  readonly opRange: TextRange | null;
  readonly value: StringLiteral | null;
}

/** `@ 1609746000`, `@ start()`, `@ end()`. */
export interface AtModifier {
  readonly range: TextRange;
  readonly timestamp: number | null;
  /** The timestamp as written (sign included), null for start()/end(). */
  readonly text: string | null;
  readonly preprocessor: 'start' | 'end' | null;
}

/** `offset 5m`, `offset -1h`, `offset step()`. */
export interface OffsetModifier {
  readonly range: TextRange;
  readonly duration: Expr;
}

/** Modifiers that Prometheus allows after vector selectors, range selectors and subqueries. */
export interface Modifiers {
  offset: OffsetModifier | null;
  at: AtModifier | null;
  /** Range of the `anchored` keyword (extended range selectors). */
  anchored: TextRange | null;
  /** Range of the `smoothed` keyword (extended range selectors). */
  smoothed: TextRange | null;
}

export interface VectorSelector extends Modifiers {
  readonly kind: 'VectorSelector';
  range: TextRange;
  /** The metric name written before the braces, if any. */
  readonly name: Name | null;
  readonly matchers: LabelMatcher[];
  /** Range of `{…}`, null when there are no braces. */
  readonly bracesRange: TextRange | null;
}

export interface MatrixSelector extends Modifiers {
  readonly kind: 'MatrixSelector';
  range: TextRange;
  readonly selector: Expr;
  /** The range inside `[…]`: a duration literal or a duration expression. */
  readonly duration: Expr;
  readonly bracketsRange: TextRange;
}

export interface Subquery extends Modifiers {
  readonly kind: 'Subquery';
  range: TextRange;
  readonly expr: Expr;
  readonly duration: Expr;
  /** Null for `[1h:]`. */
  readonly step: Expr | null;
  readonly bracketsRange: TextRange;
}

export interface ParenExpr {
  readonly kind: 'ParenExpr';
  range: TextRange;
  readonly expr: Expr;
}

export interface Call {
  readonly kind: 'Call';
  range: TextRange;
  readonly name: string;
  readonly nameRange: TextRange;
  /** Undefined for a function Prometheus does not know. */
  readonly func: PromQLFunction | undefined;
  readonly args: Expr[];
  /** From `(` to `)`, or to the end of what was parsed when `)` is missing. */
  readonly argsRange: TextRange;
}

export interface Grouping {
  readonly range: TextRange;
  readonly keyword: 'by' | 'without';
  readonly labels: Name[];
  /** Range of `(…)`, null when the list is missing. */
  readonly listRange: TextRange | null;
}

export interface Aggregation {
  readonly kind: 'Aggregation';
  range: TextRange;
  /** Lower case: `sum`, `topk`, `count_values`, … */
  readonly op: string;
  readonly opRange: TextRange;
  readonly grouping: Grouping | null;
  /** True for `sum by (job) (x)`, false for `sum(x) by (job)`. */
  readonly groupingFirst: boolean;
  /** `[param, expr]` for aggregations with a parameter (`topk(5, x)`), `[expr]` otherwise, as written. */
  readonly args: Expr[];
  readonly argsRange: TextRange;
}

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | '^' | 'atan2';
export type ComparisonOp = '==' | '!=' | '>' | '<' | '>=' | '<=';
export type SetOp = 'and' | 'or' | 'unless';
export type TrimOp = '</' | '>/';
export type BinaryOp = ArithmeticOp | ComparisonOp | SetOp | TrimOp;

export interface FillClause {
  readonly range: TextRange;
  readonly side: 'both' | 'left' | 'right';
  readonly value: NumberLiteral | null;
}

export interface VectorMatching {
  readonly range: TextRange;
  /** `on (…)` or `ignoring (…)`; null when neither is written. */
  readonly matchingKeyword: 'on' | 'ignoring' | null;
  readonly matchingLabels: Name[];
  readonly groupSide: 'left' | 'right' | null;
  /** Labels listed after `group_left`/`group_right`; null when no list was written. */
  readonly include: Name[] | null;
  readonly fill: FillClause[];
}

export interface BinaryExpr {
  readonly kind: 'BinaryExpr';
  range: TextRange;
  readonly op: BinaryOp;
  readonly opRange: TextRange;
  readonly lhs: Expr;
  readonly rhs: Expr;
  readonly returnBool: boolean;
  /** Null when the operator carries no `on`/`ignoring`/`group_*`/`fill*` modifier. */
  readonly matching: VectorMatching | null;
}

export interface UnaryExpr {
  readonly kind: 'UnaryExpr';
  range: TextRange;
  readonly op: '+' | '-';
  readonly expr: Expr;
}

/** Duration arithmetic (`[5m * 2]`) and the duration functions `step()`, `range()`, `min_of()`, `max_of()`. */
export interface DurationExpr {
  readonly kind: 'DurationExpr';
  range: TextRange;
  readonly op: '+' | '-' | '*' | '/' | '%' | '^' | 'step' | 'range' | 'min_of' | 'max_of';
  /** Null for unary signs and for `step()`/`range()`. */
  readonly lhs: Expr | null;
  /** Null for `step()`/`range()`. */
  readonly rhs: Expr | null;
}

/** Stands where an expression was expected but none could be read. */
export interface ErrorExpr {
  readonly kind: 'Error';
  range: TextRange;
}

/** The direct sub-expressions of a node, in source order. */
export function childrenOf(node: Expr): Expr[] {
  const children: Expr[] = [];
  pushChildren(node, children);
  return children;
}

/**
 * Pushes a node's direct sub-expressions onto `stack` in source order and returns how many: the one
 * place that knows each kind's children, read with one switch on the node's kind. The
 * walks below run cold in a check (1,260 expressions walked five times each in an ordinary
 * repository), where V8's interpreter runs each switch case by case.
 */
function pushChildren(node: Expr, stack: Expr[]): number {
  switch (node.kind) {
    case 'BinaryExpr':
      stack.push(node.lhs, node.rhs);
      return 2;
    case 'Call':
    case 'Aggregation': {
      // An index, not for…of: cold, each step of an array's iterator allocates its result.
      const args = node.args;
      for (let i = 0; i < args.length; i++) stack.push(args[i]);
      return args.length;
    }
    case 'VectorSelector':
      if (!node.offset) return 0;
      stack.push(node.offset.duration);
      return 1;
    case 'ParenExpr':
    case 'UnaryExpr':
      stack.push(node.expr);
      return 1;
    case 'MatrixSelector':
      stack.push(node.selector, node.duration);
      if (!node.offset) return 2;
      stack.push(node.offset.duration);
      return 3;
    case 'Subquery': {
      const before = stack.length;
      stack.push(node.expr, node.duration);
      if (node.step) stack.push(node.step);
      if (node.offset) stack.push(node.offset.duration);
      return stack.length - before;
    }
    case 'DurationExpr': {
      const before = stack.length;
      if (node.lhs) stack.push(node.lhs);
      if (node.rhs) stack.push(node.rhs);
      return stack.length - before;
    }
    default:
      return 0;
  }
}

/**
 * Visits every node after its children, without recursion: trees can be deep (a 10,000-term binary
 * chain is 10,000 levels) and the JavaScript stack is not. The nodes are listed first, each before
 * its children and those last first, and visited from the end of that list.
 */
export function forEachPostOrder(root: Expr, visit: (node: Expr) => void): void {
  const order: Expr[] = [];
  const stack: Expr[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    order.push(node);
    pushChildren(node, stack);
  }
  for (let i = order.length - 1; i >= 0; i--) visit(order[i]);
}

/** Visits every node before its children (document order), without recursion. */
export function forEachPreOrder(root: Expr, visit: (node: Expr, parent: Expr | null) => void): void {
  const nodes: Expr[] = [root];
  const parents: (Expr | null)[] = [null];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    visit(node, parents.pop() as Expr | null);
    const before = nodes.length;
    const count = pushChildren(node, nodes);
    if (count > 1) reverseFrom(nodes, before);
    for (let i = 0; i < count; i++) parents.push(node);
  }
}

/** Reverses the items of `items` from `start` on, in place. */
function reverseFrom(items: Expr[], start: number): void {
  for (let i = start, j = items.length - 1; i < j; i++, j--) {
    const item = items[i];
    items[i] = items[j];
    items[j] = item;
  }
}

/** The innermost node whose range contains `offset` (an end offset counts as inside). */
export function nodeAt(root: Expr, offset: number): Expr | null {
  let found: Expr | null = null;
  let current: Expr | null = root;
  while (current) {
    if (offset < current.range.start || offset > current.range.end) break;
    found = current;
    current = childrenOf(current).find((c) => offset >= c.range.start && offset <= c.range.end) ?? null;
  }
  return found;
}
