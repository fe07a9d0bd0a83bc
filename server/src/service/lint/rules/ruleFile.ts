import { isDropped } from '../../promql/labelFlow';
import type { LintRule } from '../lintRule';

/*
 * The rules checked during the validation of a rule file (service/rules/ruleFileValidation.ts), which
 * walks its groups, rules and templates once for promtool's errors and runs these rules' checks as it
 * goes: labels an alert's text reads but its expression drops, a rule recorded twice, a record name
 * outside the convention.
 */

export const droppedLabel: LintRule = {
  code: 'rules/dropped-label',
  defaultSeverity: 'warning',
  description: "An alert template reads $labels.x where the alert's expression cannot carry x (for example $labels.instance after sum by (job)): it would always be empty. This covers `absent()`, whose result carries only the labels of its equality matchers.",
  summary: 'a template reads `$labels.x` where the expression cannot carry `x`',
  documentation: [
    'Finds an alert annotation or label template that reads `$labels.x` where the alert\'s expression cannot carry `x`: `{{ $labels.instance }}` after `sum by (job)`, or any label but those of its equality matchers after `absent()`.',
    'Why: Prometheus loads the rule, and the text prints an empty value in every notification.',
    'Fix: keep the label in the aggregation (`sum by (job, instance)`), or stop reading it.',
  ].join('\n\n'),
  liveData: 'none',
  precision: '0 of 210 (193 are awesome-prometheus-alerts\' `(instance {{ $labels.instance }})` after an aggregation that drops it)',
  appliesTo: ['alerting rules'],
  example: {
    language: 'yaml',
    reported: 'groups:\n  - name: api\n    rules:\n      - alert: HighErrorRate\n        expr: sum by (job) (rate(errors_total[5m])) > 1\n        for: 5m\n        annotations:\n          summary: "{{ $labels.instance }} fails"\n',
    fixed: 'groups:\n  - name: api\n    rules:\n      - alert: HighErrorRate\n        expr: sum by (job) (rate(errors_total[5m])) > 1\n        for: 5m\n        annotations:\n          summary: "{{ $labels.job }} fails"\n',
  },
  ruleFile: {
    templateLabels({ references, labels, place }, report) {
      for (const reference of references) {
        if (!isDropped(labels, reference.name)) continue;
        const kept = labels.exact ? (labels.labels.size > 0 ? `it keeps only ${[...labels.labels].join(', ')}` : 'it keeps no label') : `it drops ${reference.name}`;
        report({
          code: droppedLabel,
          range: place(reference.offset, reference.name.length),
          message: `$labels.${reference.name} is always empty here: the alert's expression does not keep the label ${reference.name} (${kept})`,
        });
      }
    },
  },
};

export const duplicateRule: LintRule = {
  code: 'rules/duplicate',
  defaultSeverity: 'warning',
  description: 'A recording rule recorded twice in a file with the same labels (promtool lints it).',
  summary: 'a recording rule recorded twice with the same labels (promtool\'s lint)',
  documentation: [
    'Finds a recording rule recorded twice in one file with the same labels.',
    'Why: both write the same series, and the later one wins at each evaluation; `promtool check rules` loads the file and reports it in its lint.',
    'Fix: remove one of them, or give them different labels.',
  ].join('\n\n'),
  liveData: 'none',
  precision: '0 of 8 (promtool\'s lint agrees)',
  appliesTo: ['recording rules'],
  example: {
    language: 'yaml',
    reported: 'groups:\n  - name: api\n    rules:\n      - record: job:errors:rate5m\n        expr: sum by (job) (rate(errors_total[5m]))\n      - record: job:errors:rate5m\n        expr: sum by (job) (rate(errors_total[5m]))\n',
    fixed: 'groups:\n  - name: api\n    rules:\n      - record: job:errors:rate5m\n        expr: sum by (job) (rate(errors_total[5m]))\n',
  },
  ruleFile: {
    records() {
      // How many rules of the file so far write each series (name and labels).
      const recorded = new Map<string, number>();
      return ({ name, range, series }, report) => {
        const count = (recorded.get(series) ?? 0) + 1;
        recorded.set(series, count);
        if (count === 2) report({ code: duplicateRule, range, message: `recording rule ${name} is recorded twice with the same labels: one series from two expressions` });
      };
    },
  },
};

/** `level:metric:operations`, as Prometheus' recording-rule guide names rules. */
const LEVEL_METRIC_OPERATIONS = /^[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z_][a-zA-Z0-9_:]*:[a-zA-Z0-9_]+$/;

export const recordName: LintRule = {
  code: 'rules/record-name',
  defaultSeverity: 'hint',
  description: 'A recording rule name that does not follow level:metric:operations (job:http_requests:rate5m).',
  summary: 'a record name outside the `level:metric:operations` convention',
  documentation: [
    'Finds a record name outside the `level:metric:operations` convention of Prometheus\' recording-rule guide (`job:http_requests:rate5m`).',
    'Why: the convention says at a glance what a rule aggregates by, what it reads and what it does. A convention only: a hint.',
    'Fix: rename the rule as the guide says.',
  ].join('\n\n'),
  liveData: 'none',
  precision: '133 hints, a convention that these files cannot settle',
  appliesTo: ['recording rules'],
  example: {
    language: 'yaml',
    reported: 'groups:\n  - name: api\n    rules:\n      - record: errors_rate5m\n        expr: sum by (job) (rate(errors_total[5m]))\n',
    fixed: 'groups:\n  - name: api\n    rules:\n      - record: job:errors:rate5m\n        expr: sum by (job) (rate(errors_total[5m]))\n',
  },
  ruleFile: {
    records: () => ({ name, range }, report) => {
      if (!LEVEL_METRIC_OPERATIONS.test(name) && !name.includes('{')) {
        report({ code: recordName, range, message: `${name} does not follow the level:metric:operations naming of recording rules (such as job:http_requests:rate5m)` });
      }
    },
  },
};
