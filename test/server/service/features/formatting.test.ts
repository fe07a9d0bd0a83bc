import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDocument } from 'yaml';
import { getLanguageService } from '../../../../server/src/service/languageService';
import { withLspAnswers } from '../../../support/lspAnswers';

const service = withLspAnswers(getLanguageService());

function format(text: string, languageId: string, range?: { start: number; end: number }): string {
  const document = TextDocument.create(languageId === 'promql' ? 'file:///q.promql' : 'file:///rules.yml', languageId, 1, text);
  return TextDocument.applyEdits(document, service.format(document, service.parseDocument(document)!, range));
}

const rule = (expr: string): string => `groups:\n  - name: g\n    rules:\n      - record: a\n        expr: ${expr}\n`;

/** Before and after formatting. */
const CASES: [string, string, string][] = [
  ['promql', 'sum(rate(x[5m]))by(job)', 'sum by (job) (rate(x[5m]))'],
  ['promql', '# keep me\nsum(x)by(job)\n\nrate( y[1m] )\n', '# keep me\nsum by (job) (x)\n\nrate(y[1m])\n'],
  ['promql', 'sum(x\n\n# broken queries stay as they are\nrate(', 'sum(x\n\n# broken queries stay as they are\nrate('],
  ['promql', 'sum(x) # a comment inside stays\n  by (job)', 'sum(x) # a comment inside stays\n  by (job)'],
  ['yaml', rule('sum(rate(x[5m]))by(job)'), rule('sum by (job) (rate(x[5m]))')],
  ['yaml', rule("'x{a=\"b\"}>bool 1'"), rule("'x{a=\"b\"} > bool 1'")],
  ['yaml', rule("'x{a=''b''}>1'"), rule("'x{a=\"b\"} > 1'")],
  ['yaml', rule('"x{a=\\"b\\"}>1"'), rule('"x{a=\\"b\\"} > 1"')],
  ['yaml', rule('|\n          sum(x)\n            by(job)\n      - record: b\n        expr: up'), rule('|\n          sum by (job) (x)\n      - record: b\n        expr: up')],
  ['yaml', rule('{a="b"}'), rule('{a="b"}')],
  ['yaml', rule('x{a="b"}   #  comment after the scalar'), rule('x{a="b"}   #  comment after the scalar')],
];

describe('formatting', () => {
  for (const [languageId, before, after] of CASES) {
    it(JSON.stringify(before), () => {
      const formatted = format(before, languageId);
      assert.equal(formatted, after);
      if (languageId === 'yaml') assert.deepEqual(parseDocument(formatted).errors, []);
    });
  }

  it('keeps plain YAML valid: a value that plain YAML would misread is quoted', () => {
    const formatted = format(rule('sum(x)by(job)   > 1'), 'yaml');
    assert.equal((parseDocument(formatted).toJS() as { groups: { rules: { expr: string }[] }[] }).groups[0].rules[0].expr, 'sum by (job) (x) > 1');
  });

  it('splits a long expression as Prometheus does, into a literal block in YAML', () => {
    const long = 'sum by (job, instance) (rate(http_requests_total{code=~"5..",handler!="/metrics"}[5m])) / sum by (job, instance) (rate(http_requests_total[5m])) > 0.05';
    const formatted = format(`${rule(long)}      - record: b\n        expr: up\n`, 'yaml');
    const pretty = [
      '    sum by (job, instance) (rate(http_requests_total{code=~"5..",handler!="/metrics"}[5m]))',
      '  /',
      '    sum by (job, instance) (rate(http_requests_total[5m]))',
      '>',
      '  0.05',
    ];
    assert.equal(formatted, `${rule('|2')}${pretty.map((l) => `          ${l}`).join('\n').slice(0)}\n      - record: b\n        expr: up\n`.replace('expr: |2\n\n', 'expr: |2\n'));
    const parsed = parseDocument(formatted).toJS() as { groups: { rules: { expr: string }[] }[] };
    assert.equal(parsed.groups[0].rules[0].expr.trimEnd(), pretty.join('\n'));
    assert.equal(parsed.groups[0].rules.length, 2);
  });

  it('formats only the queries a range touches', () => {
    const text = 'sum(x)by(a)\n\nsum(y)by(b)\n';
    assert.equal(format(text, 'promql', { start: 14, end: 15 }), 'sum(x)by(a)\n\nsum by (b) (y)\n');
  });
});
