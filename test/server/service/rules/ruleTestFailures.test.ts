import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ruleTestFailures } from '../../../../server/src/service/rules/ruleTestFailures';
import { runPromtool, temporaryFolder } from '../../../support/promtool';

/*
 * Run tests: promtool's real output (2.42) for test files with failing cases, placed on the cases.
 * Each test file marks the cases that must fail with `# fails` on their alertname/expr line.
 */

const RULES = `groups:
  - name: g
    interval: 1m
    rules:
      - alert: High
        expr: x > 5
        for: 2m
        labels: {severity: page}
      - record: job:x:sum
        expr: sum by (job) (x)
`;

/** Test files; the lines ending in `# fails` are where promtool's failures must land, in order. */
const CASES: [string, string][] = [
  ['two groups, the second without a name, the same alert and time in both', `rule_files: [rules.yml]
tests:
  - name: first
    interval: 1m
    input_series:
      - series: 'x{job="a"}'
        values: '1 1 9 9 9 9 9'
    alert_rule_test:
      - eval_time: 5m
        alertname: High # fails
        exp_alerts: []
      - eval_time: 1m
        alertname: High
        exp_alerts: []
    promql_expr_test:
      - expr: job:x:sum # fails
        eval_time: 4m
        exp_samples:
          - labels: 'job:x:sum{job="a"}'
            value: 3
  - interval: 1m
    input_series:
      - series: 'x{job="b"}'
        values: '10x10'
    alert_rule_test:
      - eval_time: 5m
        alertname: High # fails
        exp_alerts: []
`],
  ['groups told apart by their names, an expression with quotes', `rule_files: [rules.yml]
tests:
  - name: calm
    interval: 1m
    input_series:
      - series: 'x{job="a"}'
        values: '1x5'
    alert_rule_test:
      - eval_time: 3m
        alertname: High
        exp_alerts: []
  - name: busy
    interval: 1m
    input_series:
      - series: 'x{job="a"}'
        values: '9x5'
    alert_rule_test:
      - eval_time: 3m
        alertname: High # fails
        exp_alerts: []
    promql_expr_test:
      - expr: 'x{job="a"}' # fails
        eval_time: 1m
        exp_samples:
          - labels: 'x{job="a"}'
            value: 1
`],
  ['input promtool cannot read: on the first line', `rule_files: [rules.yml] # fails
tests:
  - interval: 1m
    input_series:
      - series: 'x{job="a"}'
        values: '1 two 3'
    alert_rule_test:
      - eval_time: 3m
        alertname: High
        exp_alerts: []
`],
];

describe('Run tests: promtool failures placed on their test cases', () => {
  const { dir, remove } = temporaryFolder('rule-test-failures-');
  after(remove);
  fs.writeFileSync(path.join(dir, 'rules.yml'), RULES);

  for (const [name, text] of CASES) {
    it(name, () => {
      fs.writeFileSync(path.join(dir, 'case.test.yml'), text);
      const run = runPromtool(['test', 'rules', 'case.test.yml'], dir);
      assert.equal(run.status, 1, run.output);
      const failures = ruleTestFailures(text, run);
      const lineOf = (offset: number): number => text.slice(0, offset).split('\n').length - 1;
      const expected = text.split('\n').flatMap((line, i) => (line.endsWith('# fails') ? [i] : []));
      assert.deepEqual(failures.map((f) => lineOf(f.range.start)), expected, run.output);
      for (const failure of failures) assert.ok(failure.message.length > 0);
    });
  }

  it('keeps promtool\'s diff in the message', () => {
    const text = CASES[0][1];
    fs.writeFileSync(path.join(dir, 'case.test.yml'), text);
    const failures = ruleTestFailures(text, runPromtool(['test', 'rules', 'case.test.yml'], dir));
    assert.equal(failures[1].message, [
      'expr: "job:x:sum", time: 4m,',
      '    exp: {__name__="job:x:sum", job="a"} 3E+00',
      '    got: {__name__="job:x:sum", job="a"} 9E+00',
    ].join('\n'));
    assert.match(failures[0].message, /^alertname: High, time: 5m,\n {4}exp:\[\], \n {4}got:\[\n/);
  });

  it('passes nothing when promtool passed', () => {
    assert.deepEqual(ruleTestFailures(CASES[0][1], { status: 0, output: 'Unit Testing:  case.test.yml\n  SUCCESS\n' }), []);
  });
});
