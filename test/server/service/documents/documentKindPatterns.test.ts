import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentKindPatterns } from '../../../../server/src/service/documents/documentKindPatterns';
import { getLanguageService } from '../../../../server/src/service/languageService';
import { withLspAnswers } from '../../../support/lspAnswers';

describe('the documentTypes setting', () => {
  it('forces a kind over the content, or leaves files alone', () => {
    let patterns = new DocumentKindPatterns({ '**/odd/*.yaml': 'rules', '**/vendor/**': 'none', 'bad/*': 'nonsense' });
    const service = withLspAnswers(getLanguageService({ documentKinds: () => patterns }));
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
    const service = withLspAnswers(getLanguageService({ documentKinds: () => patterns }));
    // An item without job_name: the content alone does not say it is a scrape config list.
    const document = TextDocument.create('file:///repo/additional/jobs.yaml', 'yaml', 1, '- static_configs:\n  - targets: [a:1]\n');
    const model = service.parseDocument(document);
    assert.equal(model?.kind, 'scrapeConfigs');
    assert.deepEqual(service.validate(document, model!).map((d) => d.message), ['missing required field job_name in scrape_config']);
  });

  it('ignores an invalid entry and says why, once', () => {
    const patterns = new DocumentKindPatterns({ '[z-a]/*.yml': 'rules', 'bad/*': 'nonsense', '**/ok/*.yml': 'rules', '*.{yml': 'none' });
    assert.deepEqual(patterns.problems, [
      'prometheus.documentTypes: "[z-a]/*.yml" is not a valid glob (the range z-a in [z-a] is reversed); ignored',
      'prometheus.documentTypes: "bad/*" maps to "nonsense", not config, rules, ruleTests, scrapeConfigs or none; ignored',
      'prometheus.documentTypes: "*.{yml" is not a valid glob (unclosed { at 3); ignored',
    ]);
    assert.equal(patterns.kindOf('file:///repo/ok/x.yml'), 'rules');
    assert.equal(patterns.kindOf('file:///repo/z/x.yml'), undefined);
  });

  it('reads a URI with a malformed escape without throwing', () => {
    const patterns = new DocumentKindPatterns({ '**/*%E0%A4%A.yml': 'rules' });
    assert.equal(patterns.kindOf('file:///repo/a%E0%A4%A.yml'), 'rules');
  });

  it('decides quickly on a pathological pattern and a long path', () => {
    const patterns = new DocumentKindPatterns({ '*a*a*a*a*a*a*a*b': 'rules' });
    const start = performance.now();
    assert.equal(patterns.kindOf(`file:///repo/${'a'.repeat(50_000)}`), undefined);
    assert.ok(performance.now() - start < 1000);
  });
});
