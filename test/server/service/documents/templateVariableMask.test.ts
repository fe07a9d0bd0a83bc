import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { maskTemplateVariables } from '../../../../server/src/service/documents/templateVariableMask';
import { getLanguageService } from '../../../../server/src/service/languageService';
import { withLspAnswers } from '../../../support/lspAnswers';

/*
 * Grafana variables in .promql files: masked for analysis with PromQL of the same length that fits
 * their place, so that queries written for Grafana get no syntax or type error; strings and
 * comments keep theirs; the query is run and formatted as written.
 */

const CASES: { text: string; masked: string }[] = [
  { text: 'rate(http_requests_total[$__rate_interval])', masked: 'rate(http_requests_total[1m              ])' },
  { text: 'sum by (job) (rate(x[$__interval]))', masked: 'sum by (job) (rate(x[1m         ]))' },
  { text: 'topk($k, sum by (job) (x))', masked: 'topk(1 , sum by (job) (x))' },
  { text: 'up{job="$job"} > $threshold', masked: 'up{job="$job"} > 1         ' },
  { text: 'sum(${metric})', masked: 'sum(x________)' },
  { text: '[[metric]]{job=~"$job"}', masked: 'x_________{job=~"$job"}' },
  { text: '# uses $job\nup', masked: '# uses $job\nup' },
  { text: 'up', masked: 'up' },
];

describe('Grafana template variables in .promql files', () => {
  for (const c of CASES) {
    it(`masks ${JSON.stringify(c.text)}`, () => {
      const { text, masked } = maskTemplateVariables(c.text);
      assert.equal(text, c.masked);
      assert.equal(text.length, c.text.length);
      assert.equal(masked, c.text !== c.masked);
    });
  }

  it('leaves no syntax or type error on queries written for Grafana, and formats none of them', () => {
    const service = withLspAnswers(getLanguageService());
    const text = CASES.map((c) => c.text).join('\n\n');
    const document = TextDocument.create('file:///grafana.promql', 'promql', 1, text);
    const model = service.parseDocument(document)!;
    const errors = service.validate(document, model).filter((d) => d.code === 'promql/syntax' || d.code === 'promql/type');
    assert.deepEqual(errors.map((d) => d.message), []);
    const edits = service.format(document, model);
    for (const edit of edits) assert.ok(!edit.newText.includes('x___') && !edit.newText.includes('1m   '), edit.newText);
  });
});
