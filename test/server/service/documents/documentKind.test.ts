import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mayBePrometheusFile } from '../../../../server/src/service/documents/documentKind';
import { parseYamlDocument } from '../../../../server/src/service/documents/yamlDocument';
import { CORPUS, FIXTURES, readJsonLines, REALWORLD } from '../../../support/paths';

/*
 * The textual look the workspace scan takes before it parses a YAML file: it may keep another
 * tool's file (which the parse then leaves out), but it must never leave out a Prometheus file.
 */

const CASES: [string, string, boolean][] = [
  ['groups:\n- name: a\n  rules: []\n', 'x.yml', true],
  ['apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec:\n  groups: []\n', 'x.yaml', true],
  // A PrometheusRule among other Kubernetes objects.
  ['apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\napiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec:\n  groups: []\n', 'bundle.yaml', true],
  ['global:\n  scrape_interval: 15s\n', 'x.yml', true],
  ['- job_name: a\n  static_configs:\n  - targets: [a:1]\n', 'x.yaml', true],
  ['- record: a\n  expr: b\n', 'x.yaml', true],
  ['{"groups": [{"name": "a", "rules": []}]}\n', 'x.yaml', true],
  ['rule_files: [a.yml]\ntests: []\n', 'x.yml', true],
  // The name decides when the content says nothing.
  ['', 'alerts.yml', true],
  ['', 'prometheus.yml', true],
  // A broken rule list with another tool's key after it: the parse, not the look, says what it is.
  ['- record: a\n  expr: b\nroute: x\n', 'x.yaml', true],
  // Other tools' files.
  ['apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers: []\n', 'x.yaml', false],
  ['apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nrules:\n- apiGroups: [""]\n  verbs: [get]\n---\napiVersion: v1\nkind: PersistentVolumeClaim\nspec:\n  resources:\n    requests:\n      storage: 1Gi\n', 'x.yaml', false],
  ['global:\n  imageRegistry: r\nreplicaCount: 1\nimage: {}\nservice: {}\n', 'values.yaml', false],
  ['global:\n  resolve_timeout: 5m\nroute:\n  receiver: r\nreceivers:\n- name: r\n', 'alertmanager.yml', false],
  ['# Loki\nauth_enabled: false\nserver:\n  http_listen_port: 3100\nruler:\n  storage: {}\n', 'loki.yaml', false],
  ['services:\n  web:\n    image: nginx\n', 'docker-compose.yaml', false],
  ['{{- if .Values.rules }}\ngroups:\n- name: g\n  rules: []\n{{- end }}\n', 'x.yaml', false],
  ['name: not prometheus\n', 'x.yml', false],
  ['', 'x.yml', false],
];

/** The YAML files under a folder. */
function yamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/i.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('documentKind: mayBePrometheusFile', () => {
  for (const [text, name, expected] of CASES) {
    it(`${expected ? 'keeps' : 'rules out'} ${name}: ${JSON.stringify(text.slice(0, 50))}`, () => {
      assert.equal(mayBePrometheusFile(text, `file:///w/${name}`), expected);
    });
  }

  it('rules out no file of the corpus, the real-world files and the fixtures that the parse finds Prometheus\'', () => {
    const files = [...yamlFiles(CORPUS), ...yamlFiles(REALWORLD), ...yamlFiles(FIXTURES)];
    assert.ok(files.length > 500, `only ${files.length} YAML files found`);
    // Only what it rules out needs the parse's word.
    const missed = files.filter((file) => {
      const text = fs.readFileSync(file, 'utf8');
      return !mayBePrometheusFile(text, `file://${file}`) && parseYamlDocument(text, `file://${file}`) !== null;
    });
    assert.deepEqual(missed, []);
  });

  it('rules out most of the real-world files of other tools', () => {
    // What it is for: other tools' files are not parsed (manifest.jsonl says what each file is).
    const others = readJsonLines<{ file: string; kind: string }>(path.join(REALWORLD, 'manifest.jsonl'))
      .filter((entry) => ['other-yaml', 'helm-template', 'alertmanager'].includes(entry.kind))
      .map((entry) => path.join(REALWORLD, entry.file));
    assert.ok(others.length > 200, `only ${others.length} files of other tools listed`);
    const kept = others.filter((file) => mayBePrometheusFile(fs.readFileSync(file, 'utf8'), `file://${file}`));
    // 37 of 249 kept when written: many named like rule or Prometheus files (GMP `rules.yaml`, `prometheus.yaml`), whose name decides when their content says nothing.
    assert.ok(kept.length < others.length * 0.2, `${kept.length} of ${others.length} kept: ${kept.slice(0, 10).join(', ')}`);
  });
});
