import type { TextChange } from '../quickFix';

/*
 * What completion answers, in the service's own terms: entries with their edit in document offsets,
 * a kind named by the service, documentation as Markdown (or plain text where the text is not
 * Markdown). PromQL, YAML, snippet and path completion all build these; lsp/ turns them into LSP
 * CompletionItems (positions, kinds, insert formats, the client command that re-opens suggestions).
 */

/** What an entry is (editors pick its icon from it). */
export type CompletionKind =
  | 'variable' | 'field' | 'value' | 'function' | 'operator' | 'keyword' | 'unit'
  | 'property' | 'enumMember' | 'snippet' | 'file' | 'folder';

/** An entry's documentation: Markdown, or plain text shown as it is. */
export type CompletionDocumentation = { readonly markdown: string } | { readonly plain: string };

export interface CompletionEntry {
  readonly label: string;
  readonly kind: CompletionKind;
  /** Plain text on one line. */
  readonly detail?: string;
  readonly documentation?: CompletionDocumentation;
  /** What accepting the entry does to the document (offsets); absent: `insertText` at the cursor. */
  readonly edit?: TextChange;
  /** The text inserted at the cursor, when there is no `edit` (absent too: the label). */
  readonly insertText?: string;
  /** The inserted text is a snippet (`${1:name}` placeholders). */
  readonly snippet?: boolean;
  /** The inserted lines are indented as the line the cursor is on. */
  readonly adjustIndentation?: boolean;
  readonly filterText?: string;
  readonly sortText?: string;
  /** Shown struck through. */
  readonly deprecated?: boolean;
  /** Accepting it opens the suggestions again (a folder of a path). */
  readonly suggestAgain?: boolean;
  /** Carried to the resolve step, which adds the documentation of long lists. */
  readonly data?: unknown;
}

export interface CompletionAnswer {
  /** More entries match than are given: the editor should ask again as the user types. */
  readonly isIncomplete: boolean;
  readonly items: readonly CompletionEntry[];
}
