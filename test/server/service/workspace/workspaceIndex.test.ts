import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { findCheckedFiles } from '../../../../server/src/cli/check/fileDiscovery';
import { parseYamlDocument, type YamlDocumentModel } from '../../../../server/src/service/documents/yamlDocument';
import { getLanguageService } from '../../../../server/src/service/languageService';
import { indexDocument, type FileIndex, type MetricUse } from '../../../../server/src/service/rules/ruleIndex';
import { recordingRuleKey, WorkspaceIndex } from '../../../../server/src/service/workspace/workspaceIndex';
import { CORPUS } from '../../../support/paths';
import { random, randomEdit } from '../../../support/randomEdits';

const service = getLanguageService();

function indexed(uri: string, text: string) {
  const document = TextDocument.create(uri, 'yaml', 1, text);
  return indexDocument(uri, service.parseDocument(document)!);
}

const rules = (recordExpr: string, alertExpr: string): string =>
  `groups:\n  - name: g\n    rules:\n      - record: job:a:sum\n        expr: ${recordExpr}\n      - alert: A\n        expr: ${alertExpr}\n`;

describe('WorkspaceIndex: the rule graph', () => {
  it('is kept while edits leave the recording rules alone, and rebuilt when they change them', () => {
    const index = new WorkspaceIndex();
    index.set(indexed('file:///w/a.yml', rules('sum(x)', 'job:a:sum > 1')));
    index.set(indexed('file:///w/b.yml', 'groups:\n  - name: h\n    rules:\n      - record: job:b:sum\n        expr: sum(job:a:sum)\n'));
    const graph = index.recordingGraph();
    const a = recordingRuleKey('file:///w/a.yml', 'job:a:sum');
    assert.equal(graph.cycleThrough(a), null);

    index.set(indexed('file:///w/a.yml', rules('sum(x)', 'job:a:sum > 2')));
    assert.equal(index.recordingGraph(), graph, 'an alert changed: the graph stands');

    // Across files, rules are not known to run in one Prometheus: no cycle.
    index.set(indexed('file:///w/a.yml', rules('sum(job:b:sum)', 'job:a:sum > 2')));
    assert.notEqual(index.recordingGraph(), graph);
    assert.equal(index.recordingGraph().cycleThrough(a), null);

    // Within a file, they are.
    const acrossFiles = index.recordingGraph();
    index.set(indexed('file:///w/a.yml', `${rules('sum(job:b:sum)', 'job:a:sum > 2')}      - record: job:b:sum\n        expr: sum(job:a:sum)\n`));
    assert.notEqual(index.recordingGraph(), acrossFiles);
    assert.deepEqual(index.recordingGraph().cycleThrough(a), [a, recordingRuleKey('file:///w/a.yml', 'job:b:sum'), a]);

    const withCycle = index.recordingGraph();
    index.set(indexed('file:///w/a.yml', rules('sum(job:b:sum)', 'job:a:sum > 2')));
    assert.notEqual(index.recordingGraph(), withCycle);
    assert.equal(index.recordingGraph().cycleThrough(a), null);
  });
});

/** A list of entries with each file's together, files in name order (the order of files is the order they were indexed in). */
function byFile<T extends { uri: string }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
}

/** What the index answers about the names and rules of one file, in a form to compare. */
function answers(index: WorkspaceIndex, files: readonly FileIndex[]): unknown {
  const names = new Set(files.flatMap((f) => [...f.definitions, ...f.uses].map((e) => e.name)));
  return {
    names: [...names].sort().map((name) => ({ name, definitions: byFile(index.definitions(name)), records: byFile(index.records(name)), uses: byFile(index.uses(name)) })),
    reads: files.flatMap((f) => f.definitions.map((d) => index.readsOfRule(d))),
    cycles: files.flatMap((f) => f.definitions.filter((d) => d.kind === 'record').map((d) => index.recordingGraph().cycleThrough(recordingRuleKey(d.uri, d.name)))),
    used: [...index.usedNames()].sort(),
    definitions: byFile(index.allDefinitions()).length,
    // Completion's names (kept by the index between changes of its names): recording rules', then those only read.
    completionRecords: index.metricNames().names.slice(0, index.metricNames().records).sort(),
    completionRead: index.metricNames().names.slice(index.metricNames().records).sort(),
    readOnlyWithinFirstUse: files.map((f) => (f.uses.length > 0 ? [...index.namesReadOnlyWithin(f.uri, f.uses[0].range)].sort() : [])),
  };
}

describe('WorkspaceIndex updated by difference', () => {
  it('answers as an index built afresh, over random edits of real rule files', function () {
    this.timeout(300_000);
    const files = findCheckedFiles([path.join(CORPUS, 'rules')]).files.filter((f) => /\.ya?ml$/i.test(f) && fs.statSync(f).size < 100_000).slice(0, 80);
    assert.ok(files.length >= 40, `${files.length} files`);
    const uriOf = (file: string): string => `file://${file}`;
    const models = new Map<string, YamlDocumentModel>();
    const fresh = new Map<string, FileIndex>();
    const index = new WorkspaceIndex();
    for (const file of files) {
      const model = parseYamlDocument(fs.readFileSync(file, 'utf8'), file);
      if (!model) continue;
      models.set(file, model);
      fresh.set(file, indexDocument(uriOf(file), model));
      index.set(indexDocument(uriOf(file), model));
    }
    const next = random(29);
    let compared = 0;
    for (const file of models.keys()) {
      let model = models.get(file)!;
      let text = model.text;
      for (let i = 0; i < 8; i++) {
        text = randomEdit(text, next);
        const before = index.file(uriOf(file))!;
        const incremental = parseYamlDocument(text, file, undefined, model);
        const parsed = parseYamlDocument(text, file);
        if (!incremental || !parsed) break;
        index.set(indexDocument(uriOf(file), incremental));
        fresh.set(file, indexDocument(uriOf(file), parsed));
        const afresh = new WorkspaceIndex();
        for (const f of fresh.values()) afresh.set(f);
        const where = `${path.basename(file)}, edit ${i + 1}`;
        const touched = [before, index.file(uriOf(file))!];
        assert.deepEqual(answers(index, touched), answers(afresh, touched), where);
        compared++;
        model = incremental;
      }
    }
    assert.ok(compared > 200, `${compared} edits compared`);
  });
});

describe('WorkspaceIndex updated by a large paste', () => {
  const uri = 'file:///w/paste.yml';
  const use = (name: string, start: number, groupIndex: number, ruleIndex: number): MetricUse =>
    ({ uri, name, range: { start, end: start + name.length }, inRule: { group: `g${groupIndex}`, groupIndex, ruleIndex, name: `r${ruleIndex}` } });

  it('takes 200,000 new uses of one name in one edit, as an index built afresh', () => {
    const index = new WorkspaceIndex();
    index.set({ uri, definitions: [], uses: [use('foo', 10, 0, 0), use('up', 20, 0, 0), use('up', 100, 1, 0)] });
    const pasted = Array.from({ length: 200_000 }, (_, i) => use('up', 20 + i * 10, 0, i));
    const after = { uri, definitions: [], uses: [...pasted, use('up', 2_000_100, 1, 0)] };
    index.set(after);
    const afresh = new WorkspaceIndex();
    afresh.set(after);
    assert.equal(index.uses('up').length, 200_001);
    assert.deepEqual(index.uses('up'), afresh.uses('up'));
    assert.deepEqual(index.uses('foo'), []);
    // And back: the paste undone.
    index.set({ uri, definitions: [], uses: [use('foo', 10, 0, 0), use('up', 20, 0, 0), use('up', 100, 1, 0)] });
    assert.deepEqual(index.uses('up').map((u) => u.range.start), [20, 100]);
  });
});

describe('WorkspaceIndex: what it keeps of past texts', () => {
  it('keeps no past version of a file\'s text alive through the names read that came or went', () => {
    // A name typed a character at a time comes and goes at every keystroke; the index notes each
    // (readNamesChangedSince). A name cut from a text is, in V8, a view of that whole text: noted
    // as it is, every version typed would stay in memory (up to 1,024 of them).
    v8.setFlagsFromString('--expose-gc');
    const collect = vm.runInNewContext('gc') as () => void;
    const largeObjectBytes = (): number => {
      collect();
      return v8.getHeapSpaceStatistics().filter((s) => s.space_name === 'large_object_space' || s.space_name === 'new_large_object_space').reduce((sum, s) => sum + s.space_used_size, 0);
    };
    const groups: string[] = [];
    for (let g = 0; g < 40; g++) groups.push(`  - name: g${g}\n    rules:\n      - record: job:r${g}:sum\n        expr: sum(rate(requests_total{job="api"}[5m]))\n      - alert: A${g}\n        expr: job:r${g}:sum > 1\n`);
    const before = `groups:\n${groups.slice(0, 20).join('')}  - name: typed\n    rules:\n      - alert: T\n        expr: `;
    // A long comment makes the text large (one the engine keeps apart, as a 2.3 MB rule file's) without slowing the parse.
    const after = `\n${groups.slice(20).join('')}${`# ${'-'.repeat(98)}\n`.repeat(2500)}`;
    const typed = 'http_server_requests_seconds_count';
    const index = new WorkspaceIndex();
    index.set(indexed('file:///w/typed.yml', `${before}x${after}`));
    const baseline = largeObjectBytes();
    let size = 0;
    for (let i = 1; i <= typed.length; i++) {
      const text = `${before}${typed.slice(0, i)}${after}`;
      size = text.length;
      index.set(indexed('file:///w/typed.yml', text));
    }
    assert.ok(size > 200_000, `${size} characters: a text the engine keeps as a large object`);
    assert.ok(index.readNamesChangedSince(0)?.some((name) => name.length > 20), 'the long names typed were noted');
    const kept = (largeObjectBytes() - baseline) / size;
    assert.ok(kept < 4, `${kept.toFixed(1)} texts' worth kept after ${typed.length} keystrokes`);
  });
});
