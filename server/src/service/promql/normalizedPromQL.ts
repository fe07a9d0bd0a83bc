import { parse } from './parser';
import { printExpr } from './printer';

/*
 * A PromQL expression's text as Prometheus prints it (its String()), to tell whether two texts are
 * the same expression: comments, spacing, line breaks, quote marks, matcher order and the place of
 * `by (…)` do not count. The rule preview compares the server's version of a rule with the file's
 * so.
 */

/** The canonical text of an expression, or the trimmed text itself when it does not parse. */
export function normalizedPromQL(text: string): string {
  const parsed = parse(text);
  return parsed.problems.length > 0 ? text.trim() : printExpr(parsed.expr);
}
