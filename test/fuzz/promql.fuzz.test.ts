import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../server/src/service/languageService';
import { withLspAnswers } from '../support/lspAnswers';
import { analyzePromQL } from '../../server/src/service/promql/analysis';
import { printExpr } from '../../server/src/service/promql/printer';
import { parse } from '../../server/src/service/promql/parser';
import { CORPUS } from '../support/paths';
import { treeShape } from '../support/treeShape';
import { FUZZ_RUNS, FUZZ_SEED, fuzzInputs } from './mutations';

/*
 * Fuzzing the PromQL front end with inputs mutated from the corpus' expressions (FUZZ_RUNS inputs
 * per property: a quick setting in `npm test`, a long one in `npm run fuzz`). Properties: analysis
 * never throws, ends within a bound per KB (a guard against hangs, generous on purpose), puts
 * every problem inside the input, and a valid tree prints to text that parses to the same tree.
 * The whole language service (lints included) never throws on the same inputs.
 */

const seeds = [
  ...readFileSync(join(CORPUS, 'promql', 'valid.txt'), 'utf8').split('\n'),
  ...readFileSync(join(CORPUS, 'promql', 'invalid.txt'), 'utf8').split('\n'),
].filter((l) => l.trim() !== '');

/** A hang guard, not a benchmark: 2 s plus 200 ms per KB. */
const boundMs = (text: string): number => 2000 + 200 * (text.length / 1024);

const params = { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, endOnFailure: true };

describe('fuzzing the PromQL parser and type checker', function () {
  this.timeout(0);

  it(`never throws, bounds its time, keeps problems inside the input (${FUZZ_RUNS} inputs)`, () => {
    fc.assert(fc.property(fuzzInputs(seeds), (text) => {
      const started = performance.now();
      const analysis = analyzePromQL(text);
      const took = performance.now() - started;
      assert.ok(took < boundMs(text), `${took.toFixed(0)} ms for ${text.length} characters`);
      for (const p of [...analysis.syntaxProblems, ...analysis.typeProblems]) {
        assert.ok(p.range.start >= 0 && p.range.start <= p.range.end && p.range.end <= text.length, `${JSON.stringify(p)} outside 0..${text.length}`);
      }
    }), params);
  });

  it(`prints a valid tree to text that parses to the same tree (${FUZZ_RUNS} inputs)`, () => {
    fc.assert(fc.property(fuzzInputs(seeds), (text) => {
      const analysis = analyzePromQL(text);
      if (analysis.syntaxProblems.length > 0) return;
      const printed = printExpr(analysis.expr);
      const again = parse(printed);
      assert.deepEqual(again.problems.map((p) => p.message), [], `"${printed}" (from "${text}") does not parse`);
      assert.equal(treeShape(again.expr), treeShape(analysis.expr), `"${text}" printed as "${printed}"`);
    }), params);
  });

  it(`the language service validates any .promql text without throwing (${Math.ceil(FUZZ_RUNS / 5)} inputs)`, () => {
    const service = withLspAnswers(getLanguageService());
    fc.assert(fc.property(fc.array(fuzzInputs(seeds), { minLength: 1, maxLength: 3 }), (queries) => {
      const text = queries.join('\n\n');
      const document = TextDocument.create('file:///fuzz.promql', 'promql', 1, text);
      const model = service.parseDocument(document)!;
      const end = document.positionAt(text.length);
      for (const d of service.validate(document, model)) {
        assert.ok(d.range.end.line < end.line || (d.range.end.line === end.line && d.range.end.character <= end.character), JSON.stringify(d.range));
      }
      service.format(document, model);
      service.documentSymbols(document, model);
    }), { ...params, numRuns: Math.ceil(FUZZ_RUNS / 5) });
  });
});
