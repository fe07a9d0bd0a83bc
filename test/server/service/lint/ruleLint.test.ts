import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { Interner, MetricCatalog } from '../../../../server/src/service/catalog/metricCatalog';
import type { DiagnosticData } from '../../../../server/src/lsp/toLsp';
import { getLanguageService } from '../../../../server/src/service/languageService';
import { withLspAnswers } from '../../../support/lspAnswers';
import type { ConfigIntervals } from '../../../../server/src/service/lint/documentLint';
import { withRanges } from '../../../support/markers';

/*
 * Lints of rule files through the language service: recording-rule names, alert conditions and
 * `for`, PromQL rules inside `expr:` (ranges and fixes through the YAML scalar), and disable
 * comments. Expected ranges are marked «…».
 */

const intervals: ConfigIntervals = { scrape: 15, scrapeByJob: new Map(), evaluation: 60 };

function lint(text: string, withConfig = true): { document: TextDocument; diagnostics: Diagnostic[] } {
  const service = withLspAnswers(getLanguageService({ intervals: withConfig ? () => intervals : undefined }));
  const document = TextDocument.create('file:///rules.yml', 'yaml', 1, text);
  return { document, diagnostics: service.validate(document, service.parseDocument(document)!) };
}

function applyFix(document: TextDocument, diagnostic: Diagnostic): string {
  const fix = (diagnostic.data as DiagnosticData).fixes[0];
  let out = document.getText();
  const edits = [...fix.edits].sort((a, b) => document.offsetAt(b.range.start) - document.offsetAt(a.range.start));
  for (const e of edits) out = out.slice(0, document.offsetAt(e.range.start)) + e.newText + out.slice(document.offsetAt(e.range.end));
  return out;
}

const group = (rules: string, extra = ''): string => `groups:\n  - name: g\n${extra}    rules:\n${rules}`;

interface Case {
  readonly title: string;
  readonly code: string;
  readonly marked: string;
  readonly fixed?: string;
  readonly message?: RegExp;
}

const FIRING: Case[] = [
  {
    title: 'a recording rule in milliseconds',
    code: 'naming/base-unit',
    marked: group('      - record: «job:request_latency_ms:avg»\n        expr: avg by (job) (request_latency_ms)\n'),
    fixed: group('      - record: job:request_latency_seconds:avg\n        expr: (avg by (job) (request_latency_ms)) / 1000\n'),
    message: /^recording rule "job:request_latency_ms:avg": the unit "_ms" is not a base unit: use "_seconds"/,
  },
  {
    title: 'a block-scalar expression scaled by the fix',
    code: 'naming/base-unit',
    marked: group('      - record: «job:payload_kb:sum»\n        expr: |\n          sum by (job) (payload_kb)\n'),
    fixed: group('      - record: job:payload_bytes:sum\n        expr: |\n          (sum by (job) (payload_kb)) * 1000\n'),
  },
  {
    title: 'a recorded rate that keeps _total',
    code: 'naming/counter-total',
    marked: group('      - record: «job:http_requests_total:rate5m»\n        expr: sum by (job) (rate(http_requests_total[5m]))\n'),
    fixed: group('      - record: job:http_requests:rate5m\n        expr: sum by (job) (rate(http_requests_total[5m]))\n'),
  },
  {
    title: 'a recorded irate that keeps _total',
    code: 'naming/counter-total',
    marked: group('      - record: «instance:node_cpu_seconds_total:irate1m»\n        expr: irate(node_cpu_seconds_total[1m])\n'),
    fixed: group('      - record: instance:node_cpu_seconds:irate1m\n        expr: irate(node_cpu_seconds_total[1m])\n'),
  },
  {
    title: 'an alert without a comparison',
    code: 'rules/alert-condition',
    marked: group('      - alert: Errors\n        expr: «sum(rate(errors_total[10m]))»\n        for: 5m\n'),
  },
  {
    title: 'a for shorter than the evaluation interval',
    code: 'rules/for-interval',
    marked: group('      - alert: Down\n        expr: up == 0\n        for: «30s»\n'),
    message: /evaluation interval \(1m\)/,
  },
  {
    title: "a for shorter than the group's own interval",
    code: 'rules/for-interval',
    marked: group('      - alert: Down\n        expr: up == 0\n        for: «2m»\n', '    interval: 5m\n'),
  },
  {
    title: 'an interval named as Prometheus prints a duration',
    code: 'rules/for-interval',
    marked: group('      - alert: Down\n        expr: up == 0\n        for: «1m»\n', '    interval: 90s\n'),
    message: /evaluation interval \(1m30s\)/,
  },
  {
    title: 'an alert over a short rate without for',
    code: 'rules/alert-for',
    marked: group('      - alert: «HighErrors»\n        expr: rate(errors_total[5m]) > 1\n        labels:\n          severity: page\n'),
    fixed: group('      - alert: HighErrors\n        expr: rate(errors_total[5m]) > 1\n        for: 5m\n        labels:\n          severity: page\n'),
  },
  {
    title: 'a regex fix inside a double-quoted scalar',
    code: 'promql/regex-literal',
    marked: group('      - alert: Down\n        expr: "up{«job=~\\"api\\"»} == 0"\n        for: 5m\n'),
    fixed: group('      - alert: Down\n        expr: "up{job=\\"api\\"} == 0"\n        for: 5m\n'),
  },
  {
    title: 'histogram_quantile without le in a block scalar',
    code: 'promql/histogram-le',
    marked: group('      - record: job:latency_seconds:p99\n        expr: >-\n          histogram_quantile(0.99,\n            sum «by (job)» (rate(latency_seconds_bucket[5m])))\n'),
    fixed: group('      - record: job:latency_seconds:p99\n        expr: >-\n          histogram_quantile(0.99,\n            sum by (job, le) (rate(latency_seconds_bucket[5m])))\n'),
  },
];

const SILENT: { title: string; code: string; text: string; withConfig?: boolean }[] = [
  { title: 'a well-named recording rule', code: 'naming/base-unit', text: group('      - record: job:request_latency_seconds:avg\n        expr: avg by (job) (request_latency_seconds)\n') },
  { title: 'a recorded sum of a counter that keeps _total', code: 'naming/counter-total', text: group('      - record: job:http_requests_total:sum\n        expr: sum by (job) (http_requests_total)\n') },
  // Prometheus' guide strips _total after rate() and irate() only: an increase keeps the counter's name.
  { title: 'a recorded increase that keeps _total', code: 'naming/counter-total', text: group('      - record: code_verb:apiserver_request_total:increase1h\n        expr: sum by (code, verb) (increase(apiserver_request_total[1h]))\n') },
  { title: 'the watchdog alert', code: 'rules/alert-condition', text: group('      - alert: Watchdog\n        expr: vector(1)\n') },
  { title: 'an absent() alert', code: 'rules/alert-condition', text: group('      - alert: Gone\n        expr: absent(up{job="api"})\n        for: 5m\n') },
  { title: 'an existence check on a state label', code: 'rules/alert-condition', text: group('      - alert: LinkDown\n        expr: iface_info{operstate="down"}\n') },
  { title: 'for without a known evaluation interval', code: 'rules/for-interval', text: group('      - alert: Down\n        expr: up == 0\n        for: 30s\n'), withConfig: false },
  { title: 'a long-window alert without for', code: 'rules/alert-for', text: group('      - alert: Slow\n        expr: rate(errors_total[1h]) > 1\n') },
  {
    title: 'a disable comment above the rule',
    code: 'promql/regex-literal',
    text: group('      # prometheus-lsp-disable-next-line promql/regex-literal\n      - alert: Down\n        expr: up{job=~"api"} == 0\n        for: 5m\n'),
  },
  {
    title: 'a disable comment above a block expression',
    code: 'promql/regex-literal',
    text: group('      - alert: Down\n        # prometheus-lsp-disable-next-line\n        expr: |\n          up{job=~"api"}\n            == 0\n        for: 5m\n'),
  },
];

describe('rule file lint rules', () => {
  for (const c of FIRING) {
    it(`${c.code}: ${c.title}`, () => {
      const { text, ranges } = withRanges(c.marked);
      const { document, diagnostics } = lint(text);
      const found = diagnostics.filter((d) => d.code === c.code);
      assert.equal(found.length, 1, JSON.stringify(diagnostics.map((d) => [d.code, d.message])));
      assert.deepEqual({ start: document.offsetAt(found[0].range.start), end: document.offsetAt(found[0].range.end) }, ranges[0]);
      if (c.message) assert.match(String(found[0].message), c.message);
      if (c.fixed !== undefined) {
        const fixed = applyFix(document, found[0]);
        assert.equal(fixed, c.fixed);
        // The fixed file is clean of the rule and still valid.
        const again = lint(fixed).diagnostics;
        assert.deepEqual(again.filter((d) => d.code === c.code || d.severity === 1).map((d) => d.message), []);
      }
    });
  }
  for (const c of SILENT) {
    it(`${c.code} is silent on ${c.title}`, () => {
      const { diagnostics } = lint(c.text, c.withConfig ?? true);
      assert.deepEqual(diagnostics.filter((d) => d.code === c.code).map((d) => d.message), []);
    });
  }

  it('a disable comment names the rules it silences and leaves the others', () => {
    const text = group('      # prometheus-lsp-disable-next-line promql/regex-anchors\n      - alert: Down\n        expr: up{job=~"api"} == 0\n        for: 5m\n');
    assert.deepEqual(lint(text).diagnostics.map((d) => d.code), ['promql/regex-literal']);
  });

  it('promql/rate-non-counter leaves a name the file records to the rule that records it', () => {
    const interner = new Interner();
    const catalog = new MetricCatalog();
    catalog.setSnapshot('test', { metrics: [{ name: 'up', type: 'gauge', help: 'help', unit: undefined, family: undefined, labelNames: interner.list(['job']), seriesCount: 1, sources: [interner.string('test')] }] });
    const service = withLspAnswers(getLanguageService({ catalog: () => catalog }));
    const text = group('      - record: job_queue_depth\n        expr: sum by (job) (queue_depth)\n      - alert: QueueGrows\n        expr: rate(job_queue_depth[5m]) > 1 and rate(queue_items[5m]) > 1\n        for: 5m\n');
    const document = TextDocument.create('file:///rules.yml', 'yaml', 1, text);
    const found = service.validate(document, service.parseDocument(document)!).filter((d) => d.code === 'promql/rate-non-counter');
    // The recorded name has the type its rule gives it; the name no one records is judged by its name.
    assert.deepEqual(found.map((d) => String(d.message)), ['rate() is for counters, and "queue_items" is not a counter by its name (no _total): use deriv()']);
  });
});
