import * as assert from 'node:assert/strict';
import { DIAGNOSTIC_CODES, type DiagnosticCode, type Problem } from '../../../../server/src/service/diagnostic';
import { disableComment, withoutSuppressed } from '../../../../server/src/service/lint/suppressions';

// The comment the "Disable … here" quick fix writes is the one the suppression parser reads.
describe('disable comments', () => {
  const problemOn = (text: string, needle: string, code: DiagnosticCode = DIAGNOSTIC_CODES.regexLiteral): Problem => {
    const start = text.indexOf(needle);
    return { code, severity: code.defaultSeverity, range: { start, end: start + needle.length }, message: code.code };
  };
  const cases: { title: string; comment: string; silenced: string[] }[] = [
    { title: 'the written comment for one rule', comment: disableComment(['promql/regex-literal']), silenced: ['promql/regex-literal'] },
    { title: 'the written comment for two rules', comment: disableComment(['promql/regex-literal', 'promql/regex-anchors']), silenced: ['promql/regex-literal', 'promql/regex-anchors'] },
    { title: 'the written comment for no rule: all of them', comment: disableComment([]), silenced: ['promql/regex-literal', 'promql/regex-anchors'] },
    { title: 'a comment for another rule', comment: disableComment(['naming/base-unit']), silenced: [] },
    { title: 'a hand-written comment, no space after #', comment: '#prometheus-lsp-disable-next-line promql/regex-anchors', silenced: ['promql/regex-anchors'] },
  ];
  for (const c of cases) {
    it(`${c.title} silences ${c.silenced.join(' and ') || 'nothing'}`, () => {
      const text = `groups:\n  - name: g\n    rules:\n      ${c.comment}\n      - alert: Down\n        expr: up{job=~"^api$"} == 0\n`;
      const problems = [problemOn(text, 'job=~"^api$"'), problemOn(text, '"^api$"', DIAGNOSTIC_CODES.regexAnchors)];
      const kept = withoutSuppressed(text, problems).map((p) => p.code.code);
      assert.deepEqual(kept, problems.map((p) => p.code.code).filter((code) => !c.silenced.includes(code)));
    });
  }

  it('writes the directive as README documents it', () => {
    assert.equal(disableComment(['naming/base-unit', 'cardinality/label']), '# prometheus-lsp-disable-next-line naming/base-unit, cardinality/label');
  });
});
