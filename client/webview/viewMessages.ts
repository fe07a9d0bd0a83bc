import type { QueryResult } from '../../server/src/lsp/protocol';

/*
 * The messages between the results view (this webview) and the extension that hosts it
 * (client/src/queryResults.ts), declared once for both sides. They are not LSP: they travel by
 * the webview's postMessage, and what the view receives of the server's is a
 * `prometheus/queryResult`'s result (server/src/lsp/protocol.ts).
 */

/** Extension → view: a result to show, or news that the server of a failed run answers again. */
export type ToResultsView = QueryResult | { readonly kind: 'recovered'; readonly note: string };

/** View → extension: it listens now (the extension then posts the last result), or the user asks to run the failed query again. */
export type FromResultsView = { readonly kind: 'ready' } | { readonly kind: 'rerun' };
