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
  /** The expression's value type. */
  readonly type: CheckedType;
  /** Experimental syntax used (duration expressions, anchored/smoothed, fill modifiers). */
  readonly features: readonly FeatureUse[];
  /** Experimental functions and aggregations used. */
  readonly experimentalCalls: readonly { readonly name: string; readonly range: TextRange }[];
}

/**
 * The longest expression analysed. Real queries are a few KB; past a megabyte, parsing and checking
 * cost seconds of the user's typing and hundreds of MB (a token and a node per few bytes), so such
 * text gets one clear error instead.
 */
export const MAX_ANALYZED_LENGTH = 1024 * 1024;

export function analyzePromQL(text: string): PromQLAnalysis {
  if (text.length > MAX_ANALYZED_LENGTH) return tooLong(text);
  const parsed = parse(text);
  const checked = checkTypes(parsed.expr, text);
  const typeProblems = parsed.problems.length === 0
    ? checked.problems
    : checked.problems.filter((t) => !parsed.problems.some((s) => overlaps(t.range, s.range)));
  // Empty lists are one shared array: a rule file's 10,000 analyses would hold 40,000 of their own.
  return {
    text,
    expr: parsed.expr,
    syntaxProblems: orNone(parsed.problems),
    typeProblems: orNone(typeProblems),
    type: checked.types.get(parsed.expr) ?? 'unknown',
    features: orNone(parsed.features),
    experimentalCalls: orNone(checked.experimentalCalls),
  };
}

const NONE: readonly never[] = Object.freeze([]);

function orNone<T>(items: readonly T[]): readonly T[] {
  return items.length === 0 ? NONE : items;
}

function overlaps(outer: TextRange, inner: TextRange): boolean {
  return inner.start >= outer.start && inner.start <= outer.end;
}

function tooLong(text: string): PromQLAnalysis {
  const megabytes = (text.length / (1024 * 1024)).toFixed(1);
  return {
    text,
    expr: { kind: 'Error', range: { start: 0, end: text.length } },
    syntaxProblems: [{ range: { start: 0, end: text.length }, message: `expression too long to analyse: ${megabytes} MB (the limit is 1 MB)` }],
    typeProblems: NONE,
    type: 'unknown',
    features: NONE,
    experimentalCalls: NONE,
  };
}
