import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, SignatureHelp } from 'vscode-languageserver-types';
import { Interner, MetricCatalog, type CatalogMetric } from '../../../../server/src/service/catalog/metricCatalog';
import { getLanguageService } from '../../../../server/src/service/languageService';
import { indexDocument } from '../../../../server/src/service/rules/ruleIndex';
import { WorkspaceIndex } from '../../../../server/src/service/workspace/workspaceIndex';
import { withLspAnswers } from '../../../support/lspAnswers';

/*
 * PromQL completion, hover and signature help through the language service, with a catalog as a
 * scrape fills it (the live path is tested over LSP against real exporters in test/server/lsp).
 */

const interner = new Interner();
const sources = [interner.string('node (127.0.0.1:9100)')];
const metric = (name: string, type: CatalogMetric['type'], help: string, labels: string[], family?: string): CatalogMetric =>
  ({ name, type, help, unit: undefined, family, labelNames: interner.list(labels), seriesCount: 3, sources });

const catalog = new MetricCatalog();
catalog.setSnapshot('node', {
  metrics: [
    metric('http_requests_total', 'counter', 'Requests handled.', ['code', 'handler', 'method']),
    metric('http_request_duration_seconds_bucket', 'histogram', 'Request latency.', ['handler', 'le'], 'http_request_duration_seconds'),
    metric('http_request_duration_seconds_sum', 'histogram', 'Request latency.', ['handler'], 'http_request_duration_seconds'),
    metric('node_load1', 'gauge', '1m load average.', []),
    metric('process_cpu_seconds_total', 'counter', 'CPU time.', ['instance']),
  ],
  labelValues: new Map([
    ['http_requests_total', new Map([['code', ['200', '500']], ['handler', ['/api/"v1"', '/metrics']]])],
    ['http_request_duration_seconds_bucket', new Map([['le', ['0.1', '+Inf']]])],
  ]),
});

const service = withLspAnswers(getLanguageService({ catalog: () => catalog }));

function at(marked: string, uri = 'file:///q.promql', languageId = 'promql'): { document: TextDocument; offset: number } {
  const offset = marked.indexOf('|');
  return { document: TextDocument.create(uri, languageId, 1, marked.replace('|', '')), offset };
}

function complete(marked: string, uri?: string, languageId?: string, workspace?: WorkspaceIndex): CompletionItem[] {
  const { document, offset } = at(marked, uri, languageId);
  return service.complete(document, service.parseDocument(document)!, offset, workspace).items;
}

/** The text after applying an item's edit (snippet placeholders kept). */
function applied(marked: string, item: CompletionItem): string {
  const { document } = at(marked);
  const edit = item.textEdit!;
  assert.ok('range' in edit);
  const start = document.offsetAt(edit.range.start);
  const end = document.offsetAt(edit.range.end);
  const text = document.getText();
  return text.slice(0, start) + edit.newText + text.slice(end);
}

const names = (items: CompletionItem[]) => items.map((i) => i.label);

describe('PromQL completion', () => {
  it('ranks the best match first and edits only the word', () => {
    const items = complete('rate(http_req|[5m])');
    assert.equal(items[0].label, 'http_requests_total');
    assert.equal(items[0].detail, 'counter · Requests handled.');
    assert.equal(applied('rate(http_req|[5m])', items[0]), 'rate(http_requests_total[5m])');
  });

  it('matches fuzzily', () => {
    assert.ok(names(complete('hrdsb|')).includes('http_request_duration_seconds_bucket'));
  });

  it('offers functions and aggregations as snippets', () => {
    const items = complete('histogram_q|');
    const f = items.find((i) => i.label === 'histogram_quantile')!;
    assert.equal(applied('histogram_q|', f), 'histogram_quantile(${1:phi}, ${2:b})');
    const rate = complete('rat|').find((i) => i.label === 'rate')!;
    assert.equal(applied('rat|', rate), 'rate(${1:v}[${2:5m}])');
    const topk = complete('top|').find((i) => i.label === 'topk')!;
    assert.equal(applied('top|', topk), 'topk(${1:k}, ${2:v})');
  });

  it('offers the selector metric\'s own label names, without those already matched', () => {
    assert.deepEqual(names(complete('http_requests_total{code="200", |}')).sort(), ['handler', 'method']);
  });

  it('offers label values quoted and escaped, or completes an open quote', () => {
    const items = complete('http_requests_total{handler=|}');
    assert.deepEqual(items.map((i) => applied('http_requests_total{handler=|}', i)).sort(), [
      'http_requests_total{handler="/api/\\"v1\\""}',
      'http_requests_total{handler="/metrics"}',
    ]);
    const open = complete('http_requests_total{code="5|');
    assert.deepEqual(open.map((i) => applied('http_requests_total{code="5|', i)), ['http_requests_total{code="500"']);
  });

  it('offers the labels of the aggregated expression in by (…)', () => {
    assert.deepEqual(names(complete('sum by (|) (rate(http_request_duration_seconds_bucket[5m]))')).sort(), ['handler', 'le']);
  });

  it('offers durations inside brackets and keywords after an expression', () => {
    assert.ok(names(complete('rate(x[|])')).includes('5m'));
    assert.ok(names(complete('sum(x) |')).includes('by'));
    assert.ok(!names(complete('x |')).includes('by'));
  });

  it('offers four scrape intervals first, and the duration functions the server has', () => {
    const withConfig = withLspAnswers(getLanguageService({ catalog: () => catalog, intervals: () => ({ scrape: 30, scrapeByJob: new Map(), evaluation: 60 }) }));
    const { document, offset } = at('rate(http_requests_total[|])');
    const items = withConfig.complete(document, withConfig.parseDocument(document)!, offset).items;
    assert.equal(items[0].label, '2m');
    assert.match(String(items[0].detail), /4 × the scrape interval \(30s\)/);
    assert.ok(['step()', 'range()', 'min_of()', 'max_of()'].every((l) => items.some((i) => i.label === l)), items.map((i) => i.label).join(', '));
    const old = withLspAnswers(getLanguageService({ catalog: () => catalog, server: () => ({ label: 'old', product: 'prometheus', version: '3.5.0', features: undefined }) }));
    const labels = old.complete(document, old.parseDocument(document)!, offset).items.map((i) => i.label);
    assert.equal(labels[0], '1m', 'no configuration: the usual durations');
    assert.ok(!labels.includes('step()') && !labels.includes('min_of()'), `Prometheus 3.5 has no duration functions: ${labels.join(', ')}`);
  });

  it('completes inside a rule file\'s expr, escaping for the YAML scalar', () => {
    const marked = 'groups:\n  - name: g\n    rules:\n      - record: r\n        expr: "http_requests_total{handler=|}"\n';
    const { document, offset } = at(marked, 'file:///rules.yml', 'yaml');
    const items = service.complete(document, service.parseDocument(document)!, offset).items;
    const edit = items.find((i) => i.label === '/metrics')!.textEdit!;
    assert.ok('newText' in edit);
    assert.equal(edit.newText, '\\"/metrics\\"');
    const empty = complete('groups:\n  - name: g\n    rules:\n      - record: r\n        expr: |\n', 'file:///rules.yml', 'yaml');
    assert.ok(names(empty).includes('node_load1'), 'an empty expr: offers metrics');
  });

  it('offers the workspace\'s recording rules and used names without a live source', () => {
    const rules = TextDocument.create('file:///r.yml', 'yaml', 1, 'groups:\n  - name: g\n    rules:\n      - record: job:errors:rate5m\n        expr: sum by (job) (rate(app_errors_total[5m]))\n');
    const index = new WorkspaceIndex();
    index.set(indexDocument(rules.uri, service.parseDocument(rules)!));
    const bare = withLspAnswers(getLanguageService());
    const { document, offset } = at('job:err|');
    const items = bare.complete(document, bare.parseDocument(document)!, offset, index).items;
    const rule = items.find((i) => i.label === 'job:errors:rate5m');
    assert.ok(rule && rule.detail === 'recording rule · group g');
    assert.ok(names(bare.complete(document, bare.parseDocument(document)!, 0, index).items).includes('app_errors_total'));
  });

  it('offers nothing inside a comment, in a .promql file and in an expr:', () => {
    for (const marked of ['# p95 latency per model|', 'sum(rate(http_requests_total[5m])) # by mod|', '# rate(http_req|']) {
      assert.deepEqual(names(complete(marked)), [], marked);
    }
    // (The cursor marker is `|`: a double-quoted scalar, not a block one.)
    const inExpr = 'groups:\n  - name: g\n    rules:\n      - record: r\n        expr: "sum(x) # the error ratio per mod|"\n';
    assert.deepEqual(names(complete(inExpr, 'file:///rules.yml', 'yaml')), []);
    // The line after a comment is PromQL again.
    assert.ok(names(complete('# p95 latency per model\nnode_lo|')).includes('node_load1'));
  });

  it('offers start() and end() after @', () => {
    for (const marked of ['http_requests_total @ |', 'rate(http_requests_total[5m] @|)', 'sum(x @ |) by (job)']) {
      assert.deepEqual(names(complete(marked)), ['start()', 'end()'], marked);
    }
    assert.deepEqual(names(complete('up @ st|')), ['start()']);
    assert.equal(applied('up @ st|', complete('up @ st|').find((i) => i.label === 'start()')!), 'up @ start()');
  });

  it('leaves prometheus_client\'s _created series out where a counter is expected', () => {
    const created = new MetricCatalog();
    created.setSnapshot('api', {
      metrics: [
        metric('llm_requests_total', 'counter', 'Requests.', ['model']),
        metric('llm_requests_created', 'gauge', 'Requests.', ['model']),
        metric('llm_latency_seconds_count', 'histogram', 'Latency.', [], 'llm_latency_seconds'),
        metric('llm_latency_seconds_created', 'gauge', 'Latency.', []),
        metric('job_created', 'gauge', 'A gauge that merely ends in _created.', []),
      ],
    });
    const s = withLspAnswers(getLanguageService({ catalog: () => created }));
    const offered = (marked: string): string[] => {
      const { document, offset } = at(marked);
      return names(s.complete(document, s.parseDocument(document)!, offset).items);
    };
    for (const marked of ['rate(llm_|', 'increase(llm_req|[1h])', 'sum(rate(llm_|[5m]))']) {
      const list = offered(marked);
      assert.ok(list.includes('llm_requests_total') && !list.includes('llm_requests_created') && !list.includes('llm_latency_seconds_created'), `${marked}: ${list.join(', ')}`);
    }
    assert.ok(offered('rate(job_cr|').includes('job_created'), 'a name of its own stays');
    assert.ok(offered('llm_|').includes('llm_requests_created'), 'outside rate() it stays');
  });

  it('offers a name used in the workspace only where it is used outside the word being typed', () => {
    const bare = withLspAnswers(getLanguageService());
    const index = new WorkspaceIndex();
    const other = TextDocument.create('file:///other.promql', 'promql', 1, 'sum(rate(app_errors_total[5m]))\n');
    index.set(indexDocument(other.uri, bare.parseDocument(other)!));
    const offered = (text: string, offset: number): string[] => {
      const document = TextDocument.create('file:///q.promql', 'promql', 1, text);
      const model = bare.parseDocument(document)!;
      // As the server does: the document is indexed as typed, before completion asks.
      index.set(indexDocument(document.uri, model));
      return names(bare.complete(document, model, offset, index).items);
    };
    assert.ok(!offered('app_er', 6).includes('app_er'), 'the word being typed is no use');
    assert.ok(!offered('rate(llm_req[5m])', 12).includes('llm_req'));
    assert.ok(offered('app_er', 6).includes('app_errors_total'));
    // Used elsewhere in the same document, it is offered.
    assert.ok(offered('llm_req\n\nllm_re', 14).includes('llm_req'));
  });

  it('caps long lists and marks them incomplete', () => {
    const big = new MetricCatalog();
    big.setSnapshot('x', { metrics: Array.from({ length: 5000 }, (_, i) => metric(`m_${i}`, 'gauge', '', [])) });
    const s = withLspAnswers(getLanguageService({ catalog: () => big }));
    const { document, offset } = at('m_|');
    const list = s.complete(document, s.parseDocument(document)!, offset);
    assert.equal(list.items.length, 1000);
    assert.equal(list.isIncomplete, true);
  });

  it('offers the workspace\'s first names in its order when nothing is typed, with a live source or without', () => {
    const rules = TextDocument.create('file:///r.yml', 'yaml', 1, `groups:\n  - name: g\n    rules:\n${Array.from({ length: 1200 }, (_, i) => `      - record: job:r${i}:rate5m\n        expr: sum(rate(m${i}_total[5m]))\n`).join('')}`);
    const index = new WorkspaceIndex();
    index.set(indexDocument(rules.uri, service.parseDocument(rules)!));
    for (const live of [undefined, new MetricCatalog(), catalog]) {
      const s = withLspAnswers(getLanguageService({ catalog: () => live }));
      const { document, offset } = at('sum(|)');
      const list = s.complete(document, s.parseDocument(document)!, offset, index);
      assert.equal(list.items.length, 1000);
      assert.equal(list.isIncomplete, true);
      assert.deepEqual(names(list.items).slice(0, 2), ['job:r0:rate5m', 'job:r1:rate5m']);
      assert.equal(list.items[999].label, 'job:r999:rate5m');
      assert.deepEqual(list.items.slice(0, 3).map((i) => i.sortText), ['00000', '00001', '00002']);
    }
  });

  it('resolves a metric item\'s documentation', () => {
    const item = complete('node_lo|').find((i) => i.label === 'node_load1')!;
    const resolved = service.resolveCompletion(item);
    assert.ok(resolved.documentation && typeof resolved.documentation === 'object');
    assert.match(resolved.documentation.value, /\*\*node_load1\*\* · gauge\n\n1m load average\./);
  });
});

describe('PromQL hover', () => {
  const hover = (marked: string): string => {
    const { document, offset } = at(marked);
    const result = service.hover(document, service.parseDocument(document)!, offset);
    return result && typeof result.contents === 'object' && 'value' in result.contents ? result.contents.value : '';
  };
  const cases: [string, RegExp][] = [
    ['rate(http_req|uests_total[5m])', /\*\*http_requests_total\*\* · counter\n\nRequests handled\.\n\nLabels: `code`, `handler`, `method`\n\nSeries: 3\n\nSource: node \(127\.0\.0\.1:9100\)/],
    ['ra|te(x[5m])', /rate\(v range vector\) → instant vector/],
    ['to|pk(3, x)', /topk \[by\|without \(labels\)\] \(k scalar, v instant vector\)/],
    ['rate(x[1|h30m])', /`1h30m` = 5,400 seconds/],
    ['http_requests_total{co|de="200"}', /\*\*code\*\*: label of `http_requests_total`\n\n2 known values: `200`, `500`/],
    ['unknown_metr|ic', /unknown_metric\*\*\n\nNot exposed by any configured source/],
  ];
  for (const [marked, expected] of cases) it(marked, () => assert.match(hover(marked), expected));

  it('counts the series of a server and of its own scrape target once, and per source where they differ', () => {
    const both = new MetricCatalog();
    const of = (source: string, count: number): CatalogMetric => ({ ...metric('llm_requests_total', 'counter', 'Requests.', ['model']), seriesCount: count, sources: [source] });
    both.setSnapshot('prometheus', { metrics: [of('prometheus', 6), { ...of('prometheus', 27), name: 'llm_latency_seconds_bucket' }], stores: true });
    both.setSnapshot('target', { metrics: [of('llm-api (127.0.0.1:8000)', 6), { ...of('llm-api (127.0.0.1:8000)', 18), name: 'llm_latency_seconds_bucket' }] });
    assert.equal(both.metric('llm_requests_total')?.seriesCount, 6);
    assert.equal(both.metric('llm_latency_seconds_bucket')?.seriesCount, 27);
    const s = withLspAnswers(getLanguageService({ catalog: () => both }));
    const hoverOf = (marked: string): string => {
      const { document, offset } = at(marked);
      const result = s.hover(document, s.parseDocument(document)!, offset);
      return result && typeof result.contents === 'object' && 'value' in result.contents ? result.contents.value : '';
    };
    assert.match(hoverOf('llm_requests_tot|al'), /Series: 6\n/);
    assert.match(hoverOf('llm_latency_seconds_buck|et'), /Series: 27 \(prometheus: 27, llm-api \(127\.0\.0\.1:8000\): 18\)/);
    // Two targets expose different series: theirs add up.
    const targets = new MetricCatalog();
    targets.setSnapshot('a', { metrics: [of('a', 2)] });
    targets.setSnapshot('b', { metrics: [of('b', 3)] });
    assert.equal(targets.metric('llm_requests_total')?.seriesCount, 5);
  });
});

describe('signature help', () => {
  const help = (marked: string): SignatureHelp | null => {
    const { document, offset } = at(marked);
    return service.signatureHelp(document, service.parseDocument(document)!, offset);
  };
  it('shows the parameters and the active one', () => {
    const result = help('histogram_quantile(0.9, |')!;
    const signature = result.signatures[0];
    assert.equal(signature.label, 'histogram_quantile(phi: scalar, b: instant vector): instant vector');
    assert.equal(result.activeParameter, 1);
    const [start, end] = signature.parameters![1].label as [number, number];
    assert.equal(signature.label.slice(start, end), 'b: instant vector');
  });
  it('keeps the variadic parameter active', () => {
    const result = help('label_join(up, "dst", ",", "a", "b", |')!;
    assert.equal(result.activeParameter, result.signatures[0].parameters!.length - 1);
  });
  it('answers for aggregations with a parameter, and not outside calls', () => {
    assert.equal(help('topk(|')!.signatures[0].label, 'topk(k: scalar, v: instant vector): instant vector');
    assert.equal(help('up + |'), null);
  });
});
