import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../../../server/src/service/languageService';
import { withLspAnswers } from '../../../support/lspAnswers';

const service = withLspAnswers(getLanguageService());

function diagnose(text: string, uri = 'file:///rules.yml'): string[] {
  const document = TextDocument.create(uri, 'yaml', 1, text);
  const model = service.parseDocument(document);
  assert.ok(model, 'recognised as a Prometheus document');
  return service.validate(document, model).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${String(d.message)}`);
}

/** YAML nobody should write, which an editor meets anyway: each gives clear diagnostics, never a throw. */
const CASES: [string, () => string, RegExp | null][] = [
  ['half-typed YAML', () => 'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: sum(rate(x[5m]) by (\n    for: 5\n    labels:\n      sev', /promql\/syntax/],
  ['tabs for indentation', () => 'groups:\n\t- name: g\n\t  rules: []\n', /yaml\/syntax Tabs are not allowed/],
  ['duplicate keys', () => 'groups:\n- name: g\n  name: h\n  rules: []\n', /yaml\/syntax Map keys must be unique/],
  ['an alias to a broken expr', () => 'groups:\n- name: g\n  rules:\n  - record: a\n    expr: &e sum(x\n  - record: b\n    expr: *e\n', /^5:17 promql\/syntax unclosed left parenthesis/],
  ['aliases and merge keys that are fine', () => 'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: &e up == 0\n    <<: &base\n      for: 5m\n  - alert: B\n    expr: *e\n    <<: *base\n', null],
  ['a merge key bringing a field a recording rule cannot have', () => 'groups:\n- name: g\n  rules:\n  - record: a\n    expr: up\n    <<: {for: 5m}\n', /invalid field 'for' in recording rule/],
  ['a recursive alias', () => 'groups: &g\n- name: g\n  rules: []\n  extra: *g\n', /field extra not found/],
  ['binary junk named rules.yml', () => Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256)).toString('latin1'), /binary data/],
  ['NUL bytes', () => 'groups:\n- name: "a\u0000b"\n  rules: []\n', /binary data/],
  ['a scalar for a rule file', () => 'just some text', /holds a single value/],
];

describe('Prometheus YAML bad input', () => {
  for (const [name, make, expected] of CASES) {
    it(name, () => {
      const diagnostics = diagnose(make());
      if (expected === null) assert.deepEqual(diagnostics, []);
      else assert.ok(diagnostics.some((d) => expected.test(d)), diagnostics.join('\n'));
    });
  }

  it('a 50,000-rule file: every rule read, the one mistake found at its line', () => {
    const lines = ['groups:'];
    for (let g = 0; g < 500; g++) {
      lines.push(`  - name: group_${g}`, '    rules:');
      for (let r = 0; r < 100; r++) {
        lines.push(`      - record: job:metric_${g}_${r}:rate5m`, `        expr: sum by (job) (rate(http_requests_total{code=~"5..", job="api_${r}"}[5m]))`);
      }
    }
    const broken = lines.indexOf('      - record: job:metric_499_99:rate5m') + 2;
    lines[broken - 1] = '        expr: sum by (job) (rate(http_requests_total[5m])';
    const diagnostics = diagnose(`${lines.join('\n')}\n`);
    assert.deepEqual(diagnostics.map((d) => d.split(' ').slice(0, 2).join(' ')), [`${broken}:28 promql/syntax`]);
  });
});
