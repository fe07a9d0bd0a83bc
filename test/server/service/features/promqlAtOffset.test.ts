import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { YamlDocumentModel } from '../../../../server/src/service/documents/yamlDocument';
import { getLanguageService } from '../../../../server/src/service/languageService';

/*
 * The PromQL expression under a YAML document's offset (promqlAtOffset.ts finds the query by a
 * binary search of the model's queries): at every offset of rule files and rule tests, the answer is
 * the expression of the scalar whose range holds the offset, and nothing elsewhere (but after an
 * empty `expr:`).
 */

const service = getLanguageService();

const rules = (count: number): string => `groups:\n  - name: g\n    rules:\n${Array.from({ length: count }, (_, i) => [
  `      - record: job:r${i}:rate5m`,
  i % 3 === 0 ? `        expr: sum(rate(m${i}_total[5m]))` : i % 3 === 1 ? `        expr: "sum(rate(m${i}_total{code=\\"5xx\\"}[5m]))"` : `        expr: |\n          sum by (job) (\n            rate(m${i}_total[5m])\n          )`,
  '        labels:',
  '          team: sre',
].join('\n')).join('\n')}\n`;

const DOCUMENTS: [string, string][] = [
  ['file:///rules.yml', rules(12)],
  ['file:///tests.yml', 'rule_files: [rules.yml]\ntests:\n  - interval: 1m\n    input_series: []\n    promql_expr_test:\n      - expr: up == 1\n        eval_time: 1m\n      - expr: "sum(up)"\n        eval_time: 2m\n'],
];

describe('the PromQL expression at an offset of a YAML document', () => {
  for (const [uri, text] of DOCUMENTS) {
    it(`is the scalar's whose range holds it, at every offset of ${uri}`, () => {
      const document = TextDocument.create(uri, 'yaml', 1, text);
      const model = service.parseDocument(document) as YamlDocumentModel;
      assert.ok(model.queries.length >= 2, `${model.queries.length} queries`);
      let inside = 0;
      for (let offset = 0; offset <= text.length; offset++) {
        const holding = model.queries.find((q) => q.range.start <= offset && offset <= q.range.end);
        const at = service.promqlAt(document, model, offset);
        if (holding) {
          inside++;
          assert.equal(at?.text, holding.map.value, `offset ${offset}`);
        } else if (!/expr:[ \t]*$/.test(text.slice(0, offset))) {
          assert.equal(at, null, `offset ${offset}: ${JSON.stringify(text.slice(offset - 10, offset))}`);
        }
      }
      assert.ok(inside > 10, `${inside} offsets inside queries`);
    });
  }
});
