import type { CodeLens, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { RunnableQuery } from '../service/query/documentQueries';
import {
  CHOOSE_SERVER_COMMAND, EXPLAIN_QUERY_COMMAND, GRAPH_QUERY_COMMAND, PREVIEW_RULE_COMMAND, RUN_QUERY_COMMAND, type ExplainQueryParams, type PreviewRuleParams, type RunQueryParams,
} from './protocol';

/*
 * Code lenses above every query: `▶ Run` (an instant query now), `Graph` (a range query over the
 * graph's range), `Explain` (every sub-expression on its own), on alerting and recording rules
 * `Preview` (the rule replayed over `prometheus.preview.window` of history), the server they run on when several
 * are configured (clicking it picks another), and for rules a lens the server resolves with the
 * rule's live state (alert firing or not, recorded series present or not).
 *
 * The lenses' commands are the server's commands (workspace/executeCommand, lsp/protocol.ts); their
 * argument is the request's parameters, so a client can also send them as `prometheus/runQuery`.
 * The queries come from the language service (service/query/documentQueries.ts); this file only
 * turns them into LSP lenses.
 */

/** What a rule's lens carries until it is resolved (`codeLens/resolve`). */
export interface RuleLensData {
  readonly uri: string;
  readonly queryIndex: number;
  readonly rule: { readonly kind: 'alert' | 'record'; readonly name: string };
}

export interface QueryLensOptions {
  /** The configured servers' names, in order. */
  readonly servers: readonly string[];
  /** The server queries run on. */
  readonly activeServer: string | undefined;
}

/** The lenses of a document's queries, each at the first line of its query. */
export function queryCodeLenses(document: TextDocument, queries: readonly RunnableQuery[], options: QueryLensOptions): CodeLens[] {
  const lenses: CodeLens[] = [];
  const several = options.servers.length > 1 && options.activeServer !== undefined;
  for (const query of queries) {
    if (query.text.trim() === '') continue;
    const start = document.positionAt(query.range.start);
    const range: Range = { start, end: start };
    const target: ExplainQueryParams = { uri: document.uri, queryIndex: query.index };
    const run: RunQueryParams = { ...target, kind: 'instant' };
    const graph: RunQueryParams = { ...target, kind: 'range' };
    lenses.push({ range, command: { title: several ? `▶ Run on ${options.activeServer}` : '▶ Run', command: RUN_QUERY_COMMAND, arguments: [run] } });
    lenses.push({ range, command: { title: 'Graph', command: GRAPH_QUERY_COMMAND, arguments: [graph] } });
    lenses.push({ range, command: { title: 'Explain', command: EXPLAIN_QUERY_COMMAND, arguments: [target] } });
    if (query.rule) {
      const preview: PreviewRuleParams = target;
      lenses.push({ range, command: { title: 'Preview', command: PREVIEW_RULE_COMMAND, arguments: [preview] } });
    }
    if (several) lenses.push({ range, command: { title: `⇄ ${options.activeServer}`, command: CHOOSE_SERVER_COMMAND, arguments: [] } });
    if (query.rule && options.activeServer !== undefined) {
      const data: RuleLensData = { uri: document.uri, queryIndex: query.index, rule: { kind: query.rule.kind, name: query.rule.name } };
      lenses.push({ range, data });
    }
  }
  return lenses;
}
