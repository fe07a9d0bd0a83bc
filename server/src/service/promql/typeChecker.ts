import { AGGREGATIONS } from './aggregations';
import { matchesEmpty } from './regexSyntax';
import { forEachPostOrder, forEachPreOrder, type BinaryExpr, type Call, type Expr, type TextRange, type VectorSelector } from './syntaxTree';
import { documentedType, type ValueType } from './valueType';

/*
 * The type checker: the value type of every node, and Prometheus' static rules (checkAST in its
 * parser) with messages worded as Prometheus words them. It walks the tree bottom-up without
 * recursion, so any tree the parser returns can be checked.
 */

/** `unknown` stands for a node whose type cannot be known (an error node, an unknown function): no error is derived from it. */
export type CheckedType = ValueType | 'unknown';

export interface TypeProblem {
  readonly range: TextRange;
  readonly message: string;
}

export interface TypeCheckResult {
  readonly types: ReadonlyMap<Expr, CheckedType>;
  readonly problems: TypeProblem[];
  /** Experimental functions and aggregations used, by name, with their ranges. */
  readonly experimentalCalls: { readonly name: string; readonly range: TextRange }[];
}

const COMPARISON_OPS = new Set(['==', '!=', '>', '<', '>=', '<=']);
const SET_OPS = new Set(['and', 'or', 'unless']);

/** `text`, when given, is the expression's source: without the word `info` it calls no info(), and one walk of the tree is saved. */
export function checkTypes(root: Expr, text?: string): TypeCheckResult {
  const types = new Map<Expr, CheckedType>();
  const problems: TypeProblem[] = [];
  const experimentalCalls: { name: string; range: TextRange }[] = [];
  const typeOf = (node: Expr): CheckedType => types.get(node) ?? 'unknown';
  const reported = new Set<string>();
  const report = (range: TextRange, message: string): void => {
    // One report per place and message (`on(x,x,…) group_left(x,x,…)` would otherwise give n² of them).
    const key = `${range.start}:${range.end}:${message}`;
    if (reported.has(key)) return;
    reported.add(key);
    problems.push({ range, message });
  };
  const expectType = (node: Expr, want: ValueType, context: string): void => {
    const got = typeOf(node);
    if (got !== 'unknown' && got !== want) {
      report(node.range, `expected type ${documentedType(want)} in ${context}, got ${documentedType(got)}`);
    }
  };

  // info()'s second argument selects by labels only: the non-empty-matcher rule does not apply to it.
  const labelOnlySelectors = new Set<Expr>();
  if (text === undefined || text.includes('info')) {
    forEachPreOrder(root, (node) => {
      if (node.kind === 'Call' && node.name === 'info' && node.args.length > 1) labelOnlySelectors.add(node.args[1]);
    });
  }

  forEachPostOrder(root, (node) => {
    switch (node.kind) {
      case 'NumberLiteral':
      case 'DurationExpr':
        types.set(node, 'scalar');
        break;
      case 'StringLiteral':
        types.set(node, 'string');
        break;
      case 'VectorSelector':
        types.set(node, 'vector');
        break;
      case 'MatrixSelector':
        types.set(node, 'matrix');
        break;
      case 'Subquery': {
        types.set(node, 'matrix');
        const inner = typeOf(node.expr);
        if (inner !== 'unknown' && inner !== 'vector') {
          report(node.range, `subquery is only allowed on instant vector, got ${inner} instead`);
        }
        break;
      }
      case 'ParenExpr':
        types.set(node, typeOf(node.expr));
        break;
      case 'UnaryExpr': {
        const inner = typeOf(node.expr);
        types.set(node, inner);
        if (inner !== 'unknown' && inner !== 'scalar' && inner !== 'vector') {
          report(node.range, `unary expression only allowed on expressions of type scalar or instant vector, got "${documentedType(inner)}"`);
        }
        break;
      }
      case 'Call':
        types.set(node, node.func ? node.func.returnType : 'unknown');
        if (node.func) {
          checkCall(node, typeOf, report, expectType);
          if (node.func.experimental) experimentalCalls.push({ name: node.name, range: node.nameRange });
        }
        break;
      case 'Aggregation': {
        types.set(node, 'vector');
        const aggregation = AGGREGATIONS.get(node.op);
        if (!aggregation) break;
        if (aggregation.experimental) experimentalCalls.push({ name: node.op, range: node.opRange });
        const wanted = aggregation.parameter ? 2 : 1;
        if (node.args.length === 0) {
          report(node.range, 'no arguments for aggregate expression provided');
          break;
        }
        if (node.args.length !== wanted) {
          report(node.range, `wrong number of arguments for aggregate expression provided, expected ${wanted}, got ${node.args.length}`);
          break;
        }
        expectType(node.args[wanted - 1], 'vector', 'aggregation expression');
        if (aggregation.parameter) expectType(node.args[0], aggregation.parameter.type, 'aggregation parameter');
        break;
      }
      case 'BinaryExpr':
        types.set(node, checkBinary(node, typeOf, report));
        break;
      case 'Error':
        types.set(node, 'unknown');
        break;
    }
    if (node.kind === 'VectorSelector') checkSelector(node, report, labelOnlySelectors.has(node));
  });

  return { types, problems, experimentalCalls };
}

function checkCall(
  call: Call,
  typeOf: (node: Expr) => CheckedType,
  report: (range: TextRange, message: string) => void,
  expectType: (node: Expr, want: ValueType, context: string) => void,
): void {
  const func = call.func!;
  const nargs = func.parameters.length;
  const got = call.args.length;
  if (func.variadic === 0) {
    if (nargs !== got) report(call.range, `expected ${nargs} argument(s) in call to "${func.name}", got ${got}`);
  } else {
    const minimum = nargs - 1;
    if (minimum > got) report(call.range, `expected at least ${minimum} argument(s) in call to "${func.name}", got ${got}`);
    else if (func.variadic > 0 && minimum + func.variadic < got) {
      report(call.range, `expected at most ${minimum + func.variadic} argument(s) in call to "${func.name}", got ${got}`);
    }
  }
  if (func.name === 'info' && got > 1) {
    // As in Prometheus, parentheses make it something else than a selector.
    const selector = call.args[1];
    const argType = typeOf(call.args[1]);
    if (argType !== 'unknown' && argType !== 'vector') {
      report(call.range, `expected type instant vector in call to function "info", got ${documentedType(argType)}`);
    }
    if (selector.kind === 'VectorSelector' && selector.name) {
      report(call.args[1].range, 'expected label selectors only, got vector selector instead');
    } else if (selector.kind !== 'VectorSelector' && selector.kind !== 'Error') {
      report(call.args[1].range, 'expected label selectors only');
    }
  }
  for (let i = 0; i < got; i++) {
    let index = i;
    if (i >= nargs) {
      if (func.variadic === 0) break;
      index = nargs - 1;
    }
    expectType(call.args[i], func.parameters[index].type, `call to function "${func.name}"`);
  }
}

function checkBinary(node: BinaryExpr, typeOf: (node: Expr) => CheckedType, report: (range: TextRange, message: string) => void): CheckedType {
  const lt = typeOf(node.lhs);
  const rt = typeOf(node.rhs);
  const isComparison = COMPARISON_OPS.has(node.op);
  const isSet = SET_OPS.has(node.op);
  const matching = node.matching;

  if (node.returnBool && !isComparison) report(node.opRange, 'bool modifier can only be used on comparison operators');
  if (isComparison && !node.returnBool && lt === 'scalar' && rt === 'scalar') {
    report(node.opRange, 'comparisons between scalars must use BOOL modifier');
  }
  if (matching && matching.matchingKeyword === 'on' && matching.include) {
    for (const l1 of matching.matchingLabels) {
      for (const l2 of matching.include) {
        if (l1.value === l2.value) report(node.opRange, `label "${l1.value}" must not occur in ON and GROUP clause at once`);
      }
    }
  }
  if (lt !== 'unknown' && lt !== 'scalar' && lt !== 'vector') report(node.lhs.range, 'binary expression must contain only scalar and instant vector types');
  if (rt !== 'unknown' && rt !== 'scalar' && rt !== 'vector') report(node.rhs.range, 'binary expression must contain only scalar and instant vector types');

  const bothVectors = (lt === 'vector' || lt === 'unknown') && (rt === 'vector' || rt === 'unknown');
  if (!bothVectors && matching) {
    if (matching.matchingLabels.length > 0) report(node.range, 'vector matching only allowed between instant vectors');
    if (matching.fill.length > 0) report(node.range, 'filling in missing series only allowed between instant vectors');
  } else if (isSet && matching) {
    if (matching.groupSide) {
      report(node.range, `no grouping allowed for "${node.op}" operation`);
      report(node.range, 'set operations must always be many-to-many');
    }
    if (matching.fill.length > 0) report(node.range, 'filling in missing series not allowed for set operators');
  }
  if ((lt === 'scalar' || rt === 'scalar') && isSet) report(node.range, `set operator "${node.op}" not allowed in binary scalar expression`);

  if (lt === 'unknown' || rt === 'unknown') return lt === 'vector' || rt === 'vector' ? 'vector' : 'unknown';
  return lt === 'scalar' && rt === 'scalar' ? 'scalar' : 'vector';
}

/** Prometheus' selector rules: the metric name set once, and at least one matcher that does not match the empty string. */
function checkSelector(node: VectorSelector, report: (range: TextRange, message: string) => void, labelsOnly: boolean): void {
  const nameMatchers = node.matchers.filter((m) => m.name && (m.name.value === '__name__' || (m.op === null && m.name.quoted)));
  if (node.name) {
    for (const m of nameMatchers) {
      const value = m.op === null ? m.name!.value : m.value?.value ?? '';
      report(node.range, `metric name must not be set twice: "${node.name.value}" or "${value}"`);
    }
    return;
  }
  if (labelsOnly) return;
  const complete = node.matchers.filter((m) => m.name && (m.op === null || m.value));
  if (complete.length < node.matchers.length) return; // a broken matcher was already reported
  const nonEmpty = complete.some((m) => {
    if (m.op === null) return m.name!.value !== '';
    return !matcherMatchesEmpty(m.op, m.value!.value);
  });
  if (!nonEmpty) report(node.range, 'vector selector must contain at least one non-empty matcher');
}

function matcherMatchesEmpty(op: '=' | '!=' | '=~' | '!~', value: string): boolean {
  switch (op) {
    case '=':
      return value === '';
    case '!=':
      return value !== '';
    case '=~':
      return matchesEmpty(value) ?? false;
    case '!~': {
      const m = matchesEmpty(value);
      return m === undefined ? false : !m;
    }
  }
}
