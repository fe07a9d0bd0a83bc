import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileSystem } from '../../../../server/src/service/config/fileReferences';
import { getLanguageService } from '../../../../server/src/service/languageService';
import { withLspAnswers } from '../../../support/lspAnswers';
import { indexDocument } from '../../../../server/src/service/rules/ruleIndex';
import { WorkspaceIndex } from '../../../../server/src/service/workspace/workspaceIndex';

const service = withLspAnswers(getLanguageService());

function complete(marked: string): string[] {
  const offset = marked.indexOf('|');
  const document = TextDocument.create('file:///rules.yml', 'yaml', 1, marked.replace('|', ''));
  return service.complete(document, service.parseDocument(document)!, offset).items.map((i) => i.label);
}

function hover(marked: string): string | null {
  const offset = marked.indexOf('|');
  const document = TextDocument.create('file:///rules.yml', 'yaml', 1, marked.replace('|', ''));
  const result = service.hover(document, service.parseDocument(document)!, offset);
  return result && typeof result.contents === 'object' && 'value' in result.contents ? result.contents.value : null;
}

/** Fifty rule groups before the cursor's, with blank and comment lines: completion walks up past them to `groups:`. */
const GROUPS_BEFORE = Array.from({ length: 50 }, (_, i) => `  - name: g${i}\n    rules:\n      - record: r${i}\n        expr: up\n\n  # group ${i + 1}\n`).join('');

/** Cursor (|) in a rule file, and what completion must offer (all of it) and must not. */
const CASES: [string, string[], string[]][] = [
  [`groups:\n${GROUPS_BEFORE}  - name: last\n    rules:\n      - alert: A\n        |`, ['expr', 'for', 'keep_firing_for', 'labels', 'annotations'], ['alert', 'name']],
  [`groups:\n${GROUPS_BEFORE}  - name: last\n    |`, ['rules', 'interval', 'query_offset', 'limit', 'labels'], ['name', 'expr']],
  [`groups:\n${GROUPS_BEFORE}  - name: last\n    rules:\n      - alert: A\n        for: 5m\n        labels:\n          team: sre\n        |`, ['expr', 'keep_firing_for', 'annotations'], ['alert', 'for', 'labels']],
  ['groups:\n  - name: g\n    rules:\n      - alert: A\n        |', ['expr', 'for', 'keep_firing_for', 'labels', 'annotations'], ['alert', 'name']],
  ['groups:\n  - name: g\n    |', ['rules', 'interval', 'query_offset', 'limit', 'labels'], ['name', 'expr']],
  ['groups:\n  - |', ['name', 'rules', 'interval'], ['expr']],
  ['|', ['groups'], ['expr']],
  ['groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: sum by (job, instance) (up) == 0\n        annotations:\n          summary: "{{ $labels.| }}"\n', ['job', 'instance'], ['__name__']],
  ['groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        annotations:\n          summary: "{{ hum| }}"\n', ['humanize', 'humanizePercentage', '$value', '$labels'], []],
];

/** Places in YAML where nothing may be offered: comments and the scalars that are not PromQL. */
const SILENT: string[] = [
  '# p95 latency per mod|',
  'groups:\n  - name: g\n    # the API\'s rul|',
  'groups:\n  - name: g\n    rules:\n      - alert: A  # pages the on-call|\n',
  'groups:\n  - name: api-slo|',
  'groups:\n  - name: g\n    interval: 1|',
  'groups:\n  - name: g\n    rules:\n      - alert: HighErr|',
  'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        for: 5|',
  `groups:\n${GROUPS_BEFORE}  - name: last\n    rules:\n      - alert: A\n        for: 5m |\n        expr: up == 0\n`,
  'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        labels:\n          severity: pa|',
  'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        annotations:\n          summary: Instance is do|',
];

describe('completion in rule files', () => {
  for (const marked of SILENT) {
    it(`offers nothing at ${JSON.stringify(marked.slice(-40))}`, () => assert.deepEqual(complete(marked), []));
  }

  it('offers the labels a recording rule of the workspace keeps, for $labels. in an alert that reads it', () => {
    const recording = TextDocument.create('file:///w/recording.yml', 'yaml', 1,
      'groups:\n  - name: llm\n    rules:\n      - record: model:llm_requests:rate5m\n        expr: sum by (model) (rate(llm_requests_total[5m]))\n'
      + '      - record: model:llm_errors:ratio5m\n        expr: model:llm_requests:rate5m{status="error"} / ignoring(status) model:llm_requests:rate5m\n');
    const index = new WorkspaceIndex();
    index.set(indexDocument(recording.uri, service.parseDocument(recording)!));
    const marked = 'groups:\n  - name: alerts\n    rules:\n      - alert: ModelErrors\n        expr: model:llm_errors:ratio5m > 0.05\n        annotations:\n          summary: "{{ $labels.| }}"\n';
    const offset = marked.indexOf('|');
    const document = TextDocument.create('file:///w/alerts.yml', 'yaml', 1, marked.replace('|', ''));
    const labels = service.complete(document, service.parseDocument(document)!, offset, index).items.map((i) => i.label);
    assert.deepEqual(labels, ['model']);
    // Without the index, nothing is known of the rule's labels.
    assert.deepEqual(complete(marked), []);
  });

  it('completes the paths of rule_files: and scrape_config_files: from the configuration\'s folder', () => {
    const folder = mkdtempSync(join(tmpdir(), 'prometheus-lsp-paths-'));
    try {
      mkdirSync(join(folder, 'rules'));
      writeFileSync(join(folder, 'rules', 'api.yml'), 'groups: []\n');
      writeFileSync(join(folder, 'rules', 'notes.txt'), '');
      writeFileSync(join(folder, 'alerts.yaml'), 'groups: []\n');
      const fileSystem: FileSystem = { listDirectory: (uri) => { try { return readdirSync(fileURLToPath(uri)); } catch { return null; } } };
      const withFiles = withLspAnswers(getLanguageService({ fileSystem }));
      const config = pathToFileURL(join(folder, 'prometheus.yml')).href;
      const offered = (marked: string): string[] => {
        const offset = marked.indexOf('|');
        const document = TextDocument.create(config, 'yaml', 1, marked.replace('|', ''));
        return withFiles.complete(document, withFiles.parseDocument(document)!, offset).items.map((i) => i.label);
      };
      assert.deepEqual(offered('rule_files:\n  - |').sort(), ['alerts.yaml', 'rules/']);
      assert.deepEqual(offered('rule_files:\n  - rules/|'), ['api.yml']);
      assert.deepEqual(offered('global:\n  scrape_interval: 15s\nrule_files:\n  - "rules/a|"\n'), ['api.yml']);
      assert.deepEqual(offered('scrape_config_files:\n- |').sort(), ['alerts.yaml', 'rules/']);
      assert.deepEqual(offered('rule_files:\n  - rules/*/|'), []);
      assert.ok(!offered('scrape_configs:\n  - |').includes('rules/'));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });


  for (const [marked, wanted, unwanted] of CASES) {
    it(JSON.stringify(marked.slice(-50)), () => {
      const labels = complete(marked);
      for (const w of wanted) assert.ok(labels.includes(w), `${w} missing from ${labels.join(', ')}`);
      for (const u of unwanted) assert.ok(!labels.includes(u), `${u} offered`);
    });
  }

  it('answers at the very start of a document that begins with a line break (found by fuzzing: it used to loop)', () => {
    for (const text of ['\n', '\n\ngroups:\n', '']) {
      const document = TextDocument.create('file:///rules.yml', 'yaml', 1, text);
      const model = service.parseDocument(document);
      if (!model) continue;
      assert.ok(Array.isArray(service.complete(document, model, 0).items));
      service.hover(document, model, 0);
    }
  });

  it('explains a key on hover, with its type and default', () => {
    const text = hover('groups:\n  - name: g\n    rules:\n      - alert: A\n        f|or: 5m\n');
    assert.match(text ?? '', /\*\*for\*\*: duration/);
    assert.match(text ?? '', /Default: `0s`/);
    assert.equal(hover('groups:\n  - name: g\n    rules:\n      - alert: A\n        for: 5|m\n'), null);
  });
});
