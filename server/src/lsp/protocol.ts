import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { Diagnostic, Position, Range } from 'vscode-languageserver-types';
import type { ShapedSeries } from '../service/query/queryResult';
import { MENTION_FILE_EXTENSIONS } from '../service/workspace/nameMentions';
import type { ExplainedNode, ExplainResult, QueryKind, QueryRunResult } from '../service/query/queryRun';
import type { RuleState } from '../service/query/ruleState';
import type { RulePreview, ServerRuleState } from '../service/preview/rulePreview';
import type { SourceStatus } from '../sources/catalogManager';

/*
 * The one declaration of this server's extensions to LSP: every custom request and notification
 * (`prometheus/…`), every command it runs through workspace/executeCommand (`prometheus.…`), and
 * their payloads. The server (lsp/), the VS Code client (client/src) and the results webview
 * (client/webview, types only) import it, so a name or a payload is typed once and a change shows
 * on both sides at compile time. docs/protocol.md says when each is sent.
 *
 * The module holds declarations only: it must stay loadable in the client's bundle and, for its
 * types, in the webview's browser bundle.
 */

// ---------------------------------------------------------------------------------------------
// Payloads

/** A query in an open document: by index, or the one at a position; a non-empty range inside a query runs just that text. */
export interface QueryTargetParams {
  readonly uri: string;
  readonly queryIndex?: number;
  readonly range?: Range;
  readonly position?: Position;
  /** The server's name (`prometheus.servers`); absent: the active server. */
  readonly server?: string;
}

export interface RunQueryParams extends QueryTargetParams {
  readonly kind?: QueryKind;
  /** Instant: evaluation time; range: end. Unix seconds; absent: now. */
  readonly time?: number;
  /** Range runs: seconds; absent: `prometheus.graphRange`. */
  readonly rangeSeconds?: number;
  /** Range runs: seconds; absent: about 250 points. */
  readonly step?: number;
}

export interface ExplainQueryParams extends QueryTargetParams {
  readonly time?: number;
}

/** What a run answers: the shaped result, placed in the document. */
export interface RunQueryResponse extends QueryRunResult {
  readonly uri: string;
  readonly queryIndex: number;
  /** The query's (or the selection's) range in the document. */
  readonly queryRange: Range;
  /** Where the server's error points, in the document. */
  readonly errorRange?: Range;
  /** The error, warnings and infos as diagnostics (also merged into the document's published diagnostics). */
  readonly diagnostics: Diagnostic[];
  /** For a rule's `expr:`: the rule's live state on the server. */
  readonly rule?: RuleState;
}

/** One series of a run's result, as the results view lists it. */
export type QuerySeries = ShapedSeries;

/** One sub-expression of an explained query, with its range in the document. */
export interface ExplainedQueryNode extends ExplainedNode {
  readonly documentRange: Range;
}

export interface ExplainQueryResponse extends Omit<ExplainResult, 'nodes'> {
  readonly uri: string;
  readonly queryIndex: number;
  readonly queryRange: Range;
  readonly nodes: readonly ExplainedQueryNode[];
}

export interface PreviewRuleParams extends QueryTargetParams {
  /** Seconds of history to replay; absent: `prometheus.preview.window`. */
  readonly windowSeconds?: number;
}

/** A rule's preview (service/preview/rulePreview.ts), placed in the document; its `server` (the server's own version of the rule) is `live` here. */
export interface PreviewRuleResponse extends Omit<RulePreview, 'server'> {
  readonly uri: string;
  readonly queryIndex: number;
  /** The rule's `expr:` in the document. */
  readonly queryRange: Range;
  /** The server's name. */
  readonly server: string;
  /** The expression as sent. */
  readonly query: string;
  /** False when the rule could not be evaluated (`error` says why). */
  readonly ok: boolean;
  /** The few words left after the rule in the editor: `fired 3× in 6 h`. */
  readonly headline: string;
  /** The rule of that name the server runs now (`/api/v1/rules`); absent when it runs none (or does not say). */
  readonly live?: ServerRuleState;
  /** Template errors as diagnostics at their place in the file (also merged into the document's published diagnostics). */
  readonly diagnostics: Diagnostic[];
}

/** A result as the results view renders it: a run (instant or range), an explain, or a rule's preview. */
export type QueryResult =
  | { readonly kind: QueryKind; readonly result: RunQueryResponse }
  | { readonly kind: 'explain'; readonly result: ExplainQueryResponse }
  | { readonly kind: 'preview'; readonly result: PreviewRuleResponse };

/** `prometheus/queryResult`: a result, and the query it belongs to. */
export type QueryResultParams = QueryResult & { readonly uri: string; readonly queryIndex: number };

export interface ServersResult {
  /** The configured servers, URLs without credentials. */
  readonly servers: { readonly name: string; readonly url: string }[];
  readonly active: string | null;
}

export interface ChooseServerParams {
  /** A name of `prometheus.servers`; null, absent or empty: back to the first. */
  readonly name?: string | null;
}

export interface ChooseServerResult {
  readonly active: string | null;
}

export type { SourceStatus };

export interface SourcesResult {
  readonly sources: readonly SourceStatus[];
}

export interface ServerStats {
  readonly heapUsedBytes: number;
  readonly rssBytes: number;
  /** Open file descriptors (Linux only). */
  readonly openFiles: number | null;
  readonly documents: number;
  readonly indexedFiles: number;
  /** Whether the first workspace scan has finished. */
  readonly scanDone: boolean;
  /** How long the scan took, once done (milliseconds; 0 before). */
  readonly scanMs: number;
  /** Files the scan has looked at so far. */
  readonly scannedFiles: number;
}

/**
 * What the client can do (`prometheus/clientFeatures`). `queryResults`: it renders query results
 * itself (from `prometheus/queryResult`), so the server sends no window/showMessage for them.
 * `codicons`: it draws `$(name)` in lens titles as an icon, so the state of an alert needs no emoji font.
 */
export interface ClientFeatures {
  readonly queryResults?: boolean;
  readonly codicons?: boolean;
}

export interface CredentialFileParams {
  /** The file's absolute path (symbolic links resolved). */
  readonly path: string;
  /** The scrape job whose target the file's content would be sent to. */
  readonly job: string;
  /** The configuration that names it. */
  readonly configUri: string;
}

export interface CredentialFileAnswer {
  readonly allowed: boolean;
}

/** Run tests: a rule unit-test file. */
export interface RunRuleTestsParams {
  readonly uri: string;
}

export interface RunRuleTestsResult {
  /** promtool ran (whether the tests passed or not). */
  readonly ran: boolean;
  readonly passed: boolean;
  /** `promtool: all tests passed (0.4 s)`, `promtool: 2 test cases failed`, or why it did not run (no promtool: how to get it). */
  readonly summary: string;
  /** The failures, also published as `ruletests/failed` diagnostics of the file. */
  readonly failures: number;
  /** What promtool printed. */
  readonly output?: string;
}

/** Create test: a rule of an open rule file (its `expr:` query, as the lenses name it). */
export interface CreateRuleTestParams {
  readonly uri: string;
  readonly queryIndex: number;
  /** The server's name; absent: the active server. */
  readonly server?: string;
}

export interface CreateRuleTestResult {
  readonly ok: boolean;
  /** The test file written or added to. */
  readonly testUri?: string;
  /** Whether the file was created (else a test group was added to it). */
  readonly created?: boolean;
  /** The test file's text after the change. */
  readonly text?: string;
  readonly summary: string;
}

// ---------------------------------------------------------------------------------------------
// Requests and notifications

/** Client → server: run a query (instant or range) on a Prometheus server. */
export const RUN_QUERY_REQUEST = new RequestType<RunQueryParams, RunQueryResponse, void>('prometheus/runQuery');
/** Client → server: run a query and each of its sub-expressions. */
export const EXPLAIN_QUERY_REQUEST = new RequestType<ExplainQueryParams, ExplainQueryResponse, void>('prometheus/explainQuery');
/** Client → server: preview a rule over a window of history (alert instances and their spans, or the series it would record). */
export const PREVIEW_RULE_REQUEST = new RequestType<PreviewRuleParams, PreviewRuleResponse, void>('prometheus/previewRule');
/** Client → server: the configured servers and the one queries run on. */
export const SERVERS_REQUEST = new RequestType0<ServersResult, void>('prometheus/servers');
/** Client → server: the server queries run on from now. */
export const CHOOSE_SERVER_REQUEST = new RequestType<ChooseServerParams | undefined, ChooseServerResult, void>('prometheus/chooseServer');
/** Client → server: the status of every live source. */
export const SOURCE_STATUS_REQUEST = new RequestType0<SourcesResult, void>('prometheus/sources');
/** Client → server: the server's memory and open files (soak tests, bug reports). */
export const SERVER_STATS_REQUEST = new RequestType0<ServerStats, void>('prometheus/serverStats');
/** Server → client: may the server read a credential file outside the workspace folders? */
export const CREDENTIAL_FILE_REQUEST = new RequestType<CredentialFileParams, CredentialFileAnswer, void>('prometheus/allowCredentialFile');

/** Server → client: the status of every live source changed. */
export const SOURCE_STATUS_NOTIFICATION = new NotificationType<SourcesResult>('prometheus/sourceStatus');
/** Server → client: the result of a run, graph or explain started by a command. */
export const QUERY_RESULT_NOTIFICATION = new NotificationType<QueryResultParams>('prometheus/queryResult');
/** Client → server, once after start: what the client can do. */
export const CLIENT_FEATURES_NOTIFICATION = new NotificationType<ClientFeatures>('prometheus/clientFeatures');

// ---------------------------------------------------------------------------------------------
// Commands (workspace/executeCommand)

/** Reload every live source now. */
export const REFRESH_COMMAND = 'prometheus.refreshMetrics';
/** The naming and cardinality report of a configuration's scrape target (Markdown). */
export const TARGET_REPORT_COMMAND = 'prometheus.targetReport';
/** Run a query now (the `▶ Run` lens). */
export const RUN_QUERY_COMMAND = 'prometheus.runQuery';
/** Run a query over the graph's range (the `Graph` lens). */
export const GRAPH_QUERY_COMMAND = 'prometheus.graphQuery';
/** Run a query and each of its sub-expressions (the `Explain` lens). */
export const EXPLAIN_QUERY_COMMAND = 'prometheus.explainQuery';
/** Choose the server queries run on: the named one, or ask the user (the `⇄ server` lens). */
export const CHOOSE_SERVER_COMMAND = 'prometheus.chooseServer';
/** Run `promtool test rules` on a rule unit-test file (the `Run tests` lens). */
export const RUN_RULE_TESTS_COMMAND = 'prometheus.runRuleTests';
/** Write a unit test of a rule from the server's data (the `Create test` lens). */
export const CREATE_RULE_TEST_COMMAND = 'prometheus.createRuleTest';
/** Preview an alerting or recording rule over a window of history (the `Preview` lens). */
export const PREVIEW_RULE_COMMAND = 'prometheus.previewRule';

/** Each command's arguments and result. */
export interface ServerCommandSignatures {
  [REFRESH_COMMAND]: { arguments: []; result: SourcesResult };
  [TARGET_REPORT_COMMAND]: { arguments: [uri: string, position?: Position]; result: string | null };
  [RUN_QUERY_COMMAND]: { arguments: [RunQueryParams]; result: RunQueryResponse };
  [GRAPH_QUERY_COMMAND]: { arguments: [QueryTargetParams]; result: RunQueryResponse };
  [EXPLAIN_QUERY_COMMAND]: { arguments: [ExplainQueryParams]; result: ExplainQueryResponse };
  [CHOOSE_SERVER_COMMAND]: { arguments: [name?: string]; result: ChooseServerResult };
  [RUN_RULE_TESTS_COMMAND]: { arguments: [RunRuleTestsParams]; result: RunRuleTestsResult };
  [CREATE_RULE_TEST_COMMAND]: { arguments: [CreateRuleTestParams]; result: CreateRuleTestResult };
  [PREVIEW_RULE_COMMAND]: { arguments: [PreviewRuleParams]; result: PreviewRuleResponse };
}

export type ServerCommand = keyof ServerCommandSignatures;

/** The commands that run queries: the lenses' commands. */
export const QUERY_COMMAND_IDS: readonly ServerCommand[] = [RUN_QUERY_COMMAND, GRAPH_QUERY_COMMAND, EXPLAIN_QUERY_COMMAND, CHOOSE_SERVER_COMMAND, PREVIEW_RULE_COMMAND];

/** The commands of rule unit tests: Run tests and Create test. */
export const RULE_TEST_COMMAND_IDS: readonly ServerCommand[] = [RUN_RULE_TESTS_COMMAND, CREATE_RULE_TEST_COMMAND];

/** Every command the server runs: `executeCommandProvider.commands`. */
export const SERVER_COMMANDS: readonly ServerCommand[] = [REFRESH_COMMAND, TARGET_REPORT_COMMAND, ...QUERY_COMMAND_IDS, ...RULE_TEST_COMMAND_IDS];

// ---------------------------------------------------------------------------------------------
// Files the client watches for the server (workspace/didChangeWatchedFiles)

/**
 * Globs of the files whose changes the server needs: Prometheus files (configurations, rule files,
 * rule tests, .promql), whose recording rules it indexes, and the text files that may mention a
 * recording rule (dashboards, jsonnet, docs, code: `rules/unused`).
 */
/**
 * The editor languages of application code the server reads for metric definitions (their findings,
 * and references from a definition to the queries that read it); the client sends it nothing else
 * of theirs (no completion, hover, folding, formatting, symbols or rename).
 */
export const CODE_LANGUAGE_IDS: readonly string[] = ['python', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact'];

export const WATCHED_FILE_GLOBS: readonly string[] = ['**/*.{yml,yaml,promql}', `**/*.{${MENTION_FILE_EXTENSIONS.join(',')}}`];

/** The params of workspace/executeCommand for a command and its arguments, checked against its signature. */
export function commandParams<C extends ServerCommand>(command: C, ...args: ServerCommandSignatures[C]['arguments']): { command: C; arguments: ServerCommandSignatures[C]['arguments'] } {
  return { command, arguments: args };
}
