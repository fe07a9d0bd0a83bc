import type { CodeLens, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { RunnableQuery } from '../query/documentQueries';

/*
 * Code lenses above every query: `▶ Run` (an instant query now), `Graph` (a range query over the
 * graph's range), `Explain` (every sub-expression on its own), the server they run on when several
 * are configured (clicking it picks another), and for rules a lens the server resolves with the
 * rule's live state (alert firing or not, recorded series present or not).
 *
 * The lenses' commands are the server's commands (workspace/executeCommand); their argument is the
 * request's parameters, so a client can also send them as `prometheus/runQuery`.
 */

export const QUERY_COMMANDS = {
  run: 'prometheus.runQuery',
  graph: 'prometheus.graphQuery',
  explain: 'prometheus.explainQuery',
  chooseServer: 'prometheus.chooseServer',
} as const;

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
    const target = { uri: document.uri, queryIndex: query.index };
    lenses.push({ range, command: { title: several ? `▶ Run on ${options.activeServer}` : '▶ Run', command: QUERY_COMMANDS.run, arguments: [{ ...target, kind: 'instant' }] } });
    lenses.push({ range, command: { title: 'Graph', command: QUERY_COMMANDS.graph, arguments: [{ ...target, kind: 'range' }] } });
    lenses.push({ range, command: { title: 'Explain', command: QUERY_COMMANDS.explain, arguments: [target] } });
    if (several) lenses.push({ range, command: { title: `⇄ ${options.activeServer}`, command: QUERY_COMMANDS.chooseServer, arguments: [] } });
    if (query.rule && options.activeServer !== undefined) {
      const data: RuleLensData = { ...target, rule: { kind: query.rule.kind, name: query.rule.name } };
      lenses.push({ range, data });
    }
  }
  return lenses;
}
