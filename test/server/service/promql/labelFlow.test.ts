import * as assert from 'node:assert/strict';
import { isDropped, labelFlow, rootLabels, type LabelSet } from '../../../../server/src/service/promql/labelFlow';
import { parse } from '../../../../server/src/service/promql/parser';
import { corpusExpressions } from '../../../support/corpusExpressions';

/** Expression → the labels its result carries: `=a,b` exactly these, `>a,b -c,d` at least a, b and never c, d. */
const FLOWS: [string, string][] = [
  ['up{job="api"}', '>__name__,job -'],
  ['rate(http_requests_total{code="500"}[5m])', '>code -__name__'],
  ['sum by (job) (rate(x[5m]))', '=job'],
  ['sum(x)', '='],
  ['sum without (instance) (x{job="a"})', '>job -instance,__name__'],
  ['topk(3, x{job="a"})', '>__name__,job -'],
  ['count_values("version", build_info)', '=version'],
  ['histogram_quantile(0.9, sum by (le, job) (rate(b[5m])))', '=job'],
  ['a / on (job) b', '=job'],
  ['a / ignoring (code) b{job="x"}', '> -__name__,code'],
  ['a * on (job) group_left (team) b', '>team -__name__'],
  ['x{job="a"} and y', '>__name__,job -'],
  ['absent(up{job="api", env="prod"})', '=job,env'],
  ['vector(1)', '='],
  ['label_replace(x, "dst", "$1", "src", "(.*)")', '>__name__,dst -'],
  ['-x{job="a"}', '>job -__name__'],
  ['x{job="a"} > 1', '>__name__,job -'],
];

describe('label flow', () => {
  for (const [text, expected] of FLOWS) {
    it(`${text} → ${expected}`, () => {
      const { expr } = parse(text);
      const set = labelFlow(expr).get(expr)!;
      assert.equal(shown(set), expected);
      assert.equal(shown(rootLabels(expr)), expected);
    });
  }

  it('gives the root\'s labels alone as the whole flow does: every expression of the corpus, with recorded rules', () => {
    // A recorded name's labels, so that selectors of recording rules take the recorded branch too.
    const recorded = (name: string): LabelSet | undefined =>
      name.includes(':') ? { exact: name.length % 2 === 0, labels: new Set(['job', 'le']), dropped: new Set(['instance']) } : undefined;
    const expressions = corpusExpressions();
    assert.ok(expressions.length > 3000, `${expressions.length} expressions`);
    for (const text of expressions) {
      const { expr } = parse(text);
      assert.deepEqual(shown(rootLabels(expr)), shown(labelFlow(expr).get(expr)!), text);
      assert.deepEqual(shown(rootLabels(expr, recorded)), shown(labelFlow(expr, recorded).get(expr)!), text);
    }
  });

  it('says which labels are known to be absent', () => {
    const { expr } = parse('sum by (job) (x)');
    const set = labelFlow(expr).get(expr)!;
    assert.equal(isDropped(set, 'instance'), true);
    assert.equal(isDropped(set, 'job'), false);
  });
});

function shown(set: LabelSet): string {
  return set.exact ? `=${[...set.labels].join(',')}` : `>${[...set.labels].join(',')} -${[...set.dropped].join(',')}`;
}

