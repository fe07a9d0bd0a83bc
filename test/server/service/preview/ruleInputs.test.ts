import * as assert from 'node:assert/strict';
import { parseYamlDocument } from '../../../../server/src/service/documents/yamlDocument';
import { ruleInputs } from '../../../../server/src/service/preview/ruleInputs';

/*
 * The rules of a rule file as previews take them, and where a template's characters are in the
 * file (a failing template is shown at its place, through quotes and escapes).
 */

const FILE = `groups:
  - name: api
    interval: 30s
    rules:
      - record: job:up:sum
        expr: sum by (job) (up)
        labels: { team: infra }
      - alert: Down
        expr: up == 0
        for: 1h5m
        keep_firing_for: 10m
        labels:
          severity: "{{ if gt $value 1 }}page{{ end }}"
        annotations:
          summary: 'it''s {{ $labels.instance }} at {{ humanize $value }}'
  - name: other
    rules:
      - alert: NoInterval
        expr: vector(1)
`;

describe('rule inputs of a rule file', () => {
  const rules = ruleInputs(parseYamlDocument(FILE, 'api.rules.yml')!, 'api.rules.yml');

  it('reads every rule with its group, interval, for:, keep_firing_for:, labels and annotations', () => {
    assert.deepEqual(rules.map((r) => r.input), [
      { file: 'api.rules.yml', group: 'api', groupInterval: 30, kind: 'record', name: 'job:up:sum', expr: 'sum by (job) (up)', labels: { team: 'infra' } },
      { file: 'api.rules.yml', group: 'api', groupInterval: 30, kind: 'alert', name: 'Down', expr: 'up == 0', for: 3900, keepFiringFor: 600,
        labels: { severity: '{{ if gt $value 1 }}page{{ end }}' }, annotations: { summary: "it's {{ $labels.instance }} at {{ humanize $value }}" } },
      { file: 'api.rules.yml', group: 'other', kind: 'alert', name: 'NoInterval', expr: 'vector(1)' },
    ]);
  });

  it('maps an offset of a template to the file, through quotes and escapes', () => {
    const down = rules[1];
    const label = down.templateOffset('labels', 'severity', 6)!;
    assert.equal(FILE.slice(label, label + 10), 'gt $value ');
    const summary = down.input.annotations!['summary'];
    const at = down.templateOffset('annotations', 'summary', summary.indexOf('humanize'))!;
    assert.equal(FILE.slice(at, at + 8), 'humanize');
    assert.equal(down.templateOffset('annotations', 'missing', 0), undefined);
    assert.equal(FILE.slice(down.nameRange.start, down.nameRange.end), 'Down');
  });

  it('reads nothing from other documents', () => {
    assert.deepEqual(ruleInputs(parseYamlDocument('global:\n  scrape_interval: 15s\n', 'prometheus.yml')!, 'prometheus.yml'), []);
  });
});
