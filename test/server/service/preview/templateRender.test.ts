import * as assert from 'node:assert/strict';
import { MAX_TEMPLATE_DEPTH } from '../../../../server/src/service/rules/goTemplateTree';
import { renderTemplate, type QuerySample, type TemplateData } from '../../../../server/src/service/preview/templateRender';

/*
 * Alert templates executed as Prometheus executes them: each case a template, what it prints (or
 * the error Prometheus puts in the annotation, with the offset of the failing action). The query
 * results here are the answers of a server, given as data; the live tests run `query` on a real
 * Prometheus (previewRule.test.ts).
 */

const DATA: TemplateData = {
  labels: { instance: 'web-1.example.com:9100', job: 'node' },
  value: 1234567.891,
  externalLabels: { cluster: 'eu-1' },
  externalURL: 'http://prom.example.com:9090/prom',
};

const ANSWERS: Readonly<Record<string, QuerySample[] | { error: string }>> = {
  up: [{ labels: { instance: 'b' }, value: 1 }, { labels: { instance: 'a' }, value: 0 }],
  'sum(up)': [{ labels: {}, value: 1 }],
  none: [],
  'bad(': { error: '1:5: parse error: unclosed left parenthesis' },
};

const CASES: [string, string][] = [
  ['{{ $value }}', '1.234567891e+06'],
  ['{{ .Value }} {{ .Labels.job }} {{ $.Labels.job }}', '1.234567891e+06 node node'],
  ['{{ humanize $value }} {{ $value | humanize1024 }}', '1.235M 1.177Mi'],
  ['{{ humanize 0.000123 }} {{ humanize 0 }} {{ humanize 12345 }} {{ humanize -1500 }}', '123u 0 12.35k -1.5k'],
  ['{{ humanizeDuration 3725.5 }} {{ humanizeDuration 0.05 }} {{ humanizeDuration 90061 }} {{ humanizeDuration 4.5 }}', '1h 2m 5s 50ms 1d 1h 1m 1s 4.5s'],
  ['{{ humanizePercentage 0.4234 }} {{ humanizeTimestamp 1700000000 }}', '42.34% 2023-11-14 22:13:20 +0000 UTC'],
  ['{{ printf "%.2f" $value }} {{ printf "%s is %d" "x" 3 }}', '1234567.89 x is 3'],
  ['{{ $labels.instance }} [{{ $labels.missing }}]', 'web-1.example.com:9100 []'],
  ['{{ $externalLabels.cluster }} {{ $externalURL }} {{ externalURL }} {{ pathPrefix }}', 'eu-1 http://prom.example.com:9090/prom http://prom.example.com:9090/prom /prom'],
  ['{{ if gt $value 1000.0 }}high{{ else if gt $value 10.0 }}mid{{ else }}low{{ end }}', 'high'],
  ['{{ range query "up" }}{{ .Labels.instance }}={{ .Value }};{{ end }}', 'b=1;a=0;'],
  ['{{ range $i, $s := sortByLabel "instance" (query "up") }}{{ $i }}:{{ label "instance" $s }} {{ end }}', '0:a 1:b '],
  ['{{ with query "sum(up)" }}{{ . | first | value | humanize }}{{ end }}', '1'],
  ['{{ with query "none" }}some{{ else }}none{{ end }}', 'none'],
  ['{{ reReplaceAll "(.*):(\\\\d+)" "$1 port ${2}" $labels.instance }}', 'web-1.example.com port 9100'],
  ['{{ stripPort $labels.instance }} {{ stripDomain $labels.instance }} {{ stripDomain "10.0.0.1:80" }}', 'web-1.example.com web-1:9100 10.0.0.1:80'],
  ['{{ title "hello world-wide" }} {{ toUpper "a" }} {{ toLower "B" }}', 'Hello World-Wide A b'],
  ['{{ match "^web" $labels.instance }} {{ match "^db" $labels.instance }}', 'true false'],
  ['{{ graphLink "rate(x[5m])" }} {{ tableLink "up" }}', '/graph?g0.expr=rate%28x%5B5m%5D%29&g0.tab=0 /graph?g0.expr=up&g0.tab=1'],
  ['{{ parseDuration "1h5m" }} {{ toTime 1700000000.5 }} {{ toDuration 3723.5 }}', '3900 2023-11-14 22:13:20.5 +0000 UTC 1h2m3.5s'],
  ['{{- " a " -}}  x  {{- 1 -}} {{/* gone */}}', ' a x1'],
  ['{{ $x := 5 }}{{ $x = 6 }}{{ $x }}', '6'],
  ['{{ len $labels }} {{ index $labels "job" }} {{ eq "a" "b" "a" }} {{ and 1 0 }} {{ or "" "z" }} {{ not true }} {{ print 1 2 "a" 3 }}', '2 node true 0 z false 1 2a3'],
  ['{{ define "x" }}[{{ . }}]{{ end }}{{ template "x" "y" }}', '[y]'],
  ['{{ range $k, $v := $labels }}{{ $k }}={{ $v }},{{ end }}', 'instance=web-1.example.com:9100,job=node,'],
  ['{{ range query "up" }}{{ if eq .Labels.instance "b" }}{{ continue }}{{ end }}{{ .Labels.instance }}{{ end }}', 'a'],
  ['{{ (args 1 "x").arg1 }} {{ safeHtml "<b>" }} {{ html "<b>" }} {{ urlquery "a b&c" }}', 'x <b> &lt;b&gt; a+b%26c'],
  ['{{ printf "%999999999d" 1 }} {{ printf "%*d" 1000000000 1 }}', '%!(NOVERB)%!(EXTRA int=1) %!(BADWIDTH)1'],
];

/** Templates that fail: the error's words, and the offset of the failing action or operand. */
const FAILURES: [string, string, number][] = [
  ['{{ if gt $value 80 }}x{{ end }}', 'template: __alert_T:1:118: executing "__alert_T" at <gt $value 80>: error calling gt: incompatible types for comparison', 6],
  ['{{ humanize "abc" }}', 'at <humanize "abc">: error calling humanize: strconv.ParseFloat: parsing "abc": invalid syntax', 3],
  ['ok {{ query "bad(" }}', 'at <query "bad(">: error calling query: 1:5: parse error: unclosed left parenthesis', 6],
  ['{{ query "none" | first }}', 'at <first>: error calling first: first() called on vector with no elements', 18],
  ['{{ toUpper $value }}', 'wrong type for value; expected string; got float64', 3],
  ['{{ .Foo }}', 'can\'t evaluate field Foo in type struct {', 3],
  ['{{ reReplaceAll "a**" "x" "y" }}', 'at <reReplaceAll "a**" "x" "y">: error calling reReplaceAll: regexp: Compile(`a**`): error parsing regexp: invalid nested repetition operator: `**`', 3],
  ['{{ slice "abc" -1 }}', 'at <slice "abc" -1>: error calling slice: index out of range: -1', 3], // promtool 2.42
  ['{{ slice "abc" 2 1 }}', 'at <slice "abc" 2 1>: error calling slice: invalid slice index: 2 > 1', 3], // promtool 2.42
  ['{{ slice "abc" 0 5 }}', 'at <slice "abc" 0 5>: error calling slice: index out of range: 5', 3], // promtool 2.42
  ['{{ slice "abc" 1.5 }}', 'at <slice "abc" 1.5>: error calling slice: cannot index slice/array with type float64', 3], // promtool 2.42
  ['{{ match "(a" "y" }}', 'at <match "(a" "y">: error calling match: error parsing regexp: missing closing ): `(a`', 3],
  ['line one\n{{ nosuch 1 }}', 'error parsing template __alert_T: template: __alert_T:2: function "nosuch" not defined', 12],
];

/**
 * Hostile templates: each stops at a bound of the preview (nesting, depth, steps, output) with a
 * clear error at the offending action, never a stack overflow, a hang or a 1 GB string.
 */
const HOSTILE: [string, string, string, number][] = [
  ['recursive define', '{{ define "a" }}{{ template "a" }}{{ end }}{{ template "a" }}', 'exceeded maximum template depth (1000 in the preview; Prometheus allows 100000)', 16],
  ['10,000 nested ranges', '{{ range $labels }}'.repeat(10_000) + '{{ end }}'.repeat(10_000), `nests deeper than ${MAX_TEMPLATE_DEPTH} levels`, 19 * MAX_TEMPLATE_DEPTH],
  ['10,000 nested ifs', '{{ if true }}'.repeat(10_000) + '{{ end }}'.repeat(10_000), `nests deeper than ${MAX_TEMPLATE_DEPTH} levels`, 13 * MAX_TEMPLATE_DEPTH],
  ['10,000 nested parentheses', `{{ ${'('.repeat(10_000)}1${')'.repeat(10_000)} }}`, `nests deeper than ${MAX_TEMPLATE_DEPTH} levels`, 3 + MAX_TEMPLATE_DEPTH],
  ['a range of a billion with an empty body', '{{ range 1000000000 }}{{ end }}', 'the template runs too long', 0],
  ['a 2 MB printf width', '{{ printf "%2000000d" 1 }}', 'the template prints more than 1 MB', 3],
];

const environment = {
  name: '__alert_T',
  time: 1_700_000_000,
  query: (expr: string) => Promise.resolve(ANSWERS[expr] ?? { error: `no answer for ${expr}` }),
};

describe('alert template rendering', () => {
  for (const [template, expected] of CASES) {
    it(`${template} → ${expected}`, async () => {
      const result = await renderTemplate(template, DATA, environment);
      assert.deepEqual(result, { ok: true, text: expected });
    });
  }
  for (const [template, message, offset] of FAILURES) {
    it(`${template} fails: ${message}`, async () => {
      const result = await renderTemplate(template, DATA, environment);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.ok(result.message.includes(message), result.message);
      assert.equal(result.text, `<error expanding template: ${result.message}>`);
      assert.equal(result.offset, offset);
    });
  }
  for (const [what, template, message, offset] of HOSTILE) {
    it(`stops ${what}: ${message}`, async () => {
      const result = await renderTemplate(template, DATA, environment);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.ok(result.message.includes(message), result.message);
      assert.equal(result.offset, offset);
    });
  }
  it('renders nesting up to the limit', async () => {
    const depth = MAX_TEMPLATE_DEPTH;
    const nested = '{{ if true }}'.repeat(depth) + `{{ ${'('.repeat(depth - 1)}1${')'.repeat(depth - 1)} }}` + '{{ end }}'.repeat(depth);
    assert.deepEqual(await renderTemplate('{{ with $labels }}'.repeat(depth) + '{{ .job }}' + '{{ end }}'.repeat(depth), DATA, environment), { ok: true, text: 'node' });
    assert.deepEqual(await renderTemplate(`{{ ${'('.repeat(depth)}printf "%d" 1${')'.repeat(depth)} }}`, DATA, environment), { ok: true, text: '1' });
    assert.equal((await renderTemplate(nested, DATA, environment)).ok, false);
  });
  it('stops a template that prints without end', async () => {
    const result = await renderTemplate('{{ range 200000 }}x{{ end }}', DATA, environment);
    assert.equal(result.ok, false);
  });
});
