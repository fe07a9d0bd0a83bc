import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LINT_RULES } from '../../server/src/service/lint/lintRegistry';
import { REPO_ROOT } from '../support/paths';

/*
 * docs/lint-rules.md and README's lint table are written from the lint-rule registry by
 * scripts/lint-rules-doc.mjs: they must be what the script would write now, and say what the
 * registry says.
 */

describe('lint-rule docs written from the registry', () => {
  it('docs/lint-rules.md and README\'s table are what npm run docs:lint writes', () => {
    const run = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'lint-rules-doc.mjs'), '--check'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
  });

  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('<!-- lint-rules:start -->'), readme.indexOf('<!-- lint-rules:end -->'));
  const doc = readFileSync(join(REPO_ROOT, 'docs', 'lint-rules.md'), 'utf8');
  for (const rule of LINT_RULES) {
    it(`${rule.code}: README row with ${rule.defaultSeverity}, and its section in docs/lint-rules.md`, () => {
      const row = table.split('\n').find((line) => line.startsWith(`| \`${rule.code}\` |`));
      assert.ok(row, `no row for ${rule.code} between README's lint-rules markers`);
      assert.equal(row.split(' | ')[1], rule.defaultSeverity);
      const anchor = rule.code.replace(/\//g, '-');
      assert.ok(doc.includes(`<a id="${anchor}"></a>\n## \`${rule.code}\``), `no section #${anchor} for ${rule.code} in docs/lint-rules.md`);
      assert.ok(doc.includes(`| [\`${rule.code}\`](#${anchor}) | ${rule.defaultSeverity} |`), `no row for ${rule.code} in docs/lint-rules.md's table`);
    });
  }

  it('lists every rule once, with a summary and a description of one line each', () => {
    const ids = LINT_RULES.map((r) => r.code);
    assert.equal(new Set(ids).size, ids.length);
    for (const rule of LINT_RULES) {
      for (const line of [rule.summary, rule.description]) assert.ok(line !== '' && !line.includes('\n'), rule.code);
    }
  });
});
