import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadCodeGrammars } from '../../../../server/src/fileSystem/codeGrammars';
import type { CodeGrammars } from '../../../../server/src/service/instrumentation/codeParser';
import { Workspace } from '../../../../server/src/service/workspace/workspace';
import { definitionPlace } from '../../../../server/src/service/workspace/codeDefinitions';
import { FIXTURES } from '../../../support/paths';

/*
 * Code as one more kind of document of the workspace host: the metrics a Python module defines
 * join completion and hover in PromQL (without any live source), go to definition from every
 * exposed name lands on the name argument, references go from the definition back to the rules and
 * queries, and the bucket-threshold finding spans the rule file and the code. The workspace is the
 * fixture test/fixtures/codeMetrics (a FastAPI service in the seeds' style).
 */

const ROOT = path.join(FIXTURES, 'codeMetrics');
const uriOf = (file: string): string => pathToFileURL(path.join(ROOT, file)).toString();
const textOf = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');
const METRICS = uriOf('app/metrics.py');
const ALERTS = uriOf('rules/alerts.yml');
const QUERIES = uriOf('queries.promql');

function offsetOf(within: string, text: string, nth = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = within.indexOf(text, at + 1);
  assert.ok(at >= 0, `${text} in ${within}`);
  return at;
}

describe('Workspace: metrics defined in code', () => {
  let grammars: CodeGrammars;
  let workspace: Workspace;
  before(async () => {
    grammars = await loadCodeGrammars(['python']);
  });
  beforeEach(() => {
    workspace = new Workspace({ codeGrammars: grammars });
    for (const file of ['app/metrics.py', 'app/main.py', 'app/text.py', 'rules/alerts.yml', 'queries.promql']) workspace.applyChange(uriOf(file), textOf(file));
  });

  it('keeps only the code files that import a client library', () => {
    assert.equal(workspace.isInstrumentedCode(METRICS), true);
    assert.equal(workspace.isInstrumentedCode(uriOf('app/text.py')), false);
    assert.equal(workspace.document(uriOf('app/text.py')), undefined);
    assert.deepEqual(workspace.findings(uriOf('app/text.py')), []);
  });

  it('completes the names the code exposes, with their TYPE, HELP and place, without a live source', () => {
    const text = 'rate(http_req';
    workspace.applyChange('file:///' + ROOT.slice(1) + '/scratch.promql', text, { open: true });
    const answer = workspace.completion('file:///' + ROOT.slice(1) + '/scratch.promql', text.length);
    const byLabel = new Map(answer.items.map((i) => [i.label, i]));
    // A counter's `_total` (not the name as written); its `_created` is no candidate inside rate().
    assert.equal(byLabel.get('http_requests_total')?.detail, 'counter · HTTP requests served. · defined in app/metrics.py:4');
    assert.equal(byLabel.has('http_requests'), false);
    assert.equal(byLabel.has('http_requests_created'), false);
    assert.match(byLabel.get('http_request_duration_seconds_bucket')?.detail ?? '', /^histogram · Time spent serving a request\. · defined in app\/metrics\.py:5$/);
    const documentation = byLabel.get('http_requests_total')?.documentation;
    assert.ok(documentation && 'markdown' in documentation);
    assert.match(documentation.markdown, /Labels: `method`, `path`, `status`/);
    assert.match(documentation.markdown, /Defined in `app\/metrics\.py:4`/);
  });

  it('completes the label names the code gives a metric, `le` on buckets', () => {
    const uri = uriOf('scratch.promql');
    const text = 'http_request_duration_seconds_bucket{';
    workspace.applyChange(uri, text, { open: true });
    assert.deepEqual(workspace.completion(uri, text.length).items.map((i) => i.label).sort(), ['le', 'method', 'path']);
  });

  it('hovers a metric of the code with its TYPE, HELP, labels and place', () => {
    const text = textOf('queries.promql');
    const hover = workspace.hover(QUERIES, offsetOf(text, 'http_requests_total') + 3);
    assert.ok(hover);
    assert.match(hover.markdown, /^\*\*http_requests_total\*\* · counter/);
    assert.match(hover.markdown, /HTTP requests served\./);
    assert.match(hover.markdown, /Defined in `app\/metrics\.py:4` \(`Counter` of `prometheus_client`, family `http_requests`\)/);
    assert.doesNotMatch(hover.markdown, /No live source/);
  });

  it('goes from any exposed name to the name argument in code', () => {
    const metrics = textOf('app/metrics.py');
    const nameArgument = { start: offsetOf(metrics, '"http_request_duration_seconds"'), end: offsetOf(metrics, '"http_request_duration_seconds"') + '"http_request_duration_seconds"'.length };
    const alerts = textOf('rules/alerts.yml');
    const found = workspace.definition(ALERTS, offsetOf(alerts, 'http_request_duration_seconds_bucket') + 2);
    assert.equal(found.length, 1);
    assert.equal(found[0].uri, METRICS);
    // The name argument as the reader gives it (with or without its quotes), not the whole call.
    assert.ok(found[0].range.start >= nameArgument.start && found[0].range.end <= nameArgument.end, JSON.stringify(found[0].range));
    const queries = textOf('queries.promql');
    assert.deepEqual(workspace.definition(QUERIES, offsetOf(queries, 'http_requests_total')).map((f) => f.uri), [METRICS]);
  });

  it('finds every rule and query that reads a definition, from its name argument', () => {
    const metrics = textOf('app/metrics.py');
    const reads = workspace.references(METRICS, offsetOf(metrics, '"http_requests"') + 3, false);
    assert.deepEqual(reads.map((r) => r.uri).sort(), [QUERIES, ALERTS, ALERTS].sort());
    const withDeclaration = workspace.references(METRICS, offsetOf(metrics, '"http_requests"') + 3, true);
    assert.equal(withDeclaration[0].uri, METRICS);
    assert.equal(withDeclaration.length, 4);
    const histogram = workspace.references(METRICS, offsetOf(metrics, 'Histogram(') + 2, false);
    assert.equal(histogram.length, 3, 'the three alerts read the buckets');
  });

  it('reports thresholds that are not bucket boundaries on the rule and on the buckets (info)', () => {
    const alerts = textOf('rules/alerts.yml');
    const onRules = workspace.findings(ALERTS).filter((f) => f.code.code === 'instrumentation/bucket-threshold');
    assert.deepEqual(onRules.map((f) => [f.severity, alerts.slice(f.range.start, f.range.end)]), [['info', '0.3'], ['info', '5']]);
    assert.match(onRules[0].message, /^0\.3 is not a bucket boundary: the quantile is interpolated between 0\.25 and 0\.5.*\(the buckets of http_request_duration_seconds, defined in app\/metrics\.py:5\)$/);
    assert.match(onRules[1].message, /^5 is above the largest finite bucket \(2\.5\)/);
    const metrics = textOf('app/metrics.py');
    const onCode = workspace.findings(METRICS).filter((f) => f.code.code === 'instrumentation/bucket-threshold');
    assert.equal(onCode.length, 2);
    for (const f of onCode) assert.equal(metrics.slice(f.range.start, f.range.end), '0.05, 0.1, 0.25, 0.5, 1.0, 2.5');
    assert.match(onCode[0].message, /^the alert SlowRequests \(rules\/alerts\.yml:4\) compares the quantile with 0\.3: /);
    // Only with the workspace: a file's own findings leave them out, the graph's hold them.
    assert.equal(workspace.findings(METRICS, 'file').filter((f) => f.code.code === 'instrumentation/bucket-threshold').length, 0);
    assert.equal(workspace.findings(METRICS, 'graph').length, 2);
  });

  it('compares with prometheus_client\'s default buckets, on the name of a histogram that writes none', () => {
    const code = 'from prometheus_client import Histogram\n\nQUEUE = Histogram("queue_wait_seconds", "Time in the queue.")\n';
    const rules = 'groups:\n  - name: q\n    rules:\n      - alert: LongWait\n        expr: histogram_quantile(0.9, sum by (le) (rate(queue_wait_seconds_bucket[5m]))) > 0.3\n      - alert: VeryLongWait\n        expr: histogram_quantile(0.9, sum by (le) (rate(queue_wait_seconds_bucket[5m]))) > 0.25\n';
    workspace.applyChange(uriOf('app/queue.py'), code);
    workspace.applyChange(uriOf('rules/queue.yml'), rules);
    const onRules = workspace.findings(uriOf('rules/queue.yml')).filter((f) => f.code.code === 'instrumentation/bucket-threshold');
    assert.deepEqual(onRules.map((f) => rules.slice(f.range.start, f.range.end)), ['0.3']);
    assert.match(onRules[0].message, /between 0\.25 and 0\.5, .*\(the default buckets of queue_wait_seconds, defined in app\/queue\.py:3\)$/);
    const onCode = workspace.findings(uriOf('app/queue.py')).filter((f) => f.code.code === 'instrumentation/bucket-threshold');
    assert.deepEqual(onCode.map((f) => code.slice(f.range.start, f.range.end).replace(/"/g, '')), ['queue_wait_seconds']);
  });

  it('reports a query of the name the code writes where the library exposes another, with the fix', () => {
    const uri = uriOf('scratch.promql');
    const text = 'sum(rate(http_requests[5m]))\n\nhttp_request_duration_seconds\n\nsum(rate(http_requests_total[5m]))\n';
    workspace.applyChange(uri, text, { open: true });
    const found = workspace.findings(uri).filter((f) => f.code.code === 'instrumentation/unexposed-name');
    assert.deepEqual(found.map((f) => [f.severity, text.slice(f.range.start, f.range.end)]), [['warning', 'http_requests'], ['warning', 'http_request_duration_seconds']]);
    assert.equal(found[0].message, 'prometheus_client exposes the Counter "http_requests" (app/metrics.py:4) as http_requests_total, http_requests_created: no series is named http_requests; did you mean http_requests_total?');
    assert.deepEqual(found[0].fixes?.[0].changes, [{ range: found[0].range, newText: 'http_requests_total' }]);
    // A histogram's family has no one series it means: no fix.
    assert.deepEqual(found[1].fixes, []);
    // Recorded by a rule of the workspace: it exists.
    workspace.applyChange(uriOf('rules/records.yml'), 'groups:\n  - name: r\n    rules:\n      - record: http_requests\n        expr: sum(rate(http_requests_total[5m]))\n');
    assert.deepEqual(workspace.findings(uri).filter((f) => f.code.code === 'instrumentation/unexposed-name').map((f) => text.slice(f.range.start, f.range.end)), ['http_request_duration_seconds']);
  });

  it('follows edits of an open code file, and forgets a deleted one', () => {
    const metrics = textOf('app/metrics.py');
    const edited = metrics.replace('buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.5)', 'buckets=(0.05, 0.1, 0.25, 0.3, 0.5, 1.0, 2.5, 5.0)');
    workspace.applyChange(METRICS, edited, { open: true, version: 2 });
    // An open file's cross-file facts follow its text when it is validated (or asked to).
    workspace.updateFacts(METRICS);
    assert.deepEqual(workspace.findings(ALERTS).filter((f) => f.code.code === 'instrumentation/bucket-threshold'), []);
    workspace.applyChange(METRICS, null);
    assert.deepEqual(workspace.definition(QUERIES, 0 + offsetOf(textOf('queries.promql'), 'http_requests_total')), []);
  });

  it('reads prom-client definitions in TypeScript alike: completion, definition, references, buckets', async () => {
    const ts = new Workspace({ codeGrammars: await loadCodeGrammars(['typescript']) });
    const code = "import { Counter, Histogram } from 'prom-client';\n\nexport const jobDuration = new Histogram({ name: 'job_duration_seconds', help: 'Job time.', labelNames: ['queue'], buckets: [1, 5, 30, 120] });\nexport const jobs = new Counter({ name: 'jobs_total', help: 'Jobs done.' });\n";
    const rules = 'groups:\n  - name: jobs\n    rules:\n      - alert: SlowJobs\n        expr: histogram_quantile(0.9, sum by (le) (rate(job_duration_seconds_bucket[10m]))) > 60\n      - record: queue:jobs:rate5m\n        expr: sum(rate(jobs_total[5m]))\n';
    ts.applyChange('file:///svc/src/metrics.ts', code);
    ts.applyChange('file:///svc/rules.yml', rules);
    const uri = 'file:///svc/q.promql';
    ts.applyChange(uri, 'job', { open: true });
    const item = ts.completion(uri, 3).items.find((i) => i.label === 'jobs_total');
    assert.equal(item?.detail, 'counter · Jobs done. · defined in src/metrics.ts:4');
    assert.deepEqual(ts.definition('file:///svc/rules.yml', offsetOf(rules, 'job_duration_seconds_bucket')).map((r) => [r.uri, code.slice(r.range.start, r.range.end).replace(/'/g, '')]), [['file:///svc/src/metrics.ts', 'job_duration_seconds']]);
    assert.deepEqual(ts.references('file:///svc/src/metrics.ts', offsetOf(code, "'jobs_total'") + 2, false).map((r) => rules.slice(r.range.start, r.range.end)), ['jobs_total']);
    const onRule = ts.findings('file:///svc/rules.yml').filter((f) => f.code.code === 'instrumentation/bucket-threshold');
    assert.deepEqual(onRule.map((f) => rules.slice(f.range.start, f.range.end)), ['60']);
    assert.match(onRule[0].message, /^60 is not a bucket boundary: the quantile is interpolated between 30 and 120/);
  });

  it('says where a definition is from the folder both files share', () => {
    assert.equal(definitionPlace({ uri: 'file:///w/app/metrics.py', line: 12 }, 'file:///w/rules/alerts.yml'), 'app/metrics.py:12');
    assert.equal(definitionPlace({ uri: 'file:///w/my%20app/metrics.py', line: 3 }, 'file:///w/q.promql'), 'my app/metrics.py:3');
  });
});
