import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../../../server/src/service/languageService';
import { indexDocument } from '../../../../server/src/service/rules/ruleIndex';
import { recordingRuleKey, WorkspaceIndex } from '../../../../server/src/service/workspace/workspaceIndex';

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
