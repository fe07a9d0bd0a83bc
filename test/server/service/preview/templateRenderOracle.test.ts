import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderTemplate } from '../../../../server/src/service/preview/templateRender';
import { runPromtool, temporaryFolder } from '../../../support/promtool';

/*
 * promtool 2.42 as the oracle of template rendering: one alerting rule whose annotations are the
 * templates below, a rule unit test that expects no alert, and promtool's failure report, which
 * prints every annotation Prometheus rendered for each alert; our renderer must print the same for
 * the same labels and value. Functions newer than 2.42 (toDuration, now) and those that need a
 * server (query) or an external URL (nil in promtool) are left to templateRender.test.ts.
 */

const TEMPLATES = [
  '{{ $value }}',
  '{{ humanize $value }} {{ humanize1024 $value }} {{ humanizePercentage $value }}',
  '{{ humanizeDuration $value }}',
  '{{ humanizeTimestamp $value }}',
  '{{ printf "%.2f|%6.3g|%e|%v|%d|%s" $value $value $value $value 3 "x" }}',
  '{{ printf "%d" $value }}',
  '{{ if gt $value 80 }}x{{ end }}',
  '{{ if gt $value 100.0 }}high{{ else }}low{{ end }}',
  '{{ $labels.inst | toUpper }} {{ title "hello world-wide" }} {{ toLower "ÄB" }}',
  '{{ reReplaceAll "(.*):(\\\\d+)" "$1 port ${2}" $labels.inst }} {{ reReplaceAll "[aeiou]" "" $labels.inst }}',
  '{{ stripPort $labels.inst }} {{ stripDomain $labels.inst }} {{ match "^web" $labels.inst }}',
  '{{ graphLink "rate(x[5m])" }} {{ tableLink "up{a=\\"b\\"}" }} {{ parseDuration "1h5m" }}',
  '{{ toTime $value }}',
  '{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }} [{{ $labels.nope }}] {{ len $labels }}',
  '{{ with $labels.inst }}{{ . }}{{ end }} {{ print $value 2 "s" }} {{ humanize "abc" }}',
  '{{ 017 }} {{ -0x10 }} {{ 0o17 }} {{ 0b101 }} {{ -3 }} {{ 1_000 }}',
  '{{ $x := 1.5 }}{{ $x }} {{ 0x1F }} {{ 1e3 }} {{ \'a\' }} {{ eq $value $value }} {{ and 1 "" }}',
];

const SERIES: [string, number][] = [
  ['web-1.example.com:9100', 1234567.891],
  ['db-2:5432', 0.000123],
  ['10.0.0.1:80', 42],
  ['x', 90061.5],
  ['inf', Infinity],
  ['nan', NaN],
];

/** A value in promtool's series notation. */
function goNumber(value: number): string {
  return Number.isNaN(value) ? 'NaN' : value === Infinity ? 'Inf' : String(value);
}

/** `{a0="…", a1="…"}` as promtool prints a label set (Go-quoted values). */
function parseLabelSet(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) out[m[1]] = JSON.parse(`"${m[2]}"`) as string;
  return out;
}

describe('alert template rendering against promtool 2.42', () => {
  it('renders every template as promtool does, for every value', async function () {
    this.timeout(60_000);
    const { dir, remove } = temporaryFolder('prometheus-lsp-templates-');
    try {
      const quoted = (t: string): string => `'${t.replace(/'/g, "''")}'`;
      const annotations = TEMPLATES.map((t, i) => `          a${i}: ${quoted(t)}`).join('\n');
      writeFileSync(join(dir, 'rules.yml'), `groups:\n  - name: g\n    rules:\n      - alert: T\n        expr: demo_value\n        annotations:\n${annotations}\n`);
      const input = SERIES.map(([inst, value]) => `      - series: 'demo_value{inst="${inst}"}'\n        values: '${goNumber(value)} ${goNumber(value)}'`).join('\n');
      writeFileSync(join(dir, 'test.yml'), `rule_files: [rules.yml]\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n${input}\n    alert_rule_test:\n      - eval_time: 1m\n        alertname: T\n        exp_alerts: []\n`);
      const { output } = runPromtool(['test', 'rules', 'test.yml'], dir);
      const alerts = [...output.matchAll(/Labels:(\{.*\})\n\s*Annotations:(\{.*\})/g)].map((m) => ({ labels: parseLabelSet(m[1]), annotations: parseLabelSet(m[2]) }));
      assert.equal(alerts.length, SERIES.length, output);
      let compared = 0;
      for (const [inst, value] of SERIES) {
        const alert = alerts.find((a) => a.labels['inst'] === inst);
        assert.ok(alert, `no alert for ${inst} in:\n${output}`);
        for (let i = 0; i < TEMPLATES.length; i++) {
          const rendered = await renderTemplate(TEMPLATES[i], { labels: { __name__: 'demo_value', inst }, value, externalLabels: {}, externalURL: '' }, { name: '__alert_T', time: 60 });
          assert.equal(rendered.text, alert.annotations[`a${i}`], `template ${TEMPLATES[i]} with value ${value}`);
          compared++;
        }
      }
      assert.equal(compared, TEMPLATES.length * SERIES.length);
    } finally {
      remove();
    }
  });
});
