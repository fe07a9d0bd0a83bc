import * as assert from 'node:assert/strict';
import { normalizedPromQL, serverRuleVersion } from '../../../../server/src/service/preview/serverRuleVersion';

/*
 * What the preview says of the rule a server already runs: found by name, kind and group in an
 * `/api/v1/rules` answer (the shape Prometheus 2.x and 3.x write), with its state, last evaluation
 * and error, and "another version" only when the expressions differ once printed canonically.
 */

const rulesData = {
  groups: [
    {
      name: 'other',
      rules: [{ type: 'alerting', name: 'HighLatency', query: 'latency > 2', state: 'inactive', alerts: [], health: 'ok', lastEvaluation: '2026-12-07T13:00:00Z' }],
    },
    {
      name: 'api',
      rules: [
        { type: 'alerting', name: 'HighLatency', query: 'histogram_quantile(0.9, sum by (le) (rate(http_duration_seconds_bucket{job="api"}[5m]))) > 1', state: 'firing', alerts: [{}, {}], health: 'ok', lastError: '', lastEvaluation: '2026-12-07T13:00:01.5Z' },
        { type: 'recording', name: 'job:up:sum', query: 'sum by (job) (up)', health: 'err', lastError: 'many-to-many matching not allowed', lastEvaluation: '0001-01-01T00:00:00Z' },
      ],
    },
  ],
};

describe('the server\'s version of a previewed rule', () => {
  const cases: { name: string; rule: Parameters<typeof serverRuleVersion>[1]; expect: Partial<ReturnType<typeof serverRuleVersion> & object> | null }[] = [
    {
      name: 'the same alert, written over three lines with a comment and other spacing, in the same group',
      rule: { kind: 'alert', name: 'HighLatency', group: 'api', expr: 'histogram_quantile(0.9,\n  sum by(le) (rate(http_duration_seconds_bucket{job="api"}[5m]))  # p90\n) > 1' },
      expect: { group: 'api', state: 'firing', activeAlerts: 2, differs: false, lastEvaluation: '2026-12-07T13:00:01.5Z', line: 'firing · 2 alerts · evaluated 2026-12-07T13:00:01.5Z' },
    },
    {
      name: 'another version of the alert (a threshold changed)',
      rule: { kind: 'alert', name: 'HighLatency', group: 'api', expr: 'histogram_quantile(0.9, sum by (le) (rate(http_duration_seconds_bucket{job="api"}[5m]))) > 2' },
      expect: { group: 'api', differs: true },
    },
    {
      name: 'a rule of that name in another group, when the file\'s group is not there',
      rule: { kind: 'alert', name: 'HighLatency', group: 'gone', expr: 'latency>2' },
      expect: { group: 'other', state: 'inactive', differs: false, line: 'inactive · evaluated 2026-12-07T13:00:00Z' },
    },
    {
      name: 'a recording rule that fails on the server and never evaluated',
      rule: { kind: 'record', name: 'job:up:sum', group: 'api', expr: 'sum(up) by (job)' },
      expect: { health: 'err', lastError: 'many-to-many matching not allowed', differs: false, line: 'never evaluated · health err · last error: many-to-many matching not allowed' },
    },
    { name: 'an alert of a recording rule\'s name', rule: { kind: 'alert', name: 'job:up:sum', expr: 'up' }, expect: null },
    { name: 'no rule of that name', rule: { kind: 'alert', name: 'Nope', expr: 'up' }, expect: null },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const found = serverRuleVersion(rulesData, c.rule);
      if (c.expect === null) return assert.equal(found, null);
      assert.ok(found);
      for (const [key, value] of Object.entries(c.expect)) assert.deepEqual(found[key as keyof typeof found], value, key);
    });
  }

  it('reads a broken answer as no rule', () => {
    for (const data of [null, {}, { groups: 'x' }, { groups: [{ rules: [null, 3] }] }]) assert.equal(serverRuleVersion(data, { kind: 'alert', name: 'A', expr: 'up' }), null);
  });

  it('compares text that does not parse as it is written', () => {
    assert.equal(normalizedPromQL(' sum( '), 'sum(');
    assert.equal(normalizedPromQL('up{b="1",a="2"}'), normalizedPromQL('up{a="2", b="1"}'));
  });
});
