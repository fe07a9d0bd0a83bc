import * as assert from 'node:assert/strict';
import { normalizedPromQL } from '../../../../server/src/service/promql/normalizedPromQL';

/*
 * Two texts of one expression normalize alike (as Prometheus prints a rule's `query` in
 * /api/v1/rules); two expressions do not. The preview says "the server runs another version of this
 * rule" on this comparison.
 */

describe('normalized PromQL', () => {
  const same: [string, string][] = [
    ['sum(up) by (job)', 'sum by (job) (\n  up\n)\n'],
    ['up{b="1",a="2"}', "up{a='2', b='1'}  # the file's comment"],
    ['rate(http_requests_total[5m]) > 0', 'rate( http_requests_total [5m] )>0'],
    ['a / on(job) group_left b', 'a / on (job) group_left () b'],
  ];
  const different: [string, string][] = [
    ['up == 1', 'up{job="node"} == 1'],
    ['histogram_quantile(0.9, x) > 1', 'histogram_quantile(0.9, x) > 2'],
    ['sum by (job) (up)', 'sum without (job) (up)'],
  ];
  for (const [a, b] of same) it(`${JSON.stringify(a)} is ${JSON.stringify(b)}`, () => assert.equal(normalizedPromQL(a), normalizedPromQL(b)));
  for (const [a, b] of different) it(`${JSON.stringify(a)} is not ${JSON.stringify(b)}`, () => assert.notEqual(normalizedPromQL(a), normalizedPromQL(b)));
  it('keeps text that does not parse as written, trimmed', () => assert.equal(normalizedPromQL(' sum( '), 'sum('));
});
