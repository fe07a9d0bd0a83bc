import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type CancellationToken, type Diagnostic, type Range } from 'vscode-languageserver/node';
import type { DocumentModel } from '../service/documents/documentModel';
import type { RunnableQuery } from '../service/query/documentQueries';
import type { QueryCost } from '../service/query/queryCost';
import type { QueryExecutor } from '../service/query/queryExecutor';
import { previewHeadline } from '../service/preview/previewHeadline';
import { previewRule } from '../service/preview/previewRule';
import type { RulePreview } from '../service/preview/rulePreview';
import { previewStep } from '../service/preview/previewStep';
import { ruleInputs, type RuleInDocument } from '../service/preview/ruleInputs';
import { plainText } from '../service/remoteText/plainText';
import { severityOf } from '../service/lint/lintSettings';
import { cardinalitySeries, recordedSeriesFinding } from '../service/lint/rules/cardinalitySeries';
import { lspSeverity } from './toLsp';
import type { ServerSettings } from '../sources/sourceSettings';
import type { Settings } from '../settings/settings';
import type { PreviewRuleParams, PreviewRuleResponse } from './protocol';

/*
 * The `prometheus/previewRule` request and the `Preview` lens's command: find the rule the request
 * names (service/preview/ruleInputs.ts), hand it to the language service's preview (service/preview/previewRule.ts, which also
 * finds the server's own version of the rule) with the server's executor and the window, and place
 * the result in the document: the rule's range, and each template
 * that failed to execute as a diagnostic on its `{{ … }}` (kept, and merged into the document's
 * published diagnostics, until the rule is previewed again, the template is edited or the document
 * closes), and a recording rule that would record more series than `prometheus.lint.maxSeries` as
 * `cardinality/series` on its `record:` name (kept the same way, while its expression is unchanged).
 */

/** What the query handlers lend the preview: the same target, servers and progress as a run. */
export interface PreviewDeps {
  readonly settings: () => Settings;
  readonly models: { get(document: TextDocument): DocumentModel | null };
  resolveTarget(params: PreviewRuleParams): { document: TextDocument; query: RunnableQuery };
  queriesOf(document: TextDocument): RunnableQuery[];
  serverNamed(name: string | undefined): ServerSettings | undefined;
  noServer(name: string | undefined): string;
  executorFor(server: ServerSettings): QueryExecutor;
  withCancellation<T>(title: string, token: CancellationToken | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** The workspace's `evaluation_interval` (seconds), when a configuration sets it. */
  evaluationInterval(): number | undefined;
  republish?(uri: string): void;
  /** What the rule's expression costs, measured with the preview: the `query/cost` finding's figures. */
  measured?(document: TextDocument, query: RunnableQuery, server: string, cost: QueryCost): void;
}

export interface PreviewHandler {
  preview(params: PreviewRuleParams, token: CancellationToken | undefined): Promise<PreviewRuleResponse>;
  /** The template errors of the document's last previews, for its current text. */
  diagnostics(document: TextDocument): Diagnostic[];
  forget(uri: string): void;
}

/** A template error of a preview, kept by its rule's name and placed again on each publish. */
interface KeptTemplateError {
  readonly rule: string;
  readonly key: string;
  readonly field?: 'labels' | 'annotations';
  /** The template as previewed: once the user edits it, the error is no longer said. */
  readonly template: string | undefined;
  readonly offset: number;
  readonly message: string;
  readonly server: string;
}

export const TEMPLATE_ERROR_CODE = 'preview/template-error';

/** A recording rule's series count as its last preview measured it. */
interface KeptSeriesCount {
  readonly rule: string;
  /** The expression previewed: once the user edits it, the count is no longer said. */
  readonly expr: string;
  readonly series: number;
  readonly server: string;
}

export function createPreviewHandler(deps: PreviewDeps): PreviewHandler {
  const kept = new Map<string, KeptTemplateError[]>();
  const seriesCounts = new Map<string, KeptSeriesCount[]>();

  const keepSeriesCount = (uri: string, rule: string, count: KeptSeriesCount | undefined): void => {
    const before = seriesCounts.get(uri) ?? [];
    const after = [...before.filter((c) => c.rule !== rule), ...(count ? [count] : [])];
    if (after.length > 0) seriesCounts.set(uri, after);
    else seriesCounts.delete(uri);
    const said = (list: readonly KeptSeriesCount[]): boolean => list.some((c) => recordedSeriesFinding(c.rule, c.series, deps.settings().lint.maxSeries) !== null);
    if (said(before) || said(after)) deps.republish?.(uri);
  };

  const seriesDiagnostics = (document: TextDocument, queries: readonly RunnableQuery[]): Diagnostic[] => {
    const severity = severityOf(cardinalitySeries.code, cardinalitySeries.defaultSeverity, deps.settings().lint);
    if (severity === null) return [];
    return (seriesCounts.get(document.uri) ?? []).flatMap((c) => {
      const message = recordedSeriesFinding(c.rule, c.series, deps.settings().lint.maxSeries);
      const query = queries.find((q) => q.rule?.kind === 'record' && q.rule.name === c.rule && q.text === c.expr);
      const rule = query ? ruleOf(document, query) : undefined;
      if (!message || !query || !rule) return [];
      return [{ range: toRange(document, rule.nameRange.start, rule.nameRange.end), severity: lspSeverity(severity), code: cardinalitySeries.code, source: plainText(`prometheus preview (${c.server})`, 200, true), message }];
    });
  };

  const toRange = (document: TextDocument, start: number, end: number): Range => ({ start: document.positionAt(start), end: document.positionAt(end) });

  /** The rule whose `expr:` the query is, read as previews take it. */
  const ruleOf = (document: TextDocument, query: RunnableQuery): RuleInDocument | undefined => {
    const model = deps.models.get(document);
    if (!model || !query.rule) return undefined;
    return ruleInputs(model, document.uri).find((r) => r.ruleRange.start <= query.range.start && query.range.end <= r.ruleRange.end);
  };

  /** The template text an error names in a rule, now. */
  const templateOf = (rule: RuleInDocument | undefined, e: { key: string; field?: 'labels' | 'annotations' }): string | undefined =>
    (e.field ? [e.field] : ['annotations', 'labels'] as const).map((field) => rule?.input[field]?.[e.key]).find((t) => t !== undefined);

  const placed = (document: TextDocument, query: RunnableQuery, rule: RuleInDocument | undefined, errors: readonly KeptTemplateError[]): Diagnostic[] => {
    return errors.filter((e) => templateOf(rule, e) === e.template).map((e) => {
      // Where the template says it failed: a label's or an annotation's (annotations first when the preview did not say).
      const offset = (e.field ? [e.field] : ['annotations', 'labels'] as const).map((field) => rule?.templateOffset(field, e.key, e.offset)).find((o) => o !== undefined);
      const at = offset !== undefined ? { start: offset, end: offset + 1 } : query.range;
      return {
        range: toRange(document, at.start, at.end),
        // Prometheus loads the rule; the template fails when the alert is sent: a warning.
        severity: DiagnosticSeverity.Warning,
        code: TEMPLATE_ERROR_CODE,
        source: plainText(`prometheus preview (${e.server})`, 200, true),
        message: plainText(`${e.key}: ${e.message}`),
      };
    });
  };

  const keep = (uri: string, rule: string, errors: readonly KeptTemplateError[]): void => {
    const before = kept.get(uri) ?? [];
    const after = [...before.filter((e) => e.rule !== rule), ...errors];
    if (after.length > 0) kept.set(uri, after);
    else kept.delete(uri);
    if (before.length > 0 || after.length > 0) deps.republish?.(uri);
  };

  const preview = async (params: PreviewRuleParams, token: CancellationToken | undefined): Promise<PreviewRuleResponse> => {
    const { document, query } = deps.resolveTarget(params);
    const settings = deps.settings();
    const windowSeconds = typeof params.windowSeconds === 'number' && params.windowSeconds >= 60 ? Math.min(params.windowSeconds, 31 * 86_400) : settings.previewWindowSeconds;
    const found = ruleOf(document, query);
    // The expression as Prometheus evaluates it (`expr: 1` is the number 1 to YAML).
    const rule = found ? { ...found.input, expr: query.text } : undefined;
    const place = { uri: document.uri, queryIndex: query.index, queryRange: toRange(document, query.range.start, query.range.end), query: query.text };
    const now = Date.now() / 1000;
    const failed = (server: string, message: string): PreviewRuleResponse => {
      const preview: RulePreview = {
        file: document.uri, group: query.rule?.group ?? '', rule: query.rule?.name ?? '', kind: query.rule?.kind ?? 'alert',
        window: { start: now - windowSeconds, end: now, step: 60 }, instances: [], summary: message, error: message,
      };
      return { ...preview, ...place, server, ok: false, headline: previewHeadline(preview), diagnostics: [] };
    };
    if (!rule) return failed('', 'only an alerting or recording rule of a rule file can be previewed');
    const server = deps.serverNamed(params.server);
    if (!server) return failed('', deps.noServer(params.server));
    let executor: QueryExecutor;
    try {
      executor = deps.executorFor(server);
    } catch (error) {
      return failed(server.name, `${server.name}: ${(error as Error).message}`);
    }
    return deps.withCancellation(`Previewing ${rule.name} on ${server.name}`, token, async (signal) => {
      const { server: live, ...result } = await previewRule(rule, executor, {
        now: Date.now() / 1000, since: windowSeconds, evaluationInterval: deps.evaluationInterval(),
        step: previewStep(windowSeconds, rule.groupInterval ?? deps.evaluationInterval() ?? 60), signal, cost: true,
      });
      if (result.cost && !signal.aborted) deps.measured?.(document, query, server.name, result.cost);
      const errors: KeptTemplateError[] = result.instances.flatMap((i) => (i.templateErrors ?? []).map((e) => ({
        rule: rule.name, key: e.key, ...(e.field ? { field: e.field } : {}), template: templateOf(found, e), offset: e.offset, message: e.message, server: server.name,
      })));
      const unique = errors.filter((e, i) => errors.findIndex((o) => o.key === e.key && o.field === e.field && o.offset === e.offset && o.message === e.message) === i);
      if (result.error === undefined) keep(document.uri, rule.name, unique);
      if (result.kind === 'record' && !signal.aborted) {
        keepSeriesCount(document.uri, rule.name, result.error === undefined && result.series !== undefined ? { rule: rule.name, expr: query.text, series: result.series, server: server.name } : undefined);
      }
      return {
        ...result, ...place, server: server.name, ok: result.error === undefined, headline: previewHeadline(result),
        ...(live !== undefined ? { live } : {}),
        diagnostics: placed(document, query, found, unique),
      };
    });
  };

  return {
    preview,
    diagnostics(document) {
      const errors = kept.get(document.uri);
      const counted = seriesCounts.has(document.uri);
      if ((!errors || errors.length === 0) && !counted) return [];
      const queries = deps.queriesOf(document);
      const out: Diagnostic[] = counted ? seriesDiagnostics(document, queries) : [];
      if (!errors) return out;
      for (const name of new Set(errors.map((e) => e.rule))) {
        const query = queries.find((q) => q.rule?.name === name);
        if (query) out.push(...placed(document, query, ruleOf(document, query), errors.filter((e) => e.rule === name)));
      }
      return out;
    },
    forget(uri) {
      kept.delete(uri);
      seriesCounts.delete(uri);
    },
  };
}
