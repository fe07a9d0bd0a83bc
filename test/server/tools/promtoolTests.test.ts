import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findPromtool, PROMTOOL_MISSING, runRuleTests } from '../../../server/src/tools/promtoolTests';
import { PROMTOOL, temporaryFolder } from '../../support/promtool';

/*
 * Starting promtool for Run tests: where it is found (the setting, a name on PATH), the real
 * promtool's verdicts, and the time limit (a stand-in that never finishes).
 */

describe('promtool for Run tests', () => {
  const folder = temporaryFolder('promtool-tests-');
  const bin = path.join(folder.dir, 'bin');
  after(folder.remove);
  fs.mkdirSync(bin);
  fs.symlinkSync(PROMTOOL, path.join(bin, 'promtool'));
  fs.writeFileSync(path.join(bin, 'slowtool'), '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
  fs.writeFileSync(path.join(bin, 'not-executable'), 'x', { mode: 0o644 });

  const FOUND: [string, string, string | null][] = [
    ['', bin, path.join(bin, 'promtool')],
    ['', '/nonexistent', null],
    ['slowtool', `/nonexistent:${bin}`, path.join(bin, 'slowtool')],
    [PROMTOOL, '', PROMTOOL],
    [path.join(bin, 'not-executable'), bin, null],
    ['./bin/promtool', bin, null],
  ];
  for (const [setting, pathVariable, found] of FOUND) {
    it(`finds ${JSON.stringify(setting.replace(folder.dir, '…'))} with PATH=${pathVariable.replace(folder.dir, '…')}: ${found?.replace(folder.dir, '…') ?? 'none'}`, () => {
      assert.equal(findPromtool(setting, pathVariable), found);
    });
  }

  it('runs promtool test rules in the file\'s folder and returns its verdict', async () => {
    fs.writeFileSync(path.join(folder.dir, 'rules.yml'), 'groups:\n  - name: g\n    rules:\n      - record: r\n        expr: vector(1)\n');
    const test = (value: number): string => `rule_files: [rules.yml]\ntests:\n  - interval: 1m\n    promql_expr_test:\n      - expr: r\n        eval_time: 1m\n        exp_samples:\n          - labels: r\n            value: ${value}\n`;
    fs.writeFileSync(path.join(folder.dir, 'pass.test.yml'), test(1));
    fs.writeFileSync(path.join(folder.dir, 'fail.test.yml'), test(2));
    const pass = await runRuleTests(path.join(folder.dir, 'pass.test.yml'), { promtoolPath: PROMTOOL, timeoutMs: 30_000 });
    assert.equal(pass.kind, 'ran');
    assert.equal(pass.kind === 'ran' && pass.status, 0);
    const fail = await runRuleTests(path.join(folder.dir, 'fail.test.yml'), { promtoolPath: PROMTOOL, timeoutMs: 30_000 });
    assert.ok(fail.kind === 'ran' && fail.status === 1 && fail.output.includes('exp: {__name__="r"} 2E+00'), JSON.stringify(fail));
  });

  it('stops a promtool that does not finish in time', async () => {
    const started = Date.now();
    const run = await runRuleTests(path.join(folder.dir, 'pass.test.yml'), { promtoolPath: path.join(bin, 'slowtool'), timeoutMs: 500 });
    assert.deepEqual(run, { kind: 'timeout', message: 'promtool test rules did not finish within 1 s' });
    assert.ok(Date.now() - started < 5000);
  });

  it('says how to get promtool when there is none', async () => {
    assert.deepEqual(await runRuleTests(path.join(folder.dir, 'pass.test.yml'), { promtoolPath: '/nonexistent/promtool', timeoutMs: 500 }), { kind: 'missing', message: PROMTOOL_MISSING });
  });
});
