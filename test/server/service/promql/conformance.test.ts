import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzePromQL } from '../../../../server/src/service/promql/analysis';
import { parse } from '../../../../server/src/service/promql/parser';
import { printExpr } from '../../../../server/src/service/promql/printer';
import { CORPUS, readJsonLines } from '../../../support/paths';
import { treeShape } from '../../../support/treeShape';

/*
 * Conformance against the corpus, labelled by Prometheus 3.14's own parser tests (with experimental
 * functions, duration expressions and extended range selectors enabled): every valid expression
 * parses and type-checks clean, every invalid one gets at least one error, every rule-file `expr`
 * is clean, and printing a valid tree then parsing it again gives the same tree.
 */

interface CorpusRecord {
  readonly id: string;
  readonly expr: string;
  readonly expected: 'valid' | 'invalid';
  readonly rule_file?: string;
}

describe('PromQL conformance with the corpus', () => {
  const records = readJsonLines<CorpusRecord>(path.join(CORPUS, 'promql', 'all.jsonl'));
  const valid = records.filter((r) => r.expected === 'valid');
  const invalid = records.filter((r) => r.expected === 'invalid');
  const rules = valid.filter((r) => r.rule_file !== undefined);

  const problemsOf = (expr: string): string[] => {
    const a = analyzePromQL(expr);
    return [...a.syntaxProblems, ...a.typeProblems].map((p) => p.message);
  };

  it(`accepts all ${valid.length} valid expressions`, () => {
    const rejected = valid.filter((r) => problemsOf(r.expr).length > 0).map((r) => `${r.id}: ${r.expr} → ${problemsOf(r.expr)[0]}`);
    console.log(`      valid accepted: ${valid.length - rejected.length}/${valid.length}`);
    assert.deepEqual(rejected, []);
  });

  it(`rejects all ${invalid.length} invalid expressions`, () => {
    const accepted = invalid.filter((r) => problemsOf(r.expr).length === 0).map((r) => `${r.id}: ${r.expr}`);
    console.log(`      invalid rejected: ${invalid.length - accepted.length}/${invalid.length}`);
    assert.deepEqual(accepted, []);
  });

  it(`leaves every rule-file expr clean (${rules.length})`, () => {
    assert.ok(rules.length > 1000, `expected the corpus' rule expressions, found ${rules.length}`);
    assert.deepEqual(rules.filter((r) => problemsOf(r.expr).length > 0).map((r) => r.id), []);
  });

  it('round-trips every valid expression through the printer', () => {
    const mismatched: string[] = [];
    for (const r of valid) {
      const tree = parse(r.expr).expr;
      const printed = printExpr(tree);
      const again = parse(printed);
      if (again.problems.length > 0 || treeShape(again.expr) !== treeShape(tree)) mismatched.push(`${r.id}: ${r.expr} → ${printed}`);
    }
    console.log(`      printer round trips: ${valid.length - mismatched.length}/${valid.length}`);
    assert.deepEqual(mismatched, []);
  });

  it('never throws and keeps problem ranges inside the input on expressions the engine rejects at run time', () => {
    for (const r of readJsonLines<CorpusRecord>(path.join(CORPUS, 'promql', 'eval_expect_fail.jsonl'))) {
      const a = analyzePromQL(r.expr);
      for (const p of [...a.syntaxProblems, ...a.typeProblems]) assert.ok(p.range.start >= 0 && p.range.end <= r.expr.length);
    }
  });
});
