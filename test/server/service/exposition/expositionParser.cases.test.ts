import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseExposition, type ExpositionSample, type ParsedExposition } from '../../../../server/src/service/exposition/expositionParser';
import { CORPUS } from '../../../support/paths';

/*
 * The cases the byte-level scan could get wrong: escapes, line endings, empty and huge label sets,
 * special values, malformed lines, and lines that share a prefix with the previous one (whose tokens
 * the parser takes from that line instead of reading them again). Expected results were checked
 * against the line-by-line parser this one replaced.
 */

const summary = (parsed: ParsedExposition): string[] =>
  parsed.families.map((f) => `${f.name} ${f.type}${f.help !== undefined ? ` "${f.help}"` : ''}${f.unit ? ` unit=${f.unit}` : ''}: ${f.samples.map((s) => `${s.name}{${s.labels.join(',')}}=${s.value}${s.timestamp !== undefined ? `@${s.timestamp}` : ''}`).join(' ')}`);

const problems = (parsed: ParsedExposition): [number, number, string][] => parsed.problems.map((p) => [p.line, p.column, p.message]);

type Case = [title: string, text: string | Uint8Array, format: 'text' | 'openmetrics', families: string[], problems: [number, number, string][]];

const CASES: Case[] = [
  ['escapes in label values, repeated and changed', 'a{x="q\\"b\\\\c\\nd"} 1\na{x="q\\"b\\\\c\\nd"} 2\na{x="q\\"b\\\\c\\ne"} 3\n', 'text',
    ['a untyped: a{x,q"b\\c\nd}=1 a{x,q"b\\c\nd}=2 a{x,q"b\\c\ne}=3'], []],
  ['an invalid escape in a label value', 'a{x="a\\tb"} 1\n', 'text', [], [[0, 6, 'invalid escape sequence']]],
  ['the same bytes with and without escapes', 'a{x="\\\\",y="1"} 1\na{x="\\\\",y="2"} 2\na{x="\\n",y="2"} 3\n', 'text',
    ['a untyped: a{x,\\,y,1}=1 a{x,\\,y,2}=2 a{x,\n,y,2}=3'], []],
  ['HELP escapes in the text format (\\" and others stay)', '# HELP a x\\ny\\\\z\\"q \\t\na 1\n', 'text', ['a untyped "x\ny\\z\\"q \\t": a{}=1'], []],
  ['HELP escapes in OpenMetrics', '# HELP a x\\ny\\\\z\\"q\na 1\n# EOF\n', 'openmetrics', ['a unknown "x\ny\\z"q": a{}=1'], []],
  ['\\r\\n line endings in the text format', '# HELP a Help.\r\n# TYPE a gauge\r\na{x="1"} 1\r\na{x="2"} 2 1700000000000\r\n\r\nb 3\r\n', 'text',
    ['a gauge "Help.": a{x,1}=1 a{x,2}=2@1700000000000', 'b untyped: b{}=3'], []],
  ['\\r\\n line endings in OpenMetrics (not allowed)', 'a 1\r\n# EOF\r\n', 'openmetrics', [],
    [[0, 2, 'expected float as value, got "1\r"'], [1, 0, 'expected # EOF at the end of an OpenMetrics exposition']]],
  ['empty label sets', 'a{} 1\na{ } 2\na{,} 3\na 4\n', 'text', ['a untyped: a{}=1 a{}=2 a{}=4'], [[2, 2, 'invalid label name for metric']]],
  ['NaN, +Inf, -Inf and the other spellings Go accepts', 'a NaN\nb +Inf\nc -Inf\nd inf\ne -nan\nf Infinity\ng +NaN\n', 'text',
    ['a untyped: a{}=NaN', 'b untyped: b{}=Infinity', 'c untyped: c{}=-Infinity', 'd untyped: d{}=Infinity', 'e untyped: e{}=NaN', 'f untyped: f{}=Infinity', 'g untyped: g{}=NaN'], []],
  ['plain decimals, exponents and long numbers', 'a 1e3\nb .5\nc 5.\nd -0\ne +7\nf 0000000000000000001.5\ng 123456789012345678\nh 1.7976931348623157e308\ni 0.1\nj 1E-3\n', 'text',
    ['a untyped: a{}=1000', 'b untyped: b{}=0.5', 'c untyped: c{}=5', 'd untyped: d{}=0', 'e untyped: e{}=7', 'f untyped: f{}=1.5', 'g untyped: g{}=123456789012345680',
      'h untyped: h{}=1.7976931348623157e+308', 'i untyped: i{}=0.1', 'j untyped: j{}=0.001'], []],
  ['malformed values', 'a 0x10\nb 1_000\nc -\nd .\ne 1e\nf \n', 'text', [], [
    [0, 2, 'expected float as value, got "0x10"'], [1, 2, 'expected float as value, got "1_000"'], [2, 2, 'expected float as value, got "-"'],
    [3, 2, 'expected float as value, got "."'], [4, 2, 'expected float as value, got "1e"'], [5, 2, 'expected float as value, got ""']]],
  ['timestamps', 'a 1 -5\nb 1 0012\nc 1 12345678901234567\nd 1 1.5\ne 1 +5\nf 1 5 6\n', 'text',
    ['a untyped: a{}=1@-5', 'b untyped: b{}=1@12', 'c untyped: c{}=1@12345678901234568'],
    [[3, 4, 'expected integer as timestamp, got "1.5"'], [4, 4, 'expected integer as timestamp, got "+5"'], [5, 6, 'spurious string after timestamp']]],
  ['malformed lines', 'a{x="1" 1\na{x=1} 1\na{1x="1"} 1\na{x="1"}1\n{x="1"} 1\na{x="1",x="2"} 1\na{__name__="b"} 1\n9a 1\na{x="1\n', 'text', [], [
    [0, 8, 'unexpected end of label value'], [1, 4, "expected '\"' at start of label value"], [2, 2, 'invalid label name for metric'], [3, 8, 'invalid metric name'],
    [4, 0, 'invalid metric name'], [5, 11, 'duplicate label names for metric "a"'], [6, 10, 'label name "__name__" is reserved'], [7, 0, 'invalid metric name'],
    [8, 5, 'label value "1" contains unescaped new-line']]],
  ['a duplicate label after the prefix shared with the previous line', 'a{x="1",y="2"} 1\na{x="1",y="2",x="3"} 1\na{x="1",y="2"} 2\na{x="1",y="2",y="4"} 1\n', 'text',
    ['a untyped: a{x,1,y,2}=1 a{x,1,y,2}=2'], [[1, 17, 'duplicate label names for metric "a"'], [3, 17, 'duplicate label names for metric "a"']]],
  ['a line repeated, then cut short', 'a{x="1",y="2"} 1\na{x="1",y="2"} 1\na{x="1",y="2"}\na{x="1",y=\na{x="1",y="2"} 3\n', 'text',
    ['a untyped: a{x,1,y,2}=1 a{x,1,y,2}=1 a{x,1,y,2}=3'], [[2, 14, 'unexpected end of input stream'], [3, 10, "expected '\"' at start of label value"]]],
  ['quoted names next to plain lines', '{"a.b",x="1"} 1\n{"a.b",x="1"} 2\na{x="1"} 3\na{"x"="1"} 4\na{x="1"} 5\n', 'text',
    ['a.b untyped: a.b{x,1}=1 a.b{x,1}=2', 'a untyped: a{x,1}=3 a{x,1}=4 a{x,1}=5'], []],
  ['histogram, summary and counter suffixes, and their checks', '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 3\nh_count 2\nh_created 5\n# TYPE s summary\ns{quantile="0.5"} 1\ns_sum 2\ns_count 1\n# TYPE c counter\nc_total 1\nc_created 2\nh_bucket{le="x"} 1\nh_bucket{le="1"} -1\nh_count -1\n', 'text',
    ['h histogram: h_bucket{le,1}=1 h_bucket{le,+Inf}=2 h_sum{}=3 h_count{}=2 h_created{}=5', 's summary: s{quantile,0.5}=1 s_sum{}=2 s_count{}=1', 'c counter: c_total{}=1 c_created{}=2'],
    [[13, 0, 'expected float as value for \'le\' label, got "x"'], [14, 0, 'negative bucket population for histogram "h"'], [15, 0, 'negative count for histogram "h"']]],
  ['OpenMetrics exemplars, float timestamps and _created', '# TYPE c counter\nc_total{a="1"} 1 100.5 # {t="x"} 1 99\nc_total{a="2"} 2 # {t="y",t="z"} 1\nc_total{a="3"} 3 # x\nc_created{a="1"} 1.5e9\n# EOF\n', 'openmetrics',
    ['c counter: c_total{a,1}=1@100500 c_created{a,1}=1500000000'], [[2, 29, 'duplicate label names for metric ""'], [3, 19, 'expected "{" to start an exemplar\'s labels']]],
  ['OpenMetrics errors and UNIT', '# TYPE a untyped\n\na 1 Inf\n# UNIT a s\n# EOF\nb 2\n', 'openmetrics', ['a unknown unit=s: '],
    [[0, 9, 'unknown metric type "untyped"'], [1, 0, 'empty line in an OpenMetrics exposition'], [2, 4, 'expected float as timestamp, got "Inf"'], [5, 0, 'unexpected content after # EOF']]],
  ['TYPE after samples, and a second HELP', 'a 1\n# TYPE a gauge\n# HELP b x\n# HELP b y\n', 'text', ['a untyped: a{}=1', 'b untyped "x": '],
    [[1, 0, 'second TYPE line for metric name "a", or TYPE reported after samples'], [3, 0, 'second HELP line for metric name "b"']]],
  ['no newline at the end', 'a 1\nb{x="1"} 2', 'text', ['a untyped: a{}=1', 'b untyped: b{x,1}=2'], [[1, 10, 'unexpected end of input stream']]],
  ['UTF-8 label values', 'a{x="é"} 1\na{x="é"} 2\na{x="日本"} 3\n', 'text', ['a untyped: a{x,é}=1 a{x,é}=2 a{x,日本}=3'], []],
  // The bytes of "é" equal the characters of "Ã©" (itself decoded from four bytes): values are matched byte for byte, never against decoded text.
  ['a UTF-8 value whose bytes spell the previous value', Buffer.from('a{x="Ã©"} 1\na{x="é"} 2\n'), 'text', ['a untyped: a{x,Ã©}=1 a{x,é}=2'], []],
  ['invalid UTF-8 in a label value', new Uint8Array([0x61, 0x7b, 0x78, 0x3d, 0x22, 0xff, 0x22, 0x7d, 0x20, 0x31, 0x0a]), 'text', [], [[0, 5, 'invalid label value "\\xff"']]],
];

describe('exposition parser, table of edge cases', () => {
  for (const [title, text, format, families, expectedProblems] of CASES) {
    it(title, () => {
      const parsed = parseExposition(text, format);
      assert.deepEqual(problems(parsed), expectedProblems);
      assert.deepEqual(summary(parsed), families);
    });
  }

  it('gives the same result for a string, a Buffer and a Uint8Array inside a larger buffer', () => {
    for (const [title, text, format] of CASES) {
      const bytes = typeof text === 'string' ? Buffer.from(text) : Buffer.from(text);
      const padded = new Uint8Array(bytes.length + 16);
      padded.set(bytes, 8);
      const view = padded.subarray(8, 8 + bytes.length);
      const expected = parseExposition(bytes, format);
      if (typeof text === 'string') assert.deepEqual(parseExposition(text, format), expected, title);
      assert.deepEqual(parseExposition(view, format), expected, title);
    }
  });

  it('keeps -0 and reads the sign of a timestamp', () => {
    const parsed = parseExposition('a -0 -0\n');
    assert.ok(Object.is(parsed.families[0].samples[0].value, -0));
    assert.ok(Object.is(parsed.families[0].samples[0].timestamp, -0));
  });

  it('reads a very long label value, repeated', () => {
    const long = 'v'.repeat(100_000);
    const parsed = parseExposition(`a{x="${long}"} 1\na{x="${long}"} 2\na{x="${long}w"} 3\n`);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.families[0].samples.map((s) => s.labels[1].length), [100_000, 100_000, 100_001]);
  });

  it('reads two hundred labels on a line, twice', () => {
    const labels = Array.from({ length: 200 }, (_, k) => `l${k}="${k}"`).join(',');
    const parsed = parseExposition(`a{${labels}} 1\na{${labels}} 2\n`);
    assert.deepEqual(parsed.problems, []);
    for (const sample of parsed.families[0].samples) {
      assert.equal(sample.labels.length, 400);
      assert.deepEqual([sample.labels[398], sample.labels[399]], ['l199', '199']);
    }
  });

  it('reads a very long metric name, and one that extends it', () => {
    const name = 'm'.repeat(10_000);
    const parsed = parseExposition(`${name} 1\n${name} 2\n${name}_x 3\n`);
    assert.deepEqual(parsed.families.map((f) => [f.name.length, f.samples.length]), [[10_000, 2], [10_002, 1]]);
  });

  it('reads many distinct label values (the string table grows)', () => {
    const lines = Array.from({ length: 5000 }, (_, k) => `a{x="v${k}",y="${k % 7}"} ${k}`);
    const parsed = parseExposition(`${lines.join('\n')}\n`);
    assert.deepEqual(parsed.problems, []);
    parsed.families[0].samples.forEach((s, k) => assert.deepEqual(s.labels, ['x', `v${k}`, 'y', `${k % 7}`]));
  });
});

/**
 * Sample lines read in one body must give what each line gives on its own: the parser takes tokens
 * from the previous line where the bytes are shared, and this checks it never takes one it should
 * have read. Without TYPE lines every problem belongs to its line alone and every name is its own family.
 */
function lineByLine(lines: string[]): { samples: Map<string, ExpositionSample[]>; problems: [number, number, string][] } {
  const samples = new Map<string, ExpositionSample[]>();
  const found: [number, number, string][] = [];
  lines.forEach((line, k) => {
    const parsed = parseExposition(`${line}\n`);
    for (const p of parsed.problems) found.push([k, p.column, p.message]);
    for (const family of parsed.families) {
      for (const sample of family.samples) {
        const list = samples.get(sample.name) ?? [];
        list.push(sample);
        samples.set(sample.name, list);
      }
    }
  });
  return { samples, problems: found };
}

function wholeBody(lines: string[]): { samples: Map<string, ExpositionSample[]>; problems: [number, number, string][] } {
  const parsed = parseExposition(`${lines.join('\n')}\n`);
  return { samples: new Map(parsed.families.filter((f) => f.samples.length > 0).map((f) => [f.name, f.samples])), problems: problems(parsed) };
}

describe('exposition parser, lines sharing prefixes', () => {
  it('reads each sample line of the corpus as it reads it alone', () => {
    const dir = join(CORPUS, 'exposition');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt') && !f.includes('.om.'))) {
      const lines = readFileSync(join(dir, file), 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
      assert.deepEqual(wholeBody(lines), lineByLine(lines), file);
    }
  });

  it('reads generated lines that share prefixes as it reads them alone', () => {
    const token = fc.constantFrom('a', 'a_b', 'x', 'le', 'job', '"q"', '"', '\\', '\\"', '\\\\', '\\n', 'é', '\u00c3\u00a9', '1', '0.5', '+Inf', 'NaN', ',', '=', '{', '}', ' ', '\t', '#', '__name__');
    const line = fc.array(token, { maxLength: 14 }).map((parts) => parts.join(''));
    // A line: a plain one, or a previous one with a few tokens changed (so that prefixes are shared).
    const body = fc.tuple(
      fc.array(fc.tuple(fc.constantFrom('a', 'a_b', 'm'), fc.array(fc.tuple(fc.constantFrom('x', 'y', 'le', 'job'), fc.constantFrom('1', '2', '', 'é', 'a\\"b', 'a\\nb', '+Inf')), { maxLength: 4 }), fc.constantFrom('1', '2.5', 'NaN', '-Inf', '1 17', 'x')), { minLength: 1, maxLength: 12 }),
      fc.array(fc.tuple(fc.nat(), fc.nat(), line), { maxLength: 6 }),
    ).map(([plain, edits]) => {
      const lines = plain.map(([name, labels, value]) => `${name}{${labels.map(([l, v]) => `${l}="${v}"`).join(',')}} ${value}`);
      for (const [at, cut, text] of edits) {
        const source = lines[at % lines.length];
        const k = cut % (source.length + 1);
        lines.splice((at % lines.length) + 1, 0, source.slice(0, k) + text + source.slice(k));
      }
      return lines.filter((l) => !l.includes('\n') && l.trim() !== '' && !l.trimStart().startsWith('#'));
    });
    fc.assert(fc.property(body, (lines) => {
      assert.deepEqual(wholeBody(lines), lineByLine(lines));
    }), { numRuns: 3000 });
  });
});
