import * as assert from 'node:assert/strict';
import { compileEditorGlob } from '../../../../server/src/service/documents/editorGlob';

/*
 * The globs of `prometheus.documentTypes`, as VS Code settings write them: what they match, which
 * are invalid, and that matching stays linear on patterns a backtracking engine takes minutes on.
 */

const GLOBS: [string, string, boolean][] = [
  ['**/*.rules.yml', '/repo/a/b/x.rules.yml', true],
  ['**/*.rules.yml', '/repo/x.yml', false],
  ['alerting/*.yaml', '/repo/alerting/a.yaml', true],
  ['alerting/*.yaml', '/repo/alerting/deep/a.yaml', false],
  ['alerting/*.yaml', '/repo/myalerting/a.yaml', false],
  ['**/helm/**', '/repo/charts/helm/templates/x.yaml', true],
  ['*.{yml,yaml}', '/repo/a.yaml', true],
  ['*.{yml,yaml}', '/repo/a.json', false],
  ['{a,b{c,d}}.yml', '/repo/bd.yml', true],
  ['prometheus?.yml', '/etc/prometheus2.yml', true],
  ['prometheus?.yml', '/etc/prometheus/.yml', false],
  ['rules.[0-9].yml', '/r/rules.7.yml', true],
  ['rules.[!0-9].yml', '/r/rules.7.yml', false],
  ['rules.[!0-9].yml', '/r/rules.x.yml', true],
  ['rules.[^0-9].yml', '/r/rules.x.yml', true],
  ['a[-]b', '/r/a-b', true],
  ['(x)+.yml', '/r/(x)+.yml', true], // regex operators are literal
  ['a.yml', '/r/aXyml', false],
  ['*.yml', '/r/line\nbreak.yml', true],
];

const INVALID: [string, RegExp][] = [
  ['[z-a].yml', /range z-a .* is reversed/],
  ['rules[0-9.yml', /unclosed \[/],
  ['*.{yml,yaml', /unclosed \{/],
  [`${'{'.repeat(20)}a${'}'.repeat(20)}`, /nest more than 8 deep/],
];

describe('documentTypes globs', () => {
  for (const [glob, path, matches] of GLOBS) {
    it(`${glob} ${matches ? 'matches' : 'does not match'} ${JSON.stringify(path)}`, () => {
      const compiled = compileEditorGlob(glob);
      assert.ok('matches' in compiled, JSON.stringify(compiled));
      assert.equal(compiled.matches(path), matches);
    });
  }
  for (const [glob, error] of INVALID) {
    it(`rejects ${glob.slice(0, 40)}`, () => {
      const compiled = compileEditorGlob(glob);
      assert.ok('error' in compiled);
      assert.match(compiled.error, error);
    });
  }

  it('matches in linear time where a backtracking engine takes minutes', () => {
    for (const [glob, path] of [
      ['*a*a*a*a*a*a*a*b', `/r/${'a'.repeat(100_000)}`],
      ['**/a/**/a/**/a/**/a/**/a/**/b', `/${'a/'.repeat(20_000)}c`],
      [`${'*a'.repeat(200)}*b`, `/r/${'a'.repeat(10_000)}`],
    ]) {
      const compiled = compileEditorGlob(glob);
      assert.ok('matches' in compiled);
      const start = performance.now();
      assert.equal(compiled.matches(path), false);
      const elapsed = performance.now() - start;
      assert.ok(elapsed < 1000, `${glob} took ${Math.round(elapsed)} ms`);
    }
  });
});
