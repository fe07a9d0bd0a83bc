import * as assert from 'node:assert/strict';
import { analyzePromQL } from '../../../../server/src/service/promql/analysis';
import { explainNodes } from '../../../../server/src/service/query/explainTree';

function tree(query: string): string[] {
  const { nodes } = explainNodes(analyzePromQL(query).expr);
  return nodes.map((n) => `${'  '.repeat(n.depth)}${n.label}: ${n.query}`);
}

describe('explain tree', () => {
  it('takes a query apart into every sub-query, in document order', () => {
    assert.deepEqual(tree('sum by (job) (rate(http_requests_total{code=~"5.."}[5m])) / on (job) sum by (job) (rate(http_requests_total[5m]))'), [
      '/ on (job): sum by (job) (rate(http_requests_total{code=~"5.."}[5m])) / on (job) sum by (job) (rate(http_requests_total[5m]))',
      '  sum by (job): sum by (job) (rate(http_requests_total{code=~"5.."}[5m]))',
      '    rate(): rate(http_requests_total{code=~"5.."}[5m])',
      '      range selector: http_requests_total{code=~"5.."}[5m]',
      '  sum by (job): sum by (job) (rate(http_requests_total[5m]))',
      '    rate(): rate(http_requests_total[5m])',
      '      range selector: http_requests_total[5m]',
    ]);
  });

  it('folds parentheses, literals and durations into their parent', () => {
    assert.deepEqual(tree('(topk(3, (up)) * 100) > bool 1'), [
      '> bool: (topk(3, (up)) * 100) > bool 1',
      '  *: topk(3, (up)) * 100',
      '    topk: topk(3, (up))',
      '      selector: up',
    ]);
  });

  it('runs a subquery\'s inside on its own', () => {
    assert.deepEqual(tree('max_over_time(rate(x[1m])[1h:5m] offset 1d)'), [
      'max_over_time(): max_over_time(rate(x[1m])[1h:5m] offset 1d)',
      '  subquery: rate(x[1m])[1h:5m] offset 1d',
      '    rate(): rate(x[1m])',
      '      range selector: x[1m]',
    ]);
  });

  it('keeps ranges in the query for placing results', () => {
    const query = 'sum(rate(x[5m]))';
    const { nodes } = explainNodes(analyzePromQL(query).expr);
    assert.deepEqual(nodes.map((n) => query.slice(n.range.start, n.range.end)), [query, 'rate(x[5m])', 'x[5m]']);
  });

  it('stops at the node limit and counts the rest', () => {
    const query = Array.from({ length: 100 }, (_, i) => `m${i}`).join(' + ');
    const { nodes, omitted } = explainNodes(analyzePromQL(query).expr, 20);
    assert.equal(nodes.length, 20);
    assert.ok(omitted > 0);
  });
});
