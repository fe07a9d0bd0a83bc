import * as assert from 'node:assert/strict';
import { analyzePromQL } from '../../../../server/src/service/promql/analysis';
import { completionContextAt, enclosingCallAt } from '../../../../server/src/service/promql/completionContext';

/** The context at the cursor (|) of an expression, as a compact description. */
function contextAt(marked: string): string {
  const offset = marked.indexOf('|');
  const text = marked.replace('|', '');
  const c = completionContextAt(text, offset, analyzePromQL(text).expr);
  const word = 'word' in c ? text.slice(c.word.start, c.word.end) : '';
  switch (c.kind) {
    case 'expression':
      return `expression "${word}"${c.afterBinaryOperator ? ' after operator' : ''}`;
    case 'operator':
      return `operator "${word}"${c.afterAggregation ? ' after aggregation' : ''}${c.afterRange ? ' after range' : ''}`;
    case 'labelName':
      return `labelName "${word}" of ${c.metric ?? '-'} used [${c.used.join(',')}]`;
    case 'labelValue':
      return `labelValue "${word}" of ${c.metric ?? '-'}.${c.label} quote ${c.quote ?? '-'}${c.closed ? ' closed' : ''}`;
    case 'groupingLabel':
      return `groupingLabel "${word}" of [${c.metrics.join(',')}] used [${c.used.join(',')}]`;
    case 'duration':
      return `duration "${word}"`;
    default:
      return 'none';
  }
}

const CASES: [string, string][] = [
  ['|', 'expression ""'],
  ['http_req|', 'expression "http_req"'],
  ['rate(http_req|', 'expression "http_req"'],
  ['sum(rate(x[5m])) / |', 'expression "" after operator'],
  ['a + on(job) |', 'expression "" after operator'],
  ['sum by (job) |', 'none'],
  ['up{|}', 'labelName "" of up used []'],
  ['up{jo|}', 'labelName "jo" of up used []'],
  ['up{job="x", |}', 'labelName "" of up used [job]'],
  ['{__name__="node_load1", |}', 'labelName "" of node_load1 used [__name__]'],
  ['{"my.metric", |}', 'labelName "" of my.metric used []'],
  ['up{job=|}', 'labelValue "" of up.job quote -'],
  ['up{job="|"}', 'labelValue "" of up.job quote " closed'],
  ['up{job="pro|', 'labelValue "pro" of up.job quote "'],
  ['up{job=~"no|', 'labelValue "no" of up.job quote "'],
  ["up{job!='a|", "labelValue \"a\" of up.job quote '"],
  ['up{path="/api/v|"}', 'labelValue "/api/v" of up.path quote " closed'],
  ['rate(http_requests_total{code="5|"}[5m])', 'labelValue "5" of http_requests_total.code quote " closed'],
  ['sum by (|) (rate(http_requests_total[5m]))', 'groupingLabel "" of [http_requests_total] used []'],
  ['sum by (job, |) (rate(http_requests_total[5m]))', 'groupingLabel "" of [http_requests_total] used [job]'],
  ['sum(rate(node_cpu_seconds_total[5m])) by (mo|)', 'groupingLabel "mo" of [node_cpu_seconds_total] used []'],
  ['a / on(|) b', 'groupingLabel "" of [a,b] used []'],
  ['a * on(job) group_left(|) b', 'groupingLabel "" of [a,b] used []'],
  ['sum by (|', 'groupingLabel "" of [] used []'],
  ['rate(x[|', 'duration ""'],
  ['rate(x[5|])', 'duration "5"'],
  ['x[1h:|]', 'duration ""'],
  ['up |', 'operator ""'],
  ['sum(up) |', 'operator "" after aggregation'],
  ['sum(up) b|', 'operator "b" after aggregation'],
  ['rate(x[5m]) |', 'operator ""'],
  ['rate(x[5m] |)', 'operator "" after range'],
  ['up{job="a"} an|', 'operator "an"'],
  ['up offset |', 'none'],
  ['"a str|', 'none'],
];

describe('completion context', () => {
  for (const [marked, expected] of CASES) {
    it(`${marked} → ${expected}`, () => assert.equal(contextAt(marked), expected));
  }
});

describe('enclosing call (signature help)', () => {
  const calls: [string, string | null][] = [
    ['rate(|', 'function rate #0'],
    ['histogram_quantile(0.9, |', 'function histogram_quantile #1'],
    ['histogram_quantile(0.9, sum by (le) (rate(x[5m]))|)', 'function histogram_quantile #1'],
    ['topk(5, |', 'aggregation topk #1'],
    ['sum by (job) (|', 'aggregation sum #0'],
    ['sum by (jo|', null],
    ['label_replace(up, "a", "b", |', 'function label_replace #3'],
    ['up{job=|', null],
    ['rate(x[5m]) + |', null],
    ['(|', null],
  ];
  for (const [marked, expected] of calls) {
    it(`${marked} → ${expected}`, () => {
      const call = enclosingCallAt(marked.replace('|', ''), marked.indexOf('|'));
      assert.equal(call ? `${call.kind} ${call.name} #${call.argument}` : null, expected);
    });
  }
});
