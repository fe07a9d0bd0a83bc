import * as assert from 'node:assert/strict';
import { loadCodeGrammars } from '../../../../server/src/fileSystem/codeGrammars';
import type { CodeGrammars } from '../../../../server/src/service/instrumentation/codeParser';
import { readCodeMetrics } from '../../../../server/src/service/instrumentation/codeMetrics';
import type { CodeLanguage, MetricDefinition } from '../../../../server/src/service/instrumentation/metricDefinition';
import { withRanges } from '../../../support/markers';

/*
 * The prom-client reader on JavaScript and TypeScript written for each case: what it finds (the
 * names prom-client exposes, label names, buckets, bindings) and what it reports, with exact ranges
 * (marked «like this» in the sources) and the near misses that must stay silent. The files are read
 * through the real grammars (.wasm) and the entry the workspace uses.
 */

let grammars: CodeGrammars;

before(async () => {
  grammars = await loadCodeGrammars(['javascript', 'typescript', 'tsx']);
});

function read(source: string, language: CodeLanguage = 'javascript') {
  return readCodeMetrics(language, source, grammars);
}

interface DefinitionCase {
  readonly name: string;
  readonly language?: CodeLanguage;
  readonly source: string;
  /** Per definition, in the order written: what the reader makes of it. */
  readonly expected: readonly Partial<Record<'metricClass' | 'family' | 'binding' | 'help', string | undefined> & { exposed: string[]; labelNames: (string | undefined)[] | undefined; buckets: number[] | undefined; unresolved: RegExp }>[];
}

const REQUIRE = "const client = require('prom-client');\n";

const DEFINITIONS: readonly DefinitionCase[] = [
  {
    name: 'a counter through require, as written (no _total appended, no _created)',
    source: `${REQUIRE}const requests = new client.Counter({ name: 'http_requests_total', help: 'Requests.', labelNames: ['method', 'route'] });\n`,
    expected: [{ metricClass: 'Counter', family: 'http_requests_total', exposed: ['http_requests_total'], labelNames: ['method', 'route'], binding: 'requests', help: 'Requests.' }],
  },
  {
    name: 'a counter without _total stays without it',
    source: `${REQUIRE}const jobs = new client.Counter({ name: 'jobs_done', help: 'Jobs.' });\n`,
    expected: [{ family: 'jobs_done', exposed: ['jobs_done'], labelNames: undefined }],
  },
  {
    name: 'a histogram under import * as, with buckets',
    source: "import * as prom from 'prom-client';\nexport const latency = new prom.Histogram({ name: 'http_request_duration_seconds', help: 'Latency.', buckets: [0.1, 0.5, 1, 2.5] });\n",
    expected: [{ metricClass: 'Histogram', exposed: ['http_request_duration_seconds_bucket', 'http_request_duration_seconds_sum', 'http_request_duration_seconds_count'], buckets: [0.1, 0.5, 1, 2.5], binding: 'latency' }],
  },
  {
    name: 'a summary destructured from require',
    source: "const { Summary } = require('prom-client');\nconst s = new Summary({ name: 'payload_bytes', help: 'Sizes.', percentiles: [0.5, 0.9] });\n",
    expected: [{ metricClass: 'Summary', exposed: ['payload_bytes', 'payload_bytes_sum', 'payload_bytes_count'] }],
  },
  {
    name: 'a named import under an alias, the name from consts and a template literal',
    source: "import { Gauge as G } from 'prom-client';\nconst PREFIX = 'shop';\nconst SUFFIX = `${PREFIX}_queue`;\nconst depth = new G({ name: `${SUFFIX}_depth`, help: 'Depth.' });\n",
    expected: [{ metricClass: 'Gauge', family: 'shop_queue_depth', exposed: ['shop_queue_depth'], binding: 'depth' }],
  },
  {
    name: 'a concatenation and a const object member',
    source: `${REQUIRE}const NAMES = { errors: 'app_errors_total' };\nconst PREFIX = 'app_';\nconst a = new client.Counter({ name: NAMES.errors, help: 'E.' });\nconst b = new client.Gauge({ name: PREFIX + 'up', help: 'Up.' });\n`,
    expected: [{ family: 'app_errors_total' }, { family: 'app_up' }],
  },
  {
    name: 'an OpenMetrics registry writes counters as _total',
    source: `${REQUIRE}client.register.setContentType(client.Registry.OPENMETRICS_CONTENT_TYPE);\nconst a = new client.Counter({ name: 'messages_recorded', help: 'M.' });\nconst b = new client.Counter({ name: 'jobs_total', help: 'J.' });\n`,
    expected: [{ family: 'messages_recorded', exposed: ['messages_recorded_total'] }, { family: 'jobs', exposed: ['jobs_total'] }],
  },
  {
    name: 'a registry created for OpenMetrics, beside the default one',
    source: `${REQUIRE}const om = new client.Registry(client.Registry.OPENMETRICS_CONTENT_TYPE);\nconst a = new client.Counter({ name: 'jobs', help: 'J.', registers: [om] });\nconst b = new client.Counter({ name: 'tasks', help: 'T.' });\n`,
    expected: [{ family: 'jobs', exposed: ['jobs_total'] }, { family: 'tasks', exposed: ['tasks'] }],
  },
  {
    name: 'bucket generators and label lists through spreads of consts',
    source: `${REQUIRE}const { exponentialBuckets } = client;\nconst COMMON = ['service', 'region'];\nconst a = new client.Histogram({ name: 'a_seconds', help: 'A.', buckets: client.linearBuckets(0, 0.5, 3) });\nconst b = new client.Histogram({ name: 'b_bytes', help: 'B.', buckets: exponentialBuckets(1, 2, 4), labelNames: [...COMMON, 'window'] });\n`,
    expected: [{ buckets: [0, 0.5, 1] }, { buckets: [1, 2, 4, 8], labelNames: ['service', 'region', 'window'] }],
  },
  {
    name: 'TypeScript: a class field with type arguments, a default import, `as const`',
    language: 'typescript',
    source: "import client from 'prom-client';\nexport class Metrics {\n  private readonly hits = new client.Counter<'route'>({ name: 'cache_hits_total', help: 'Hits.', labelNames: ['route'] as const });\n  constructor() { this.misses = new client.Counter({ name: 'cache_misses_total', help: 'Misses.' }); }\n}\n",
    expected: [{ binding: 'this.hits', labelNames: ['route'] }, { binding: 'this.misses' }],
  },
  {
    name: "TypeScript's import = require, in TSX",
    language: 'typescriptreact',
    source: "import prom = require('prom-client');\nconst up = new prom.Gauge({ name: 'ui_up', help: 'Up.' });\nexport const View = () => <div>{up ? 'ok' : 'no'}</div>;\n",
    expected: [{ family: 'ui_up', binding: 'up' }],
  },
  {
    name: 'JSX, and a dynamic import',
    language: 'javascriptreact',
    source: "const prom = await import('prom-client');\nconst renders = new prom.Counter({ name: 'ui_renders_total', help: 'Renders.' });\nexport const App = () => { renders.inc(); return <main />; };\n",
    expected: [{ family: 'ui_renders_total', binding: 'renders' }],
  },
  {
    name: 'what is not resolvable statically is said, not guessed',
    source: `${REQUIRE}function make(opts) {\n  return new client.Counter({ name: opts.name, help: 'x', labelNames: [...opts.labels, 'kind'] });\n}\nconst c = new client.Gauge(options);\n`,
    expected: [
      { family: undefined, exposed: [], unresolved: /opts\.name/ },
      { family: undefined, exposed: [], unresolved: /options/ },
    ],
  },
];

describe('prom-client reader: definitions', () => {
  for (const c of DEFINITIONS) {
    it(c.name, () => {
      const metrics = read(c.source, c.language);
      assert.equal(metrics.library, 'prom-client');
      assert.equal(metrics.definitions.length, c.expected.length, JSON.stringify(metrics.definitions.map((d) => d.family)));
      c.expected.forEach((expected, i) => {
        const d = metrics.definitions[i] as MetricDefinition;
        assert.equal(d.library, 'prom-client');
        for (const key of ['metricClass', 'family', 'binding', 'help'] as const) if (key in expected) assert.equal(d[key], expected[key], key);
        if (expected.exposed) assert.deepEqual(d.exposed.map((e) => e.name), expected.exposed);
        if ('labelNames' in expected && expected.unresolved === undefined) assert.deepEqual(d.labelNames?.map((l) => l.value), expected.labelNames);
        if ('buckets' in expected) assert.deepEqual(d.buckets?.map((b) => b.value), expected.buckets);
        if (expected.unresolved) assert.match(d.nameArgument?.unresolved ?? '', expected.unresolved);
      });
    });
  }

  it('reads nothing in a file that does not import prom-client (its own examples use require("..")', () => {
    for (const source of ["const client = require('..');\nnew client.Counter({ name: 'a', help: 'a' });\n", "const { Counter } = require('other-lib');\nnew Counter({ name: 'a', help: 'a' });\n"]) {
      const metrics = read(source);
      assert.equal(metrics.library, undefined);
      assert.deepEqual([metrics.definitions, metrics.problems], [[], []]);
    }
  });

  it('keeps offsets in UTF-16 units after non-ASCII text', () => {
    const source = `// é€ 😀\n${REQUIRE}const c = new client.Counter({ name: 'x_total', help: 'h' });\n`;
    const d = read(source).definitions[0];
    assert.equal(source.slice(d.nameArgument!.range.start, d.nameArgument!.range.end), "'x_total'");
  });
});

interface FindingCase {
  readonly name: string;
  readonly language?: CodeLanguage;
  /** The source; «…» marks where each expected finding is, in order. */
  readonly source: string;
  readonly expected: readonly (readonly [code: string, severity: string, message?: RegExp])[];
}

const LABELLED = `${REQUIRE}const requests = new client.Counter({ name: 'http_requests_total', help: 'Requests.', labelNames: ['method', 'route'] });\n`;
const GAUGE = `${REQUIRE}const inflight = new client.Gauge({ name: 'inflight_requests', help: 'In flight.', labelNames: ['route'] });\n`;
const HISTOGRAM = `${REQUIRE}const latency = new client.Histogram({ name: 'http_request_duration_seconds', help: 'Latency.', labelNames: ['route'] });\n`;

const FINDINGS: readonly FindingCase[] = [
  // naming/counter-total: prom-client appends nothing.
  { name: 'a counter without _total', source: `${REQUIRE}const jobs = new client.Counter({ name: «'jobs_done'», help: 'Jobs.' });\n`, expected: [['naming/counter-total', 'warning', /prom-client appends no "_total".*jobs_done_total/]] },
  { name: 'near miss: a counter named _total', source: `${REQUIRE}new client.Counter({ name: 'jobs_done_total', help: 'Jobs.' });\n`, expected: [] },
  { name: 'near miss: a counter in an OpenMetrics registry', source: `${REQUIRE}client.register.setContentType(client.Registry.OPENMETRICS_CONTENT_TYPE);\nnew client.Counter({ name: 'jobs_done', help: 'Jobs.' });\n`, expected: [] },
  { name: 'a gauge named _total', source: `${REQUIRE}new client.Gauge({ name: «'queue_total'», help: 'Q.' });\n`, expected: [['naming/counter-total', 'warning', /gauge/]] },
  { name: 'a latency in milliseconds', source: `${REQUIRE}new client.Histogram({ name: «'http_latency_ms'», help: 'L.' });\n`, expected: [['naming/base-unit', 'warning', /seconds/]] },
  // Label names at the definition.
  { name: 'le on a histogram (prom-client throws)', source: `${REQUIRE}new client.Histogram({ name: 'a_seconds', help: 'A.', labelNames: [«'le'»] });\n`, expected: [['instrumentation/reserved-label', 'error']] },
  { name: 'quantile on a summary (prom-client throws)', source: `${REQUIRE}new client.Summary({ name: 'a_seconds', help: 'A.', labelNames: ['route', «'quantile'»] });\n`, expected: [['instrumentation/reserved-label', 'error']] },
  { name: 'near miss: le on a gauge', source: `${REQUIRE}new client.Gauge({ name: 'a_seconds', help: 'A.', labelNames: ['le'] });\n`, expected: [] },
  { name: 'an unbounded label name', source: `${REQUIRE}new client.Counter({ name: 'logins_total', help: 'L.', labelNames: [«'user_id'»] });\n`, expected: [['cardinality/label', 'warning', /user_id/]] },
  { name: 'unsorted buckets (prom-client does not sort them)', source: `${REQUIRE}new client.Histogram({ name: 'a_seconds', help: 'A.', buckets: [0.1, 1, «0.5»] });\n`, expected: [['instrumentation/buckets', 'warning', /ascending/]] },
  // .labels(...) against labelNames.
  { name: 'a label name not in labelNames (prom-client throws)', source: `${LABELLED}requests.labels({ method: 'GET', «path»: '/x' }).inc();\n`, expected: [['instrumentation/labels-mismatch', 'error', /"path" is not a label name.*initial labelset/]] },
  { name: 'an unknown name in .inc({ … })', source: `${LABELLED}requests.inc({ method: 'GET', route: '/x', «status»: 200 });\n`, expected: [['instrumentation/labels-mismatch', 'error']] },
  { name: 'a shorthand unknown name', source: `${LABELLED}function f(method, code) { requests.inc({ method, route: '/', «code» }); }\n`, expected: [['instrumentation/labels-mismatch', 'error']] },
  { name: 'near miss: a helper whose parameter has a metric\'s name', source: `${REQUIRE}function make() {\n  const counter = new client.Counter({ name: 'jobs_total', help: 'J.', labelNames: ['queue'] });\n  return counter;\n}\nfunction bump(counter) {\n  counter.labels('a', 'b').inc();\n  counter.inc({ kind: 'x' });\n}\nconst record = (requests) => requests.labels('x').inc();\n`, expected: [] },
  { name: 'near miss: a module metric\'s name declared again in a function', source: `${LABELLED}function f(all) {\n  for (const requests of all) requests.labels('x').inc();\n}\nfunction g(make) {\n  const requests = make();\n  requests.inc({ other: 1 });\n}\n`, expected: [] },
  { name: 'near miss: this.x of another class', source: `${REQUIRE}class A {\n  constructor() { this.c = new client.Counter({ name: 'a_total', help: 'A.', labelNames: ['x'] }); }\n}\nclass B {\n  constructor(c) { this.c = c; }\n  run() { this.c.inc({ other: 1 }); this.c.dec(); }\n}\n`, expected: [] },
  { name: 'a local metric used in its own function and a closure', source: `${REQUIRE}function make() {\n  const counter = new client.Counter({ name: 'jobs_total', help: 'J.', labelNames: ['queue'] });\n  return () => counter.labels(«'a', 'b'»).inc();\n}\n`, expected: [['instrumentation/labels-mismatch', 'error']] },
  { name: 'near miss: a configuration object changed after it is written', source: `${REQUIRE}const opts = { name: 'e_total', help: 'E.', labelNames: ['method'] };\nopts.labelNames.push('route');\nconst e = new client.Counter(opts);\ne.labels('GET', '/').inc();\nconst more = { name: 'f_total', help: 'F.', labelNames: ['method'] };\nmore.labelNames[1] = 'route';\nconst f = new client.Counter(more);\nf.labels('GET', '/').inc();\n`, expected: [] },
  { name: 'a configuration object read through its name', source: `${REQUIRE}const opts = { name: 'e_total', help: 'E.', labelNames: ['method'] };\nconst e = new client.Counter(opts);\ne.labels(«'GET', '/'»).inc();\n`, expected: [['instrumentation/labels-mismatch', 'error']] },
  { name: 'too few positional values (prom-client throws)', source: `${LABELLED}requests.labels(«'GET'»).inc();\n`, expected: [['instrumentation/labels-mismatch', 'error', /1 label value for the 2 label names.*Invalid number of arguments/]] },
  { name: 'too many positional values', source: `${LABELLED}requests.labels(«'GET', '/', 200»).inc();\n`, expected: [['instrumentation/labels-mismatch', 'error']] },
  { name: 'a partial labels object records a second series', source: `${LABELLED}requests.inc(«{ method: 'GET' }»);\n`, expected: [['instrumentation/labels-mismatch', 'warning', /no value for "route"/]] },
  { name: 'near miss: all labels, positional and by object, through this.', language: 'typescript', source: `${REQUIRE}class A {\n  private c = new client.Counter({ name: 'a_total', help: 'A.', labelNames: ['x', 'y'] });\n  run(x: string) { this.c.labels(x, 'b').inc(); this.c.labels({ x, y: '1' }).inc(2); this.c?.inc({ y: 'a', x: 'b' }, 3); }\n}\n`, expected: [] },
  { name: 'near miss: labels split between startTimer and its end', source: `${HISTOGRAM.replace("['route']", "['route', 'code']")}const end = latency.startTimer({ route: '/' });\nend({ code: 200 });\nconst t = latency.labels({ route: '/' }).startTimer();\n`, expected: [] },
  { name: 'labels from a const object: a partial series and a raw path, reported once', source: `${LABELLED.replace("['method', 'route']", "['method', 'path', 'status']")}app.use((req, res) => {\n  const labels = «{ method: req.method, path: «req.path» }»;\n  requests.inc(labels);\n  requests.inc({ ...labels, status: res.statusCode });\n  requests.labels(labels).inc();\n});\n`, expected: [['instrumentation/labels-mismatch', 'warning', /no value for "status"/], ['cardinality/label', 'warning', /raw request path/]] },
  { name: 'near miss: a const labels object changed later', source: `${LABELLED}function f(req, extra) {\n  const labels = { method: req.method };\n  labels.route = '/';\n  requests.inc(labels);\n  const other = { method: 'GET' };\n  Object.assign(other, extra);\n  requests.inc(other);\n  const third = { method: 'GET' };\n  transform(third);\n  requests.inc(third);\n}\n`, expected: [] },
  { name: 'near miss: labels from a spread or a parameter', source: `${LABELLED}function f(base) {\n  requests.inc({ ...base, route: '/' });\n  requests.labels(base).inc();\n  requests.inc(base, 2);\n}\n`, expected: [] },
  { name: 'near miss: a label list changed after its declaration', source: `${REQUIRE}const labels = ['code'];\nif (opts.method) labels.push('method');\nconst h = new client.Histogram({ name: 'a_seconds', help: 'A.', labelNames: labels });\nh.labels('200', 'GET').observe(1);\n`, expected: [] },
  { name: 'near miss: label names the reader could not resolve', source: `${REQUIRE}const c = new client.Counter({ name: 'a_total', help: 'A.', labelNames: ['method', spanTag] });\nc.inc({ method: 'GET', [spanTag]: 'x', other: 1 });\nc.labels('GET').inc();\n`, expected: [] },
  // A labelled metric used without labels.
  { name: 'a labelled counter incremented without labels', source: `${LABELLED}requests.«inc»();\n`, expected: [['instrumentation/labels-missing', 'warning', /records a series without labels/]] },
  { name: 'a labelled gauge set without labels', source: `${GAUGE}inflight.«set»(3);\n`, expected: [['instrumentation/labels-missing', 'warning']] },
  { name: 'near miss: an unlabelled counter, and a timer started without labels', source: `${REQUIRE}const c = new client.Counter({ name: 'a_total', help: 'A.' });\nc.inc();\nc.inc(5);\n${HISTOGRAM.slice(REQUIRE.length)}const end = latency.startTimer();\nend({ route: '/' });\n`, expected: [] },
  { name: 'the labels given to a timer\'s end', source: `${HISTOGRAM.replace("['route']", "['route', 'code']")}app.use((req, res, next) => {\n  const end = latency.startTimer();\n  res.on('finish', () => end({ route: «req.path», code: res.statusCode, «status»: 1 }));\n});\n`, expected: [['cardinality/label', 'warning', /raw request path/], ['instrumentation/labels-mismatch', 'error', /"status"/]] },
  { name: 'label names from a const of the enclosing function', source: `${REQUIRE}function init() {\n  const common = ['monitor', 'type'];\n  const g = new client.Gauge({ name: 'monitor_up', help: 'Up.', labelNames: [...common, 'window'] });\n  g.set({ monitor: 'a', type: 'b', «windows»: '1d' }, 1);\n}\n`, expected: [['instrumentation/labels-mismatch', 'error', /"windows" is not a label name of "monitor_up" \("monitor", "type", "window"\)/]] },
  { name: 'a labelled histogram timed without labels at either end', source: `${HISTOGRAM}function f() {\n  const end = latency.startTimer();\n  «end»();\n}\n`, expected: [['instrumentation/labels-missing', 'warning', /neither its \.startTimer\(\) nor this end\(\)/]] },
  { name: 'near miss: a timer labelled at the start, or ended with a variable', source: `${HISTOGRAM}function f(labels) {\n  const end = latency.startTimer({ route: '/' });\n  end();\n}\nfunction g(labels) {\n  const stop = latency.startTimer();\n  stop(labels);\n}\n`, expected: [] },
  // Counter decreased.
  { name: 'a negative inc on a counter (prom-client throws)', source: `${REQUIRE}const c = new client.Counter({ name: 'a_total', help: 'A.' });\nc.inc(«-1»);\n`, expected: [['instrumentation/counter-decrease', 'error', /not possible to decrease a counter/]] },
  { name: 'a negative constant after .labels()', source: `${LABELLED}const DELTA = -2;\nrequests.labels('GET', '/').inc(«DELTA»);\n`, expected: [['instrumentation/counter-decrease', 'error']] },
  { name: 'dec on a counter', source: `${REQUIRE}const c = new client.Counter({ name: 'a_total', help: 'A.' });\nc.«dec»();\n`, expected: [['instrumentation/counter-decrease', 'error', /no \.dec\(\)/]] },
  { name: 'near miss: dec and a negative inc on a gauge', source: `${GAUGE}inflight.dec({ route: '/' });\ninflight.inc({ route: '/' }, -1);\ninflight.labels('/').dec();\n`, expected: [] },
  // Unbounded values at call sites.
  { name: 'the raw request path as a label value', source: `${LABELLED}app.use((req, res) => { requests.labels(req.method, «req.originalUrl»).inc(); requests.inc({ method: req.method, route: «req.path» }); });\n`, expected: [['cardinality/label', 'warning', /raw request path/], ['cardinality/label', 'warning', /raw request path/]] },
  { name: 'one positional value, the raw path', source: `${HISTOGRAM}app.use((req, res) => latency.labels(«req.path»).observe(1));\n`, expected: [['cardinality/label', 'warning', /raw request path/]] },
  { name: 'an error message, an id in a template, a UUID, a timestamp', source: `${LABELLED}function f(err, userId) {\n  requests.labels(«err.message», «\`user-\${userId}\`»).inc();\n  requests.labels(«uuidv4()», «Date.now()»).inc();\n}\n`, expected: [['cardinality/label', 'warning', /free text/], ['cardinality/label', 'warning', /id/], ['cardinality/label', 'warning', /UUID/], ['cardinality/label', 'warning', /timestamp/]] },
  { name: 'near miss: the route template, the method, the status code', source: `${LABELLED}app.use((req, res) => { requests.labels(req.method, req.route.path).inc(); requests.inc({ method: String(res.statusCode), route: \`\${req.baseUrl}\${req.route.path}\` }); });\n`, expected: [] },
  // Exemplars: inc and observe take one options object.
  { name: 'exemplars: labels inside the options object', source: `${REQUIRE}const h = new client.Histogram({ name: 'a_seconds', help: 'A.', labelNames: ['route'], enableExemplars: true });\nh.observe({ labels: { «path»: '/' }, value: 1, exemplarLabels: { traceID: 'x' } });\nh.observe({ labels: { route: '/' }, value: 2 });\nh.observe({ labels: details.labels, value: 3 });\n`, expected: [['instrumentation/labels-mismatch', 'error']] },
  // Constructed per request.
  { name: 'a metric constructed in a route handler', source: `${REQUIRE}app.get('/orders', (req, res) => {\n  const c = «new client.Counter({ name: 'orders_listed_total', help: 'O.' })»;\n  c.inc();\n});\n`, expected: [['instrumentation/per-call-definition', 'warning', /app\.get\('\/orders', …\)/]] },
  { name: 'a metric named from the request, constructed in a route handler', source: `${REQUIRE}app.get('/jobs', (req, res) => {\n  «new client.Counter({ name: \`jobs_\${req.query.kind}_total\`, help: 'J.' })».inc();\n});\n`, expected: [['instrumentation/per-call-definition', 'warning']] },
  { name: 'near miss: constructed only when nothing is there yet', source: `${REQUIRE}let cached;\napp.get('/b', (req, res) => {\n  let g = client.register.getSingleMetric('b_value');\n  if (!g) {\n    g = new client.Gauge({ name: 'b_value', help: 'B.' });\n  }\n  cached ??= new client.Counter({ name: 'c_total', help: 'C.' });\n  g.set(1);\n});\n`, expected: [] },
  { name: 'a metric constructed in a function taking (req, res)', source: `${REQUIRE}async function handle(req, res) {\n  «new client.Gauge({ name: 'a', help: 'A.' })».set(1);\n}\n`, expected: [['instrumentation/per-call-definition', 'warning']] },
  { name: 'near miss: constructions guarded by getSingleMetric or try', source: `${REQUIRE}export default function handler(req, res) {\n  const c = client.register.getSingleMetric('hits_total') ?? new client.Counter({ name: 'hits_total', help: 'H.' });\n  if (!client.register.getSingleMetric('up')) new client.Gauge({ name: 'up', help: 'U.' });\n  try { new client.Gauge({ name: 'b', help: 'B.' }); } catch { /* registered */ }\n}\n`, expected: [] },
  { name: 'near miss: a factory, and a handler with its own registry', source: `${REQUIRE}function setup(registry) { return new client.Gauge({ name: 'a', help: 'A.' }); }\napp.get('/metrics', (req, res) => { const r = new client.Registry(); new client.Gauge({ name: 'b', help: 'B.', registers: [r] }); });\n`, expected: [] },
];

describe('prom-client reader: findings', () => {
  for (const c of FINDINGS) {
    it(c.name, () => {
      const { text, ranges } = withRanges(c.source);
      const problems = read(text, c.language ?? 'javascript').problems;
      const actual = problems.map((p) => ({ code: p.code.code, severity: p.severity, text: text.slice(p.range.start, p.range.end), message: p.message }));
      assert.deepEqual(actual.map(({ code, severity, text: t }) => [code, severity, t]), c.expected.map(([code, severity], i) => [code, severity, text.slice(ranges[i].start, ranges[i].end)]), JSON.stringify(actual, null, 1));
      c.expected.forEach(([, , message], i) => { if (message) assert.match(actual[i].message, message); });
    });
  }

  it('offers the label name a misspelt one meant', () => {
    const text = `${LABELLED.replace("['method', 'route']", "['method', 'status_code']")}function f(statusCode) {\n  requests.inc({ methods: 'GET', statusCode });\n  requests.inc({ verb: 'GET', status_code: 200 });\n}\n`;
    const fixed = read(text).problems.map((p) => {
      const change = p.fixes?.[0]?.changes[0];
      return change ? text.slice(0, change.range.start) + change.newText + text.slice(change.range.end) : undefined;
    });
    assert.deepEqual(fixed.map((t) => t?.split('\n')[3]), ["  requests.inc({ method: 'GET', statusCode });", "  requests.inc({ methods: 'GET', status_code: statusCode });", undefined]);
  });

  it('offers no rename where the name is built from constants', () => {
    const text = `${REQUIRE}const PREFIX = 'shop_';\nnew client.Counter({ name: \`\${PREFIX}jobs_done\`, help: 'Jobs.' });\nconst NAME = 'latency_ms';\nnew client.Gauge({ name: NAME, help: 'L.' });\n`;
    const problems = read(text).problems;
    assert.deepEqual(problems.map((p) => [p.code.code, p.fixes?.length ?? 0]), [['naming/counter-total', 0], ['naming/base-unit', 0]]);
  });

  it('offers the _total name as a fix', () => {
    const text = `${REQUIRE}new client.Counter({ name: 'jobs_done', help: 'Jobs.' });\n`;
    const [problem] = read(text).problems;
    const [change] = problem.fixes?.[0]?.changes ?? [];
    assert.equal(text.slice(0, change.range.start) + change.newText + text.slice(change.range.end), text.replace("'jobs_done'", "'jobs_done_total'"));
  });
});
