import type { Problem } from '../diagnostic';
import type { TextRange } from '../promql/syntaxTree';

/*
 * The findings of the statements that use metrics, kept from one read of a Python module to the
 * next: typing in a large module changes one statement, and the others, read again, would say the
 * same. A statement parsed apart from its block (pythonParseSlices.ts) is read from its own text
 * and from the module's context only: the definitions its names are bound to and the module
 * constants. So its findings are kept by its text, ranges made relative to its start, with that
 * context; the next read whose context is the same skips the statements it knows (neither parsed
 * nor read) and takes their findings, moved to where the statements now are.
 */

export interface PythonUseMemo {
  /** What every statement's reading depended on besides its text (see `useContext`). */
  readonly context: string;
  /** Findings by statement text, ranges relative to the statement's start. */
  readonly byStatement: ReadonlyMap<string, readonly Problem[]>;
}

/**
 * The context of the uses' reading: the text of the blocks parsed whole (where the definitions and
 * the module constants are) and how the bound names resolve (`bindings`, from the use checks).
 */
export function useContext(text: string, wholeBlocks: readonly TextRange[], bindings: string): string {
  let context = bindings;
  for (const block of wholeBlocks) context += `\0${text.slice(block.start, block.end)}`;
  return context;
}

/** The memo of this read: the findings within each statement (`statements` and `problems` sorted by start). */
export function rememberUses(context: string, text: string, statements: readonly TextRange[], problems: readonly Problem[]): PythonUseMemo {
  const byStatement = new Map<string, Problem[]>();
  let p = 0;
  for (const statement of statements) {
    while (p < problems.length && problems[p].range.start < statement.start) p++;
    const found: Problem[] = [];
    for (let q = p; q < problems.length && problems[q].range.start < statement.end; q++) found.push(problems[q]);
    // A finding with ranges of its own (fixes, related places) is not moved: its statement is read again.
    if (found.some((f) => f.fixes !== undefined || f.related !== undefined)) continue;
    byStatement.set(text.slice(statement.start, statement.end), found.map((f) => moved(f, -statement.start)));
  }
  return { context, byStatement };
}

/** The findings the memo holds for statements it knows, moved to where they are in `text`. */
export function recalledUses(memo: PythonUseMemo, text: string, statements: readonly TextRange[]): Problem[] {
  const problems: Problem[] = [];
  for (const statement of statements) {
    for (const problem of memo.byStatement.get(text.slice(statement.start, statement.end)) ?? []) problems.push(moved(problem, statement.start));
  }
  return problems;
}

function moved(problem: Problem, by: number): Problem {
  return { ...problem, range: { start: problem.range.start + by, end: problem.range.end + by } };
}
