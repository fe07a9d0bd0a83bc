import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentKindPatterns, globToRegExp } from '../../../../server/src/service/documents/documentKindPatterns';
import { getLanguageService } from '../../../../server/src/service/languageService';

const GLOBS: [string, string, boolean][] = [
  ['**/*.rules.yml', '/repo/a/b/x.rules.yml', true],
  ['**/*.rules.yml', '/repo/x.yml', false],
  ['alerting/*.yaml', '/repo/alerting/a.yaml', true],
  ['alerting/*.yaml', '/repo/alerting/deep/a.yaml', false],
  ['**/helm/**', '/repo/charts/helm/templates/x.yaml', true],
  ['*.{yml,yaml}', '/repo/a.yaml', true],
  ['prometheus?.yml', '/etc/prometheus2.yml', true],
];

describe('the documentTypes setting', () => {
  for (const [glob, path, matches] of GLOBS) {
    it(`${glob} ${matches ? 'matches' : 'does not match'} ${path}`, () => assert.equal(globToRegExp(glob).test(path), matches));
  }

  it('forces a kind over the content, or leaves files alone', () => {
    let patterns = new DocumentKindPatterns({ '**/odd/*.yaml': 'rules', '**/vendor/**': 'none', 'bad/*': 'nonsense' });
    const service = getLanguageService({ documentKinds: () => patterns });
    const forced = TextDocument.create('file:///repo/odd/x.yaml', 'yaml', 1, 'name: looks like nothing\n');
    assert.equal(service.parseDocument(forced)?.kind, 'rules');
    const ignored = TextDocument.create('file:///repo/vendor/prometheus.yml', 'yaml', 1, 'scrape_configs: [\n');
    assert.equal(service.parseDocument(ignored), null);
    const untouched = TextDocument.create('file:///repo/bad/x.yaml', 'yaml', 1, 'groups: []\n');
    assert.equal(service.parseDocument(untouched)?.kind, 'rules');
    patterns = new DocumentKindPatterns();
    assert.equal(service.parseDocument(forced), null);
  });

  it('forces a scrape config list, validated item by item', () => {
    const patterns = new DocumentKindPatterns({ '**/additional/*.yaml': 'scrapeConfigs' });
    const service = getLanguageService({ documentKinds: () => patterns });
    // An item without job_name: the content alone does not say it is a scrape config list.
    const document = TextDocument.create('file:///repo/additional/jobs.yaml', 'yaml', 1, '- static_configs:\n  - targets: [a:1]\n');
    const model = service.parseDocument(document);
    assert.equal(model?.kind, 'scrapeConfigs');
    assert.deepEqual(service.validate(document, model!).map((d) => d.message), ['missing required field job_name in scrape_config']);
  });
});
