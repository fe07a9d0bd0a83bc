import type { TextRange } from './promql/syntaxTree';

/*
 * A mechanical fix of a problem, in offsets: what checks build and what LSP code actions and
 * `check --fix` apply. Apart from diagnostic.ts so that the lint rules can build fixes without
 * importing the table of codes that lists them.
 */

/** A change of the document's text: offsets, end exclusive. */
export interface TextChange {
  readonly range: TextRange;
  readonly newText: string;
}

/**
 * A mechanical fix of a problem (an LSP quick fix; `check --fix` applies it when `safe`: when it
 * cannot change what the query returns beyond what the message says).
 */
export interface QuickFix {
  readonly title: string;
  readonly changes: readonly TextChange[];
  readonly safe: boolean;
}
