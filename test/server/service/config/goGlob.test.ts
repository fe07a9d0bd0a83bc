import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { goGlobSyntaxError, matchGoGlob } from '../../../../server/src/service/config/goGlob';
import { getLanguageService } from '../../../../server/src/service/languageService';
import { withLspAnswers } from '../../../support/lspAnswers';
import { nodeFileSystem } from '../../../../server/src/fileSystem/workspaceFiles';
import { runPromtool, temporaryFolder } from '../../../support/promtool';

/*
 * Go's filepath.Match, as Prometheus resolves `rule_files` and `scrape_config_files`: what matches,
 * which patterns are malformed (promtool 2.42 is the oracle of both, on real files), that matching
 * stays quick on pathological patterns, and that a malformed pattern is a diagnostic on its line.
 */

const MATCHES: [string, string, boolean][] = [
  ['*.yml', 'alerts.yml', true],
  ['*.yml', 'alerts.yaml', false],
  ['*', 'a/b', false], // `*` never crosses `/`
  ['a?c', 'a/c', false],
  ['rules?.yml', 'rules1.yml', true],
  ['[ab]*.yml', 'b.yml', true],
  ['[^ab]*.yml', 'b.yml', false],
  ['[!a]*.yml', '!.yml', true], // `!` is no negation in Go
  ['[!a]*.yml', 'b.yml', false],
  ['[a-c]?.yml', 'bx.yml', true],
  ['[z-a].yml', 'a.yml', false], // a reversed range is valid and matches nothing
  ['[\\]].yml', '].yml', true],
  ['\\*.yml', '*.yml', true],
  ['\\*.yml', 'a.yml', false],
  ['?.yml', 'é.yml', true],
  ['[à-ü].yml', 'é.yml', true],
  ['a*b*c', 'abxbc', true],
  ['a*b', 'abab', true],
  ['*a*b', 'aaab', true],
  ['**.yml', 'x.yml', true],
  ['alerts.yml', 'alerts.yml', true],
];

const MALFORMED = ['[a', 'x\\', '[]a].yml', '[a-].yml', '[^].yml', 'a[', '*.yml[', 'dir/[-a].yml', '[\\'];
const WELL_FORMED = ['[z-a]*.yml', '*.yml', 'dir/[^a]*.yml', '[!a]*', '[\\]]', 'd?r/*.yml', 'd[i]r/x.yml', '[a-c]', 'a\\*b'];

/** Names of real rule files in the oracle's folder. */
const NAMES = ['a.yml', 'b.yml', 'ab.yml', '!.yml', '-.yml', ']x.yml', 'é.yml', 'aXb.yml', 'rules1.yml', 'zz.yaml'];
const ORACLE_PATTERNS = ['*.yml', '?.yml', '[!a].yml', '[^a].yml', '[a-b]*', '[\\]]*', '[z-a]*', 'a*b.yml', '*b*', 'rules?.yml', '[-a]*', '*.y*l', '\\!.yml'];

/** Well under a second per call: the regular expressions this replaced took minutes. */
function assertQuick(what: string, run: () => void): void {
  const start = performance.now();
  run();
  const elapsed = performance.now() - start;
  assert.ok(elapsed < 1000, `${what} took ${Math.round(elapsed)} ms`);
}

describe("Go's filepath.Match (rule_files, scrape_config_files)", () => {
  for (const [pattern, name, matches] of MATCHES) {
    it(`${pattern} ${matches ? 'matches' : 'does not match'} ${name}`, () => assert.equal(matchGoGlob(pattern, name), matches));
  }
  for (const pattern of MALFORMED) it(`rejects ${pattern}`, () => assert.equal(goGlobSyntaxError(pattern), 'syntax error in pattern'));
  for (const pattern of WELL_FORMED) it(`accepts ${pattern}`, () => assert.equal(goGlobSyntaxError(pattern), null));

  describe('agrees with promtool 2.42', () => {
    let folder: { dir: string; remove: () => void };
    before(() => {
      folder = temporaryFolder('go-glob-');
      for (const name of NAMES) fs.writeFileSync(path.join(folder.dir, name), 'groups: []\n');
    });
    after(() => folder.remove());

    const promtool = (pattern: string) => {
      fs.writeFileSync(path.join(folder.dir, 'prometheus.conf'), `rule_files:\n  - '${pattern.replace(/'/g, "''")}'\n`);
      return runPromtool(['check', 'config', 'prometheus.conf'], folder.dir);
    };

    it('on which patterns are malformed', function () {
      this.timeout(60_000);
      for (const pattern of [...MALFORMED, ...WELL_FORMED]) {
        const { output } = promtool(pattern);
        assert.equal(output.includes('syntax error in pattern'), goGlobSyntaxError(pattern) !== null, `${pattern}: promtool says ${output}`);
      }
    });

    it('on which files a pattern matches', function () {
      this.timeout(60_000);
      for (const pattern of ORACLE_PATTERNS) {
        const { output } = promtool(pattern);
        const found = /SUCCESS: (\d+) rule files found/.exec(output);
        const expected = NAMES.filter((name) => matchGoGlob(pattern, name)).length;
        assert.equal(found ? Number(found[1]) : 0, expected, `${pattern}: promtool says ${output}`);
      }
    });
  });

  describe('matches in time bounded by the lengths', () => {
    const long = 'a'.repeat(10_000);
    it('*a*a*a*a*a*a*a*b against 10,000 characters', () => assertQuick('stars', () => assert.equal(matchGoGlob('*a*a*a*a*a*a*a*b', long), false)));
    it('a hundred stars against 10,000 characters', () => assertQuick('stars', () => assert.equal(matchGoGlob(`${'*a'.repeat(100)}*b`, long), false)));
    it('a long class-heavy pattern', () => assertQuick('classes', () => assert.equal(matchGoGlob(`*${'[a-z]'.repeat(100)}!`, long), false)));
  });

  describe('through the language service, on real files', () => {
    let folder: { dir: string; remove: () => void };
    before(() => {
      folder = temporaryFolder('go-glob-service-');
      fs.mkdirSync(path.join(folder.dir, 'dir'));
      fs.writeFileSync(path.join(folder.dir, 'dir', 'x.yml'), 'groups: []\n');
    });
    after(() => folder.remove());

    it('reports a malformed pattern on its line, a reversed range as matching nothing, and follows wildcards in folders', () => {
      const service = withLspAnswers(getLanguageService({ fileSystem: nodeFileSystem }));
      const text = "rule_files:\n  - '[z-a]*.yml'\n  - '[a'\n  - 'd?r/*.yml'\n  - 'd[i]r/x.yml'\n  - '*/x.yml'\nscrape_config_files:\n  - 'jobs/[^]'\n";
      const uri = `file://${folder.dir}/prometheus.yml`;
      const document = TextDocument.create(uri, 'yaml', 1, text);
      const found = service.validate(document, service.parseDocument(document)!)
        .filter((d) => d.code === 'config/invalid' || d.code === 'config/no-match')
        .map((d) => [d.range.start.line, d.code, d.message]);
      assert.deepEqual(found, [
        [2, 'config/invalid', 'error retrieving rule files for "[a": syntax error in pattern'],
        [5, 'config/invalid', 'invalid rule file path "*/x.yml"'],
        [7, 'config/invalid', 'error retrieving scrape config files for "jobs/[^]": syntax error in pattern'],
        [1, 'config/no-match', 'rule_files: no file matches "[z-a]*.yml"; Prometheus will load nothing from it'],
      ]);
    });

    it('lists a bounded number of folders for wildcards in folders', () => {
      const wide = temporaryFolder('go-glob-wide-');
      try {
        // 66 one-character folders, each with one rule file: more folders than one pattern may list.
        for (const letter of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=+'.split('')) {
          fs.mkdirSync(path.join(wide.dir, letter));
          fs.writeFileSync(path.join(wide.dir, letter, 'x.yml'), 'groups: []\n');
        }
        const service = withLspAnswers(getLanguageService({ fileSystem: nodeFileSystem }));
        const text = "rule_files:\n  - '?/nothing.yml'\n  - '[a-c]/nothing.yml'\n";
        const document = TextDocument.create(`file://${wide.dir}/prometheus.yml`, 'yaml', 1, text);
        const noMatch = service.validate(document, service.parseDocument(document)!).filter((d) => d.code === 'config/no-match');
        // `?` stands for 66 folders, past the budget: no verdict; `[a-c]` for 3: no file there.
        assert.deepEqual(noMatch.map((d) => d.range.start.line), [2]);
      } finally {
        wide.remove();
      }
    });
  });
});
