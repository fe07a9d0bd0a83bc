import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCodeGrammars } from '../../../../server/src/fileSystem/codeGrammars';
import { readCodeMetrics } from '../../../../server/src/service/instrumentation/codeMetrics';
import type { CodeGrammars } from '../../../../server/src/service/instrumentation/codeParser';
import type { CodeMetrics } from '../../../../server/src/service/instrumentation/metricDefinition';
import { pythonAnchors } from '../../../../server/src/service/instrumentation/pythonAnchors';
import { pythonParseSlices } from '../../../../server/src/service/instrumentation/pythonParseSlices';
import { generatedPythonModule } from '../../../support/generatedPythonModule';
import { FIXTURES, REALWORLD } from '../../../support/paths';

/*
 * The Python reader parses only the top-level blocks its definitions touch, and of the blocks that
 * only use metrics the statements that do (pythonParseSlices.ts). This proves the cut changes
 * nothing: every Python file of ../shared/realworld/code and test/fixtures, the benchmark's
 * generated modules and modules written to catch a careless cut (uses in strings, comments,
 * clauses, decorators, headers, continued lines; function-local names that shadow constants, and
 * parameters, loop targets and `as` names that shadow a metric in helpers among handlers),
 * read with the sliced parse, give exactly the definitions and problems of a whole-module parse;
 * so do edited versions read incrementally from the previous parse.
 */

const HEADER = `from prometheus_client import Counter, Gauge, Histogram
import uuid
PREFIX = "app"
ROUTE = "/health"
STEP = -1
REQUESTS = Counter("requests_total", "Requests.", ["route", "status"])
LATENCY = Histogram(PREFIX + "_latency_seconds", "Latency.", ["route"])
DEPTH = Gauge("queue_depth", "Depth.")
`;

/** A handler that uses a metric among other code: its block is cut to that statement. */
const TAIL = `
def plain(request):
    started = 1
    REQUESTS.labels(ROUTE, "200").inc()
    return started
`;

/** Modules whose uses sit where a cut by lines could go wrong; each is read sliced and whole. */
const TRICKY: readonly [string, string][] = [
  ['uses in strings and comments', `def a():
    log("REQUESTS.labels(request.url.path).inc()")  # REQUESTS.labels(1).dec()
    # DEPTH.labels("x").set(1)
    doc = """
    REQUESTS.labels(str(exc)).inc()
    """
    REQUESTS.labels(ROUTE, "200").inc()
`],
  ['clauses, headers and decorators', `def b(request):
    if request:
        REQUESTS.labels(request.url.path, "200").inc()
    elif request is None: REQUESTS.labels("a").inc()
    else: DEPTH.labels("x").set(1)
    try:
        pass
    except ValueError: REQUESTS.labels(ROUTE, "500").inc(STEP)
    finally:
        DEPTH.dec()
    with LATENCY.labels(ROUTE).time():
        pass
    for x in range(3): REQUESTS.labels(ROUTE, str(x)).inc(-2)

@LATENCY.labels("/b").time()
def c():
    @REQUESTS.labels("a", "b").count_exceptions()
    def inner():
        return REQUESTS.labels(str(uuid.uuid4()), "200")
    return inner
`],
  ['continued and joined lines', `class Handler:
    def get(self, request, exc):
        REQUESTS.labels(
            request.path,  # the raw path
            "200",
        ).inc()
        LATENCY \
            .labels(f"{PREFIX}/{request.user_id}").observe(1); DEPTH.set(2); REQUESTS.inc()
        total = REQUESTS.labels(str(exc), "500").inc() or 0
        yield DEPTH.labels("a")
`],
  ['function-local names like constants', `def d():
    PREFIX = "other"; STEP = 3
    REQUESTS.labels(ROUTE, "200").inc(STEP)
    STEP = REQUESTS.labels(ROUTE, "x")

async def e(session):
    await LATENCY.labels(f"{PREFIX}-{session.token}").observe(0.1)
    lambda: REQUESTS.labels(ROUTE).dec()
`],
  ['match statements', `def f(command):
    match command:
        case "go": REQUESTS.labels("go", "200").inc()
        case _:
            REQUESTS.labels("stop").inc()
`],
  ['helpers whose own names shadow a metric', `counter = Counter("jobs_total", "Jobs.", ["kind"])

${Array.from({ length: 12 }, (_, i) => `def handler_${i}(request):
    started = ${i}
    counter.labels("k${i}").inc()
    return started
`).join('\n')}
def bump(counter):
    counter.inc()

def drain(queue):
    for counter in queue:
        counter.inc()

def wrapped(path):
    with open(path) as counter:
        counter.set(1)

def walrus(items):
    if (counter := items[0]):
        counter.inc()

def walrus_in_a_statement(items):
    first = (counter := items[0])
    counter.inc()
    return first

def real():
    counter.inc()
`],
];


function pythonFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.py')).map((f) => path.join(dir, f)).sort();
}

/** What a reader answers, without the parse it keeps. */
function answer(metrics: CodeMetrics): unknown {
  return JSON.parse(JSON.stringify({ library: metrics.library, definitions: metrics.definitions, problems: metrics.problems, multiprocess: metrics.multiprocess }));
}

/** The answer, the parse released. */
function released(metrics: CodeMetrics): unknown {
  metrics.parsed?.release();
  return answer(metrics);
}

describe('Python reader: sliced parse equals whole parse', () => {
  let grammars: CodeGrammars;
  before(async () => {
    grammars = await loadCodeGrammars(['python']);
  });

  const files = [...pythonFiles(path.join(REALWORLD, 'code')), ...pythonFiles(FIXTURES)];

  it('finds Python files to compare, and slices some of them', () => {
    assert.ok(files.length >= 20, `only ${files.length} Python files`);
    const sliced = files.filter((f) => {
      const text = fs.readFileSync(f, 'utf8');
      return text.includes('prometheus_client') && pythonParseSlices(text, pythonAnchors(text)) !== undefined;
    });
    assert.ok(sliced.length >= 5, `only ${sliced.length} files are parsed in slices`);
  });

  it('reads the benchmark\'s modules and the tricky ones the same, cold and after one keystroke', () => {
    const modules: [string, string][] = [
      ['every handler recording', generatedPythonModule(1500, true)],
      ['1 handler in 10 recording', generatedPythonModule(1500, true, 10)],
      ...TRICKY.map(([name, body]): [string, string] => [name, `${HEADER}\n${body}${TAIL}`]),
    ];
    for (const [name, text] of modules) {
      const whole = released(readCodeMetrics('python', text, grammars, { fullParse: true }));
      assert.ok(JSON.stringify(whole).length > 100, name);
      assert.ok(pythonParseSlices(text, pythonAnchors(text)) !== undefined, `${name} is not sliced`);
      assert.deepEqual(released(readCodeMetrics('python', text, grammars)), whole, name);
      // Keystrokes, read from the previous parse: a space typed after the bracket of a line that
      // uses a metric, and a character typed into a line that uses none; then each undone.
      let previous = readCodeMetrics('python', text, grammars);
      const uses = [...text.matchAll(/\n *(?:REQUESTS|LATENCY|DEPTH|counter)\.\w+\(/g)].slice(0, 8).map((m) => m.index + m[0].length);
      const others = [...text.matchAll(/\n +(?:pass|total = 0|doc =)/g)].slice(0, 4).map((m) => m.index + m[0].length);
      for (const at of [...uses, ...others]) {
        for (const edited of [`${text.slice(0, at)} ${text.slice(at)}`, text]) {
          previous = readCodeMetrics('python', edited, grammars, { previous });
          assert.deepEqual(answer(previous), released(readCodeMetrics('python', edited, grammars, { fullParse: true })), `${name} (edited at ${at})`);
        }
      }
      // Edits of what the uses are read with (a definition's label names, a constant, a second
      // assignment of a bound name), the statements that use them unchanged.
      const contextEdits: [string | RegExp, string][] = [
        ['["route", "status"])', '["route"])'], ['STEP = -1', 'STEP = 1'], ['["route"])\nDEPTH', '["route", "x"])\nDEPTH'],
        [/\nLATENCY_0 = /, '\nLATENCY_0 = 1\nLATENCY_0 = '], [/\nREQUESTS_1 = Counter\("stage_1_requests_total", "Stage 1.", \["route", "status"\]/, '\nREQUESTS_1 = Counter("stage_1_requests_total", "Stage 1.", ["status"]'],
      ];
      let version = text;
      for (const [from, to] of contextEdits) {
        const edited = version.replace(from, to);
        if (edited === version) continue;
        version = edited;
        previous = readCodeMetrics('python', version, grammars, { previous });
        assert.deepEqual(answer(previous), released(readCodeMetrics('python', version, grammars, { fullParse: true })), `${name} (${String(from)} edited)`);
      }
      previous.parsed?.release();
    }
  });

  it('reads every file the same, cold and after edits', () => {
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const whole = released(readCodeMetrics('python', text, grammars, { fullParse: true }));
      assert.deepEqual(released(readCodeMetrics('python', text, grammars)), whole, file);
      // Edits in the middle, read from the previous parse: a new top-level function that uses
      // nothing (left out of the parse), then one that constructs a metric (the slices change).
      const middle = text.indexOf('\ndef ', text.length / 2);
      if (middle === -1) continue;
      let previous = readCodeMetrics('python', text, grammars);
      for (const body of ['return 1', 'Counter("added_by_test_total", "Added.").inc()']) {
        const edited = `${text.slice(0, middle)}\ndef added_by_test():\n    ${body}\n${text.slice(middle)}`;
        const next = readCodeMetrics('python', edited, grammars, { previous });
        assert.deepEqual(answer(next), released(readCodeMetrics('python', edited, grammars, { fullParse: true })), `${file} (edited: ${body})`);
        previous = next;
      }
      previous.parsed?.release();
    }
  });
});
