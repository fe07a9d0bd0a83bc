import * as assert from 'node:assert/strict';
import { checkTemplate } from '../../../../server/src/service/rules/goTemplate';
import { withRanges } from '../../../support/markers';

/** Alert templates with a mistake at «…», and the message. */
const MISTAKES: [string, string][] = [
  ['{{ «humanise» $value }}', 'function "humanise" not defined'],
  ['{{ «$foo» }}', 'undefined variable "$foo"'],
  ['{{ with $x := 1 }}{{ end }}{{ «$x» }}', 'undefined variable "$x"'],
  ['x «{{ $value »', 'unclosed action'],
  ['«{{» if gt $value 1.0 }}high', 'unexpected EOF: {{if}} has no matching {{end}}'],
  ['{{ «end» }}', 'unexpected {{end}}'],
  ['{{ «else» }}', 'unexpected {{else}}'],
  ['{{ «"open }}»', 'unterminated quoted string'],
  ['{{ $value «|» }}', 'missing value for command'],
  ['{{ «break» }}', '{{break}} outside {{range}}'],
  ['{{ «#» }}', "bad character U+0023 '#'"],
  ['«{{/* never closed»', 'unclosed comment'],
];

const VALID = [
  'plain text, no actions',
  '{{ $labels.instance }} is down ({{ $value | humanizePercentage }})',
  '{{- /* a comment */ -}}',
  '{{ if gt $value 100.0 }}critical{{ else if gt $value 10.0 }}warning{{ else }}ok{{ end }}',
  '{{ range $i, $s := query "up == 0" }}{{ $s.Labels.instance }} {{ end }}',
  '{{ with query "up" }}{{ . | first | value | humanize }}{{ end }}',
  '{{ printf "%.2f" $value }} {{ $externalLabels.cluster }} {{ $externalURL }}',
  '{{ reReplaceAll "(.*):.*" "$1" $labels.instance | toUpper }}',
  '{{ define "x" }}y{{ end }}{{ template "x" . }}',
  '{{ $v := $value }}{{ $v = 2 }}{{ $v }}',
  '{{ (index $labels "job") }}',
];

describe('Go templates of alert labels and annotations', () => {
  for (const [marked, message] of MISTAKES) {
    const { text, ranges } = withRanges(marked);
    it(message, () => {
      const problem = checkTemplate(text).problems[0];
      assert.equal(problem?.message, message);
      assert.deepEqual({ start: problem.offset, end: problem.offset + problem.length }, ranges[0]);
    });
  }

  for (const text of VALID) it(`accepts ${text}`, () => assert.deepEqual(checkTemplate(text).problems, []));

  it('collects the $labels references with their offsets', () => {
    const text = '{{ $labels.instance }} / {{ $labels.job | toUpper }}';
    assert.deepEqual(checkTemplate(text).labelReferences, [
      { name: 'instance', offset: text.indexOf('instance') },
      { name: 'job', offset: text.indexOf('job') },
    ]);
  });
});
