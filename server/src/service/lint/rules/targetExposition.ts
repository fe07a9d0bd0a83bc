import type { LintRule } from '../lintRule';

/*
 * target/lint: the naming and cardinality rules over what a scrape target really exposes, one
 * diagnostic per target. The exposition is checked in targetLint.ts, each metric by the rules of
 * naming.ts and cardinality/label, each histogram by instrumentation/bucket-overflow.
 */

export const targetLint: LintRule = {
  code: 'target/lint',
  defaultSeverity: 'warning',
  description: 'A scrape target of prometheus.yml whose live /metrics breaks naming, cardinality or bucket rules; the related information lists each metric with its rule.',
  summary: 'a scrape target whose live `/metrics` breaks the naming or cardinality rules',
  documentation: [
    'Finds a scrape target of the workspace\'s `prometheus.yml` whose live `/metrics` breaks the naming rules (`naming/*`), `cardinality/label` or `instrumentation/bucket-overflow`: one diagnostic on its `targets:` entry, with each offending metric and its rule in the related information (the first 20).',
    'The LSP command `prometheus.targetReport` (arguments: the configuration\'s URI and a position) returns the full report as Markdown, which VS Code shows with "Prometheus: Show Target Report". Rules turned `off` are left out of it.',
    'Why: an exporter\'s names and labels are what every query and dashboard will read; they are cheapest to fix before anyone does.',
    'Fix: fix the instrumentation, or turn off the rules you do not follow.',
  ].join('\n\n'),
  liveData: 'required',
  precision: 'live only',
  appliesTo: ['scrape targets'],
};
