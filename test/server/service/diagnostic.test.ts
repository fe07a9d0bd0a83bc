import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIAGNOSTIC_CODES } from '../../../server/src/service/diagnostic';
import { REPO_ROOT } from '../../support/paths';

/* Every diagnostic code is documented in README with its default severity (settings and the CLI name them). */

describe('diagnostic codes', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  for (const { code, defaultSeverity } of Object.values(DIAGNOSTIC_CODES)) {
    it(`${code} is in README's tables with its default severity (${defaultSeverity})`, () => {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${code}\` |`));
      assert.ok(row, `no README row for ${code}`);
      assert.equal(row.split('|')[2].trim(), defaultSeverity);
    });
  }
  it('are unique', () => {
    const codes = Object.values(DIAGNOSTIC_CODES).map((c) => c.code);
    assert.equal(new Set(codes).size, codes.length);
  });
});
