import { parse, type FeatureUse, type SyntaxProblem } from './parser';
import type { Expr, TextRange } from './syntaxTree';
import { checkTypes, type CheckedType, type TypeProblem } from './typeChecker';

/** Everything the language service knows about one PromQL expression: computed once, read by every feature. */
export interface PromQLAnalysis {
  readonly text: string;
  readonly expr: Expr;
  readonly syntaxProblems: readonly SyntaxProblem[];
  /** Type problems in parts of the tree that parsed cleanly (a broken part would only add noise). */
  readonly typeProblems: readonly TypeProblem[];
  readonly types: ReadonlyMap<Expr, CheckedType>;
  /** Experimental syntax used (duration expressions, anchored/smoothed, fill modifiers). */
  readonly features: readonly FeatureUse[];
  /** Experimental functions and aggregations used. */
  readonly experimentalCalls: readonly { readonly name: string; readonly range: TextRange }[];
}

export function analyzePromQL(text: string): PromQLAnalysis {
  const parsed = parse(text);
  const checked = checkTypes(parsed.expr);
  const typeProblems = parsed.problems.length === 0
    ? checked.problems
    : checked.problems.filter((t) => !parsed.problems.some((s) => overlaps(t.range, s.range)));
  return {
    text,
    expr: parsed.expr,
    syntaxProblems: parsed.problems,
    typeProblems,
    types: checked.types,
    features: parsed.features,
    experimentalCalls: checked.experimentalCalls,
  };
}

function overlaps(outer: TextRange, inner: TextRange): boolean {
  return inner.start >= outer.start && inner.start <= outer.end;
}
