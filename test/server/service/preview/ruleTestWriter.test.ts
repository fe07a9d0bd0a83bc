import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gridValues, seriesNotation, type GridValue } from '../../../../server/src/service/preview/ruleTestSeries';
import { namesRuleFile, ruleTestAddition, ruleTestFile, selectorOf, type RuleTestCase } from '../../../../server/src/service/preview/ruleTestWriter';
import { runPromtool, temporaryFolder } from '../../../support/promtool';

/** Values on a grid and their notation. */
const NOTATION: [GridValue[], string][] = [
  [['1', '2', '3', '4'], '1+1x3'],
  [['5', '5', '5'], '5x2'],
  [['5', '5'], '5x1'],
  [['10', '8', '6', '4'], '10-2x3'],
  [['1', '2'], '1 2'],
  [['0.1', '0.2', '0.30000000000000004', '0.4'], '0.1+0.1x3'],
  // 0.1 + 0.2 is not 0.3 in float64: the run stops where the expansion would differ.
  [['0.1', '0.2', '0.3'], '0.1 0.2 0.3'],
  [[null, null, '1', '1', null], '_x2 1x1 _'],
  [['1', 'stale', null, null, '7'], '1 stale _x2 7'],
  [['+Inf', '-Inf', 'NaN', '1'], 'Inf -Inf NaN 1'],
  [['-3', '-2', '-1', '0', '1'], '-3+1x4'],
  [['3', '7', '11', '0', '0', '0'], '3+4x2 0x2'],
];

describe('rule unit tests from live data: the expanding notation', () => {
  for (const [values, notation] of NOTATION) {
    it(`${JSON.stringify(values)} → ${notation}`, () => assert.equal(seriesNotation(values), notation));
  }

  it('places samples on the grid and marks the first absence stale', () => {
    const samples: [number, string][] = [[1000, '1'], [1060, '2'], [1240, '5']];
    assert.deepEqual(gridValues(samples, 1000, 60, 6), ['1', '2', 'stale', null, '5', 'stale']);
  });

  it('writes selectors promtool reads', () => {
    assert.equal(selectorOf({ __name__: 'up', job: 'a"b', instance: 'x\\y' }), 'up{instance="x\\\\y", job="a\\"b"}');
    assert.equal(selectorOf({ __name__: 'http.requests', job: 'a' }), '{__name__="http.requests", job="a"}');
  });

  it('promtool expands every notation back to the same values', () => {
    // One series per case, queried at every point of its grid: promtool fails the test on any difference.
    const cases: RuleTestCase[] = NOTATION.map(([values], i) => ({
      ruleFile: 'rules.yml', name: `notation ${i}`, intervalSeconds: 60, rule: { kind: 'record', name: 'unused' },
      series: [{ labels: { __name__: 'm', case: String(i) }, values }], evalTimeSeconds: 0,
    }));
    const { dir, remove } = temporaryFolder('rule-test-notation-');
    try {
      fs.writeFileSync(path.join(dir, 'rules.yml'), 'groups: []\n');
      const lines = ['rule_files: [rules.yml]', 'tests:'];
      cases.forEach((testCase, i) => {
        const values = NOTATION[i][0];
        lines.push('  - interval: 1m', '    input_series:', `      - series: '${selectorOf(testCase.series[0].labels)}'`, `        values: '${seriesNotation(values)}'`, '    promql_expr_test:');
        values.forEach((value, t) => {
          const present = value !== null && value !== 'stale';
          lines.push(`      - expr: 'm{case="${i}"}'`, `        eval_time: ${t}m`, `        exp_samples:${present ? '' : ' []'}`);
          // An absent point: the series has no sample within the lookback, or has gone stale.
          const lookbackHolds = !present && value === null && values.slice(0, t).some((v) => v !== null) && values.slice(0, t).reverse().findIndex((v) => v !== null) < 5 && values.slice(0, t).reverse().find((v) => v !== null) !== 'stale';
          if (present || lookbackHolds) {
            const last = present ? value : values.slice(0, t).reverse().find((v) => v !== null)!;
            const yamlValue = last === '+Inf' ? '.inf' : last === '-Inf' ? '-.inf' : last === 'NaN' ? '.nan' : last;
            if (!present) lines[lines.length - 1] = '        exp_samples:';
            lines.push(`          - labels: 'm{case="${i}"}'`, `            value: ${yamlValue}`);
          }
        });
      });
      fs.writeFileSync(path.join(dir, 'notation.test.yml'), `${lines.join('\n')}\n`);
      const { status, output } = runPromtool(['test', 'rules', 'notation.test.yml'], dir);
      // NaN never equals NaN: promtool reports that one point, and nothing else.
      const failures = output.split('\n').filter((line) => /^\s+expr: /.test(line));
      assert.deepEqual(failures.map((l) => l.trim()), ['expr: "m{case=\\"9\\"}", time: 2m,'], output);
      assert.equal(status, 1);
    } finally {
      remove();
    }
  });

  it('adds a case to an existing test file, after its last test', () => {
    const existing = 'rule_files:\n  - rules.yml\n\ntests:\n  - interval: 1m\n    input_series: []\n# trailing comment\n';
    const testCase: RuleTestCase = {
      ruleFile: 'rules.yml', name: 'HighLoad at 5m', intervalSeconds: 60, rule: { kind: 'alert', name: 'HighLoad' },
      series: [{ labels: { __name__: 'load', job: 'a' }, values: ['1', '2', '3'] }], evalTimeSeconds: 120,
      alerts: [{ labels: { alertname: 'HighLoad', job: 'a' }, annotations: { summary: 'load is 3' } }],
    };
    const addition = ruleTestAddition(existing, testCase);
    assert.ok(addition);
    const text = existing.slice(0, addition.offset) + addition.text + existing.slice(addition.offset);
    assert.equal(text, [
      'rule_files:', '  - rules.yml', '', 'tests:', '  - interval: 1m', '    input_series: []',
      "  - name: 'HighLoad at 5m'", "    interval: '1m'", '    input_series:', "      - series: 'load{job=\"a\"}'", "        values: '1+1x2'",
      '    alert_rule_test:', "      - eval_time: '2m'", "        alertname: 'HighLoad'", '        exp_alerts:', "          - exp_labels:", "              job: 'a'",
      '            exp_annotations:', "              summary: 'load is 3'", '# trailing comment', '',
    ].join('\n'));
    assert.ok(namesRuleFile(text, './rules.yml'));
    assert.ok(!namesRuleFile(text, 'other.yml'));
    // Another evaluation interval: the case's expectations would not hold there.
    assert.equal(ruleTestAddition('evaluation_interval: 30s\n' + existing, testCase), null);
  });

  it('writes a file that promtool runs and passes', () => {
    const testCase: RuleTestCase = {
      ruleFile: 'rules.yml', name: 'from live data', intervalSeconds: 60, rule: { kind: 'alert', name: 'High' },
      series: [{ labels: { __name__: 'x', job: 'a' }, values: ['1', '1', '9', '9', '9', '9'] }], evalTimeSeconds: 300,
      alerts: [{ labels: { alertname: 'High', job: 'a', severity: 'page' }, annotations: { summary: 'x is 9' } }],
      comment: 'written by Create test',
    };
    const { dir, remove } = temporaryFolder('rule-test-file-');
    try {
      fs.writeFileSync(path.join(dir, 'rules.yml'), [
        'groups:', '  - name: g', '    rules:', '      - alert: High', '        expr: x > 5', '        for: 2m',
        '        labels: {severity: page}', '        annotations: {summary: "x is {{ $value }}"}', '',
      ].join('\n'));
      fs.writeFileSync(path.join(dir, 'rules.test.yml'), ruleTestFile(testCase));
      const { status, output } = runPromtool(['test', 'rules', 'rules.test.yml'], dir);
      assert.equal(status, 0, output);
    } finally {
      remove();
    }
  });
});
