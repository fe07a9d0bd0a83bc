import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileSystem } from '../../../../server/src/service/config/fileReferences';
import { getLanguageService } from '../../../../server/src/service/languageService';
import { withLspAnswers } from '../../../support/lspAnswers';

/** A folder tree in memory: the real FileSystem interface, over data the test controls. */
function tree(folders: Record<string, string[]>): FileSystem {
  return { listDirectory: (uri) => folders[uri] ?? null };
}

describe('rule_files and scrape_config_files globs', () => {
  it('warns where a pattern matches no file, relative to the configuration', () => {
    const service = withLspAnswers(getLanguageService({ fileSystem: tree({ 'file:///etc/prometheus/rules': ['a.rules.yml', 'b.txt'], 'file:///etc/prometheus': ['rules', 'prometheus.yml'] }) }));
    const text = 'rule_files:\n  - rules/*.rules.yml\n  - rules/*.yaml\n  - missing/*.yml\n  - prometheus.yml\nscrape_configs: []\n';
    const document = TextDocument.create('file:///etc/prometheus/prometheus.yml', 'yaml', 1, text);
    const warnings = service.validate(document, service.parseDocument(document)!).filter((d) => d.code === 'config/no-match');
    assert.deepEqual(warnings.map((d) => [d.range.start.line, String(d.message)]), [
      [2, 'rule_files: no file matches "rules/*.yaml"; Prometheus will load nothing from it'],
      [3, 'rule_files: no file matches "missing/*.yml"; Prometheus will load nothing from it'],
    ]);
  });
});
