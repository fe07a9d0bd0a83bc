import { forEachPostOrder, type Aggregation, type BinaryExpr, type Call, type Expr } from './syntaxTree';

/*
 * Which labels the series of an expression carry, as far as the text alone tells: after
 * `sum by (job)` exactly `job`; after `sum without (instance)` whatever came in but `instance`;
 * after a selector, at least the labels its matchers require. Alert templates (`$labels.x`),
 * label completion in `by (…)` and lints about dropped labels read it.
 */

export interface LabelSet {
  /** True when the series carry exactly `labels` and nothing else. */
  readonly exact: boolean;
  /** Labels the series are known to carry (all of them when `exact`). */
  readonly labels: ReadonlySet<string>;
  /** Labels known to be absent (when not `exact`; with `exact`, everything outside `labels` is absent). */
  readonly dropped: ReadonlySet<string>;
}

const NAME = '__name__';
/** No labels: one set for every `dropped` that is empty (a set is read, never changed, once made). */
const NO_LABELS: ReadonlySet<string> = new Set();
const EMPTY: LabelSet = { exact: true, labels: NO_LABELS, dropped: NO_LABELS };

/** Whether a label is known to be absent from the series. */
export function isDropped(set: LabelSet, label: string): boolean {
  return set.exact ? !set.labels.has(label) : set.dropped.has(label);
}

/** Functions whose result keeps the input's metric name. */
const KEEP_NAME = new Set(['last_over_time', 'first_over_time', 'sort', 'sort_desc', 'sort_by_label', 'sort_by_label_desc', 'label_replace', 'label_join', 'limitk', 'info']);

/**
 * @param recorded the labels of the series a recording rule of the workspace records under this
 * name (its expression's labels, followed through the rules it reads); undefined for other names
 */
export function labelFlow(root: Expr, recorded?: (name: string) => LabelSet | undefined): Map<Expr, LabelSet> {
  const sets = new Map<Expr, LabelSet>();
  const of = (node: Expr | null): LabelSet => (node ? (sets.get(node) ?? EMPTY) : EMPTY);
  forEachPostOrder(root, (node) => sets.set(node, labelsAt(node, of, recorded)));
  return sets;
}

/**
 * The labels of `root` alone, as `labelFlow(root).get(root)`, from only the nodes they depend on:
 * an alert's `$labels` read the root's labels, and most roots end the flow near the top (a `by (…)`,
 * a comparison with a number), where labelFlow walks the whole tree. Iterative, like the tree's
 * walks: a chain of 10,000 binary operators nests as deep.
 */
export function rootLabels(root: Expr, recorded?: (name: string) => LabelSet | undefined): LabelSet {
  const sets = new Map<Expr, LabelSet>();
  const of = (node: Expr | null): LabelSet => (node ? (sets.get(node) ?? EMPTY) : EMPTY);
  const pending: Expr[] = [root];
  const expanded: boolean[] = [false];
  while (pending.length > 0) {
    const last = pending.length - 1;
    const node = pending[last];
    if (!expanded[last]) {
      expanded[last] = true;
      for (const input of inputsOf(node)) {
        pending.push(input);
        expanded.push(false);
      }
    } else {
      pending.pop();
      expanded.pop();
      sets.set(node, labelsAt(node, of, recorded));
    }
  }
  return sets.get(root)!;
}

/** The children whose labels labelsAt reads for `node` (it reads no other's). */
function inputsOf(node: Expr): readonly Expr[] {
  switch (node.kind) {
    case 'MatrixSelector':
      return [node.selector];
    case 'Subquery':
    case 'ParenExpr':
    case 'UnaryExpr':
      return [node.expr];
    case 'Call': {
      if (['vector', 'time', 'scalar', 'absent', 'absent_over_time'].includes(node.name)) return [];
      const input = vectorArgument(node);
      return input ? [input] : [];
    }
    case 'Aggregation': {
      const input = node.args[node.args.length - 1];
      const reads = PASS_THROUGH_AGGREGATIONS.includes(node.op) || node.grouping?.keyword === 'without';
      return reads && input ? [input] : [];
    }
    case 'BinaryExpr':
      // `and` and `unless` give the left side's series: the right side's labels are not read.
      return node.op === 'and' || node.op === 'unless' ? [node.lhs] : [node.lhs, node.rhs];
    default:
      return [];
  }
}

/** The labels of `node`'s series, given its children's (`of`). */
function labelsAt(node: Expr, of: (node: Expr | null) => LabelSet, recorded: ((name: string) => LabelSet | undefined) | undefined): LabelSet {
  let set: LabelSet;
  switch (node.kind) {
    case 'VectorSelector': {
      const labels = new Set<string>();
      if (node.name) labels.add(NAME);
      for (const m of node.matchers) {
        if (!m.name) continue;
        const value = m.value?.value ?? '';
        if ((m.op === '=' && value !== '') || m.op === null || (m.op === '!=' && value === '')) labels.add(m.op === null ? NAME : m.name.value);
      }
      const name = node.name?.value ?? node.matchers.find((m) => m.op === null && m.name)?.name?.value;
      const rule = name !== undefined ? recorded?.(name) : undefined;
      set = rule
        ? { exact: rule.exact, labels: new Set([...rule.labels, ...labels]), dropped: without(rule.dropped, [...labels]) }
        : { exact: false, labels, dropped: NO_LABELS };
      break;
    }
    case 'MatrixSelector':
      set = of(node.selector);
      break;
    case 'Subquery':
    case 'ParenExpr':
      set = of(node.expr);
      break;
    case 'UnaryExpr':
      set = node.op === '-' ? withoutName(of(node.expr)) : of(node.expr);
      break;
    case 'Call':
      set = callLabels(node, of);
      break;
    case 'Aggregation':
      set = aggregationLabels(node, of);
      break;
    case 'BinaryExpr':
      set = binaryLabels(node, of);
      break;
    default:
      set = EMPTY;
  }
  return set;
}

function withoutName(set: LabelSet): LabelSet {
  if (set.exact) return { exact: true, labels: without(set.labels, [NAME]), dropped: NO_LABELS };
  return { exact: false, labels: without(set.labels, [NAME]), dropped: new Set([...set.dropped, NAME]) };
}

function without(labels: ReadonlySet<string>, remove: string[]): Set<string> {
  const out = new Set(labels);
  for (const l of remove) out.delete(l);
  return out;
}

/** The first argument of a vector or matrix parameter: the series a call's result comes from. */
function vectorArgument(call: Call): Expr | undefined {
  return call.args.find((_, i) => call.func?.parameters[Math.min(i, call.func.parameters.length - 1)]?.type === 'vector' || call.func?.parameters[Math.min(i, call.func.parameters.length - 1)]?.type === 'matrix');
}

function callLabels(call: Call, of: (node: Expr | null) => LabelSet): LabelSet {
  const vectorArg = vectorArgument(call);
  const input = vectorArg ? of(vectorArg) : EMPTY;
  const stringArg = (i: number): string | null => {
    const a = call.args[i];
    return a?.kind === 'StringLiteral' ? a.value : null;
  };
  switch (call.name) {
    case 'vector':
    case 'time':
    case 'scalar':
      return EMPTY;
    case 'absent':
    case 'absent_over_time': {
      const labels = new Set<string>();
      const arg = call.args[0];
      const selector = arg?.kind === 'MatrixSelector' ? arg.selector : arg;
      if (selector?.kind === 'VectorSelector') {
        for (const m of selector.matchers) if (m.name && m.op === '=' && m.name.value !== NAME) labels.add(m.name.value);
      }
      return { exact: true, labels, dropped: NO_LABELS };
    }
    case 'label_replace':
    case 'label_join': {
      const target = stringArg(1);
      if (target === null) return input;
      const labels = new Set(input.labels);
      labels.add(target);
      return input.exact ? { exact: true, labels, dropped: NO_LABELS } : { exact: false, labels, dropped: without(input.dropped, [target]) };
    }
    case 'histogram_quantile': {
      const rest = withoutName(input);
      return rest.exact ? { exact: true, labels: without(rest.labels, ['le']), dropped: NO_LABELS } : { exact: false, labels: without(rest.labels, ['le']), dropped: new Set([...rest.dropped, 'le']) };
    }
    case 'info':
      return { exact: false, labels: input.labels, dropped: NO_LABELS };
    default:
      return KEEP_NAME.has(call.name) ? input : withoutName(input);
  }
}

/** Aggregations whose result is a selection of their input's series, labels and all. */
const PASS_THROUGH_AGGREGATIONS = ['topk', 'bottomk', 'limitk', 'limit_ratio'];

function aggregationLabels(node: Aggregation, of: (node: Expr | null) => LabelSet): LabelSet {
  const input = of(node.args[node.args.length - 1] ?? null);
  if (PASS_THROUGH_AGGREGATIONS.includes(node.op)) return input;
  const grouping = node.grouping;
  let result: LabelSet;
  if (!grouping) result = EMPTY;
  else if (grouping.keyword === 'by') result = { exact: true, labels: new Set(grouping.labels.map((l) => l.value)), dropped: NO_LABELS };
  else {
    const removed = [...grouping.labels.map((l) => l.value), NAME];
    result = input.exact
      ? { exact: true, labels: without(input.labels, removed), dropped: NO_LABELS }
      : { exact: false, labels: without(input.labels, removed), dropped: new Set([...input.dropped, ...removed]) };
  }
  if (node.op === 'count_values' && node.args[0]?.kind === 'StringLiteral') {
    const labels = new Set(result.labels);
    labels.add(node.args[0].value);
    result = { ...result, labels };
  }
  return result;
}

function binaryLabels(node: BinaryExpr, of: (node: Expr | null) => LabelSet): LabelSet {
  const lhs = of(node.lhs);
  const rhs = of(node.rhs);
  const lhsScalar = lhs === EMPTY && node.lhs.kind !== 'VectorSelector';
  const rhsScalar = rhs === EMPTY && node.rhs.kind !== 'VectorSelector';
  const keepsName = ['==', '!=', '>', '<', '>=', '<='].includes(node.op) && !node.returnBool;
  const side = (set: LabelSet): LabelSet => (keepsName || ['and', 'or', 'unless'].includes(node.op) ? set : withoutName(set));
  if (node.op === 'or') {
    return { exact: false, labels: new Set([...lhs.labels].filter((l) => rhs.labels.has(l))), dropped: new Set([...lhs.dropped].filter((l) => rhs.dropped.has(l))) };
  }
  if (node.op === 'and' || node.op === 'unless') return lhs;
  if (lhsScalar) return side(rhs);
  if (rhsScalar) return side(lhs);
  const matching = node.matching;
  if (matching?.groupSide === 'right') return withIncluded(side(rhs), matching.include ?? []);
  if (matching?.groupSide === 'left') return withIncluded(side(lhs), matching.include ?? []);
  // One-to-one: `on (…)` keeps only the listed labels, `ignoring (…)` removes them.
  if (matching?.matchingKeyword === 'on') return { exact: true, labels: new Set(matching.matchingLabels.map((l) => l.value)), dropped: NO_LABELS };
  if (matching?.matchingKeyword === 'ignoring') {
    const removed = matching.matchingLabels.map((l) => l.value);
    const base = side(lhs);
    return base.exact ? { exact: true, labels: without(base.labels, removed), dropped: NO_LABELS } : { exact: false, labels: without(base.labels, removed), dropped: new Set([...base.dropped, ...removed]) };
  }
  return side(lhs);
}

function withIncluded(set: LabelSet, include: readonly { value: string }[]): LabelSet {
  if (include.length === 0) return set;
  const labels = new Set(set.labels);
  for (const l of include) labels.add(l.value);
  return set.exact ? { exact: true, labels, dropped: NO_LABELS } : { exact: false, labels, dropped: without(set.dropped, include.map((l) => l.value)) };
}
