import { formatDuration } from '../../promql/duration';
import type { LintRule } from '../lintRule';

/* rules/for-interval: an alert's `for:` shorter than its group's evaluation interval. */

export const forInterval: LintRule = {
  code: 'rules/for-interval',
  defaultSeverity: 'info',
  description: "An alert's `for` shorter than its group's evaluation interval: it waits no evaluation at all.",
  summary: 'a `for:` shorter than the evaluation interval',
  documentation: [
    'Finds a `for:` shorter than the group\'s `interval`, or, when the group sets none, than the `evaluation_interval` of the workspace\'s `prometheus.yml`.',
    'Why: the alert is pending for one evaluation at least; a `for:` shorter than the interval waits nothing, and the alert fires on its first evaluation anyway.',
    'Fix: make `for:` at least one evaluation interval, or drop it.',
  ].join('\n\n'),
  liveData: 'sharpens',
  precision: '0 of 0',
  appliesTo: ['alerting rules'],
  example: {
    language: 'yaml',
    reported: 'groups:\n  - name: api\n    interval: 5m\n    rules:\n      - alert: TargetDown\n        expr: up == 0\n        for: 1m\n',
    fixed: 'groups:\n  - name: api\n    interval: 5m\n    rules:\n      - alert: TargetDown\n        expr: up == 0\n        for: 10m\n',
  },
  ruleFile: {
    alertingRule(entry, report) {
      const forValue = entry.for;
      const interval = entry.interval;
      if (!forValue || forValue.seconds === undefined || forValue.seconds <= 0 || interval === undefined || forValue.seconds >= interval) return;
      report({
        code: forInterval,
        range: forValue.range ?? entry.query.range,
        message: `for: ${forValue.text} is shorter than the group's evaluation interval (${formatDuration(interval)}): the alert fires on its first evaluation anyway`,
      });
    },
  },
};
