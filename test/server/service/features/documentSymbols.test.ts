import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentSymbol } from 'vscode-languageserver-types';
import { getLanguageService } from '../../../../server/src/service/languageService';
import { withLspAnswers } from '../../../support/lspAnswers';

const service = withLspAnswers(getLanguageService());

function outline(text: string, languageId = 'yaml', uri = 'file:///x.yml'): string[] {
  const document = TextDocument.create(uri, languageId, 1, text);
  const lines: string[] = [];
  const walk = (symbols: DocumentSymbol[], depth: number): void => {
    for (const s of symbols) {
      lines.push(`${'  '.repeat(depth)}${s.name} @${s.selectionRange.start.line}:${s.selectionRange.start.character}`);
      walk(s.children ?? [], depth + 1);
    }
  };
  walk(service.documentSymbols(document, service.parseDocument(document)!), 0);
  return lines;
}

describe('outline', () => {
  it('shows groups and their rules in a rule file', () => {
    const text = 'groups:\n- name: api\n  rules:\n  - record: job:errors:rate5m\n    expr: sum(rate(errors_total[5m]))\n  - alert: HighErrors\n    expr: job:errors:rate5m > 1\n';
    assert.deepEqual(outline(text), ['api @1:8', '  job:errors:rate5m @3:12', '  HighErrors @5:11']);
  });

  it('shows the scrape jobs of a configuration', () => {
    const text = 'global:\n  scrape_interval: 15s\nscrape_configs:\n- job_name: node\n  static_configs: []\n- job_name: api\n';
    assert.deepEqual(outline(text, 'yaml', 'file:///prometheus.yml'), ['global @0:0', 'scrape_configs @2:0', '  node @3:12', '  api @5:12']);
  });

  it('shows the jobs of a scrape config list', () => {
    const text = '- job_name: node\n  static_configs: []\n- job_name: api\n';
    assert.deepEqual(outline(text, 'yaml', 'file:///prometheus-additional.yaml'), ['node @0:12', 'api @2:12']);
  });

  it('shows the queries of a .promql file', () => {
    assert.deepEqual(outline('# rate\nrate(x[5m])\n\nsum(up)\n', 'promql', 'file:///q.promql'), ['rate(x[5m]) @0:0', 'sum(up) @3:0']);
  });

  it('shows the groups of a PrometheusRule resource', () => {
    const text = 'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec:\n  groups:\n  - name: k8s\n    rules:\n    - alert: Down\n      expr: up == 0\n';
    assert.deepEqual(outline(text), ['k8s @4:10', '  Down @6:13']);
  });
});

describe('folding', () => {
  it('folds groups, rules and multi-line values in YAML, and multi-line queries', () => {
    const yaml = TextDocument.create('file:///r.yml', 'yaml', 1, 'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: |\n      sum(x)\n        by (job)\n');
    const ranges = service.foldingRanges(yaml, service.parseDocument(yaml)!).map((r) => `${r.startLine}-${r.endLine}`);
    for (const expected of ['0-6', '1-6', '2-6', '3-6', '4-6']) assert.ok(ranges.includes(expected), `${expected} in ${ranges}`);
    const promql = TextDocument.create('file:///q.promql', 'promql', 1, 'sum(\n  x\n)\n\nup\n');
    assert.deepEqual(service.foldingRanges(promql, service.parseDocument(promql)!).map((r) => `${r.startLine}-${r.endLine}`), ['0-2']);
  });
});
