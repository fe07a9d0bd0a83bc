/*
 * What the results view renders: the language server's answers to a run, a graph or an explain
 * (server/src/lsp/queryHandlers.ts: RunQueryResponse, ExplainQueryResponse), as the extension
 * forwards them. Only the fields the view reads; anything else is ignored.
 */

export interface SeriesView {
  readonly labels: string;
  readonly metric: Readonly<Record<string, string>>;
  readonly value?: string;
  readonly points?: readonly (readonly [number, string])[];
}

export interface RunView {
  readonly ok: boolean;
  readonly kind: 'instant' | 'range';
  readonly server: string;
  readonly query: string;
  readonly summary: string;
  readonly statsLine?: string;
  readonly truncation?: string;
  readonly templateNote?: string;
  readonly resultType?: string;
  readonly scalar?: string;
  readonly series?: readonly SeriesView[];
  readonly seriesCount?: number;
  readonly omittedSeries?: number;
  readonly warnings?: readonly string[];
  readonly infos?: readonly string[];
  readonly error?: { readonly kind: string; readonly message: string };
  readonly rule?: { readonly title: string };
}

export interface ExplainNodeView {
  readonly id: number;
  readonly depth: number;
  readonly label: string;
  readonly query: string;
  readonly ok: boolean;
  readonly seriesCount?: number;
  readonly labels?: readonly { readonly name: string; readonly values: number }[];
  readonly summary: string;
  readonly elapsedMs: number;
  readonly error?: string;
}

export interface ExplainView {
  readonly ok: boolean;
  readonly server: string;
  readonly query: string;
  readonly summary: string;
  readonly nodes: readonly ExplainNodeView[];
  readonly omitted: number;
  readonly templateNote?: string;
  readonly error?: string;
}

export type ResultMessage = { readonly kind: 'instant' | 'range'; readonly result: RunView } | { readonly kind: 'explain'; readonly result: ExplainView };
