import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../../../server/src/service/languageService';
import { withLspAnswers } from '../../../support/lspAnswers';
import { withRanges } from '../../../support/markers';
import { CORPUS } from '../../../support/paths';

const service = withLspAnswers(getLanguageService());

function problems(text: string): { message: string; code: string; start: number; end: number }[] {
  const document = TextDocument.create('file:///tests.yml', 'yaml', 1, text);
  return service.validate(document, service.parseDocument(document)!).map((d) => ({
    message: String(d.message), code: String(d.code), start: document.offsetAt(d.range.start), end: document.offsetAt(d.range.end),
  }));
}

const MISTAKES: [string, string][] = [
  ["tests:\n- input_series:\n  - series: «'up{job=\"a\"'»\n    values: 1\n", 'series "up{job=\\"a\\"": unexpected end of input inside braces'],
  ["tests:\n- input_series:\n  - series: up\n    values: «'1 2 three'»\n", 'values: "three" is not a value of the expanding notation (such as 1, _, stale, 0+10x100)'],
  ['tests:\n- «intervall»: 1m\n', 'field intervall not found in test_group (did you mean interval?)'],
  ['tests:\n- promql_expr_test:\n  - eval_time: «5 minutes»\n    expr: up\n', 'eval_time: not a valid duration string: "5 minutes"'],
  ['rule_files: [r.yml]\ntests:\n- promql_expr_test:\n  - expr: sum«(»\n', 'unclosed left parenthesis'],
];

describe('rule unit-test files', () => {
  for (const [marked, message] of MISTAKES) {
    const { text, ranges } = withRanges(marked);
    it(message, () => {
      const found = problems(text).find((p) => p.message === message);
      assert.ok(found, JSON.stringify(problems(text)));
      assert.deepEqual([found.start, found.end], [ranges[0].start, ranges[0].end]);
    });
  }

  it('accepts the valid test files of the corpus', () => {
    const dir = path.join(CORPUS, 'rules', 'unittest');
    for (const name of ['prometheus__promtool__unittest.yml', 'prometheus__promtool__at-modifier-test.yml', 'prometheus__promtool__rules_run_fuzzy.yml', 'prometheus__promtool__no-test-group-interval.yml']) {
      assert.deepEqual(problems(fs.readFileSync(path.join(dir, name), 'utf8')), [], name);
    }
  });

  it('rejects the broken input series of the corpus', () => {
    const text = fs.readFileSync(path.join(CORPUS, 'rules', 'unittest', 'prometheus__promtool__bad-input-series.yml'), 'utf8');
    assert.equal(problems(text).length, 1);
  });
});
