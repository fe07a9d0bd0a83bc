import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expositionFormatOf, parseExposition, type ParsedExposition } from '../../../../server/src/service/exposition/expositionParser';
import { CORPUS, readJsonLines } from '../../../support/paths';

const EXPOSITION = join(CORPUS, 'exposition');

const summary = (parsed: ParsedExposition): string[] =>
  parsed.families.map((f) => `${f.name} ${f.type}${f.help !== undefined ? ` "${f.help}"` : ''}${f.unit ? ` unit=${f.unit}` : ''}: ${f.samples.map((s) => `${s.name}{${s.labels.join(',')}}=${s.value}${s.timestamp !== undefined ? `@${s.timestamp}` : ''}`).join(' ')}`);

describe('exposition parser', () => {
  const GOOD: [string, string, 'text' | 'openmetrics', string[]][] = [
    ['counter with HELP, TYPE, labels and escapes', '# HELP reqs Requests\\nhandled \\\\ total.\n# TYPE reqs counter\nreqs{path="/a\\"b",code="200"} 3 1700000000000\n', 'text',
      ['reqs counter "Requests\nhandled \\ total.": reqs{path,/a"b,code,200}=3@1700000000000']],
    ['histogram samples join their family', '# TYPE lat histogram\nlat_bucket{le="0.1"} 1\nlat_bucket{le="+Inf"} 2\nlat_sum 0.3\nlat_count 2\n', 'text',
      ['lat histogram: lat_bucket{le,0.1}=1 lat_bucket{le,+Inf}=2 lat_sum{}=0.3 lat_count{}=2']],
    ['summary with quantiles', '# TYPE s summary\ns{quantile="0.5"} 1\ns_sum 4\ns_count 3\n', 'text', ['s summary: s{quantile,0.5}=1 s_sum{}=4 s_count{}=3']],
    ['untyped without metadata, special values, blank lines, trailing comma', 'a NaN\n\nb{x="1",} +Inf\nc -Inf\n', 'text',
      ['a untyped: a{}=NaN', 'b untyped: b{x,1}=Infinity', 'c untyped: c{}=-Infinity']],
    ['quoted UTF-8 names', '{"my.metric","a.b"="c"} 1\n', 'text', ['my.metric untyped: my.metric{a.b,c}=1']],
    ['OpenMetrics counter, unit, exemplar, float timestamp, EOF', '# TYPE r counter\n# UNIT r seconds\n# HELP r Time.\nr_total{a="b"} 1 1.5 # {trace_id="x"} 0.5 1.4\nr_created 1.6e9\n# EOF\n', 'openmetrics',
      ['r counter "Time." unit=seconds: r_total{a,b}=1@1500 r_created{}=1600000000']],
    ['OpenMetrics info and gaugehistogram', '# TYPE i info\ni_info{v="1"} 1\n# TYPE g gaugehistogram\ng_bucket{le="1"} 1\ng_gcount 1\ng_gsum 2\n# EOF\n', 'openmetrics',
      ['i info: i_info{v,1}=1', 'g gaugehistogram: g_bucket{le,1}=1 g_gcount{}=1 g_gsum{}=2']],
  ];
  for (const [title, text, format, expected] of GOOD) {
    it(title, () => {
      const parsed = parseExposition(text, format);
      assert.deepEqual(parsed.problems, []);
      assert.deepEqual(summary(parsed), expected);
    });
  }

  const BAD: [string, string, 'text' | 'openmetrics', [number, number, string]][] = [
    ['bad value', 'a 1\nb{x="1"} blubb\n', 'text', [1, 9, 'expected float as value, got "blubb"']],
    ['hex float', 'foo 0x1p-3\n', 'text', [0, 4, 'expected float as value, got "0x1p-3"']],
    ['unknown type', '# TYPE a bla\n', 'text', [0, 9, 'unknown metric type "bla"']],
    ['reserved label', 'm{__name__="x"} 1\n', 'text', [0, 10, 'label name "__name__" is reserved']],
    ['missing EOF', '# TYPE a gauge\na 1\n', 'openmetrics', [1, 0, 'expected # EOF at the end of an OpenMetrics exposition']],
    ['content after EOF', 'a 1\n# EOF\nb 2\n', 'openmetrics', [2, 0, 'unexpected content after # EOF']],
  ];
  for (const [title, text, format, [line, column, message]] of BAD) {
    it(`reports ${title} at its line and column`, () => {
      const parsed = parseExposition(text, format);
      assert.deepEqual(parsed.problems.map((p) => [p.line, p.column, p.message]), [[line, column, message]]);
    });
  }

  it('keeps the good lines around a bad one', () => {
    const parsed = parseExposition('a 1\nb{x=1} 2\nc 3\n');
    assert.deepEqual(parsed.families.map((f) => f.name), ['a', 'c']);
    assert.equal(parsed.problems.length, 1);
  });

  it('chooses the format from the Content-Type', () => {
    assert.equal(expositionFormatOf('application/openmetrics-text; version=1.0.0; charset=utf-8'), 'openmetrics');
    assert.equal(expositionFormatOf('text/plain; version=0.0.4'), 'text');
    assert.equal(expositionFormatOf(undefined), 'text');
  });

  it('returns fresh strings, not slices of the input', () => {
    const parsed = parseExposition(`${'x'.repeat(1000)} 1\n`);
    assert.equal(parsed.families[0].name.length, 1000);
  });
});

describe('exposition parser on the corpus', () => {
  const files = readdirSync(EXPOSITION).filter((f) => f.endsWith('.txt'));
  for (const file of files) {
    it(`parses ${file} without problems`, () => {
      const text = readFileSync(join(EXPOSITION, file));
      const openMetrics = file.includes('.om.') || /^# EOF\s*$/m.test(text.toString('utf8'));
      const parsed = parseExposition(text, openMetrics ? 'openmetrics' : 'text');
      assert.deepEqual(parsed.problems, []);
      const lines = text.toString('utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#')).length;
      assert.equal(parsed.sampleCount, lines, 'every sample line read');
    });
  }

  it('finds a problem in every file of exposition/bad, inside the input', () => {
    for (const file of readdirSync(join(EXPOSITION, 'bad'))) {
      const text = readFileSync(join(EXPOSITION, 'bad', file));
      const parsed = parseExposition(text);
      assert.ok(parsed.problems.length > 0, file);
      const lines = text.toString('utf8').split('\n');
      for (const p of parsed.problems) assert.ok(p.line < lines.length && p.column <= Buffer.byteLength(lines[p.line] ?? ''), `${file}: ${JSON.stringify(p)}`);
    }
  });

  /**
   * Cases of expfmt's table that fail only under its legacy name validation (expected_error empty,
   * expected_error_legacy set): quoted UTF-8 names are valid since Prometheus 3.0, and we accept them.
   */
  const legacyOnly = (c: { expected_error: string | null; expected_error_legacy?: string }): boolean => c.expected_error === '' && !!c.expected_error_legacy;

  it('agrees with expfmt on its error table (line and message)', () => {
    const cases = readJsonLines<{ id: string; text?: string; text_base64?: string; expected: string; expected_error: string | null; expected_error_legacy?: string }>(join(EXPOSITION, 'cases', 'common__expfmt__testTextParseError.jsonl'));
    let agreed = 0;
    let defended = 0;
    for (const c of cases) {
      // text_base64 holds the exact bytes where the text is not valid UTF-8.
      const body = c.text_base64 !== undefined ? Buffer.from(c.text_base64, 'base64') : Buffer.from(c.text ?? '');
      const parsed = parseExposition(body);
      if (legacyOnly(c)) {
        assert.deepEqual(parsed.problems, [], c.id);
        defended++;
        continue;
      }
      assert.ok(parsed.problems.length > 0, `${c.id}: expected ${c.expected_error}`);
      const match = /line (\d+): (.*)$/.exec(c.expected_error ?? '');
      if (match) {
        const first = parsed.problems[0];
        assert.equal(first.line + 1, Number(match[1]), `${c.id}: ${JSON.stringify(first)} vs ${c.expected_error}`);
        assert.ok(first.message.startsWith(match[2].replace(/"[^"]*"$/, '').trim()) || first.message.includes(match[2]), `${c.id}: "${first.message}" vs "${match[2]}"`);
      }
      agreed++;
    }
    assert.equal(agreed + defended, cases.length);
    assert.ok(defended <= 2, `${defended} legacy-only cases`);
    console.log(`      expfmt error table: ${agreed} of ${cases.length} agree on line and message, ${defended} valid under UTF-8 names`);
  });
});
