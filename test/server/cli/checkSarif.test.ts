import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { CORPUS, FIXTURES, REPO_ROOT } from '../../support/paths';

/*
 * `check --format sarif` validates against the SARIF 2.1.0 JSON schema (a copy in
 * test/fixtures/check, origin in its README), on a fixture tree and on the whole corpus (hundreds of
 * results, every rule id), and every result names a rule of the log's rule list.
 */

const SCHEMA = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'check', 'sarif-schema-2.1.0.json'), 'utf8')) as object;

function sarifOf(cwd: string, paths: readonly string[]): unknown {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'prometheus-lsp.js'), 'check', '--format', 'sarif', ...paths], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  assert.equal(result.status, 1, result.stderr);
  return JSON.parse(result.stdout);
}

interface SarifLog {
  runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number }[] }[];
}

describe('prometheus-lsp check --format sarif', function () {
  this.timeout(120_000);
  // The schema is draft-04 (as published); its "uri" and "date-time" formats are checked. Its
  // language-tag pattern has a stray "]" that only a regex without the u flag reads (as a literal).
  const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(SCHEMA);

  const CASES = [
    { name: 'a fixture tree', cwd: path.join(FIXTURES, 'check', 'tree'), paths: ['.'], minResults: 4 },
    { name: 'the corpus rules and configurations', cwd: CORPUS, paths: ['rules', 'config'], minResults: 500 },
  ];
  for (const c of CASES) {
    it(`validates against the SARIF 2.1.0 schema: ${c.name}`, () => {
      const log = sarifOf(c.cwd, c.paths);
      const valid = validate(log);
      assert.ok(valid, ajv.errorsText(validate.errors, { separator: '\n' }));
      const run = (log as SarifLog).runs[0];
      assert.ok(run.results.length >= c.minResults, `${run.results.length} results`);
      for (const r of run.results) assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
    });
  }

  it('the schema rejects what is not SARIF (the validator works)', () => {
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false);
    assert.equal(validate({ version: '2.0.0', runs: [] }), false);
    const log = sarifOf(path.join(FIXTURES, 'check', 'tree'), ['.']) as { runs: { results: { level: string }[] }[] };
    log.runs[0].results[0].level = 'info';
    assert.equal(validate(log), false, 'SARIF has no level "info"');
  });
});
