import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isMap, isSeq } from 'yaml';
import { getLanguageService } from '../../../../server/src/service/languageService';
import { withLspAnswers } from '../../../support/lspAnswers';
import type { YamlDocumentModel } from '../../../../server/src/service/documents/yamlDocument';
import { withRanges } from '../../../support/markers';

/*
 * Quoted values whose continuation lines are not indented more than their key: promtool (go-yaml)
 * loads such rule files, so we read them too, with the values Prometheus reads (promtool's unit
 * tests are the oracle: they expect our values as the alert's annotations) and a warning on each
 * such line (marked «…») instead of a syntax error.
 */

const CASES: { name: string; text: string }[] = [
  { name: 'a double-quoted description continued at its key\'s indentation', text: 'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    annotations:\n      description: "first line\n      «continued here\\""»\n      summary: x\n' },
  { name: 'continuations at column 0 and below the key, an empty line, escapes', text: 'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    annotations:\n      description: "first \\"line\\"\n«continued»\n\n    «third"»\n' },
  { name: 'a single-quoted value with a doubled quote', text: "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    annotations:\n      summary: 'it''s\n      «down'»\n" },
  { name: 'an expression continued at its key\'s indentation', text: 'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: "up\n    «== 0\"»\n    annotations:\n      summary: x\n' },
];

function promtoolAgrees(rules: string, annotations: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quoted-continuations-'));
  try {
    fs.writeFileSync(path.join(dir, 'rules.yml'), rules);
    const test = {
      rule_files: ['rules.yml'],
      evaluation_interval: '1m',
      tests: [{ interval: '1m', input_series: [{ series: 'up{job="a"}', values: '0 0 0' }], alert_rule_test: [{ eval_time: '1m', alertname: 'A', exp_alerts: [{ exp_labels: { job: 'a' }, exp_annotations: annotations }] }] }],
    };
    fs.writeFileSync(path.join(dir, 'test.yml'), JSON.stringify(test));
    const run = spawnSync('promtool', ['test', 'rules', 'test.yml'], { cwd: dir, encoding: 'utf8' });
    return run.status === 0 ? '' : `${run.stdout}${run.stderr}`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('quoted values continued below their key, as go-yaml reads them', () => {
  const service = withLspAnswers(getLanguageService());
  for (const c of CASES) {
    it(c.name, () => {
      const { text, ranges } = withRanges(c.text);
      const document = TextDocument.create('file:///rules.yml', 'yaml', 1, text);
      const model = service.parseDocument(document) as YamlDocumentModel;
      const diagnostics = service.validate(document, model).filter((d) => d.code === 'yaml/syntax');
      assert.deepEqual(diagnostics.map((d) => [d.severity, document.offsetAt(d.range.start), document.offsetAt(d.range.end)]), ranges.map((r) => [2, r.start, r.end]));
      const groups = isMap(model.documents[0].contents) ? model.documents[0].contents.get('groups', true) : null;
      const rule = isSeq(groups) && isMap(groups.items[0]) ? (groups.items[0].toJSON() as { rules: { expr: string; annotations: Record<string, string> }[] }).rules[0] : null;
      assert.equal(rule?.expr.replace(/\s+/g, ' '), 'up == 0');
      assert.equal(promtoolAgrees(text, rule!.annotations), '', JSON.stringify(rule!.annotations));
    });
  }

  it('places a PromQL error of a continued expression on its character', () => {
    const { text, ranges } = withRanges('groups:\n- name: g\n  rules:\n  - record: job:up:sum\n    expr: "sum(up)\n    by «foo»"\n');
    const document = TextDocument.create('file:///rules.yml', 'yaml', 1, text);
    const found = service.validate(document, service.parseDocument(document)!).find((d) => d.code === 'promql/syntax');
    assert.ok(found);
    assert.deepEqual([document.offsetAt(found.range.start), document.offsetAt(found.range.end)], [ranges[0].start, ranges[0].end]);
  });
});
