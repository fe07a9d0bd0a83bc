import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../../../server/src/service/languageService';
import { withLspAnswers } from '../../../support/lspAnswers';
import { dialectNamedBy, effectiveDialect, workspaceDialect, type RuleDialect } from '../../../../server/src/service/rules/ruleDialect';
import { FUNCTIONS } from '../../../../server/src/service/promql/functions';
import { METRICSQL_FUNCTIONS } from '../../../../server/src/service/promql/metricsqlFunctions';
import { withRanges } from '../../../support/markers';
import { CORPUS, REPO_ROOT } from '../../../support/paths';

/*
 * Rule files written for Thanos Ruler, the Mimir/Cortex rulers and vmalert: their fields accepted in
 * their dialect (values checked), rejected with the dialect named in any other; MetricsQL functions a
 * warning under vmalert; and the evidence that makes a workspace's dialect.
 */

const REALWORLD = process.env['PROMETHEUS_LSP_REALWORLD'] ?? path.resolve(REPO_ROOT, '..', 'shared', 'realworld');

interface Found {
  readonly message: string;
  readonly code: string;
  readonly severity: number;
  readonly start: number;
  readonly end: number;
}

function problemsOf(text: string, dialect: RuleDialect): Found[] {
  const service = withLspAnswers(getLanguageService({ ruleDialect: () => dialect }));
  const document = TextDocument.create('file:///rules.yml', 'yaml', 1, text);
  const model = service.parseDocument(document);
  assert.ok(model, 'a rule file');
  return service.validate(document, model).map((d) => ({
    message: String(d.message), code: String(d.code), severity: d.severity ?? 1, start: document.offsetAt(d.range.start), end: document.offsetAt(d.range.end),
  }));
}

const group = (fields: string, rule = ''): string => `groups:\n- name: g\n${fields}  rules:\n  - alert: A\n    expr: up == 0\n${rule}`;

/** A field of one dialect, marked «…»: clean in its dialect, an error naming it in Prometheus'. */
const FIELDS: [RuleDialect, string, string][] = [
  ['thanos', group('  «partial_response_strategy»: warn\n'), 'field partial_response_strategy is a Thanos Ruler field; Prometheus rejects it; set prometheus.ruleDialect to "thanos" if Thanos Ruler loads this file'],
  ['thanos', group('  «partial_response_strategy»: ABORT\n'), 'field partial_response_strategy is a Thanos Ruler field; Prometheus rejects it; set prometheus.ruleDialect to "thanos" if Thanos Ruler loads this file'],
  ['mimir', group('  «source_tenants»: [team-a, team-b]\n'), 'field source_tenants is a Mimir/Cortex ruler field; Prometheus rejects it; set prometheus.ruleDialect to "mimir" if Mimir/Cortex ruler loads this file'],
  ['mimir', group('  «evaluation_delay»: 1m\n'), 'field evaluation_delay is a Mimir/Cortex ruler field; Prometheus rejects it; set prometheus.ruleDialect to "mimir" if Mimir/Cortex ruler loads this file'],
  ['mimir', group('  «align_evaluation_time_on_interval»: true\n'), 'field align_evaluation_time_on_interval is a Mimir/Cortex ruler field; Prometheus rejects it; set prometheus.ruleDialect to "mimir" if Mimir/Cortex ruler loads this file'],
  ['vmalert', group('  «type»: prometheus\n'), 'field type is a vmalert field; Prometheus rejects it; set prometheus.ruleDialect to "vmalert" if vmalert loads this file'],
  ['vmalert', group('  «concurrency»: 4\n'), 'field concurrency is a vmalert field; Prometheus rejects it; set prometheus.ruleDialect to "vmalert" if vmalert loads this file'],
  ['vmalert', group('  «eval_offset»: 30s\n'), 'field eval_offset is a vmalert field; Prometheus rejects it; set prometheus.ruleDialect to "vmalert" if vmalert loads this file'],
  ['vmalert', group('  «params»:\n    nocache: ["1"]\n    extra_label: env=prod\n'), 'field params is a vmalert field; Prometheus rejects it; set prometheus.ruleDialect to "vmalert" if vmalert loads this file'],
  ['vmalert', group('  «headers»:\n  - "X-Tenant: 1"\n'), 'field headers is a vmalert field; Prometheus rejects it; set prometheus.ruleDialect to "vmalert" if vmalert loads this file'],
  ['vmalert', group('  «debug»: true\n'), 'field debug is a vmalert field; Prometheus rejects it; set prometheus.ruleDialect to "vmalert" if vmalert loads this file'],
  ['vmalert', group('', '    «debug»: true\n'), 'field debug is a vmalert field; Prometheus rejects it; set prometheus.ruleDialect to "vmalert" if vmalert loads this file'],
  ['vmalert', group('', '    «update_entries_limit»: 5\n'), 'field update_entries_limit is a vmalert field; Prometheus rejects it; set prometheus.ruleDialect to "vmalert" if vmalert loads this file'],
];

/** Values the dialect's own tool refuses, marked «…». */
const BAD_VALUES: [RuleDialect, string, string][] = [
  ['thanos', group('  partial_response_strategy: «bob»\n'), 'partial_response_strategy must be one of warn, abort (Thanos Ruler)'],
  ['mimir', group('  source_tenants: «team-a»\n'), 'source_tenants must be a list of strings (Mimir/Cortex ruler)'],
  ['mimir', group('  evaluation_delay: «1 minute»\n'), 'evaluation_delay: not a valid duration string: "1 minute" (Mimir/Cortex ruler)'],
  ['mimir', group('  align_evaluation_time_on_interval: «yes please»\n'), 'align_evaluation_time_on_interval must be true or false (Mimir/Cortex ruler)'],
  ['vmalert', group('  type: «influx»\n'), 'type must be one of prometheus, graphite, vlogs (vmalert)'],
  ['vmalert', group('  concurrency: «-1»\n'), 'concurrency must be a whole number, 0 or more (vmalert)'],
  ['vmalert', group('  headers: «["no colon"]»\n'), 'headers must be a list of "Name: value" strings (vmalert)'],
  ['vmalert', group('  params: «nocache»\n'), 'params must be a mapping of parameter names to a string or a list of strings (vmalert)'],
];

describe('rule file dialects', () => {
  describe("accepts a dialect's fields in that dialect, and names the dialect in any other", () => {
    for (const [dialect, marked, message] of FIELDS) {
      const { text, ranges } = withRanges(marked);
      it(`${dialect}: ${text.slice(ranges[0].start, ranges[0].end)} on a ${marked.indexOf('«') > marked.indexOf('rules:') ? 'rule' : 'group'}`, () => {
        assert.deepEqual(problemsOf(text, dialect).filter((p) => p.severity <= 2), []);
        const found = problemsOf(text, 'prometheus').filter((p) => p.severity === 1);
        assert.deepEqual(found.map((p) => [p.code, p.message, p.start, p.end]), [['rules/invalid', message, ranges[0].start, ranges[0].end]]);
        // Another dialect's tool rejects it too, and the message says whose field it is.
        const other = dialect === 'vmalert' ? 'thanos' : 'vmalert';
        const elsewhere = problemsOf(text, other).filter((p) => p.severity === 1);
        assert.equal(elsewhere.length, 1);
        assert.match(elsewhere[0].message, new RegExp(`rejects it; set prometheus.ruleDialect to "${dialect}"`));
      });
    }
  });

  describe("checks the values of the dialect's fields as its tool reads them", () => {
    for (const [dialect, marked, message] of BAD_VALUES) {
      const { text, ranges } = withRanges(marked);
      it(message, () => {
        const found = problemsOf(text, dialect).filter((p) => p.severity === 1);
        assert.deepEqual(found.map((p) => [p.code, p.message, p.start, p.end]), [['rules/invalid', message, ranges[0].start, ranges[0].end]]);
      });
    }
  });

  it('keeps Prometheus fields and lists the dialect fields among the expected ones', () => {
    const text = group('  «namespace»: x\n  query_offset: 1m\n  limit: 10\n');
    const { text: plain } = withRanges(text);
    assert.deepEqual(problemsOf(plain, 'thanos').map((p) => p.message), ['field namespace not found in rule group (expected one of name, interval, query_offset, limit, rules, labels, partial_response_strategy)']);
  });

  it("accepts partial_response_strategy on a PrometheusRule's groups in every dialect, as the operator's schema does", () => {
    const resource = (value: string): string => `apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: r\nspec:\n  groups:\n  - name: g\n    partial_response_strategy: ${value}\n    rules:\n    - alert: A\n      expr: up == 0\n`;
    for (const dialect of ['prometheus', 'thanos', 'mimir', 'vmalert'] as const) {
      assert.deepEqual(problemsOf(resource('warn'), dialect).filter((p) => p.severity <= 2), []);
      assert.deepEqual(problemsOf(resource('""'), dialect).filter((p) => p.severity <= 2), []);
      assert.deepEqual(problemsOf(resource('bob'), dialect).filter((p) => p.severity <= 2).map((p) => p.message), ['partial_response_strategy must be one of warn, abort (Thanos Ruler)']);
    }
  });

  it("agrees with pint's Thanos fixtures of the corpus: Thanos accepts warn and abort, Prometheus rejects the field", () => {
    const dir = path.join(CORPUS, 'rules', 'pint_fixtures');
    const verdicts = fs.readdirSync(dir).filter((f) => /parser_schema_(thanos|prom)/.test(f)).sort().map((file) => {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const invalid = (dialect: RuleDialect): boolean => problemsOf(text, dialect).some((p) => p.severity === 1);
      return [file.replace(/__rules_\d\.yml$/, ''), invalid('prometheus'), invalid('thanos')];
    });
    assert.deepEqual(verdicts, [
      ['pint__0203_parser_schema_prom_err', true, false],
      ['pint__0204_parser_schema_thanos_err', true, true],
      ['pint__0205_parser_schema_thanos_ok', true, false],
      ['pint__0205_parser_schema_thanos_ok', true, false],
    ]);
  });

  it("offers and explains the dialect's fields in completion and hover", () => {
    const at = (marked: string, dialect: RuleDialect): { labels: string[]; hover: string } => {
      const service = withLspAnswers(getLanguageService({ ruleDialect: () => dialect }));
      const offset = marked.indexOf('|');
      const document = TextDocument.create('file:///rules.yml', 'yaml', 1, marked.replace('|', ''));
      const model = service.parseDocument(document)!;
      const hover = service.hover(document, model, offset);
      return {
        labels: service.complete(document, model, offset).items.map((i) => String(i.label)),
        hover: hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '',
      };
    };
    const inGroup = 'groups:\n  - name: g\n    |';
    assert.ok(at(inGroup, 'thanos').labels.includes('partial_response_strategy'));
    assert.ok(!at(inGroup, 'prometheus').labels.includes('partial_response_strategy'));
    assert.ok(at(inGroup, 'vmalert').labels.includes('eval_offset'));
    assert.ok(at(inGroup, 'mimir').labels.includes('source_tenants'));
    assert.ok(at('groups:\n  - name: g\n    rules:\n      - alert: A\n        |', 'vmalert').labels.includes('update_entries_limit'));
    assert.match(at('groups:\n  - name: g\n    con|currency: 2\n', 'vmalert').hover, /How many rules of the group vmalert evaluates at once.*\(vmalert\)/);
  });

  describe('MetricsQL functions', () => {
    it('are a warning that names vmalert in its dialect, and the rest of the file is checked as usual', () => {
      const { text, ranges } = withRanges('groups:\n- name: g\n  rules:\n  - record: job:up:median\n    expr: «median_over_time»(up[5m]) > «bogus»(up)\n');
      const found = problemsOf(text, 'vmalert').filter((p) => p.severity <= 2);
      assert.deepEqual(found.map((p) => [p.code, p.severity, p.message, p.start, p.end]), [
        ['promql/metricsql', 2, 'median_over_time is a MetricsQL function: vmalert runs it, Prometheus does not know it', ranges[0].start, ranges[0].end],
        ['promql/syntax', 1, 'unknown function with name "bogus"', ranges[1].start, ranges[1].end],
      ]);
    });

    it('stay a syntax error in the other dialects, with the way to vmalert', () => {
      const text = 'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: rollup_rate(x[5m]) > 1\n';
      for (const dialect of ['prometheus', 'thanos', 'mimir'] as const) {
        assert.deepEqual(problemsOf(text, dialect).filter((p) => p.severity === 1).map((p) => p.message), ['unknown function with name "rollup_rate": it is a MetricsQL function; set prometheus.ruleDialect to "vmalert" if vmalert loads this file']);
      }
    });

    it('holds no name PromQL has', () => {
      assert.deepEqual([...METRICSQL_FUNCTIONS].filter((name) => FUNCTIONS.has(name)), []);
    });

    it("reads no PromQL in vmalert's Graphite groups", () => {
      const text = 'groups:\n- name: g\n  type: graphite\n  rules:\n  - alert: A\n    expr: "filterSeries(system.cpu.load, \'max\', \'>\', 5)"\n';
      assert.deepEqual(problemsOf(text, 'vmalert').filter((p) => p.severity <= 2), []);
    });
  });

  describe('the workspace names its dialect', () => {
    /** File texts, and the tool each names. */
    const TEXTS: [string, string, RuleDialect | null][] = [
      ['a compose service running vmalert', 'services:\n  vmalert:\n    image: victoriametrics/vmalert:v1.110.0\n    command:\n      - -rule=/etc/alerts/*.yml\n', 'vmalert'],
      ['vmalert started with -rule', 'args: ["vmalert", "-datasource.url=http://vm:8428", "-rule=/rules/*.yml"]\n', 'vmalert'],
      ["the VictoriaMetrics operator's VMRule", 'apiVersion: operator.victoriametrics.com/v1beta1\nkind: VMRule\nmetadata:\n  name: r\n', 'vmalert'],
      ["the Prometheus Operator's ThanosRuler", 'apiVersion: monitoring.coreos.com/v1\nkind: ThanosRuler\nmetadata:\n  name: t\n', 'thanos'],
      ['thanos rule with --rule-file', 'containers:\n- name: rule\n  image: quay.io/thanos/thanos:v0.34.0\n  args: [rule, --rule-file=/etc/rules/*.yaml]\n', 'thanos'],
      ['a Mimir image', 'services:\n  mimir:\n    image: grafana/mimir:2.10.0\n', 'mimir'],
      ["Mimir's configuration", 'target: all\nruler_storage:\n  backend: local\n', 'mimir'],
      ['Thanos sidecar and querier only', 'containers:\n- image: quay.io/thanos/thanos:v0.34.0\n  args: [sidecar, --prometheus.url=http://localhost:9090]\n', null],
      ['a link to Mimir\'s repository', '# rules for https://github.com/grafana/mimir/blob/main/README.md\nscrape_configs: []\n', null],
      ['a Grafana datasource for Mimir', 'datasources:\n- name: Mimir\n  type: prometheus\n  url: http://mimir:9009/prometheus\n', null],
      ["Loki's configuration, whose ruler runs LogQL", 'auth_enabled: false\nschema_config:\n  configs: []\nruler:\n  storage:\n    type: local\nruler_storage:\n  backend: local\n', null],
      ['two tools at once', 'services:\n  vmalert:\n    image: victoriametrics/vmalert\n  mimir:\n    image: grafana/mimir\n', null],
      ['a rule file that mentions a tool', 'groups:\n- name: thanos\n  rules:\n  - record: x  # vmalert -rule=x\n    expr: up\n', null],
      ['prometheus.yml', 'scrape_configs:\n- job_name: vmalert\n  static_configs: [{targets: ["vmalert:8880"]}]\n', null],
    ];
    for (const [what, text, dialect] of TEXTS) it(`${what}: ${dialect ?? 'none'}`, () => assert.equal(dialectNamedBy(text), dialect));

    it('is the one tool its files name, and the setting wins over it', () => {
      assert.equal(workspaceDialect(['vmalert', null, 'vmalert']), 'vmalert');
      assert.equal(workspaceDialect(['vmalert', 'thanos']), null);
      assert.equal(workspaceDialect([]), null);
      assert.equal(effectiveDialect('prometheus', 'thanos'), 'thanos');
      assert.equal(effectiveDialect('mimir', 'thanos'), 'mimir');
      assert.equal(effectiveDialect(undefined, null), 'prometheus');
    });

    it('is found on the real-world files only where they deploy the tool', function () {
      if (!fs.existsSync(REALWORLD)) this.skip();
      const named: string[] = [];
      const walk = (dir: string): void => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
          const file = path.join(dir, entry.name);
          if (entry.isDirectory()) walk(file);
          else {
            const dialect = dialectNamedBy(fs.readFileSync(file, 'utf8'));
            if (dialect) named.push(`${dialect} ${path.relative(path.join(REALWORLD, 'yaml'), file)}`);
          }
        }
      };
      walk(path.join(REALWORLD, 'yaml'));
      // Each read by hand: Cortex's own repository (its CI builds and deploys the Cortex image, its
      // configurations and compose file run the ruler) and a Grafana demo that runs Mimir.
      assert.deepEqual(named.sort(), [
        'mimir cortexproject+cortex/.github/workflows/test-build-deploy.yml',
        'mimir cortexproject+cortex/development/tsdb-blocks-storage-s3/config/cortex.yaml',
        'mimir cortexproject+cortex/docs/configuration/single-process-config-blocks.yaml',
        'mimir cortexproject+cortex/docs/getting-started/cortex-config.yaml',
        'mimir cortexproject+cortex/docs/getting-started/docker-compose.yaml',
        'mimir grafana+intro-to-mltp/docker-compose-otel.yml',
        'mimir grafana+intro-to-mltp/docker-compose.yml',
        'mimir grafana+intro-to-mltp/mimir/mimir.yaml',
      ]);
    });
  });
});
