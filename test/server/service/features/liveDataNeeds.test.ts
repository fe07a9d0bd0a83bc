import * as assert from 'node:assert/strict';
import { Workspace } from '../../../../server/src/service/workspace/workspace';
import type { LiveDataNeed } from '../../../../server/src/service/features/liveDataNeeds';

/* What a completion or hover at the caret (`|`) fetches from the live sources before it answers. */

function needAt(uri: string, marked: string, forHover = false): LiveDataNeed | null {
  const workspace = new Workspace();
  workspace.applyChange(uri, marked.replace('|', ''), { open: true });
  return workspace.liveDataNeed(uri, marked.indexOf('|'), forHover);
}

describe('live data a completion or hover needs', () => {
  const cases: { name: string; marked: string; forHover?: boolean; uri?: string; need: LiveDataNeed | null }[] = [
    { name: 'a label value of a metric', marked: 'up{job="|"}', need: { kind: 'labelValues', label: 'job', metric: 'up' } },
    { name: 'a label name of a metric', marked: 'up{|}', need: { kind: 'labelNames', metrics: ['up'] } },
    { name: 'the labels of by (…): the label names of the aggregated metrics', marked: 'sum by (|) (rate(a_total[5m]) + b)', need: { kind: 'labelNames', metrics: ['a_total', 'b'] } },
    { name: 'a metric name: the catalog only', marked: 'rate(http_|', need: { kind: 'catalog' } },
    { name: 'a hover on a metric: its label names', marked: 'sum(node_lo|ad1)', forHover: true, need: { kind: 'labelNames', metrics: ['node_load1'] } },
    { name: 'a hover between words: the catalog only', marked: 'sum(x) |+ 1', forHover: true, need: { kind: 'catalog' } },
    { name: 'a rule file\'s expr: the same, through the YAML scalar', uri: 'file:///w/r.yml', marked: 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up{job="|"} == 0\n', need: { kind: 'labelValues', label: 'job', metric: 'up' } },
    { name: 'outside PromQL: nothing', uri: 'file:///w/r.yml', marked: 'groups:\n  - name: |g\n', need: null },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(needAt(c.uri ?? 'file:///w/q.promql', c.marked, c.forHover), c.need);
    });
  }
});
