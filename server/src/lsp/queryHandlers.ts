import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  DiagnosticSeverity, MessageType, ResponseError,
  type CancellationToken, type CodeLens, type Connection, type Diagnostic, type ExecuteCommandParams, type Range, type TextDocuments,
} from 'vscode-languageserver/node';
import type { DocumentModel } from '../service/documents/documentModel';
import type { ConfigIntervals } from '../service/lint/documentLint';
import type { TextRange } from '../service/promql/syntaxTree';
import type { Severity } from '../service/diagnosticCode';
import { severityOf } from '../service/lint/lintSettings';
import { queryCost as queryCostRule, queryCostFinding } from '../service/lint/rules/queryCost';
import type { QueryCost } from '../service/query/queryCost';
import { queryAtOffset, runnableQueries, toDocumentRange, type RunnableQuery } from '../service/query/documentQueries';
import type { QueryAnswer, QueryExecutor } from '../service/query/queryExecutor';
import { explainQuery, runQuery, type QueryKind, type QueryRunResult, type ServerNote } from '../service/query/queryRun';
import { ruleState, type RuleState } from '../service/query/ruleState';
import { PrometheusQueryClient } from '../sources/prometheusQuery';
import { redactUrl } from '../service/remoteText/urlRedaction';
import { serverEndpointOf } from '../sources/sourcesFromSettings';
import type { ServerSettings } from '../sources/sourceSettings';
import type { Settings } from '../settings/settings';
import { notificationMessage } from './notificationMessage';
import { plainText } from '../service/remoteText/plainText';
import { queryCodeLenses, type RuleLensData } from './queryCodeLenses';
import { createPreviewHandler } from './previewHandlers';
import { ANSWER_ERROR, runSafe, runSafeAsync } from './runSafe';
import {
  CHOOSE_SERVER_COMMAND, CHOOSE_SERVER_REQUEST, CLIENT_FEATURES_NOTIFICATION, EXPLAIN_QUERY_COMMAND, EXPLAIN_QUERY_REQUEST, GRAPH_QUERY_COMMAND,
  PREVIEW_RULE_COMMAND, PREVIEW_RULE_REQUEST, QUERY_COMMAND_IDS, QUERY_RESULT_NOTIFICATION, RUN_QUERY_COMMAND, RUN_QUERY_REQUEST, SERVERS_REQUEST,
  type ChooseServerResult, type ExplainQueryParams, type ExplainQueryResponse, type PreviewRuleParams, type QueryTargetParams, type RunQueryParams, type RunQueryResponse,
  type ServersResult,
} from './protocol';

/*
 * Running queries from the editor: code lenses above every query, the requests that run a query
 * (instant or range), explain it, preview a rule (previewHandlers.ts), list the servers and choose the one queries run on, and the
 * commands the lenses invoke (their names and payloads: protocol.ts; their failures: runSafe.ts).
 * Results are shaped by the language service (service/query/); this file only finds the query in
 * the document, picks the server, and turns positions into LSP ranges.
 *
 * The server's warnings and infos (and a syntax error it reports) become diagnostics on the query:
 * `diagnostics(document)` gives them for the document's current text, for the server's
 * publishDiagnostics to merge with its own.
 */

export interface QueryHandlerDeps {
  readonly documents: TextDocuments<TextDocument>;
  /** The parsed model of a document (cached per version). */
  readonly models: { get(document: TextDocument): DocumentModel | null };
  readonly settings: () => Settings;
  /** The workspace's scrape intervals: `$__rate_interval`. */
  readonly intervals?: () => ConfigIntervals | undefined;
  /** Validate and publish a document again: its query diagnostics changed. */
  readonly republish?: (uri: string) => void;
  /** A query reached the server (it answered, even with an error of the query) or did not: its live source's status follows. */
  readonly serverReached?: (server: ServerSettings, reachable: boolean) => void;
  /** More lenses of a document, shown after the queries' (rule tests: ruleTestHandlers.ts). */
  readonly moreLenses?: (document: TextDocument) => CodeLens[];
}

export interface QueryHandlers {
  /** The query diagnostics of a document's current text, to merge with its other diagnostics. */
  diagnostics(document: TextDocument): Diagnostic[];
  /** Runs a query command; null when `command` is not one of QUERY_COMMAND_IDS. */
  executeCommand(params: ExecuteCommandParams, token: CancellationToken): Promise<unknown> | null;
  /** The named server, or the one queries run on, with a client for it; undefined when there is none. */
  server(name?: string): { server: ServerSettings; executor: QueryExecutor } | undefined;
}

/** Rules answers stay fresh this long: one answer serves every lens of a file. */
const RULES_TTL_MS = 10_000;
/** A lens waits this long for a rule's state. */
const LENS_DEADLINE_MS = 3000;
/** Progress is shown for runs that take longer than this. */
const PROGRESS_DELAY_MS = 400;

/** The icons of a rule's states in a lens: a codicon for VS Code, a character elsewhere. */
const STATE_ICONS: Partial<Record<RuleState['state'], { codicon: string; text: string }>> = {
  firing: { codicon: '$(flame)', text: '🔥' },
  pending: { codicon: '$(watch)', text: '⏳' },
  inactive: { codicon: '$(check)', text: '✓' },
};

const SEVERITY: Record<ServerNote['severity'], DiagnosticSeverity> = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information };
const LINT_SEVERITY: Record<Severity, DiagnosticSeverity> = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint };
const CODE: Record<ServerNote['severity'], string> = { error: 'promql/server-error', warning: 'promql/server-warning', info: 'promql/server-info' };

interface StoredNotes {
  /** The query's text when it ran: the notes hold while the query reads the same. */
  readonly text: string;
  readonly server: string;
  readonly notes: readonly ServerNote[];
}

export function registerQueryHandlers(connection: Connection, deps: QueryHandlerDeps): QueryHandlers {
  let chosenServer: string | undefined;
  let clientRendersResults = false;
  let clientDrawsCodicons = false;
  connection.onNotification(CLIENT_FEATURES_NOTIFICATION, (params) => {
    // From the wire: only a true is taken as a yes.
    clientRendersResults = params?.queryResults === true;
    clientDrawsCodicons = params?.codicons === true;
  });
  /** A rule state's line for a lens, with the state's icon. */
  const lensTitle = (state: RuleState): string => {
    const icon = STATE_ICONS[state.state];
    return icon ? `${clientDrawsCodicons ? icon.codicon : icon.text} ${state.title}` : state.title;
  };
  const rulesCache = new Map<string, { at: number; answer: Promise<QueryAnswer> }>();
  const stored = new Map<string, StoredNotes[]>();
  const queryCache = new Map<string, { version: number; queries: RunnableQuery[] }>();

  deps.documents.onDidClose((event) => {
    queryCache.delete(event.document.uri);
    costs.delete(event.document.uri);
    stored.delete(event.document.uri);
    previews.forget(event.document.uri);
  });

  const servers = (): readonly ServerSettings[] => deps.settings().servers;
  const activeServer = (): ServerSettings | undefined => servers().find((s) => s.name === chosenServer) ?? servers()[0];
  const serverNamed = (name: string | undefined): ServerSettings | undefined => (name === undefined ? activeServer() : servers().find((s) => s.name === name));

  const executorFor = (server: ServerSettings): QueryExecutor => {
    const settings = deps.settings();
    return new PrometheusQueryClient(serverEndpointOf(server), { timeoutMs: settings.queryTimeoutMs, maxBytes: settings.maxResponseBytes, followRedirectsWithCredentials: settings.followRedirectsWithCredentials });
  };

  const queriesOf = (document: TextDocument): RunnableQuery[] => {
    const cached = queryCache.get(document.uri);
    if (cached && cached.version === document.version) return cached.queries;
    const model = deps.models.get(document);
    const queries = model ? runnableQueries(model, document.uri) : [];
    queryCache.set(document.uri, { version: document.version, queries });
    return queries;
  };

  /** The query a request names, or a ResponseError saying why there is none. */
  const resolveTarget = (params: QueryTargetParams): { document: TextDocument; query: RunnableQuery } => {
    if (!params || typeof params.uri !== 'string') throw new ResponseError(-32602, 'give the document (uri) and the query (queryIndex, range or position)');
    const document = deps.documents.get(params.uri);
    if (!document) throw new ResponseError(-32602, `${params.uri} is not open`);
    const queries = queriesOf(document);
    if (typeof params.queryIndex === 'number') {
      const query = queries[params.queryIndex];
      if (!query) throw new ResponseError(-32602, `no query ${params.queryIndex} in ${params.uri} (it has ${queries.length})`);
      return { document, query };
    }
    const at = params.range?.start ?? params.position;
    if (!at) return first(document, queries);
    const query = queryAtOffset(queries, document.offsetAt(at));
    if (!query) throw new ResponseError(-32602, 'no query at this position');
    if (params.range) {
      const start = document.offsetAt(params.range.start);
      const end = document.offsetAt(params.range.end);
      if (end > start && (start > query.range.start || end < query.range.end)) return { document, query: selection(query, start, end) };
    }
    return { document, query };
  };
  const first = (document: TextDocument, queries: RunnableQuery[]): { document: TextDocument; query: RunnableQuery } => {
    if (queries.length === 0) throw new ResponseError(-32602, 'the document has no query');
    return { document, query: queries[0] };
  };

  const toRange = (document: TextDocument, range: TextRange): Range => ({ start: document.positionAt(range.start), end: document.positionAt(range.end) });

  /** A query-text range as a document range; an empty range at the end covers the last character. */
  const placeInDocument = (document: TextDocument, query: RunnableQuery, range: TextRange | undefined): Range => {
    if (!range) return toRange(document, query.range);
    let r = range;
    if (r.end <= r.start && r.start >= query.text.trimEnd().length && r.start > 0) r = { start: r.start - 1, end: r.start };
    return toRange(document, toDocumentRange(query, r));
  };

  const diagnosticsOf = (document: TextDocument, query: RunnableQuery, notes: readonly ServerNote[], server: string): Diagnostic[] =>
    notes.map((n) => ({
      range: placeInDocument(document, query, n.range),
      severity: SEVERITY[n.severity],
      code: CODE[n.severity],
      source: plainText(`prometheus (${server})`, 200, true),
      // The server's words, as plain text (no control characters, no link syntax, capped).
      message: plainText(n.message),
    }));

  const remember = (document: TextDocument, query: RunnableQuery, server: string, notes: readonly ServerNote[]): void => {
    const kept = (stored.get(document.uri) ?? []).filter((s) => s.text !== query.text);
    // Syntax errors are the editor's own to report; a server's error on a query that parses is worth keeping.
    const worth = notes.filter((n) => n.severity !== 'error' || query.analysis.syntaxProblems.length === 0);
    if (worth.length > 0) kept.push({ text: query.text, server, notes: worth });
    const had = (stored.get(document.uri) ?? []).length > 0;
    if (kept.length > 0) stored.set(document.uri, kept);
    else stored.delete(document.uri);
    if (had || kept.length > 0) deps.republish?.(document.uri);
  };

  /** `query/cost` findings by URI: the query's text when it was measured, and the finding's message. */
  const costs = new Map<string, { text: string; server: string; message: string }[]>();
  const rememberCost = (document: TextDocument, query: RunnableQuery, server: string, cost: QueryCost): void => {
    const finding = queryCostFinding(cost, deps.settings().cost, { start: 0, end: query.text.length });
    const before = costs.get(document.uri) ?? [];
    const kept = before.filter((c) => c.text !== query.text);
    if (finding) kept.push({ text: query.text, server, message: finding.message });
    if (kept.length > 0) costs.set(document.uri, kept);
    else costs.delete(document.uri);
    if (before.length > 0 || kept.length > 0) deps.republish?.(document.uri);
  };
  const costDiagnostics = (document: TextDocument, queries: readonly RunnableQuery[]): Diagnostic[] => {
    const severity = severityOf(queryCostRule.code, queryCostRule.defaultSeverity, deps.settings().lint);
    if (severity === null) return [];
    return (costs.get(document.uri) ?? []).flatMap((c) => {
      const query = queries.find((q) => q.text === c.text);
      return query ? [{ range: toRange(document, query.range), severity: LINT_SEVERITY[severity], code: queryCostRule.code, source: plainText(`prometheus (${c.server})`, 200, true), message: c.message }] : [];
    });
  };

  const withCancellation = async <T>(title: string, token: CancellationToken | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    const controller = new AbortController();
    const subscription = token?.onCancellationRequested(() => controller.abort());
    let finished = false;
    let reporter: { done(): void } | undefined;
    const timer = setTimeout(() => {
      void connection.window.createWorkDoneProgress().then((progress) => {
        if (finished) return progress.done();
        progress.begin(title, undefined, undefined, true);
        progress.token.onCancellationRequested(() => controller.abort());
        reporter = progress;
      }, () => undefined);
    }, PROGRESS_DELAY_MS);
    try {
      return await work(controller.signal);
    } finally {
      finished = true;
      clearTimeout(timer);
      reporter?.done();
      subscription?.dispose();
    }
  };

  const noServer = (name: string | undefined): string => (name === undefined
    ? 'no Prometheus server configured: add one to prometheus.servers'
    : `no server named "${name}" in prometheus.servers`);

  /** What a run's outcome says of its server: it answered (even an error of the query), it did not, or nothing (cancelled, timed out). */
  const observe = (server: ServerSettings, errorKind: string | undefined): void => {
    if (errorKind === undefined || errorKind === 'api' || errorKind === 'too-large' || errorKind === 'protocol') deps.serverReached?.(server, true);
    else if (errorKind === 'unreachable') deps.serverReached?.(server, false);
  };

  const runFor = async (params: RunQueryParams, token: CancellationToken | undefined): Promise<RunQueryResponse> => {
    const { document, query } = resolveTarget(params);
    const settings = deps.settings();
    const kind: QueryKind = params.kind === 'range' ? 'range' : 'instant';
    const queryRange = toRange(document, query.range);
    const placed = { uri: document.uri, queryIndex: query.index, queryRange };
    const server = serverNamed(params.server);
    if (!server) return { ...placed, ...failure(kind, '', query.text, 'config', noServer(params.server)), diagnostics: [] };
    let executor: QueryExecutor;
    try {
      executor = executorFor(server);
    } catch (error) {
      return { ...placed, ...failure(kind, server.name, query.text, 'config', `${server.name}: ${(error as Error).message}`), diagnostics: [] };
    }
    return withCancellation(`Running the query on ${server.name}`, token, async (signal) => {
      const rule = query.rule;
      const [result, state] = await Promise.all([
        runQuery(query.text, executor, {
          kind,
          time: params.time,
          rangeSeconds: typeof params.rangeSeconds === 'number' && params.rangeSeconds > 0 ? params.rangeSeconds : settings.graphRangeSeconds,
          step: typeof params.step === 'number' && params.step > 0 ? params.step : undefined,
          maxSeries: settings.queryMaxSeries,
          templates: query.origin === 'promql' ? { variables: settings.templateVariables, scrapeIntervalSeconds: deps.intervals?.()?.scrape ?? 15 } : undefined,
          signal,
        }),
        rule ? ruleState(rule, executor, () => rulesAnswer(server, executor), signal).catch(() => undefined) : Promise.resolve(undefined),
      ]);
      observe(server, result.error?.kind);
      const diagnostics = diagnosticsOf(document, query, result.notes, server.name);
      if (result.error?.kind !== 'cancelled') remember(document, query, server.name, result.notes);
      return {
        ...result,
        ...placed,
        ...(result.error?.range ? { errorRange: placeInDocument(document, query, result.error.range) } : {}),
        diagnostics,
        ...(state ? { rule: state } : {}),
      };
    });
  };

  const explainFor = async (params: ExplainQueryParams, token: CancellationToken | undefined): Promise<ExplainQueryResponse> => {
    const { document, query } = resolveTarget(params);
    const settings = deps.settings();
    const placed = { uri: document.uri, queryIndex: query.index, queryRange: toRange(document, query.range) };
    const server = serverNamed(params.server);
    const failed = (name: string, message: string): ExplainQueryResponse => ({ ...placed, ok: false, server: name, time: Date.now() / 1000, query: query.text, nodes: [], omitted: 0, summary: message, error: message });
    if (!server) return failed('', noServer(params.server));
    let executor: QueryExecutor;
    try {
      executor = executorFor(server);
    } catch (error) {
      return failed(server.name, `${server.name}: ${(error as Error).message}`);
    }
    return withCancellation(`Explaining the query on ${server.name}`, token, async (signal) => {
      const result = await explainQuery(query.text, executor, {
        time: params.time,
        rangeSeconds: settings.graphRangeSeconds,
        maxSeries: settings.queryMaxSeries,
        templates: query.origin === 'promql' ? { variables: settings.templateVariables, scrapeIntervalSeconds: deps.intervals?.()?.scrape ?? 15 } : undefined,
        signal,
      });
      // An explain that ran a node reached the server; its failures are not classified, so they tell nothing.
      if (result.nodes.some((n) => n.ok)) deps.serverReached?.(server, true);
      if (result.cost && !signal.aborted) rememberCost(document, query, server.name, result.cost);
      return { ...result, ...placed, nodes: result.nodes.map((n) => ({ ...n, documentRange: placeInDocument(document, query, n.queryRange) })) };
    });
  };

  const rulesAnswer = (server: ServerSettings, executor: QueryExecutor): Promise<QueryAnswer> => {
    const key = `${server.name}\u0000${server.url}`;
    const cached = rulesCache.get(key);
    if (cached && Date.now() - cached.at < RULES_TTL_MS) return cached.answer;
    const answer = executor.rules('alert', AbortSignal.timeout(LENS_DEADLINE_MS));
    rulesCache.set(key, { at: Date.now(), answer });
    return answer;
  };

  const previews = createPreviewHandler({
    settings: deps.settings, models: deps.models, resolveTarget, queriesOf, serverNamed, noServer, executorFor, withCancellation,
    evaluationInterval: () => deps.intervals?.()?.evaluation,
    republish: deps.republish,
    measured: rememberCost,
  });

  const listServers = (): ServersResult => ({
    servers: servers().map((s) => ({ name: s.name, url: redactUrl(s.url) })),
    active: activeServer()?.name ?? null,
  });

  const choose = (name: unknown): ChooseServerResult => {
    if (name === null || name === undefined || name === '') {
      chosenServer = undefined;
    } else {
      if (typeof name !== 'string' || !servers().some((s) => s.name === name)) throw new ResponseError(-32602, `no server named "${String(name)}" in prometheus.servers`);
      chosenServer = name;
    }
    rulesCache.clear();
    void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    return { active: activeServer()?.name ?? null };
  };

  connection.onCodeLens((params, token) => runSafe(connection, 'codeLens', token, [], () => {
    if (!deps.settings().codeLens) return [];
    const document = deps.documents.get(params.textDocument.uri);
    if (!document) return [];
    const lenses = queryCodeLenses(document, queriesOf(document), { servers: servers().map((s) => s.name), activeServer: activeServer()?.name });
    return deps.moreLenses ? [...lenses, ...deps.moreLenses(document)] : lenses;
  }));

  connection.onCodeLensResolve(async (lens: CodeLens, token): Promise<CodeLens> => {
    const data = lens.data as RuleLensData | undefined;
    if (!data || !data.rule || lens.command) return lens;
    const server = activeServer();
    const params: RunQueryParams = { uri: data.uri, queryIndex: data.queryIndex, kind: 'instant' };
    const run = { title: '', command: RUN_QUERY_COMMAND, arguments: [params] };
    if (!server) return { ...lens, command: { ...run, title: noServer(undefined) } };
    try {
      const executor = executorFor(server);
      // No progress for a lens: it is bounded by its own short deadline.
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      const deadline = AbortSignal.any([controller.signal, AbortSignal.timeout(LENS_DEADLINE_MS)]);
      const state = await ruleState(data.rule, executor, () => rulesAnswer(server, executor), deadline).finally(() => subscription.dispose());
      return { ...lens, command: { ...run, title: lensTitle(state) } };
    } catch (error) {
      return { ...lens, command: { ...run, title: plainText(`state unknown: ${(error as Error).message}`, 200, true) } };
    }
  });

  // A failed run answers its error: the client must not take a default for a result.
  connection.onRequest(RUN_QUERY_REQUEST, (params, token) => runSafeAsync(connection, 'runQuery', token, ANSWER_ERROR, () => runFor(params, token)));
  connection.onRequest(EXPLAIN_QUERY_REQUEST, (params, token) => runSafeAsync(connection, 'explainQuery', token, ANSWER_ERROR, () => explainFor(params, token)));
  connection.onRequest(PREVIEW_RULE_REQUEST, (params, token) => runSafeAsync(connection, 'previewRule', token, ANSWER_ERROR, () => previews.preview(params, token)));
  connection.onRequest(SERVERS_REQUEST, (token) => runSafe(connection, 'servers', token, ANSWER_ERROR, listServers));
  connection.onRequest(CHOOSE_SERVER_REQUEST, (params, token) => runSafe(connection, 'chooseServer', token, ANSWER_ERROR, () => choose(params?.name)));

  const show = (type: MessageType, message: string): void => {
    if (clientRendersResults) return;
    void connection.sendNotification('window/showMessage', { type, message: notificationMessage(connection, message) });
  };

  const executeCommand = (params: ExecuteCommandParams, token: CancellationToken): Promise<unknown> | null => {
    if (!(QUERY_COMMAND_IDS as readonly string[]).includes(params.command)) return null;
    const arg = (params.arguments?.[0] ?? undefined) as (RunQueryParams & { name?: string }) | string | undefined;
    if (params.command === CHOOSE_SERVER_COMMAND) return runSafeAsync(connection, 'chooseServer', token, ANSWER_ERROR, () => chooseByCommand(typeof arg === 'string' ? arg : arg?.name));
    if (typeof arg !== 'object') return Promise.resolve(new ResponseError(-32602, `${params.command} takes { uri, queryIndex | range | position }`));
    if (params.command === PREVIEW_RULE_COMMAND) {
      const target: PreviewRuleParams = arg;
      return runSafeAsync(connection, 'previewRule', token, ANSWER_ERROR, async () => {
        const result = await previews.preview(target, token);
        void connection.sendNotification(QUERY_RESULT_NOTIFICATION, { uri: result.uri, queryIndex: result.queryIndex, kind: 'preview', result });
        show(result.ok ? MessageType.Info : MessageType.Error, `Preview of ${result.rule || 'the rule'} on ${result.server || 'no server'}: ${result.summary}`);
        return result;
      });
    }
    if (params.command === EXPLAIN_QUERY_COMMAND) {
      return runSafeAsync(connection, 'explainQuery', token, ANSWER_ERROR, async () => {
        const result = await explainFor(arg, token);
        void connection.sendNotification(QUERY_RESULT_NOTIFICATION, { uri: result.uri, queryIndex: result.queryIndex, kind: 'explain', result });
        show(result.ok ? MessageType.Info : MessageType.Error, `Explain on ${result.server || 'no server'}: ${result.summary}`);
        return result;
      });
    }
    const kind: QueryKind = params.command === GRAPH_QUERY_COMMAND ? 'range' : (arg.kind === 'range' ? 'range' : 'instant');
    return runSafeAsync(connection, 'runQuery', token, ANSWER_ERROR, async () => {
      const result = await runFor({ ...arg, kind }, token);
      void connection.sendNotification(QUERY_RESULT_NOTIFICATION, { uri: result.uri, queryIndex: result.queryIndex, kind, result });
      show(result.ok ? MessageType.Info : MessageType.Error, `${result.server || 'Prometheus'}: ${result.summary}${result.truncation ? ` (${result.truncation})` : ''}`);
      return result;
    });
  };

  /** `prometheus.chooseServer` with a name chooses it; without, the user picks one (window/showMessageRequest). */
  const chooseByCommand = async (name: string | undefined): Promise<ChooseServerResult> => {
    if (name !== undefined) return choose(name);
    const names = servers().map((s) => s.name);
    if (names.length === 0) return { active: null };
    const picked = await connection.window.showInformationMessage(notificationMessage(connection, `Run queries on (now ${activeServer()?.name ?? 'none'}):`), ...names.map((title) => ({ title })));
    return picked ? choose(picked.title) : { active: activeServer()?.name ?? null };
  };

  return {
    diagnostics(document) {
      const notes = stored.get(document.uri) ?? [];
      const templateErrors = previews.diagnostics(document);
      if (notes.length === 0 && !costs.has(document.uri)) return templateErrors;
      const queries = queriesOf(document);
      const out: Diagnostic[] = [...templateErrors, ...costDiagnostics(document, queries)];
      for (const entry of notes) {
        const query = queries.find((q) => q.text === entry.text);
        if (query) out.push(...diagnosticsOf(document, query, entry.notes, entry.server));
      }
      return out;
    },
    executeCommand,
    server(name) {
      const server = serverNamed(name);
      return server ? { server, executor: executorFor(server) } : undefined;
    },
  };
}

function failure(kind: QueryKind, server: string, query: string, errorKind: 'config', message: string): QueryRunResult {
  return {
    ok: false, kind, server, query, summary: message, elapsedMs: 0,
    error: { kind: errorKind, message }, warnings: [], infos: [], notes: [], substitutions: [],
  };
}

/** A selection inside a query, run on its own. */
function selection(query: RunnableQuery, start: number, end: number): RunnableQuery {
  const from = Math.max(0, query.toQueryIndex(start));
  const to = Math.max(from, query.toQueryIndex(end - 1) + 1);
  const text = query.text.slice(from, to);
  return {
    ...query,
    text,
    range: { start: query.toDocumentOffset(from), end: query.toDocumentOffset(to - 1) + 1 },
    toDocumentOffset: (i: number) => query.toDocumentOffset(from + Math.max(0, Math.min(i, text.length))),
    toQueryIndex: (offset: number) => {
      const i = query.toQueryIndex(offset);
      return i < from || i > to ? -1 : i - from;
    },
    // A part of a rule's expression is not the rule.
    rule: undefined,
  };
}
