import * as assert from 'node:assert/strict';
import { AGGREGATIONS } from '../../../../server/src/service/promql/aggregations';
import { FUNCTIONS } from '../../../../server/src/service/promql/functions';
import { analyzePromQL } from '../../../../server/src/service/promql/analysis';

/** Facts from Prometheus' functions.go that the table must carry. */
const SIGNATURES: [string, string, number, boolean][] = [
  // name, parameter types → return type, variadic, experimental
  ['rate', 'matrix→vector', 0, false],
  ['histogram_quantile', 'scalar,vector→vector', 0, false],
  ['label_replace', 'vector,string,string,string,string→vector', 0, false],
  ['label_join', 'vector,string,string,string→vector', -1, false],
  ['round', 'vector,scalar→vector', 1, false],
  ['time', '→scalar', 0, false],
  ['vector', 'scalar→vector', 0, false],
  ['absent_over_time', 'matrix→vector', 0, false],
  ['quantile_over_time', 'scalar,matrix→vector', 0, false],
  ['predict_linear', 'matrix,scalar→vector', 0, false],
  ['info', 'vector,vector→vector', 1, true],
  ['sort_by_label', 'vector,string→vector', -1, true],
  ['histogram_quantiles', 'vector,string,scalar,scalar→vector', 9, true],
  ['mad_over_time', 'matrix→vector', 0, true],
  ['double_exponential_smoothing', 'matrix,scalar,scalar→vector', 0, true],
  ['step', '→scalar', 0, true],
];

describe('function and aggregation tables', () => {
  it('hold every function of Prometheus 3.14 (90)', () => {
    assert.equal(FUNCTIONS.size, 90);
  });

  for (const [name, signature, variadic, experimental] of SIGNATURES) {
    it(`${name}(${signature})`, () => {
      const f = FUNCTIONS.get(name);
      assert.ok(f, `${name} missing`);
      assert.equal(`${f.parameters.map((p) => p.type).join(',')}→${f.returnType}`, signature);
      assert.equal(f.variadic, variadic);
      assert.equal(f.experimental, experimental);
    });
  }

  it('document every function, with distinct parameter names', () => {
    for (const f of FUNCTIONS.values()) {
      assert.ok(f.doc.length > 10, `${f.name} has no documentation`);
      assert.equal(new Set(f.parameters.map((p) => p.name)).size, f.parameters.length, `${f.name} repeats a parameter name`);
    }
  });

  it('hold the 14 aggregations, limitk and limit_ratio experimental', () => {
    assert.equal(AGGREGATIONS.size, 14);
    assert.deepEqual([...AGGREGATIONS.values()].filter((a) => a.experimental).map((a) => a.name), ['limitk', 'limit_ratio']);
    assert.deepEqual([...AGGREGATIONS.values()].filter((a) => a.parameter).map((a) => `${a.name}:${a.parameter!.type}`), [
      'topk:scalar', 'bottomk:scalar', 'count_values:string', 'quantile:scalar', 'limitk:scalar', 'limit_ratio:scalar',
    ]);
  });

  it('are what the type checker reads: every function called with its own signature type-checks', () => {
    const sample: Record<string, string> = { vector: 'foo', matrix: 'foo[5m]', scalar: '1', string: '"a"' };
    for (const f of FUNCTIONS.values()) {
      // info()'s second argument selects by labels only (a rule of its own, tested in the type checker).
      const args = f.parameters.map((p, i) => (f.name === 'info' && i === 1 ? '{k="v"}' : sample[p.type]));
      const analysis = analyzePromQL(`${f.name}(${args.join(', ')})`);
      assert.deepEqual([...analysis.syntaxProblems, ...analysis.typeProblems].map((p) => p.message), [], f.name);
    }
  });
});
