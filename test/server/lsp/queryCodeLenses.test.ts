import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeLens } from 'vscode-languageserver-types';
import { queryCodeLenses, type RuleLensData } from '../../../server/src/lsp/queryCodeLenses';
import { CHOOSE_SERVER_COMMAND, GRAPH_QUERY_COMMAND, PREVIEW_RULE_COMMAND, RUN_QUERY_COMMAND } from '../../../server/src/lsp/protocol';
import { getLanguageService } from '../../../server/src/service/languageService';
import { runnableQueries } from '../../../server/src/service/query/documentQueries';
import { FIXTURES } from '../../support/paths';

/*
 * Where the run lenses sit, and what they run: the fixtures of test/fixtures/query/, each lens
 * written as `line: title`, and the query each `queryIndex` names, as it will be sent.
 */

const service = getLanguageService();

function lensesOf(file: string, languageId: string, servers: string[] = ['local']): { document: TextDocument; lenses: CodeLens[]; sent: string[] } {
  const document = TextDocument.create(`file:///query/${file}`, languageId, 1, readFileSync(join(FIXTURES, 'query', file), 'utf8'));
  const model = service.parseDocument(document);
  assert.ok(model, `${file} is a document of ours`);
  const queries = runnableQueries(model, document.uri);
  return { document, lenses: queryCodeLenses(document, queries, { servers, activeServer: servers[0] }), sent: queries.map((q) => q.text) };
}

const shown = (lenses: CodeLens[]): string[] => lenses.map((l) => `${l.range.start.line}: ${l.command?.title ?? `(${(l.data as RuleLensData).rule.kind} ${(l.data as RuleLensData).rule.name})`}`);

describe('run-query code lenses', () => {
  it('sit above each query of a .promql file, comments included', () => {
    const { lenses, sent } = lensesOf('queries.promql', 'promql');
    assert.deepEqual(shown(lenses), ['0: ▶ Run', '0: Graph', '0: Explain', '3: ▶ Run', '3: Graph', '3: Explain', '5: ▶ Run', '5: Graph', '5: Explain']);
    assert.deepEqual(sent, ['# Targets up, per job.\nsum by (job) (up)', 'rate(node_cpu_seconds_total{mode="idle"}[$__rate_interval])', 'up{job="$job"}\n    == 1']);
    assert.equal(lenses[6].range.start.character, 2, 'at the query\'s first character');
  });

  it('run the query they sit on, instant or range, with the lens\'s arguments', () => {
    const { lenses, document } = lensesOf('queries.promql', 'promql');
    assert.deepEqual(lenses[3].command, { title: '▶ Run', command: RUN_QUERY_COMMAND, arguments: [{ uri: document.uri, queryIndex: 1, kind: 'instant' }] });
    assert.deepEqual(lenses[4].command?.arguments, [{ uri: document.uri, queryIndex: 1, kind: 'range' }]);
    assert.equal(lenses[4].command?.command, GRAPH_QUERY_COMMAND);
    assert.deepEqual(lenses[5].command?.arguments, [{ uri: document.uri, queryIndex: 1 }]);
  });

  it('sit above each expr: of a rule file, with a lens for the rule\'s live state', () => {
    const { lenses, sent } = lensesOf('live.rules.yml', 'yaml');
    const perLine = shown(lenses).filter((l) => !/Graph|Explain/.test(l));
    assert.deepEqual(perLine, [
      '4: ▶ Run', '4: Preview', '4: (record job:up:sum)',
      '6: ▶ Run', '6: Preview', '6: (alert TargetUp)',
      '10: ▶ Run', '10: Preview', '10: (alert TargetDown)',
      '12: ▶ Run', '12: Preview', '12: (record job:never:sum)',
    ]);
    // YAML unescaped and unfolded: what Prometheus evaluates.
    assert.deepEqual(sent, ['sum by (job) (up)', 'up{job="node"} == 1', 'up{job="node"} == 0', 'sum by (job) (\n  node_does_not_exist\n)\n']);
  });

  it('preview the rule they sit on, alerting or recording, and nothing else', () => {
    const { lenses, document } = lensesOf('live.rules.yml', 'yaml');
    const previews = lenses.filter((l) => l.command?.title === 'Preview');
    assert.deepEqual(previews.map((l) => [l.range.start.line, l.command?.command, l.command?.arguments]), [4, 6, 10, 12].map((line, queryIndex) => [line, PREVIEW_RULE_COMMAND, [{ uri: document.uri, queryIndex }]]));
    assert.deepEqual(lensesOf('queries.promql', 'promql').lenses.filter((l) => l.command?.title === 'Preview'), [], 'a .promql query is no rule');
    assert.deepEqual(lensesOf('live.test.yml', 'yaml').lenses.filter((l) => l.command?.title === 'Preview'), [], 'nor is an expr: of a rule test');
  });

  it('sit above each expr: of a rule test file', () => {
    const { lenses, sent } = lensesOf('live.test.yml', 'yaml');
    assert.deepEqual(shown(lenses).filter((l) => l.endsWith('Run')), ['9: ▶ Run', '14: ▶ Run']);
    assert.deepEqual(sent, ['job:up:sum', "sum(up{job='node'})"]);
    assert.ok(lenses.every((l) => l.command), 'no rule-state lens in a test file');
  });

  it('name the server and offer another when several are configured', () => {
    const { lenses } = lensesOf('queries.promql', 'promql', ['prom', 'vm']);
    assert.deepEqual(shown(lenses).slice(0, 4), ['0: ▶ Run on prom', '0: Graph', '0: Explain', '0: ⇄ prom']);
    assert.equal(lenses[3].command?.command, CHOOSE_SERVER_COMMAND);
  });

  it('offer no rule state without a server', () => {
    const document = TextDocument.create('file:///r.yml', 'yaml', 1, readFileSync(join(FIXTURES, 'query', 'live.rules.yml'), 'utf8'));
    const lenses = queryCodeLenses(document, runnableQueries(service.parseDocument(document)!, document.uri), { servers: [], activeServer: undefined });
    assert.ok(lenses.every((l) => l.command));
    assert.equal(lenses.length, 16, 'Run, Graph, Explain and Preview on each of the four rules');
  });

  it('leave other YAML and empty files alone', () => {
    const config = TextDocument.create('file:///prometheus.yml', 'yaml', 1, 'scrape_configs:\n  - job_name: x\n');
    assert.deepEqual(runnableQueries(service.parseDocument(config)!, config.uri), []);
    const empty = TextDocument.create('file:///e.promql', 'promql', 1, '# nothing\n');
    assert.deepEqual(queryCodeLenses(empty, runnableQueries(service.parseDocument(empty)!), { servers: [], activeServer: undefined }), []);
  });
});
