import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseYamlDocument } from '../../../../server/src/service/documents/yamlDocument';
import { getLanguageService } from '../../../../server/src/service/languageService';
import { withLspAnswers } from '../../../support/lspAnswers';
import { withRanges } from '../../../support/markers';
import { CORPUS, FIXTURES } from '../../../support/paths';

/** Documents and the kind they are recognised as (by content first, the file name as a hint). */
const KINDS: [string, string, string | null][] = [
  ['groups:\n- name: a\n  rules: []\n', 'x.yml', 'rules'],
  ['apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec:\n  groups: []\n', 'x.yaml', 'rules'],
  ['apiVersion: apps/v1\nkind: Deployment\n', 'x.yaml', null],
  ['global:\n  scrape_interval: 15s\n', 'x.yml', 'config'],
  ['scrape_configs: []\n', 'x.yml', 'config'],
  ['rule_files: [a.yml]\ntests: []\n', 'x.yml', 'ruleTests'],
  ['name: not prometheus\n', 'x.yml', null],
  ['', 'prometheus.yml', 'config'],
  ['', 'alerts.yml', 'rules'],
  ['', 'values.yml', null],
  // The name is a hint by its words only, and only when the content says nothing.
  ['', 'alertmanager.yaml', null],
  ['', 'ruler.yaml', null],
  ['{}\n', 'alerting-rule.yaml', 'rules'],
  ['', 'prometheus-config.yaml', 'config'],
  // Other tools' files, whatever their names.
  ['apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n', 'prometheus.yaml', null],
  ['apiVersion: monitoring.googleapis.com/v1\nkind: Rules\nspec:\n  groups:\n  - name: g\n    rules:\n    - record: a\n      expr: b\n', 'rules.yaml', null],
  ['apiVersion: monitoring.openshift.io/v1\nkind: AlertingRule\nspec:\n  groups: []\n', 'alerting-rule.yaml', null],
  ['apiVersion: 1\ngroups:\n- orgId: 1\n  name: g\n  folder: f\n  rules:\n  - uid: a\n    title: A\n    condition: C\n    data: []\n', 'alerts.yaml', null],
  ['groups:\n- orgId: 1\n  name: g\n  folder: f\n  rules: []\n', 'alerts.yaml', null],
  ['server:\n  http_listen_port: 9080\npositions:\n  filename: /tmp/p.yaml\nclients:\n- url: http://loki/push\nscrape_configs:\n- job_name: system\n', 'promtail.yaml', null],
  ['global:\n  resolve_timeout: 5m\nroute:\n  receiver: r\nreceivers:\n- name: r\n', 'alertmanager.yml', null],
  ['receivers:\n  prometheus:\n    config:\n      scrape_configs: []\nexporters: {}\nservice: {}\n', 'prometheus.yml', null],
  ['server:\n  log_level: info\nmetrics:\n  global:\n    scrape_interval: 15s\n  configs:\n  - name: a\n    scrape_configs: []\n', 'agent.yaml', null],
  ['auth_enabled: false\nserver:\n  http_listen_port: 3100\nruler:\n  storage: {}\n', 'loki.yaml', null],
  ['static_configs:\n- targets: [alertmanager:9093]\n', 'notifier.yml', null],
  ['suite: test\ntemplates: [a.yaml]\ntests:\n- it: renders\n  asserts: []\n', 'rules_test.yaml', null],
  ['tests:\n- healthStatus: {}\n  inputPath: a.yaml\n', 'health_test.yaml', null],
  ['global:\n  imageRegistry: r\nreplicaCount: 1\nimage: {}\nservice: {}\n', 'values.yaml', null],
  ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n', 'prometheus.yaml', null],
  ['{{- if .Values.rules }}\ngroups:\n- name: g\n  rules: []\n{{- end }}\n', 'rules.yaml', null],
  ['- job_name: a\n  static_configs:\n  - targets: [a:1]\n', 'x.yaml', 'scrapeConfigs'],
  ['groups:\n- name: loki\n  rules:\n  - alert: Errors\n    expr: sum(rate({app="a"} |= "error" [5m])) > 1\n', 'rules.yaml', null],
  // Groups of something else (a catalogue of alerts by service, for a web site): no rules in them.
  ['groups:\n- name: Databases\n  services:\n  - name: MySQL\n    exporters:\n    - slug: mysqld\n      rules:\n      - name: MySQL down\n        query: mysql_up == 0\n', 'rules.yml', null],
  ['groups:\n- name: g\n  owner: team-a\n', 'x.yml', null],
  // Rule groups with a mistake stay rule files, to be reported: a misspelt `rules:`, a group without rules yet.
  ['groups:\n- name: g\n  rulez:\n  - alert: A\n    expr: up == 0\n', 'x.yml', 'rules'],
  ['groups:\n- name: g\n', 'x.yml', 'rules'],
  ['groups:\n- name: g\n  concurrency: 2\n', 'x.yml', 'rules'],
  ['groups:\n- alert: A\n  expr: up == 0\n  for: 5m\n', 'x.yml', 'rules'],
  ['groups:\n- name: g\n  interval: 1m\n  rules:\n  - alert: A\n    expr: up == 0\n  owner: team-a\n', 'x.yml', 'rules'],
  ['namespace: team-a\ngroups:\n- name: g\n  rules: []\n', 'rules.yaml', null],
  // An alert template written unquoted where YAML reads structure: a mistake in a rule file, not a Helm template.
  ['groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    annotations:\n      summary: {{ $labels.instance }} down\n', 'x.yml', 'rules'],
  ['- when: x\n  send: [y]\n', 'rules.yaml', null],
  // Prometheus' own, with alert templates where YAML could take them for structure.
  ['groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    annotations:\n      description: |\n        {{ range query "up" }}\n        {{ end }}\n      summary: Instance\n        {{ printf "%.0f" $value }} down\n', 'x.yml', 'rules'],
  ['apiVersion: v1\nkind: Service\n---\napiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec:\n  groups: []\n---\napiVersion: apps/v1\nkind: Deployment\n', 'x.yaml', 'rules'],
  ['global:\n  scrape_interval: 15s\nscrape_config: []\n', 'x.yml', 'config'],
  // Section names other tools use too: Prometheus' only with a field Prometheus knows there (or nothing yet).
  ['storage:\n  trace:\n    backend: s3\n', 'values.yaml', null],
  ['tracing:\n  enabled: true\n  sampler: always\n', 'x.yml', null],
  ['storage: s3\n', 'x.yml', null],
  ['storage:\n  tsdb:\n    out_of_order_time_window: 30m\n', 'x.yml', 'config'],
  ['tracing:\n  endpoint: otel:4317\n', 'x.yml', 'config'],
  ['global:\n', 'x.yml', 'config'],
  ['global:\n  scrape_intervall: 15s\nrule_files: [a.yml]\n', 'x.yml', 'config'],
  ['global:\n  scrape_intervall: 15s\n', 'prometheus.yml', 'config'],
];

/** A diagnostic of an embedded expression lands on the marked range of the YAML file, whatever the scalar style. */
const EMBEDDED: [string, string][] = [
  ['groups:\n- name: g\n  rules:\n  - record: a\n    expr: sum«(»x\n', 'unclosed left parenthesis'],
  ['groups:\n- name: g\n  rules:\n  - alert: A\n    expr: |\n      sum(rate(x[5m]))\n        by «foo»\n', 'unexpected identifier "foo" in grouping opts, expected "("'],
  ['groups:\n- name: g\n  rules:\n  - alert: A\n    expr: >-\n      up\n      == «»\n', 'unexpected end of input'],
  ['groups:\n- name: g\n  rules:\n  - record: a\n    expr: "rate(«x{a=\\"b\\"}»)"\n', 'expected type range vector in call to function "rate", got instant vector'],
  ["groups:\n- name: g\n  rules:\n  - record: a\n    expr: 'rate(«x{a=''b''}»)'\n", 'expected type range vector in call to function "rate", got instant vector'],
  ['apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec:\n  groups:\n  - name: g\n    rules:\n    - record: a\n      expr: «foo[5m]» + 1\n', 'binary expression must contain only scalar and instant vector types'],
  ['rule_files: [r.yml]\ntests:\n- promql_expr_test:\n  - expr: «hour(a, b)»\n    eval_time: 1m\n', 'expected at most 1 argument(s) in call to "hour", got 2'],
];

describe('Prometheus YAML documents', () => {
  for (const [text, fileName, kind] of KINDS) {
    it(`${JSON.stringify(text.split('\n')[0])} in ${fileName} is ${kind}`, () => {
      assert.equal(parseYamlDocument(text, fileName)?.kind ?? null, kind);
    });
  }

  describe('embedded PromQL diagnostics land on their exact range', () => {
    const service = withLspAnswers(getLanguageService());
    for (const [marked, message] of EMBEDDED) {
      const { text, ranges } = withRanges(marked);
      it(message, () => {
        const document = TextDocument.create('file:///rules.yml', 'yaml', 1, text);
        const problems = service.validate(document, service.parseDocument(document)!);
        const found = problems.find((p) => p.message === message);
        assert.ok(found, `no "${message}" in ${JSON.stringify(problems.map((p) => p.message))}`);
        assert.deepEqual([document.offsetAt(found.range.start), document.offsetAt(found.range.end)], [ranges[0].start, ranges[0].end]);
      });
    }
  });

  it('reports YAML syntax errors and duplicate keys as yaml/syntax', () => {
    const service = withLspAnswers(getLanguageService());
    for (const text of ['groups:\n- name: a\n  rules: [\n', 'groups: []\ngroups: []\n']) {
      const document = TextDocument.create('file:///r.yml', 'yaml', 1, text);
      const problems = service.validate(document, service.parseDocument(document)!);
      assert.ok(problems.some((p) => p.code === 'yaml/syntax'), JSON.stringify(problems));
    }
  });

  it('reports a finding of an aliased node once, where the anchor is written', () => {
    const service = withLspAnswers(getLanguageService());
    const rule = (name: string): string => `  - alert: ${name}\n    expr: *expr\n`;
    const text = `groups:\n- name: g\n  rules:\n  - alert: A\n    expr: &expr sum(rate(errors_total[5m]))\n${rule('B')}${rule('C')}- name: h\n  rules:\n${rule('D')}`;
    const document = TextDocument.create('file:///r.yml', 'yaml', 1, text);
    const problems = service.validate(document, service.parseDocument(document)!);
    const conditions = problems.filter((p) => p.code === 'rules/alert-condition');
    assert.deepEqual(conditions.map((p) => p.range.start), [{ line: 4, character: 16 }], JSON.stringify(problems));
  });

  it('finds no PromQL problem in any real-world rule file of the corpus', () => {
    const service = withLspAnswers(getLanguageService());
    const dirs = ['rules', 'rules/crd'];
    let files = 0;
    for (const dir of dirs) {
      for (const name of fs.readdirSync(path.join(CORPUS, dir))) {
        const file = path.join(CORPUS, dir, name);
        if (!/\.ya?ml$/.test(name) || !fs.statSync(file).isFile()) continue;
        const document = TextDocument.create(`file://${file}`, 'yaml', 1, fs.readFileSync(file, 'utf8'));
        const model = service.parseDocument(document);
        assert.equal(model?.kind, 'rules', name);
        const promql = service.validate(document, model!).filter((d) => d.code === 'promql/syntax' || d.code === 'promql/type');
        assert.deepEqual(promql.map((d) => d.message), [], name);
        files++;
      }
    }
    assert.ok(files >= 170);
  });

  it('reads only the PrometheusRule of a file of Kubernetes objects', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n---\napiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec:\n  groups:\n  - name: g\n    rules:\n    - record: job:a:sum\n      expr: sum(\n';
    const service = withLspAnswers(getLanguageService());
    const document = TextDocument.create('file:///x.yaml', 'yaml', 1, text);
    const model = service.parseDocument(document)!;
    assert.equal(model.kind, 'rules');
    assert.equal('documents' in model ? model.documents.length : 0, 1);
    assert.deepEqual(service.validate(document, model).map((d) => [d.code, d.range.start.line]), [['promql/syntax', 12]]);
  });

  it('validates each item of a scrape config list as a scrape config, with the checks across jobs', () => {
    const service = withLspAnswers(getLanguageService());
    const text = '- job_name: a\n  scrape_interval: 5s\n  scrape_timeout: 10s\n- job_name: a\n  static_configs:\n  - targets: [a:1]\n  bogus: 1\n';
    const document = TextDocument.create('file:///additional.yaml', 'yaml', 1, text);
    const messages = service.validate(document, service.parseDocument(document)!).map((d) => `${d.range.start.line} ${d.message}`);
    assert.deepEqual(messages.sort(), [
      '2 scrape timeout greater than scrape interval for scrape config with job name "a"',
      '3 found multiple scrape configs with job name "a"',
      '6 field bogus not found in scrape_config',
    ]);
  });

  it('reads the demo and fixture rule files', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'rules', 'mistakes.yml'), 'utf8');
    const model = parseYamlDocument(text, 'mistakes.yml');
    assert.equal(model?.kind, 'rules');
    assert.equal(model?.queries.length, 3);
  });
});
