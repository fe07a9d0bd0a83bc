import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { Interner, MetricCatalog, type CatalogMetric } from '../../../../server/src/service/catalog/metricCatalog';
import type { DiagnosticData } from '../../../../server/src/lsp/toLsp';
import { getLanguageService } from '../../../../server/src/service/languageService';
import { withLspAnswers } from '../../../support/lspAnswers';
import type { ConfigIntervals } from '../../../../server/src/service/lint/documentLint';
import { toLintSettings } from '../../../../server/src/service/lint/lintSettings';
import { withRanges } from '../../../support/markers';

/*
 * The PromQL lint rules, through the language service as the editor and the CLI run them: for each
 * rule, queries where it must fire (the expected range marked «…») and near misses where it must
 * not. A catalog as a scrape fills it gives types, series counts and label values.
 */

const interner = new Interner();
const sources = [interner.string('test')];
const metric = (name: string, type: CatalogMetric['type'], labels: string[], seriesCount = 3, family?: string): CatalogMetric =>
  ({ name, type, help: 'help', unit: undefined, family, labelNames: interner.list(labels), seriesCount, sources });

const catalog = new MetricCatalog();
catalog.setSnapshot('test', {
  metrics: [
    metric('http_requests_total', 'counter', ['code', 'handler', 'customer']),
    metric('queue_depth', 'gauge', ['queue']),
    metric('sessions_open_total', 'gauge', ['pod']),
    metric('memory_used_bytes', 'gauge', ['pod']),
    metric('huge_metric', 'gauge', ['pod'], 50_000),
    metric('latency_seconds_bucket', 'histogram', ['le', 'handler'], 10, 'latency_seconds'),
  ],
  labelValues: new Map([['http_requests_total', new Map([['customer', Array.from({ length: 500 }, (_, i) => `c${i}`)], ['path', Array.from({ length: 300 }, (_, i) => `/item/${i}`)]])]]),
});

const intervals: ConfigIntervals = { scrape: 60, scrapeByJob: new Map([['fast', 15]]), evaluation: 60 };

function lint(text: string, options: { live?: boolean; withIntervals?: boolean; rules?: Record<string, string>; server?: boolean } = {}): Diagnostic[] {
  const service = withLspAnswers(getLanguageService({
    server: options.server ? () => ({ label: 'prod', product: 'prometheus', version: '3.5.0', features: undefined }) : undefined,
    catalog: options.live === false ? undefined : () => catalog,
    intervals: options.withIntervals === false ? undefined : () => intervals,
    lint: () => toLintSettings({ rules: options.rules ?? {} }),
  }));
  const document = TextDocument.create('file:///q.promql', 'promql', 1, text);
  return service.validate(document, service.parseDocument(document)!);
}

function applyFix(text: string, diagnostic: Diagnostic, index = 0): string {
  const fix = (diagnostic.data as DiagnosticData).fixes[index];
  const document = TextDocument.create('file:///q.promql', 'promql', 1, text);
  const edits = [...fix.edits].sort((a, b) => document.offsetAt(b.range.start) - document.offsetAt(a.range.start));
  let out = text;
  for (const e of edits) out = out.slice(0, document.offsetAt(e.range.start)) + e.newText + out.slice(document.offsetAt(e.range.end));
  return out;
}

interface Firing {
  readonly code: string;
  /** The query, with the expected range in «…». */
  readonly marked: string;
  readonly message?: RegExp;
  /** The text after the first fix, when the rule offers one. */
  readonly fixed?: string;
  readonly live?: boolean;
  /** A Prometheus-API server answered (its series fill the catalog). */
  readonly server?: boolean;
  /** The LSP severity expected (1 error … 4 hint), when the case is about it. */
  readonly severity?: number;
}

const FIRING: Firing[] = [
  { code: 'naming/counter-total', marked: 'rate(«http_requests»[5m])', message: /http_requests_total/, fixed: 'rate(http_requests_total[5m])' },
  { code: 'promql/rate-non-counter', marked: '«rate»(queue_depth[5m])', message: /gauge.*deriv/, fixed: 'deriv(queue_depth[5m])' },
  { code: 'promql/rate-non-counter', marked: '«increase»(memory_used_bytes[1h])', fixed: 'delta(memory_used_bytes[1h])' },
  { code: 'promql/rate-non-counter', marked: '«deriv»(http_requests_total[5m])', message: /counter/, fixed: 'rate(http_requests_total[5m])' },
  { code: 'promql/rate-non-counter', marked: '«delta»(errors_total[5m])', live: false, fixed: 'increase(errors_total[5m])' },
  { code: 'promql/histogram-le', marked: 'histogram_quantile(0.9, sum «by (handler)» (rate(latency_seconds_bucket[5m])))', message: /"le"/, fixed: 'histogram_quantile(0.9, sum by (handler, le) (rate(latency_seconds_bucket[5m])))' },
  { code: 'promql/histogram-le', marked: 'histogram_quantile(0.9, «sum»(rate(latency_seconds_bucket[5m])))' },
  { code: 'promql/histogram-le', marked: 'histogram_quantile(«99», sum by (le) (rate(latency_seconds_bucket[5m])))', message: /outside \[0, 1\]/ },
  { code: 'promql/histogram-le', marked: 'histogram_quantile(0.5, sum by (le) («latency_seconds_bucket»))', message: /rate/ },
  { code: 'promql/rate-range', marked: 'rate(http_requests_total[«1m»])', message: /twice the scrape interval \(1m\)/, fixed: 'rate(http_requests_total[4m])' },
  { code: 'promql/rate-range', marked: 'rate(http_requests_total{job="fast"}[«20s»])', message: /15s/, fixed: 'rate(http_requests_total{job="fast"}[1m])' },
  { code: 'promql/rate-of-aggregation', marked: '«rate(sum(http_requests_total)[5m:])»' },
  { code: 'promql/counter-without-rate', marked: 'sum(«http_requests_total»)', fixed: 'sum(rate(http_requests_total[5m]))', message: /^"http_requests_total" is a counter/, severity: 2 },
  // Only the name says counter (no live TYPE): a note, worded as a condition.
  { code: 'promql/counter-without-rate', marked: 'max(«jobs_done_total»)', fixed: 'max(rate(jobs_done_total[5m]))', message: /is named like a counter/, severity: 3 },
  { code: 'promql/counter-without-rate', marked: '«http_requests_total» > 100', fixed: 'rate(http_requests_total[5m]) > 100' },
  // The one piece of advice on a name the server lacks (promql/rate-non-counter stays silent on it).
  { code: 'promql/unknown-metric', marked: 'rate(«no_such_metric»[5m])', server: true },
  { code: 'promql/regex-literal', marked: 'up{«job=~"api"»}', fixed: 'up{job="api"}' },
  { code: 'promql/regex-literal', marked: 'up{«job!~"api"»}', fixed: 'up{job!="api"}' },
  { code: 'promql/regex-anchors', marked: 'up{job=~«"^api.*$"»}', fixed: 'up{job=~"api.*"}' },
  // Every top-level alternative loses its anchors, in the message and the fix; those in groups stay.
  { code: 'promql/regex-anchors', marked: 'up{job=~«"^api|^web$"»}', message: /"\^api\|\^web\$" is "api\|web"$/, fixed: 'up{job=~"api|web"}' },
  { code: 'promql/regex-anchors', marked: 'up{job=~«"^(a|^b)$"»}', message: /is "\(a\|\^b\)"$/, fixed: 'up{job=~"(a|^b)"}' },
  { code: 'cardinality/series', marked: 'up{«job=~".*"»}', message: /matches every series/ },
  { code: 'cardinality/series', marked: '«huge_metric»', message: /50000 series/ },
  { code: 'cardinality/label', marked: 'sum by («request_id») (rate(http_requests_total[5m]))', message: /unbounded/ },
  { code: 'cardinality/label', marked: 'sum by («customer») (rate(http_requests_total[5m]))', message: /500 values/ },
  { code: 'cardinality/label', marked: 'a * on («user_id») group_left b' },
  // An ambiguous name, judged by its live values only.
  { code: 'cardinality/label', marked: 'sum by («path») (rate(http_requests_total[5m]))', message: /300 values in live data on http_requests_total/ },
  { code: 'promql/vector-matching', marked: 'sum by (job) (a) / on («instance») b', message: /left side/ },
  { code: 'promql/contradictory-matchers', marked: 'up{job="api", «job=~"web.*"»}', message: /matches nothing/ },
  { code: 'promql/contradictory-matchers', marked: 'up{job="api", «job="web"»}' },
  { code: 'promql/contradictory-matchers', marked: 'up{job="api", «job!="api"»}' },
  { code: 'promql/unknown-metric', marked: 'rate(«http_request_total»[5m])', server: true, message: /prod has no series of "http_request_total".*did you mean "http_requests_total"\?/, fixed: 'rate(http_requests_total[5m])' },
  { code: 'promql/unknown-metric', marked: 'rate(«http_request_total»[5m])', message: /^no live source has "http_request_total": did you mean "http_requests_total"\?$/, fixed: 'rate(http_requests_total[5m])' },
  { code: 'promql/unknown-metric', marked: 'max(«memory_use_bytes»)', message: /did you mean "memory_used_bytes"/, fixed: 'max(memory_used_bytes)' },
  { code: 'promql/unknown-metric', marked: '«rpc_latency_seconds»', server: true, message: /prod has no series of "rpc_latency_seconds", and no recording rule of the workspace records it$/ },
  { code: 'promql/unknown-metric', marked: 'queue_depth{«queu»="a"}', server: true, message: /no label "queu".*its labels: queue/ },
  { code: 'promql/unknown-metric', marked: 'queue_depth{«pod»=~"a.*"}', server: true, message: /no label "pod"/ },
  { code: 'cardinality/series', marked: 'queue_depth{«pod=~".*"»}', server: true, message: /matches every series/ },
];

interface Silent {
  readonly code: string;
  readonly text: string;
  readonly live?: boolean;
  readonly withIntervals?: boolean;
  readonly server?: boolean;
}

const SILENT: Silent[] = [
  { code: 'naming/counter-total', text: 'rate(http_requests_total[5m])' },
  { code: 'naming/counter-total', text: 'rate(http_requests[5m])', live: false },
  { code: 'promql/rate-non-counter', text: 'rate(http_requests_total[5m])' },
  { code: 'promql/rate-non-counter', text: 'rate(unknown_metric[5m])', live: false },
  { code: 'promql/rate-non-counter', text: 'rate(job:requests:rate5m[5m])' },
  { code: 'promql/rate-non-counter', text: 'deriv(queue_depth[5m])' },
  { code: 'promql/histogram-le', text: 'histogram_quantile(0.9, sum by (le, handler) (rate(latency_seconds_bucket[5m])))' },
  { code: 'promql/histogram-le', text: 'histogram_quantile(0.9, sum(rate(native_latency_seconds[5m])))' },
  { code: 'promql/histogram-le', text: 'histogram_quantile(1, sum by (le) (rate(latency_seconds_bucket[5m])))' },
  { code: 'promql/rate-range', text: 'rate(http_requests_total[2m])' },
  { code: 'promql/rate-range', text: 'rate(http_requests_total[1m])', withIntervals: false },
  { code: 'promql/rate-of-aggregation', text: 'sum(rate(http_requests_total[5m]))' },
  { code: 'promql/counter-without-rate', text: 'sum(rate(http_requests_total[5m]))' },
  { code: 'promql/counter-without-rate', text: 'count(sum by (cpu) (node_cpu_seconds_total))' },
  { code: 'promql/counter-without-rate', text: 'http_requests_total > 0' },
  { code: 'promql/counter-without-rate', text: 'sum(queue_depth)' },
  // Compared with 0 after an aggregation: whether anything was ever counted (README: exempt).
  { code: 'promql/counter-without-rate', text: 'sum(http_requests_total) by (code) > 0' },
  { code: 'promql/counter-without-rate', text: '(max by (code) (sum by (code, handler) (http_requests_total))) == 0' },
  // A gauge named like a counter, when the live metadata says gauge.
  { code: 'promql/counter-without-rate', text: 'sum(sessions_open_total)' },
  { code: 'promql/counter-without-rate', text: 'sessions_open_total > 10' },
  // One token, one piece of advice: the live catalog has the _total counter (naming/counter-total says so).
  { code: 'promql/rate-non-counter', text: 'rate(http_requests{code="200"}[5m])' },
  // A name the server's full list lacks: promql/unknown-metric says so, the by-name verdict stays silent.
  { code: 'promql/rate-non-counter', text: 'rate(no_such_metric[5m])', server: true },

  { code: 'promql/regex-literal', text: 'up{job=~"api|web"}' },
  { code: 'promql/regex-literal', text: 'up{job="api"}' },
  { code: 'promql/regex-anchors', text: 'up{job=~"a\\\\$"}' },
  { code: 'cardinality/series', text: 'up{job=~".+"}' },
  { code: 'cardinality/series', text: 'huge_metric{pod="a"}' },
  { code: 'cardinality/label', text: 'sum by (handler) (rate(http_requests_total[5m]))' },
  // Ambiguous names without live values that say so: bounded on real rules (a queue directory, a remote-write target, a configured user).
  { code: 'cardinality/label', text: 'sum by (path) (prometheus_remote_storage_queue_length)' },
  { code: 'cardinality/label', text: 'max by (url) (prometheus_remote_storage_samples_pending)' },
  { code: 'cardinality/label', text: 'sum by (username, ip) (pgbouncer_pools_client_active_connections)', live: false },
  { code: 'promql/vector-matching', text: 'sum by (job, instance) (a) / on (instance) b' },
  { code: 'promql/vector-matching', text: 'sum by (job) (a) and on (instance) b' },
  { code: 'promql/unknown-metric', text: 'rate(http_request_total[5m])', live: false },
  { code: 'promql/unknown-metric', text: 'rate(rpc_requests_total[5m])' },
  { code: 'promql/unknown-metric', text: 'queue_len' },
  { code: 'promql/unknown-metric', text: 'rate(http_requests_total[5m])', server: true },
  { code: 'promql/unknown-metric', text: 'queue_depth{queue="a", pod=""}', server: true },
  // A regex that matches the empty value matches the series without the label: not "matches nothing"
  // (cardinality/series says what is wrong with it), on one range one piece of advice.
  { code: 'promql/unknown-metric', text: 'queue_depth{pod=~".*"}', server: true },
  { code: 'promql/unknown-metric', text: 'queue_depth{pod=~"(a|)"}', server: true },
];

describe('PromQL lint rules', () => {
  for (const c of FIRING) {
    it(`${c.code} fires on ${c.marked}`, () => {
      const { text, ranges } = withRanges(c.marked);
      const found = lint(text, { live: c.live, server: c.server }).filter((d) => d.code === c.code);
      assert.equal(found.length, 1, `expected one ${c.code} in ${JSON.stringify(lint(text, { live: c.live, server: c.server }).map((d) => [d.code, d.message]))}`);
      const document = TextDocument.create('file:///q.promql', 'promql', 1, text);
      assert.deepEqual({ start: document.offsetAt(found[0].range.start), end: document.offsetAt(found[0].range.end) }, ranges[0]);
      if (c.message) assert.match(String(found[0].message), c.message);
      if (c.severity !== undefined) assert.equal(found[0].severity, c.severity);
      if (c.fixed !== undefined) assert.equal(applyFix(text, found[0]), c.fixed);
      else assert.equal((found[0].data as DiagnosticData | undefined)?.fixes.length ?? 0, 0, 'no fix expected');
    });
  }
  for (const c of SILENT) {
    it(`${c.code} is silent on ${c.text}${c.live === false ? ' (no live source)' : ''}`, () => {
      const found = lint(c.text, { live: c.live, withIntervals: c.withIntervals, server: c.server }).filter((d) => d.code === c.code);
      assert.deepEqual(found.map((d) => d.message), []);
    });
  }

  it('a rule set to off in the settings is silent, and another severity is used', () => {
    assert.equal(lint('up{job=~"api"}', { rules: { 'promql/regex-literal': 'off' } }).filter((d) => d.code === 'promql/regex-literal').length, 0);
    const [error] = lint('up{job=~"api"}', { rules: { 'promql/regex-literal': 'error' } }).filter((d) => d.code === 'promql/regex-literal');
    assert.equal(error.severity, 1);
  });

  it('says nothing about a query that does not parse', () => {
    assert.deepEqual(lint('rate(queue_depth[5m]').map((d) => d.code), ['promql/syntax']);
  });
});
