import { quoteString } from './stringLiteral';
import { forEachPostOrder, type Expr, type LabelMatcher, type Modifiers, type Name, type VectorMatching } from './syntaxTree';

/*
 * Prints a syntax tree back as PromQL in one canonical style: single spaces around binary operators,
 * `sum by (job) (…)` with the grouping first, `{a="b", c=~"d"}`, double-quoted strings, modifiers in
 * the order `@`, `offset`, `anchored`/`smoothed`. Numbers and durations keep the author's spelling.
 * Parentheses are printed where the tree has them, so parsing the output gives the same tree.
 *
 * The tree is printed bottom-up without recursion (trees can be 10,000 levels deep).
 */

const LEGACY_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const LEGACY_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

export function printExpr(root: Expr): string {
  const printed = new Map<Expr, string>();
  const text = (node: Expr | null): string => (node ? (printed.get(node) ?? '') : '');

  forEachPostOrder(root, (node) => {
    let out: string;
    switch (node.kind) {
      case 'NumberLiteral':
        out = node.text;
        break;
      case 'StringLiteral':
        out = quoteString(node.value);
        break;
      case 'VectorSelector': {
        const name = node.name ? printMetricName(node.name) : '';
        const needsBraces = node.matchers.length > 0 || !node.name;
        out = name + (needsBraces ? `{${node.matchers.map(printMatcher).join(', ')}}` : '') + printModifiers(node, text);
        break;
      }
      case 'MatrixSelector':
        out = `${text(node.selector)}[${text(node.duration)}]${printModifiers(node, text)}`;
        break;
      case 'Subquery':
        out = `${text(node.expr)}[${text(node.duration)}:${text(node.step)}]${printModifiers(node, text)}`;
        break;
      case 'ParenExpr':
        out = `(${text(node.expr)})`;
        break;
      case 'Call':
        out = `${node.name}(${node.args.map(text).join(', ')})`;
        break;
      case 'Aggregation': {
        const grouping = node.grouping ? ` ${node.grouping.keyword} (${node.grouping.labels.map(printLabel).join(', ')}) ` : '';
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
  return printed.get(root) ?? '';
}

function printModifiers(node: Modifiers, text: (node: Expr | null) => string): string {
  let out = '';
  if (node.at) out += node.at.preprocessor ? ` @ ${node.at.preprocessor}()` : ` @ ${node.at.text ?? ''}`;
  if (node.offset) out += ` offset ${text(node.offset.duration)}`;
  if (node.anchored) out += ' anchored';
  if (node.smoothed) out += ' smoothed';
  return out;
}

function printMatcher(matcher: LabelMatcher): string {
  if (!matcher.name) return '';
  if (matcher.op === null) return quoteString(matcher.name.value);
  return `${printLabel(matcher.name)}${matcher.op}${quoteString(matcher.value?.value ?? '')}`;
}

function printMatching(matching: VectorMatching): string {
  let out = '';
  if (matching.matchingKeyword) out += ` ${matching.matchingKeyword} (${matching.matchingLabels.map(printLabel).join(', ')})`;
  if (matching.groupSide) {
    out += ` group_${matching.groupSide}`;
    if (matching.include) out += ` (${matching.include.map(printLabel).join(', ')})`;
  }
  for (const fill of matching.fill) {
    const keyword = fill.side === 'both' ? 'fill' : `fill_${fill.side}`;
    out += ` ${keyword}(${fill.value?.text ?? ''})`;
  }
  return out;
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
