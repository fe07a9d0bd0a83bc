import * as assert from 'node:assert/strict';
import { builtinVariables, substituteVariables } from '../../../../server/src/service/query/templateVariables';
import { formatDuration } from '../../../../server/src/service/promql/duration';
import { autoStep, parseDurationSetting as parseDuration } from '../../../../server/src/service/query/queryTime';

const context = { variables: { job: 'api', env: 'prod' }, rangeSeconds: 3600, intervalSeconds: 15, scrapeIntervalSeconds: 15 };

describe('Grafana template variables', () => {
  const CASES: { text: string; sent: string; note?: RegExp }[] = [
    { text: 'rate(http_requests_total[$__rate_interval])', sent: 'rate(http_requests_total[1m])', note: /substituted \$__rate_interval = 1m/ },
    { text: 'increase(x[$__range])', sent: 'increase(x[1h])' },
    { text: 'avg_over_time(x[$__interval])', sent: 'avg_over_time(x[15s])' },
    { text: 'up{job="$job", env="${env}"}', sent: 'up{job="api", env="prod"}', note: /\$job = api, \$env = prod/ },
    { text: 'up{job=~"${job:regex}|[[env]]"}', sent: 'up{job=~"api|prod"}' },
    { text: 'x / $__range_s', sent: 'x / 3600' },
    { text: 'up{cluster="$cluster"}', sent: 'up{cluster="$cluster"}', note: /no value for \$cluster/ },
    // Not variables: regex anchors, label_replace's references.
    { text: 'label_replace(up, "a", "$1", "job", "(.*)$")', sent: 'label_replace(up, "a", "$1", "job", "(.*)$")' },
  ];
  for (const c of CASES) {
    it(c.text, () => {
      const result = substituteVariables(c.text, context);
      assert.equal(result.text, c.sent);
      if (c.note) assert.match(result.note ?? '', c.note);
      if (c.text === c.sent && !c.note) assert.equal(result.note, undefined);
    });
  }

  it('maps positions of the sent text back to the text as written', () => {
    const text = 'up{job="$job"} + bar';
    const result = substituteVariables(text, { ...context, variables: { job: 'a-much-longer-value' } });
    const sentBar = result.text.indexOf('bar');
    assert.equal(result.toOriginal(sentBar), text.indexOf('bar'));
    // Inside a value: the variable's start.
    assert.equal(result.toOriginal(result.text.indexOf('longer')), text.indexOf('$job'));
    assert.equal(result.toOriginal(2), 2);
  });

  it('user values override the built-ins', () => {
    assert.equal(substituteVariables('x[$__rate_interval]', { ...context, variables: { __rate_interval: '5m' } }).text, 'x[5m]');
  });

  it('computes $__rate_interval as Grafana does', () => {
    assert.equal(builtinVariables({ rangeSeconds: 86_400, intervalSeconds: 300, scrapeIntervalSeconds: 30 }).__rate_interval, '5m30s');
    assert.equal(builtinVariables({ rangeSeconds: 3600, intervalSeconds: 15, scrapeIntervalSeconds: 60 }).__rate_interval, '4m');
  });
});

describe('query durations', () => {
  it('parses and prints durations', () => {
    assert.equal(parseDuration('1h30m'), 5400);
    assert.equal(parseDuration('90'), 90);
    assert.equal(parseDuration('500ms'), 0.5);
    assert.equal(parseDuration('1x'), undefined);
    assert.equal(formatDuration(5400), '1h30m');
    assert.equal(formatDuration(86_400 * 8), '1w1d');
  });

  it('picks a step of about 250 points, within Prometheus\' 11,000', () => {
    assert.equal(autoStep(3600), 15);
    assert.equal(autoStep(86_400), 600);
    assert.equal(autoStep(60), 1);
    assert.ok(365 * 86_400 / autoStep(365 * 86_400) <= 11_000);
  });
});
