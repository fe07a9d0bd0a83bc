import type { MetricType } from '../exposition/expositionParser';
import type { PromQLAnalysis } from '../promql/analysis';
import { labelFlow, type LabelSet } from '../promql/labelFlow';
import { forEachPreOrder, type Expr } from '../promql/syntaxTree';
import type { LintFinding, PromQLLintContext, QueryWalk } from './lintRule';
import { PROMQL_CHECKS } from './lintRegistry';

/*
 * Lints of one PromQL expression: the mistakes of metric types, histograms, rate ranges, regexes,
 * vector matching and cardinality that Prometheus accepts but that give wrong or costly answers.
 * The rules are those of the registry; this walks the expression once and hands each node to the
 * rules that check its kind. What the live catalog knows (types, series and value counts) sharpens
 * them; without it, the checks that need it stay silent and the others go by naming conventions.
 * Ranges and fixes are offsets into the expression's text.
 */

export function lintPromQL(analysis: PromQLAnalysis, context: PromQLLintContext): LintFinding[] {
  if (analysis.syntaxProblems.length > 0) return [];
  const walk = new ExpressionWalk(analysis, context);
  forEachPreOrder(analysis.expr, (node, parent) => {
    walk.parents.set(node, parent);
    const checks = PROMQL_CHECKS.get(node.kind);
    // An index, not for…of: cold, each step of an array's iterator allocates its result.
    if (checks) for (let i = 0; i < checks.length; i++) checks[i](node, walk);
  });
  return walk.findings;
}

/** One walk's state: one object per expression, its methods on the prototype (no closures to allocate). */
class ExpressionWalk implements QueryWalk {
  readonly text: string;
  readonly findings: LintFinding[] = [];
  /** Filled as the walk goes: a node's ancestors are visited before it. */
  readonly parents = new Map<Expr, Expr | null>();
  /** The labels of each node's series, worked out for the few checks that read them. */
  private flowMap: ReadonlyMap<Expr, LabelSet> | undefined;

  constructor(private readonly analysis: PromQLAnalysis, readonly context: PromQLLintContext) {
    this.text = analysis.text;
  }

  parentOf(node: Expr): Expr | null {
    return this.parents.get(node) ?? null;
  }

  flow(): ReadonlyMap<Expr, LabelSet> {
    return (this.flowMap ??= labelFlow(this.analysis.expr));
  }

  typeOf(name: string): MetricType | undefined {
    return this.context.catalog?.metric(name)?.type;
  }

  report(finding: LintFinding): void {
    this.findings.push(finding);
  }
}
