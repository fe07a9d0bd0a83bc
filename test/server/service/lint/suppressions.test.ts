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

  // The directive is looked for at each `#` first, then by its words once many comments were passed.
  const comments = (n: number): string => Array.from({ length: n }, (_, i) => `# note ${i} # and another\n`).join('');
  const placings: { title: string; before: string; comment: string; silenced: boolean }[] = [
    { title: 'after no other comment', before: '', comment: disableComment([]), silenced: true },
    { title: 'after 10 comments', before: comments(10), comment: disableComment([]), silenced: true },
    { title: 'after 200 comments', before: comments(200), comment: disableComment([]), silenced: true },
    { title: 'after 200 comments, no space after #', before: comments(200), comment: '#prometheus-lsp-disable-next-line', silenced: true },
    { title: 'after 200 comments, in a comment that starts with ##', before: comments(200), comment: '## prometheus-lsp-disable-next-line', silenced: true },
    { title: 'only the words, no #, after 200 comments', before: comments(200), comment: 'x: prometheus-lsp-disable-next-line', silenced: false },
    { title: 'only the words, no #', before: comments(3), comment: 'x: prometheus-lsp-disable-next-line', silenced: false },
  ];
  for (const c of placings) {
    it(`a directive ${c.title} ${c.silenced ? 'silences' : 'does not silence'} the next line`, () => {
      const text = `${c.before}groups:\n  - name: g\n    rules:\n      - alert: Down\n        ${c.comment}\n        expr: up{job=~"^api$"} == 0\n`;
      const problems = [problemOn(text, 'job=~"^api$"')];
      assert.equal(withoutSuppressed(text, problems).length, c.silenced ? 0 : 1);
    });
  }

  it('writes the directive as README documents it', () => {
    assert.equal(disableComment(['naming/base-unit', 'cardinality/label']), '# prometheus-lsp-disable-next-line naming/base-unit, cardinality/label');
  });
});
