import { quoteString } from './stringLiteral';
import { childrenOf, forEachPostOrder, type Expr, type LabelMatcher, type Modifiers, type Name, type NumberLiteral, type VectorMatching } from './syntaxTree';

/*
 * Prints a syntax tree back as PromQL in Prometheus' canonical one-line style (its String()): single
 * spaces around binary operators, `sum by (job) (…)` with the grouping first, `{a="b",c=~"d"}` with
 * matchers sorted, double-quoted strings, `on (…) group_left (…)`, `fill (…)`, modifiers in
 * Prometheus' order. Numbers and durations keep the author's spelling. Parentheses are printed where
 * the tree has them, so parsing the output gives the same expression.
 *
 * The tree is printed bottom-up without recursion (trees can be 10,000 levels deep).
 */

const LEGACY_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const LEGACY_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

export function printExpr(root: Expr): string {
  return printNodes(root).get(root) ?? '';
}

/** The canonical one-line text of every node of a tree. */
export function printNodes(root: Expr): Map<Expr, string> {
  const printed = new Map<Expr, string>();
  const text = (node: Expr | null): string => (node ? (printed.get(node) ?? '') : '');

  forEachPostOrder(root, (node) => {
    let out: string;
    switch (node.kind) {
      case 'NumberLiteral':
        out = node.text;
        break;
      case 'StringLiteral':
        out = node.written ?? quoteString(node.value);
        break;
      case 'VectorSelector': {
        const name = node.name ? printMetricName(node.name) : '';
        const needsBraces = node.matchers.length > 0 || !node.name;
        out = name + (needsBraces ? `{${node.matchers.map(printMatcher).sort().join(',')}}` : '') + printModifiers(node, text, 'vector');
        break;
      }
      case 'MatrixSelector':
        out = `${text(node.selector)}[${text(node.duration)}]${printModifiers(node, text, 'range')}`;
        break;
      case 'Subquery':
        out = `${text(node.expr)}[${text(node.duration)}:${text(node.step)}]${printModifiers(node, text, 'range')}`;
        break;
      case 'ParenExpr':
        out = `(${text(node.expr)})`;
        break;
      case 'Call':
        out = `${node.name}(${node.args.map(text).join(', ')})`;
        break;
      case 'Aggregation': {
        // `by ()` groups like no grouping at all, and Prometheus prints it so.
        const grouping = node.grouping && (node.grouping.keyword === 'without' || node.grouping.labels.length > 0)
          ? ` ${node.grouping.keyword} (${node.grouping.labels.map(printLabel).join(', ')}) `
          : '';
        out = `${node.op}${grouping}(${node.args.map(text).join(', ')})`;
        break;
      }
      case 'BinaryExpr': {
        const bool = node.returnBool ? ' bool' : '';
        const matching = node.matching ? printMatching(node.matching) : '';
        out = `${text(node.lhs)} ${node.op}${bool}${matching} ${text(node.rhs)}`;
        break;
      }
      case 'UnaryExpr':
        out = `${node.op}${text(node.expr)}`;
        break;
      case 'DurationExpr':
        if (node.op === 'step' || node.op === 'range') out = `${node.op}()`;
        else if (node.op === 'min_of' || node.op === 'max_of') out = `${node.op}(${text(node.lhs)}, ${text(node.rhs)})`;
        else if (node.lhs === null) out = `${node.op}${text(node.rhs)}`;
        else out = `${text(node.lhs)} ${node.op} ${text(node.rhs)}`;
        break;
      case 'Error':
        out = '';
        break;
    }
    printed.set(node, out);
  });
  return printed;
}

/** Past this depth the pretty printer, which recurses, gives the one-line form instead. */
const MAX_PRETTY_DEPTH = 400;

/**
 * Prometheus' pretty printing (its Prettify): a node whose one-line form is longer than `width`
 * is split, its parts indented by two spaces a level: binary operands around the operator on a line
 * of its own, call and aggregation arguments one per line, parenthesised bodies on their own lines.
 * Selectors and other leaves stay on one line.
 */
export function prettyPrint(root: Expr, width = 100): string {
  const flat = printNodes(root);
  if (depthOf(root) > MAX_PRETTY_DEPTH) return flat.get(root) ?? '';
  const indent = (level: number): string => '  '.repeat(level);
  const pretty = (node: Expr, level: number): string => {
    const line = flat.get(node) ?? '';
    if (line.length <= width) return indent(level) + line;
    switch (node.kind) {
      case 'Aggregation': {
        const grouping = node.grouping && (node.grouping.keyword === 'without' || node.grouping.labels.length > 0)
          ? ` ${node.grouping.keyword} (${node.grouping.labels.map(printLabel).join(', ')}) `
          : '';
        const args = node.args.map((a) => pretty(a, level + 1)).join(',\n');
        return `${indent(level)}${node.op}${grouping}(\n${args}\n${indent(level)})`;
      }
      case 'BinaryExpr': {
        const matching = node.matching ? printMatching(node.matching) : '';
        return `${pretty(node.lhs, level + 1)}\n${indent(level)}${node.op}${node.returnBool ? ' bool' : ''}${matching}\n${pretty(node.rhs, level + 1)}`;
      }
      case 'Call':
        return `${indent(level)}${node.name}(\n${node.args.map((a) => pretty(a, level + 1)).join(',\n')}\n${indent(level)})`;
      case 'ParenExpr':
        return `${indent(level)}(\n${pretty(node.expr, level + 1)}\n${indent(level)})`;
      case 'Subquery': {
        const inner = flat.get(node.expr) ?? '';
        return pretty(node.expr, level) + line.slice(inner.length);
      }
      case 'UnaryExpr':
        return `${indent(level)}${node.op}${pretty(node.expr, level).trim()}`;
      default:
        return indent(level) + line;
    }
  };
  return pretty(root, 0);
}

function depthOf(root: Expr): number {
  const depth = new Map<Expr, number>();
  let max = 0;
  forEachPostOrder(root, (node) => {
    let d = 1;
    for (const child of childrenOf(node)) d = Math.max(d, (depth.get(child) ?? 0) + 1);
    depth.set(node, d);
    max = Math.max(max, d);
  });
  return max;
}

/**
 * Modifiers in Prometheus' order: after a vector selector `@`, then `anchored`/`smoothed`, then
 * `offset`; after a range or subquery, `anchored`/`smoothed` first. Timestamps with three decimals.
 */
function printModifiers(node: Modifiers, text: (node: Expr | null) => string, after: 'vector' | 'range'): string {
  const at = node.at ? (node.at.preprocessor ? ` @ ${node.at.preprocessor}()` : ` @ ${(Math.round((node.at.timestamp ?? 0) * 1000) / 1000).toFixed(3)}`) : '';
  const range = node.anchored ? ' anchored' : node.smoothed ? ' smoothed' : '';
  const offset = node.offset ? ` offset ${text(node.offset.duration)}` : '';
  return after === 'vector' ? at + range + offset : range + at + offset;
}

function printMatcher(matcher: LabelMatcher): string {
  if (!matcher.name) return '';
  if (matcher.op === null) return quoteString(matcher.name.value);
  return `${printLabel(matcher.name)}${matcher.op}${quoteString(matcher.value?.value ?? '')}`;
}

/** Vector matching as Prometheus prints it: `ignoring ()` alone is left out, group modifiers always carry their list. */
function printMatching(matching: VectorMatching): string {
  let out = '';
  const grouped = matching.groupSide !== null;
  if (matching.matchingKeyword === 'on' || matching.matchingLabels.length > 0 || grouped) {
    out += ` ${matching.matchingKeyword ?? 'ignoring'} (${matching.matchingLabels.map(printLabel).join(', ')})`;
  }
  if (grouped) out += ` group_${matching.groupSide} (${(matching.include ?? []).map(printLabel).join(', ')})`;
  const { left, right } = fillValues(matching);
  if (left !== null && right !== null && left.value === right.value) out += ` fill (${left.text})`;
  else {
    if (left !== null) out += ` fill_left (${left.text})`;
    if (right !== null) out += ` fill_right (${right.text})`;
  }
  return out;
}

/** The fill value of each side, the last clause winning as in Prometheus. */
export function fillValues(matching: VectorMatching): { left: NumberLiteral | null; right: NumberLiteral | null } {
  let left: NumberLiteral | null = null;
  let right: NumberLiteral | null = null;
  for (const clause of matching.fill) {
    if (clause.side !== 'right') left = clause.value;
    if (clause.side !== 'left') right = clause.value;
  }
  return { left, right };
}

/** Words that cannot stand unquoted in a label list. */
const RESERVED_IN_LABEL_LISTS = new Set(['without', 'inf', 'nan']);

function printLabel(name: Name): string {
  const plain = LEGACY_NAME.test(name.value) && !RESERVED_IN_LABEL_LISTS.has(name.value.toLowerCase());
  return plain ? name.value : quoteString(name.value);
}

function printMetricName(name: Name): string {
  return LEGACY_METRIC_NAME.test(name.value) ? name.value : quoteString(name.value);
}
