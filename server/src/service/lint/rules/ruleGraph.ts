import type { LintRule, RuleGraphFile } from '../lintRule';

/*
 * The rules of the workspace's recording-rule graph, each with its check of one file against the
 * rule index of every file (which rule reads which, and in what order); service/features/ruleGraph.ts
 * runs them. Groups run independently: only the order within a group is Prometheus' (an alert
 * reading a rule of another group is the layout of every mixin).
 */

export const evaluationOrder: LintRule = {
  code: 'rules/evaluation-order',
  defaultSeverity: 'info',
  description: 'An expression reads a recording rule that is written later in its own group: it reads the value of the previous evaluation.',
  summary: 'a rule reads a recording rule recorded later in its own group',
  documentation: [
    'Finds an expression that reads a recording rule recorded later in its own group. Groups run independently, so reading a rule of another group (the layout of every mixin) is not reported.',
    'Why: rules of a group are evaluated in order; the expression reads the value of the previous evaluation, one interval old.',
    'Fix: move the recording rule above the rules that read it.',
  ].join('\n\n'),
  liveData: 'none',
  precision: '0 of 3 (was 54 on the corpus while it reported rules of other groups)',
  appliesTo: ['rule graph'],
  example: {
    language: 'yaml',
    reported: 'groups:\n  - name: api\n    rules:\n      - alert: HighErrorRate\n        expr: job:errors:rate5m > 1\n        for: 5m\n      - record: job:errors:rate5m\n        expr: sum by (job) (rate(errors_total[5m]))\n',
    fixed: 'groups:\n  - name: api\n    rules:\n      - record: job:errors:rate5m\n        expr: sum by (job) (rate(errors_total[5m]))\n      - alert: HighErrorRate\n        expr: job:errors:rate5m > 1\n        for: 5m\n',
  },
  ruleGraph(file, _graph, report) {
    // This file's own recording rules by name: the same-group test must not walk every file that
    // records the name.
    const ownRecords = new Map<string, RuleGraphFile['definitions'][number][]>();
    for (const d of file.definitions) {
      if (d.kind !== 'record') continue;
      const list = ownRecords.get(d.name);
      if (list) list.push(d);
      else ownRecords.set(d.name, [d]);
    }
    for (const use of file.uses) {
      if (!use.inRule) continue;
      const sameGroup = ownRecords.get(use.name)?.find((d) => d.groupIndex === use.inRule!.groupIndex);
      if (sameGroup && sameGroup.ruleIndex > use.inRule.ruleIndex) {
        report({ code: evaluationOrder, range: use.range, message: `${use.name} is recorded later in this group: this expression reads the value of the previous evaluation` });
      }
    }
  },
};

export const unusedRecordingRule: LintRule = {
  code: 'rules/unused',
  defaultSeverity: 'hint',
  description: 'A recording rule that no rule, test or query of the workspace reads, and that no other text file of the workspace (dashboards, jsonnet, docs, code) names.',
  summary: 'a recording rule nothing in the workspace reads or names',
  documentation: [
    'Finds a recording rule that no rule, query or rule test of the workspace reads and that no other text file of the workspace names: Grafana dashboards in JSON, jsonnet, docs, console templates, code. The folders `check` and the editor skip, binaries and files over 4 MB are not read. Shown faded.',
    'Why: a rule nobody reads costs an evaluation and a series per label set at every interval: it may be dead code.',
    'Fix: remove it, or open the folder that reads it with the rules.',
  ].join('\n\n'),
  liveData: 'none',
  precision: '10,447 hints that these files cannot settle: they lack the repositories\' dashboards and consoles (on element-hq/synapse, the 8 records of `contrib/prometheus/synapse-v2.rules` are all unused alone and all used once `contrib/` is in the workspace)',
  appliesTo: ['rule graph'],
  example: {
    language: 'yaml',
    reported: 'groups:\n  - name: api\n    rules:\n      - record: job:errors:rate5m\n        expr: sum by (job) (rate(errors_total[5m]))\n',
    fixed: 'groups:\n  - name: api\n    rules:\n      - record: job:errors:rate5m\n        expr: sum by (job) (rate(errors_total[5m]))\n      - alert: HighErrorRate\n        expr: job:errors:rate5m > 1\n        for: 5m\n',
  },
  ruleGraph(file, graph, report) {
    for (const definition of file.definitions) {
      if (definition.kind !== 'record' || graph.isRead(definition.name) || graph.isMentioned(definition.name)) continue;
      report({
        code: unusedRecordingRule,
        range: definition.range,
        message: `recording rule ${definition.name} is not used by any rule or query of the workspace, nor named in its other files`,
        unnecessary: true,
      });
    }
  },
};

export const ruleCycle: LintRule = {
  code: 'rules/cycle',
  defaultSeverity: 'warning',
  description: 'Recording rules whose expressions read each other in a cycle (Prometheus loads and evaluates them: each reads the others\' previous values).',
  summary: 'recording rules of one file that read each other',
  documentation: [
    'Finds recording rules of one file that read each other in a cycle. Rules of different files are not reported: nothing says one Prometheus loads both, and files that record each other\'s names are usually alternatives (node_exporter\'s compatibility rules: 176 false cycles before). A rule that reads only itself (an accumulator, `x + (x offset 1m or vector(0))`) is written on purpose: an info.',
    'Why: Prometheus loads and evaluates them (promtool accepts them), but each reads the others\' previous values, so the results drift by an evaluation per step of the cycle.',
    'Fix: break the cycle: record from the raw series.',
  ].join('\n\n'),
  liveData: 'none',
  precision: 'none found',
  appliesTo: ['rule graph'],
  example: {
    language: 'yaml',
    reported: 'groups:\n  - name: api\n    rules:\n      - record: job:a:sum\n        expr: sum by (job) (job:b:sum)\n      - record: job:b:sum\n        expr: sum by (job) (job:a:sum)\n',
    fixed: 'groups:\n  - name: api\n    rules:\n      - record: job:a:sum\n        expr: sum by (job) (rate(errors_total[5m]))\n      - record: job:b:sum\n        expr: sum by (job) (job:a:sum)\n',
  },
  ruleGraph(file, graph, report) {
    for (const definition of file.definitions) {
      if (definition.kind !== 'record') continue;
      const cycle = graph.cycleThrough(definition.name);
      // A rule that reads only itself is an accumulator (`x + (x offset 1m or vector(0))`), written on purpose: below the rule's default.
      if (cycle?.length === 2) report({ code: ruleCycle, severity: 'info', range: definition.range, message: `recording rule ${definition.name} reads its own previous value: an accumulator, if that is meant` });
      else if (cycle) report({ code: ruleCycle, range: definition.range, message: `recording rules read each other in a cycle: ${cycle.join(' → ')}` });
    }
  },
};
