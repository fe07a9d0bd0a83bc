import { printNodes } from '../promql/printer';
import { childrenOf, type Expr, type TextRange } from '../promql/syntaxTree';

/*
 * Explain: the query taken apart into every sub-expression that is a query of its own, as
 * PromLens and the Prometheus UI's tree view show it. Running each one tells where a query loses
 * its series (a selector that matches nothing, a `on (…)` that matches no pairs, a filter that
 * drops everything).
 *
 * The tree holds the nodes that return data: selectors, calls, aggregations, binary operations,
 * subqueries. Literals, durations and the parentheses around a node are folded into their parent
 * (a parenthesised expression returns what its inside returns). Each node's text is printed from
 * the syntax tree in Prometheus' canonical style, so that it runs exactly as the part of the query
 * it stands for.
 */

export interface ExplainNode {
  /** Position in document order, 0 for the root. */
  readonly id: number;
  readonly parent: number | null;
  readonly depth: number;
  /** What the node is: `sum by (job)`, `rate`, `selector`, `/ on (job)`, `subquery`. */
  readonly label: string;
  /** The node as a query of its own. */
  readonly query: string;
  /** The node's range in the analysed text. */
  readonly range: TextRange;
}

/** More nodes than anyone reads in a tree view; past it the deepest ones are left out. */
export const MAX_EXPLAIN_NODES = 64;

export function explainNodes(root: Expr, maxNodes = MAX_EXPLAIN_NODES): { nodes: ExplainNode[]; omitted: number } {
  const printed = printNodes(root);
  const nodes: ExplainNode[] = [];
  let omitted = 0;
  // Depth first, in document order, without recursion.
  const stack: { expr: Expr; parent: number | null; depth: number }[] = [{ expr: root, parent: null, depth: 0 }];
  while (stack.length > 0) {
    const { expr, parent, depth } = stack.pop()!;
    const node = unwrap(expr);
    let id = parent;
    let nextDepth = depth;
    if (returnsData(node)) {
      if (nodes.length >= maxNodes) {
        omitted++;
        continue;
      }
      id = nodes.length;
      nodes.push({ id, parent, depth, label: labelOf(node), query: printed.get(node) ?? '', range: node.range });
      nextDepth = depth + 1;
    }
    const children = dataChildren(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ expr: children[i], parent: id, depth: nextDepth });
  }
  return { nodes, omitted };
}

function unwrap(expr: Expr): Expr {
  let node = expr;
  while (node.kind === 'ParenExpr') node = node.expr;
  return node;
}

function returnsData(node: Expr): boolean {
  switch (node.kind) {
    case 'VectorSelector':
    case 'MatrixSelector':
    case 'Subquery':
    case 'Call':
    case 'Aggregation':
    case 'BinaryExpr':
      return true;
    case 'UnaryExpr':
      return returnsData(unwrap(node.expr));
    default:
      return false;
  }
}

/** The children that can hold data: not a range's or offset's duration, not a matrix selector's inner selector. */
function dataChildren(node: Expr): Expr[] {
  switch (node.kind) {
    case 'MatrixSelector':
    case 'VectorSelector':
      return [];
    case 'Subquery':
      return [node.expr];
    case 'UnaryExpr':
      return dataChildren(unwrap(node.expr));
    default:
      return childrenOf(node);
  }
}

function labelOf(node: Expr): string {
  switch (node.kind) {
    case 'VectorSelector':
      return 'selector';
    case 'MatrixSelector':
      return 'range selector';
    case 'Subquery':
      return 'subquery';
    case 'Call':
      return `${node.name}()`;
    case 'Aggregation': {
      const grouping = node.grouping ? ` ${node.grouping.keyword} (${node.grouping.labels.map((l) => l.value).join(', ')})` : '';
      return `${node.op}${grouping}`;
    }
    case 'BinaryExpr': {
      const m = node.matching;
      const matching = m?.matchingKeyword ? ` ${m.matchingKeyword} (${m.matchingLabels.map((l) => l.value).join(', ')})` : '';
      const group = m?.groupSide ? ` group_${m.groupSide}` : '';
      return `${node.op}${node.returnBool ? ' bool' : ''}${matching}${group}`;
    }
    case 'UnaryExpr':
      return `${node.op} (negation)`;
    default:
      return node.kind;
  }
}
