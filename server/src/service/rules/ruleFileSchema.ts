import type { ConfigSchema, FieldSpec, FieldType } from '../config/schemaTypes';
import { dialectFields, DIALECT_TOOLS, type DialectFieldType, type RuleDialect } from './ruleDialect';

/*
 * The fields of rule files, PrometheusRule resources and rule unit-test files, as facts from
 * Prometheus' rulefmt and promtool: what completion offers and hover explains. (The checks promtool
 * makes on rule files are in ruleFileValidation.ts; test files are checked against this schema.)
 */

const duration = (doc: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ type: { kind: 'duration' }, doc, ...extra });
const text = (doc: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ type: { kind: 'string' }, doc, ...extra });
const labels = (doc: string): FieldSpec => ({ type: { kind: 'map', keys: 'labelName', of: { kind: 'string' } }, doc });

export const RULE_FILE_SCHEMA: ConfigSchema = {
  root: 'rule_file',
  objects: {
    rule_file: {
      doc: 'A Prometheus rule file: groups of recording and alerting rules.',
      fields: { groups: { type: { kind: 'list', of: { kind: 'object', type: 'rule_group' } }, doc: 'The rule groups of the file. Each group is evaluated on its own schedule; its rules run one after the other.' } },
    },
    prometheus_rule: {
      doc: 'A Kubernetes PrometheusRule resource of the Prometheus Operator.',
      fields: {
        apiVersion: text('monitoring.coreos.com/v1', { required: true }),
        kind: text('PrometheusRule', { required: true }),
        metadata: { type: { kind: 'map', keys: 'string', of: { kind: 'string' } }, doc: 'Kubernetes metadata: name, namespace, labels (the operator selects rules by label).' },
        spec: { type: { kind: 'object', type: 'rule_file' }, doc: 'The rule groups, as in a rule file.' },
      },
    },
    rule_group: {
      doc: 'A group of rules evaluated together, in order, at one interval.',
      fields: {
        name: text('The name of the group, unique in the file.', { required: true }),
        interval: duration('How often the rules of the group are evaluated.', { default: 'global.evaluation_interval' }),
        query_offset: duration("How far in the past the group's queries look, to let late samples arrive.", { default: 'global.rule_query_offset' }),
        limit: { type: { kind: 'int' }, doc: 'The most series a recording rule may produce, or alerts an alerting rule may fire; 0 means no limit.', default: '0' },
        labels: labels('Labels added to every series and alert the group produces.'),
        rules: { type: { kind: 'list', of: { kind: 'object', type: 'rule' } }, doc: 'The recording and alerting rules of the group.' },
      },
    },
    rule: {
      doc: 'A recording rule (record) or an alerting rule (alert).',
      fields: {
        record: text('The metric name the result is stored under, by convention level:metric:operations (job:http_requests:rate5m).'),
        alert: text('The name of the alert.'),
        expr: text('The PromQL expression: its result is recorded, or every series it returns fires the alert.', { required: true }),
        for: duration('How long the expression must keep returning a series before the alert fires (pending until then).', { default: '0s' }),
        keep_firing_for: duration('How long the alert keeps firing after the expression stops returning it.', { default: '0s' }),
        labels: labels('Labels added to the recorded series or to the alert (alert labels may use templates).'),
        annotations: labels('Informational texts of the alert, such as summary, description and runbook_url; templates such as {{ $labels.instance }} and {{ $value }} are expanded.'),
      },
    },
  },
};

/** The schema of rule files in a dialect: Prometheus' fields and the dialect's own (see ruleDialect.ts). */
export function ruleFileSchemaFor(dialect: RuleDialect): ConfigSchema {
  if (dialect === 'prometheus') return RULE_FILE_SCHEMA;
  let schema = dialectSchemas.get(dialect);
  if (!schema) {
    const extra = (on: 'group' | 'rule'): Record<string, FieldSpec> => Object.fromEntries(dialectFields(dialect, on)
      .map((field) => [field.name, { type: schemaTypeOf(field.type), doc: `${field.doc} (${DIALECT_TOOLS[dialect]})` }]));
    const objects = RULE_FILE_SCHEMA.objects;
    schema = {
      root: RULE_FILE_SCHEMA.root,
      objects: {
        ...objects,
        rule_group: { ...objects['rule_group'], fields: { ...objects['rule_group'].fields, ...extra('group') } },
        rule: { ...objects['rule'], fields: { ...objects['rule'].fields, ...extra('rule') } },
      },
    };
    dialectSchemas.set(dialect, schema);
  }
  return schema;
}

const dialectSchemas = new Map<RuleDialect, ConfigSchema>();

function schemaTypeOf(type: DialectFieldType): FieldType {
  switch (type.kind) {
    case 'enum':
      return { kind: 'enum', values: type.values };
    case 'stringList':
    case 'headers':
      return { kind: 'list', of: { kind: 'string' } };
    case 'params':
      return { kind: 'map', keys: 'string', of: { kind: 'any' } };
    default:
      return { kind: type.kind };
  }
}

export const RULE_TEST_SCHEMA: ConfigSchema = {
  root: 'rule_test_file',
  objects: {
    rule_test_file: {
      doc: 'A unit-test file for rules, run by promtool test rules.',
      fields: {
        rule_files: { type: { kind: 'list', of: { kind: 'filePath' } }, doc: 'The rule files under test, relative to this file (or given to promtool on the command line).' },
        evaluation_interval: duration('How often the rules are evaluated during the test.', { default: '1m' }),
        group_eval_order: { type: { kind: 'list', of: { kind: 'string' } }, doc: 'The order in which the groups are evaluated, by name.' },
        tests: { type: { kind: 'list', of: { kind: 'object', type: 'test_group' } }, doc: 'The test groups.' },
        fuzzy_compare: { type: { kind: 'bool' }, doc: 'Compare floating-point values with a small tolerance.', default: 'false' },
      },
    },
    test_group: {
      doc: 'A set of input series and the expectations about them.',
      fields: {
        name: text('The name of the test group.'),
        interval: duration('The step between the values of the input series.', { default: 'evaluation_interval' }),
        input_series: { type: { kind: 'list', of: { kind: 'object', type: 'input_series' } }, doc: 'The series the test feeds to the rules.' },
        alert_rule_test: { type: { kind: 'list', of: { kind: 'object', type: 'alert_test' } }, doc: 'Expected alerts at given times.' },
        promql_expr_test: { type: { kind: 'list', of: { kind: 'object', type: 'promql_test' } }, doc: 'Expected results of PromQL expressions at given times.' },
        external_labels: labels('External labels visible to the rules and templates.'),
        external_url: text('The external URL visible to templates.'),
        start_timestamp: text('The time the test starts at (a Unix timestamp or an RFC 3339 time).'),
      },
    },
    input_series: {
      doc: 'One input series: its labels and values.',
      fields: {
        series: text("The series in PromQL selector form, such as 'http_requests_total{job=\"api\"}'.", { required: true }),
        values: text("The values in expanding notation, such as '0+10x100' or '1 2 _ 4 stale'."),
      },
    },
    alert_test: {
      doc: 'The alerts expected to fire at one time.',
      fields: {
        eval_time: duration('When, from the start of the test, the alerts are checked.', { default: '0s' }),
        alertname: text('The alert checked.'),
        exp_alerts: { type: { kind: 'list', of: { kind: 'object', type: 'expected_alert' } }, doc: 'The alerts expected to fire; empty means none.' },
      },
    },
    expected_alert: {
      doc: 'One expected alert.',
      fields: { exp_labels: labels('The labels of the alert.'), exp_annotations: labels('The annotations of the alert, templates expanded.') },
    },
    promql_test: {
      doc: 'The expected result of an expression at one time.',
      fields: {
        expr: text('The PromQL expression.', { required: true }),
        eval_time: duration('When, from the start of the test, it is evaluated.', { default: '0s' }),
        exp_samples: { type: { kind: 'list', of: { kind: 'object', type: 'expected_sample' } }, doc: 'The samples expected; empty means none.' },
      },
    },
    expected_sample: {
      doc: 'One expected sample.',
      fields: {
        labels: text('The labels of the sample in selector form.'),
        value: { type: { kind: 'float' }, doc: 'The value of the sample.' },
        histogram: text('A native histogram value in series notation; when set, value is ignored.'),
      },
    },
  },
};
