import type { TextRange } from '../promql/syntaxTree';

/*
 * What a hover answers, in the service's own terms: Markdown about the word under the cursor and
 * the word's range in document offsets. lsp/ turns it into LSP's Hover; PromQL and YAML hovers both
 * build it.
 */
export interface HoverAnswer {
  /** Markdown; text from servers and workspace files in it is already escaped (remoteText/). */
  readonly markdown: string;
  readonly range: TextRange;
}
