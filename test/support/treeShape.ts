import { fillValues } from '../../server/src/service/promql/printer';
import { forEachPostOrder, type Expr, type LabelMatcher, type Name } from '../../server/src/service/promql/syntaxTree';

/**
 * A tree as a compact S-expression without ranges, for comparing trees in tests:
 * `(binary + (selector foo) (number 1))`. Built bottom-up without recursion. Spellings that mean
 * the same to Prometheus give the same shape: matcher order, `by ()`, `ignoring ()`, `fill` against
 * `fill_left`+`fill_right`, @ timestamps to the millisecond.
 */
export function treeShape(root: Expr): string {
  const out = new Map<Expr, string>();
  const get = (node: Expr | null): string => (node ? out.get(node)! : '_');
  forEachPostOrder(root, (node) => {
    let s: string;
    switch (node.kind) {
      case 'NumberLiteral':
        s = `(number ${Number.isNaN(node.value) ? 'NaN' : node.value})`;
        break;
      case 'StringLiteral':
        s = `(string ${JSON.stringify(node.value)})`;
        break;
      case 'VectorSelector':
        s = `(selector${node.name ? ` ${node.name.value}` : ''}${node.matchers.map((m) => ` ${matcher(m)}`).sort().join('')}${modifiers(node, get)})`;
        break;
      case 'MatrixSelector':
        s = `(matrix ${get(node.selector)} ${get(node.duration)}${modifiers(node, get)})`;
        break;
      case 'Subquery':
        s = `(subquery ${get(node.expr)} ${get(node.duration)} ${get(node.step)}${modifiers(node, get)})`;
        break;
      case 'ParenExpr':
        s = `(paren ${get(node.expr)})`;
        break;
      case 'Call':
        s = `(call ${node.name}${node.args.map((a) => ` ${get(a)}`).join('')})`;
        break;
      case 'Aggregation':
        // `by ()` is the same as no grouping.
        const grouping = node.grouping && (node.grouping.keyword === 'without' || node.grouping.labels.length > 0) ? ` ${node.grouping.keyword}(${names(node.grouping.labels)})` : '';
        s = `(${node.op}${grouping}${node.args.map((a) => ` ${get(a)}`).join('')})`;
        break;
      case 'BinaryExpr': {
        const m = node.matching;
        let mods = node.returnBool ? ' bool' : '';
        // `ignoring ()` alone is the default matching; fill clauses count by their effect on each side.
        if (m && (m.matchingKeyword === 'on' || m.matchingLabels.length > 0 || m.groupSide)) mods += ` ${m.matchingKeyword ?? 'ignoring'}(${names(m.matchingLabels)})`;
        if (m?.groupSide) mods += ` group_${m.groupSide}(${names(m.include ?? [])})`;
        if (m) {
          const { left, right } = fillValues(m);
          if (left) mods += ` fill_left(${left.value})`;
          if (right) mods += ` fill_right(${right.value})`;
        }
        s = `(${node.op}${mods} ${get(node.lhs)} ${get(node.rhs)})`;
        break;
      }
      case 'UnaryExpr':
        s = `(unary ${node.op} ${get(node.expr)})`;
        break;
      case 'DurationExpr':
        s = `(duration ${node.op}${node.lhs ? ` ${get(node.lhs)}` : ''}${node.rhs ? ` ${get(node.rhs)}` : ''})`;
        break;
      case 'Error':
        s = '(error)';
        break;
    }
    out.set(node, s);
  });
  return out.get(root)!;
}

function names(list: Name[]): string {
  return list.map((n) => n.value).join(',');
}

function matcher(m: LabelMatcher): string {
  return m.op === null ? `${JSON.stringify(m.name?.value)}` : `${m.name?.value}${m.op}${JSON.stringify(m.value?.value ?? null)}`;
}

function modifiers(node: { offset: { duration: Expr } | null; at: { timestamp: number | null; preprocessor: string | null } | null; anchored: unknown; smoothed: unknown }, get: (n: Expr | null) => string): string {
  let s = '';
  // Prometheus keeps @ timestamps in milliseconds.
  if (node.at) s += ` @${node.at.preprocessor ? `${node.at.preprocessor}()` : Math.round((node.at.timestamp ?? 0) * 1000)}`;
  if (node.offset) s += ` offset ${get(node.offset.duration)}`;
  if (node.anchored) s += ' anchored';
  if (node.smoothed) s += ' smoothed';
  return s;
}
