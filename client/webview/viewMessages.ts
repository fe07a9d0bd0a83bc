import type { QueryResult } from '../../server/src/lsp/protocol';

/*
 * The messages between the results view (this webview) and the extension that hosts it
 * (client/src/queryResults.ts), declared once for both sides. They are not LSP: they travel by
 * the webview's postMessage, and what the view receives of the server's is a
 * `prometheus/queryResult`'s result (server/src/lsp/protocol.ts).
 */

/** Extension → view: a result to show, or news that the server of a failed run answers again. */
export type ToResultsView = QueryResult | { readonly kind: 'recovered'; readonly note: string };

/**
 * View → extension: it listens now (the extension then posts the last result), the user asks to run
 * the failed query again, or to preview the shown rule over another window (seconds).
 */
export type FromResultsView = { readonly kind: 'ready' } | { readonly kind: 'rerun' } | { readonly kind: 'previewWindow'; readonly windowSeconds: number };

/** The windows the preview offers (the quick pick and the view's buttons), seconds by label. */
export const PREVIEW_WINDOWS: readonly { readonly label: string; readonly seconds: number }[] = [
  { label: '1h', seconds: 3600 }, { label: '6h', seconds: 6 * 3600 }, { label: '24h', seconds: 86_400 }, { label: '7d', seconds: 7 * 86_400 },
];
