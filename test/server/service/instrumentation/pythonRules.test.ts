import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCodeGrammars } from '../../../../server/src/fileSystem/codeGrammars';
import type { CodeGrammars } from '../../../../server/src/service/instrumentation/codeParser';
import { readCodeMetrics } from '../../../../server/src/service/instrumentation/codeMetrics';
import { multiprocessGaugeProblems } from '../../../../server/src/service/instrumentation/multiprocessGauges';
import { DEFAULT_LINT_SETTINGS } from '../../../../server/src/service/lint/lintSettings';
import { withRanges } from '../../../support/markers';
import { REALWORLD } from '../../../support/paths';

/*
 * Every rule on Python code, table-driven: each case is a module with the findings of one rule
 * marked «…» (the exact ranges), or a near miss where the rule must stay silent. Other rules'
 * findings in a case are ignored. The multiprocess rule is run as the workspace runs it: when the
 * module itself sets multiprocess mode up.
 */

const IMPORTS = 'from prometheus_client import Counter, Gauge, Histogram, Summary, Info, Enum\n';

interface Case {
  readonly rule: string;
  readonly title: string;
  /** The module, after IMPORTS; «…» marks each expected finding of `rule`. */
  readonly code: string;
  /** Severity of each finding when not the rule's default. */
  readonly severity?: string;
}

const FIRES: readonly Case[] = [
  { rule: 'naming/base-unit', title: 'a Histogram in milliseconds', code: 'LATENCY = Histogram(«"request_latency_ms"», "Latency.")\n' },
  { rule: 'naming/base-unit', title: 'a Counter given the unit in _total form', code: 'BYTES = Counter(«"sent_kb_total"», "Sent.")\n' },
  { rule: 'naming/base-unit', title: 'a name from a constant: reported where written', code: 'NAME = "queue_wait_ms"\nWAIT = Gauge(«NAME», "Wait.")\n' },
  { rule: 'naming/style', title: 'camelCase', code: 'X = Gauge(«"queueDepth"», "Depth.")\n' },
  { rule: 'naming/style', title: 'a camelCase label name', code: 'X = Gauge("queue_depth", "Depth.", [«"queueName"»])\n' },
  { rule: 'naming/reserved-suffix', title: 'a Gauge named _count', code: 'X = Gauge(«"models_loaded_count"», "Models.")\n' },
  { rule: 'naming/counter-total', title: '_total on a Gauge', code: 'X = Gauge(«"queue_depth_total"», "Depth.")\n' },
  { rule: 'cardinality/label', title: 'an unbounded label name', code: 'X = Counter("logins_total", "Logins.", ["method", «"user_id"»])\n' },
  { rule: 'cardinality/label', title: 'the raw request path as a label value', code: 'X = Counter("hits_total", "Hits.", ["path"])\n\ndef handle(request):\n    X.labels(«request.url.path»).inc()\n' },
  { rule: 'cardinality/label', title: 'an exception message as a label value', code: 'X = Counter("errors_total", "Errors.", ["reason"])\n\ndef handle():\n    try:\n        pass\n    except Exception as exc:\n        X.labels(reason=«str(exc)»).inc()\n' },
  { rule: 'cardinality/label', title: 'an f-string with an id, a UUID, the clock', code: 'import uuid, time\nX = Counter("jobs_total", "Jobs.", ["job", "run", "at"])\n\ndef run(job_id):\n    X.labels(«f"job-{job_id}"», «str(uuid.uuid4())», «time.time()»).inc()\n' },
  { rule: 'instrumentation/labels-mismatch', title: 'too few positional values', code: 'X = Counter("hits_total", "Hits.", ["method", "route"])\n\ndef f():\n    X.labels«("GET")».inc()\n', severity: 'error' },
  { rule: 'instrumentation/labels-mismatch', title: 'a wrong keyword', code: 'X = Counter("hits_total", "Hits.", labelnames=("method", "route"))\n\ndef f():\n    X.labels«(method="GET", path="/")».inc()\n' },
  { rule: 'instrumentation/labels-mismatch', title: 'positional and keyword mixed', code: 'X = Counter("hits_total", "Hits.", ["method", "route"])\nX.labels«("GET", route="/")».inc()\n' },
  { rule: 'instrumentation/labels-mismatch', title: 'labels() on a metric without label names', code: 'X = Counter("hits_total", "Hits.")\nX.labels«("GET")».inc()\n' },
  { rule: 'instrumentation/labels-mismatch', title: 'label names from a module constant', code: 'LABELS = ("method", "route")\nX = Counter("hits_total", "Hits.", LABELS)\nX.labels«("GET", "/", "x")».inc()\n' },
  { rule: 'instrumentation/labels-mismatch', title: 'self.metric in a class', code: 'class S:\n    def __init__(self):\n        self.hits = Counter("hits_total", "Hits.", ["method"])\n\n    def on(self):\n        self.hits.labels«()».inc()\n' },
  { rule: 'instrumentation/labels-missing', title: 'inc() on a labelled Counter', code: 'X = Counter("hits_total", "Hits.", ["method"])\nX.«inc»()\n' },
  { rule: 'instrumentation/labels-missing', title: 'time() on a labelled Histogram', code: 'X = Histogram("work_seconds", "Work.", ["kind"])\n\n@X.«time»()\ndef work():\n    pass\n' },
  { rule: 'instrumentation/labels-missing', title: 'a local metric used in its own function and a closure', code: 'def build():\n    c = Counter("jobs_total", "Jobs.", ["queue"])\n    c.«inc»()\n    def later():\n        c.«inc»()\n    return later\n' },
  { rule: 'instrumentation/labels-mismatch', title: 'a module metric in a function that does not rebind it', code: 'X = Counter("hits_total", "Hits.", ["method"])\n\ndef f(counter):\n    for item in counter:\n        X.labels«()».inc()\n' },
  { rule: 'instrumentation/labels-missing', title: 'a class kept in a class attribute and called on self', code: 'import prometheus_client\n\nclass StatLogger:\n    _counter_cls = prometheus_client.Counter\n\n    def __init__(self):\n        self.tokens = self._counter_cls(name="prompt_tokens", documentation="T.", labelnames=["model"])\n\n    def record(self):\n        self.tokens.«inc»()\n' },
  { rule: 'naming/base-unit', title: 'a class given another name at module level', code: 'LatencyHistogram = Histogram  # swappable in tests\n\n\ndef unrelated():\n    pass\n\n\nclass Timings:\n    def __init__(self):\n        self.latency = LatencyHistogram(«"step_latency_ms"», "Step latency.")\n' },
  { rule: 'instrumentation/labels-mismatch', title: 'a module constant passed as a keyword on a line of its own', code: 'labelnames = ["method"]\nX = Counter(\n    "hits_total",\n    "Hits.",\n    labelnames=labelnames,\n)\nX.labels«("GET", "/")».inc()\n' },
  { rule: 'instrumentation/reserved-label', title: 'le on a Histogram', code: 'X = Histogram("work_seconds", "Work.", ["kind", «"le"»])\n' },
  { rule: 'instrumentation/reserved-label', title: 'quantile on a Summary', code: 'X = Summary("work_seconds", "Work.", [«"quantile"»])\n' },
  { rule: 'instrumentation/reserved-label', title: 'a __ label', code: 'X = Gauge("depth", "Depth.", [«"__queue"»])\n' },
  { rule: 'instrumentation/bucket-order', title: 'unsorted buckets', code: 'X = Histogram("work_seconds", "Work.", buckets=[0.1, 1, «0.5»])\n' },
  { rule: 'instrumentation/bucket-order', title: 'only +Inf', code: 'X = Histogram("work_seconds", "Work.", buckets=[«float("inf")»])\n' },
  { rule: 'instrumentation/buckets', title: 'a duplicated bound', code: 'X = Histogram("work_seconds", "Work.", buckets=(0.1, 0.5, «0.5», 1))\n' },
  { rule: 'instrumentation/buckets', title: 'a negative bound on a duration', code: 'X = Histogram("work_seconds", "Work.", buckets=(«-1», 0.5, 1))\n' },
  { rule: 'instrumentation/buckets', title: 'too many bounds for three labels', code: `B = [${Array.from({ length: 16 }, (_, i) => (i + 1) / 10).join(', ')}]\nX = Histogram("work_seconds", "Work.", ["a", "b", "c"], buckets=B)\n`.replace('B = [', 'B = [«').replace(']\n', '»]\n') },
  { rule: 'instrumentation/per-call-definition', title: 'in a FastAPI handler', code: 'from fastapi import FastAPI\napp = FastAPI()\n\n@app.get("/x")\ndef x():\n    «Counter»("x_total", "X.").inc()\n' },
  { rule: 'instrumentation/per-call-definition', title: 'a name from the request, in a handler (a repeated value registers it again)', code: 'from flask import Flask\napp = Flask(__name__)\n\n@app.route("/jobs/<kind>")\ndef jobs(kind):\n    «Counter»(f"jobs_{kind}_total", "Jobs.").inc()\n' },
  { rule: 'instrumentation/per-call-definition', title: 'in a Celery task', code: 'from celery import shared_task\n\n@shared_task\ndef resize(image_id):\n    «Histogram»("resize_seconds", "Resize.").observe(1)\n' },
  { rule: 'instrumentation/per-call-definition', title: 'in a function called twice', code: 'def record(v):\n    g = «Gauge»("value", "V.")\n    g.set(v)\n\nrecord(1)\nrecord(2)\n' },
  { rule: 'instrumentation/per-call-definition', title: 'in a method called twice on self', code: 'class Jobs:\n    def record(self, v):\n        «Gauge»("job_value", "V.").set(v)\n\n    def run(self):\n        self.record(1)\n        self.record(2)\n' },
  { rule: 'instrumentation/counter-decrease', title: 'dec() on a Counter', code: 'X = Counter("active_total", "A.")\nX.«dec»()\n' },
  { rule: 'instrumentation/counter-decrease', title: 'a negative inc() through labels', code: 'X = Counter("active_total", "A.", ["k"])\nX.labels("a").inc(«-1»)\n' },
  { rule: 'instrumentation/multiprocess-gauge', title: 'a Gauge in a multiprocess app', code: 'from prometheus_client import multiprocess, CollectorRegistry\nmultiprocess.MultiProcessCollector(CollectorRegistry())\nX = Gauge(«"in_progress"», "In progress.")\n' },
];

const SILENT: readonly Case[] = [
  { rule: 'naming/base-unit', title: 'seconds', code: 'X = Histogram("request_latency_seconds", "Latency.")\n' },
  { rule: 'naming/base-unit', title: 'ms in the middle, not in unit position', code: 'X = Counter("ms_sql_queries_total", "Queries.")\n' },
  { rule: 'naming/reserved-suffix', title: 'a Counter named _count (prometheus_client exposes _count_total)', code: 'X = Counter("request_count", "Requests.")\n' },
  { rule: 'naming/counter-total', title: 'a Counter without _total (the library appends it)', code: 'X = Counter("requests", "Requests.")\n' },
  { rule: 'cardinality/label', title: 'bounded names and values', code: 'X = Counter("hits_total", "Hits.", ["method", "route", "status"])\n\ndef f(request, route, exc):\n    X.labels(request.method, route.path_format, type(exc).__name__).inc()\n    X.labels(f"{request.method}", "x", str(404)).inc()\n' },
  { rule: 'instrumentation/labels-mismatch', title: 'the right values, by position and by name', code: 'X = Counter("hits_total", "Hits.", ["method", "route"])\nX.labels("GET", "/").inc()\nX.labels(route="/", method="GET").inc()\n' },
  { rule: 'instrumentation/labels-mismatch', title: 'label names not resolvable', code: 'def make(labels):\n    return Counter("hits_total", "Hits.", labels)\nX = Counter("x_total", "X.", make_labels())\nX.labels("a").inc()\n' },
  { rule: 'instrumentation/labels-mismatch', title: 'values unpacked', code: 'X = Counter("hits_total", "Hits.", ["method", "route"])\nX.labels(*values).inc()\nX.labels(**labels).inc()\n' },
  { rule: 'instrumentation/labels-mismatch', title: 'a name bound twice', code: 'X = Counter("hits_total", "Hits.", ["method"])\nX = Counter("other_total", "Other.", ["a", "b"])\nX.labels("GET").inc()\n' },
  { rule: 'instrumentation/labels-missing', title: 'an unlabelled metric used directly', code: 'X = Counter("hits_total", "Hits.")\nX.inc()\nY = Histogram("work_seconds", "W.", ["k"])\nY.labels("a").observe(1)\n' },
  { rule: 'instrumentation/labels-missing', title: 'a local name reused as another function\'s parameter and loop variable', code: 'def build():\n    counter = Counter("jobs_total", "Jobs.", ["queue"])\n    return counter\n\ndef bump(counter):\n    counter.inc()\n\ndef bump_all(metrics):\n    for counter in metrics:\n        counter.inc()\n' },
  { rule: 'instrumentation/labels-missing', title: 'a module name shadowed by a parameter, a lambda, a comprehension, with … as', code: 'X = Histogram("step_seconds", "Step.", ["step"])\n\ndef timed(X):\n    return X.time()\n\nf = lambda X: X.observe(1)\n[X.observe(1) for X in others]\n\ndef g():\n    with make() as X:\n        X.observe(1)\n' },
  { rule: 'instrumentation/labels-missing', title: 'a class-body name read bare in a method (another, global value)', code: 'class Metrics:\n    latency = Histogram("step_seconds", "Step.", ["step"])\n\n    def run(self, latency):\n        latency.observe(1)\n\n    def other(self):\n        latency.observe(1)\n' },
  { rule: 'instrumentation/labels-mismatch', title: 'self.x of another class', code: 'class Pool:\n    def __init__(self):\n        self.size = Gauge("pool_size", "Size.", ["pool"])\n\nclass Worker:\n    size: int\n\n    def grow(self):\n        self.size.labels("a", "b")\n        self.size.inc()\n' },
  { rule: 'naming/counter-total', title: 'a class attribute holding another library\'s class', code: 'import statsd_lib\n\nclass StatLogger:\n    _gauge_cls = statsd_lib.Gauge\n\n    def __init__(self):\n        self.queue = self._gauge_cls("queue_total", "Q.")\n' },
  { rule: 'instrumentation/labels-mismatch', title: 'label names the module changes after assigning them', code: 'import os\nA = ["method"]\nA.append("route")\nX = Counter("a_total", "A.", A)\nX.labels("GET", "/").inc()\nB = ["method"]\nif os.environ.get("ROUTES"):\n    B = ["method", "route"]\nY = Counter("b_total", "B.", B)\nY.labels("GET", "/").inc()\nC = ["method"]\nC[0] = "verb"\nZ = Counter("c_total", "C.", C)\nZ.labels(verb="GET").inc()\n' },
  { rule: 'instrumentation/reserved-label', title: 'le on a Gauge, quantile on a Histogram', code: 'X = Gauge("g", "G.", ["le"])\nY = Histogram("h_seconds", "H.", ["quantile"])\n' },
  { rule: 'instrumentation/bucket-order', title: 'sorted, with INF', code: 'from prometheus_client.utils import INF\nX = Histogram("w_seconds", "W.", buckets=[0.1, 1, INF])\nY = Histogram("v_seconds", "V.", buckets=Histogram.DEFAULT_BUCKETS)\n' },
  { rule: 'instrumentation/buckets', title: 'negative bound on a value that may be negative', code: 'X = Histogram("temperature_delta_celsius", "T.", buckets=(-10, 0, 10))\n' },
  { rule: 'instrumentation/buckets', title: 'sixteen bounds with one label', code: `X = Histogram("work_seconds", "Work.", ["a"], buckets=[${Array.from({ length: 16 }, (_, i) => (i + 1) / 10).join(', ')}])\n` },
  { rule: 'instrumentation/per-call-definition', title: 'one-time places', code: [
    'import functools',
    'X = Counter("a_total", "A.")',
    'class Metrics:',
    '    B = Counter("b_total", "B.")',
    '    def __init__(self):',
    '        self.c = Counter("c_total", "C.")',
    '@functools.lru_cache(maxsize=None)',
    'def metric(name):',
    '    return Counter(name, "D.")',
    'def create_metrics():',
    '    return Counter("e_total", "E.")',
    'def push(v):',
    '    registry = CollectorRegistry()',
    '    Gauge("f", "F.", registry=registry).set(v)',
    'def guarded():',
    '    try:',
    '        return Counter("g_total", "G.")',
    '    except ValueError:',
    '        return None',
    'def once():',
    '    return Counter("h_total", "H.")',
    'metric("x"); metric("y"); push(1); push(2); guarded(); guarded(); once()',
  ].join('\n') + '\n' },
  { rule: 'instrumentation/per-call-definition', title: 'a name from the arguments, a create-once guard, a method named like a metric method', code: [
    'METRICS = {}',
    'def summary(key):',
    '    return Summary(key, "S.")',
    'def cached(key):',
    '    if key not in METRICS:',
    '        METRICS[key] = Histogram("fixed_seconds", "F.")',
    '    return METRICS[key]',
    'class Service:',
    '    def observe(self, value):',
    '        Summary("observed_seconds", "O.").observe(value)',
    '    def other(self, h, m):',
    '        h.observe(1)',
    '        m.observe(2)',
    'summary("a"); summary("b"); cached("a"); cached("b")',
  ].join('\n') + '\n' },
  { rule: 'instrumentation/counter-decrease', title: 'dec() on a Gauge, inc() by a variable', code: 'X = Gauge("active", "A.")\nX.dec()\nY = Counter("y_total", "Y.")\nY.inc(n)\nY.inc(2)\n' },
  { rule: 'instrumentation/multiprocess-gauge', title: 'multiprocess_mode maybe in **kwargs, or given by position', code: 'from prometheus_client import multiprocess, CollectorRegistry\nmultiprocess.MultiProcessCollector(CollectorRegistry())\nKW = {"multiprocess_mode": "livesum"}\nX = Gauge("in_progress", "In progress.", **KW)\n\ndef gauge(name, doc, **kwargs):\n    return Gauge(name, doc, **kwargs)\n\nY = Gauge("mode", "Mode.", ["a"], None, None, None, None, (), "max")\n' },
  { rule: 'instrumentation/multiprocess-gauge', title: 'with multiprocess_mode, or no multiprocess setup', code: 'import os\nmultiprocess_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")\nX = Gauge("in_progress", "In progress.", multiprocess_mode="livesum")\n' },
];

describe('instrumentation rules on Python code', () => {
  let grammars: CodeGrammars;
  before(async () => {
    grammars = await loadCodeGrammars(['python']);
  });

  function findings(text: string, rule: string): { start: number; end: number; severity: string }[] {
    const metrics = readCodeMetrics('python', text, grammars, { settings: DEFAULT_LINT_SETTINGS });
    metrics.parsed?.release();
    const problems = [...metrics.problems, ...(metrics.multiprocess ? multiprocessGaugeProblems(metrics, text) : [])];
    return problems.filter((p) => p.code.code === rule).map((p) => ({ start: p.range.start, end: p.range.end, severity: p.severity })).sort((a, b) => a.start - b.start);
  }

  for (const c of FIRES) {
    it(`${c.rule} fires: ${c.title}`, () => {
      const { text, ranges } = withRanges(IMPORTS + c.code);
      const found = findings(text, c.rule);
      assert.deepEqual(found.map(({ start, end }) => ({ start, end })), ranges, found.map((f) => text.slice(f.start, f.end)).join(' | '));
      if (c.severity) for (const f of found) assert.equal(f.severity, c.severity);
    });
  }

  for (const c of SILENT) {
    it(`${c.rule} stays silent: ${c.title}`, () => {
      const text = IMPORTS + c.code;
      assert.deepEqual(findings(text, c.rule).map((f) => text.slice(f.start, f.end)), []);
    });
  }

  it('a file without prometheus_client gets nothing, and costs no parse', () => {
    const metrics = readCodeMetrics('python', 'from collections import Counter\nX = Counter("a")\nX.labels(1)\n', grammars);
    assert.deepEqual([metrics.library, metrics.definitions.length, metrics.problems.length, metrics.parsed], [undefined, 0, 0, undefined]);
  });

  it('says why a name cannot be resolved statically, and predicts nothing for it', () => {
    const metrics = readCodeMetrics('python', `${IMPORTS}def make(prefix):\n    return Counter(prefix + "_hits", "Hits.", ["a"])\nY = Gauge("%s_depth" % APP, "D.")\n`, grammars);
    metrics.parsed?.release();
    assert.deepEqual(metrics.definitions.map((d) => [d.family, d.exposed.length, d.nameArgument?.unresolved]), [
      [undefined, 0, '"prefix" is not a module-level constant'],
      [undefined, 0, '""%s_depth" % APP" is computed at run time'],
    ]);
  });

  it('re-reads an edited file incrementally with the same answer as a fresh read', () => {
    const first = `${IMPORTS}X = Counter("hits_total", "Hits.", ["method"])\n`;
    const second = `${IMPORTS}X = Counter("hits_total", "Hits.", ["method"])\nX.labels().inc()\n`;
    const before = readCodeMetrics('python', first, grammars);
    const after = readCodeMetrics('python', second, grammars, { previous: before });
    const fresh = readCodeMetrics('python', second, grammars);
    after.parsed?.release();
    fresh.parsed?.release();
    assert.deepEqual(after.problems, fresh.problems);
    assert.deepEqual(after.definitions, fresh.definitions);
    assert.equal(before.parsed?.take(), undefined, 'the previous parse was taken');
  });
});

describe('the Python reader on broken text', () => {
  it('never throws, whatever prefix of a real module it is given, and re-reads incrementally alike', async () => {
    const grammars = await loadCodeGrammars(['python']);
    const files = ['element-hq+synapse/synapse/metrics/__init__.py', 'trallnag+prometheus-fastapi-instrumentator/src/prometheus_fastapi_instrumentator/metrics.py', 'danihodovic+celery-exporter/src/exporter.py'];
    for (const file of files) {
      const text = fs.readFileSync(path.join(REALWORLD, 'code', file), 'utf8');
      let previous = readCodeMetrics('python', '', grammars);
      for (let end = 0; end <= text.length; end += Math.max(1, Math.floor(text.length / 60))) {
        const prefix = text.slice(0, end);
        const incremental = readCodeMetrics('python', prefix, grammars, { previous });
        const fresh = readCodeMetrics('python', prefix, grammars);
        fresh.parsed?.release();
        assert.deepEqual(incremental.problems, fresh.problems, `${file} up to ${end}`);
        previous = incremental;
      }
      previous.parsed?.release();
    }
  });
});

describe('quick fixes of the rules on Python code', () => {
  /** [rule, module after the imports, the module with the rule's first fix applied, or null: no fix]. */
  const FIXES: readonly [string, string, string | null][] = [
    ['naming/base-unit', 'X = Counter("sent_kb_total", "Sent.")\n', 'X = Counter("sent_bytes_total", "Sent.")\n'],
    ['naming/base-unit', 'X = Histogram("wait_ms", "Wait.", namespace="shop")\n', 'X = Histogram("wait_seconds", "Wait.", namespace="shop")\n'],
    ['naming/base-unit', 'NAME = "wait_ms"\nX = Histogram(NAME, "Wait.")\n', null],
    ['naming/base-unit', 'X = Histogram(f"wait_ms", "Wait.")\n', null],
    ['naming/style', "X = Gauge('queueDepth', 'Depth.')\n", "X = Gauge('queue_depth', 'Depth.')\n"],
    ['naming/counter-total', 'X = Gauge("queue_depth_total", "Depth.")\n', 'X = Gauge("queue_depth", "Depth.")\n'],
    ['instrumentation/bucket-order', 'X = Histogram("w_seconds", "W.", buckets=[0.5, 0.1, 1])\n', 'X = Histogram("w_seconds", "W.", buckets=[0.1, 0.5, 1])\n'],
    ['instrumentation/multiprocess-gauge', 'from prometheus_client import multiprocess\nX = Gauge("busy", "Busy.",\n)\n', 'from prometheus_client import multiprocess\nX = Gauge("busy", "Busy.", multiprocess_mode="livesum",\n)\n'],
    ['instrumentation/multiprocess-gauge', 'from prometheus_client import multiprocess\nX = Gauge("busy", "Busy.")\n', 'from prometheus_client import multiprocess\nX = Gauge("busy", "Busy.", multiprocess_mode="livesum")\n'],
  ];
  let grammars: CodeGrammars;
  before(async () => {
    grammars = await loadCodeGrammars(['python']);
  });

  for (const [rule, code, fixed] of FIXES) {
    it(`${rule}: ${JSON.stringify(code.split('\n').at(-2))} → ${fixed === null ? 'no fix' : 'fixed'}`, () => {
      const text = IMPORTS + code;
      const metrics = readCodeMetrics('python', text, grammars);
      metrics.parsed?.release();
      const problem = [...metrics.problems, ...multiprocessGaugeProblems(metrics, text)].find((p) => p.code.code === rule);
      assert.ok(problem, `${rule} not reported`);
      const fix = problem.fixes?.[0];
      if (fixed === null) return assert.equal(fix, undefined);
      assert.ok(fix, 'no fix');
      const changes = [...fix.changes].sort((a, b) => b.range.start - a.range.start);
      let result = text;
      for (const c of changes) result = result.slice(0, c.range.start) + c.newText + result.slice(c.range.end);
      assert.equal(result, IMPORTS + fixed);
    });
  }
});
