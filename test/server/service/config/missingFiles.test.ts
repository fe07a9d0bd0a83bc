import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../../../server/src/service/languageService';
import { withLspAnswers } from '../../../support/lspAnswers';
import { nodeFileSystem } from '../../../../server/src/fileSystem/workspaceFiles';

/*
 * Files a configuration names that do not exist beside it: credential and TLS files and file_sd
 * patterns, warned about with what promtool and Prometheus do without them. Each case is a real
 * configuration in a real folder, checked by promtool 2.42 too: where the message says that
 * promtool fails, promtool fails on that file, and nowhere else.
 */

const PROMTOOL = '/usr/bin/promtool';
const SCRAPE = "scrape_configs:\n  - job_name: a\n    static_configs: [{targets: ['x:1']}]\n";

interface Case {
  /** The configuration; `present.pem` exists beside it, `/no/such/…` does not. */
  readonly config: string;
  /** The warnings of config/no-match. */
  readonly warnings: readonly string[];
  /** Whether promtool check config fails. */
  readonly promtoolFails: boolean;
}

const missing = (key: string, file: string, why = ''): string => `${key}: the file "${file}" does not exist here (it must where Prometheus runs${why})`;
const PROMTOOL_FAILS = ': promtool check config fails without it';
const AT_APPLY = ': Prometheus reads it when it applies the configuration';

const CASES: Case[] = [
  { config: `${SCRAPE}    tls_config: {cert_file: /no/such/c.pem, key_file: present.pem}\n`, warnings: [missing('cert_file', '/no/such/c.pem', PROMTOOL_FAILS)], promtoolFails: true },
  { config: `${SCRAPE}    tls_config: {cert_file: present.pem, key_file: /no/such/k.pem}\n`, warnings: [missing('key_file', '/no/such/k.pem', PROMTOOL_FAILS)], promtoolFails: true },
  { config: `${SCRAPE}    tls_config: {ca_file: /no/such/ca.pem}\n`, warnings: [missing('ca_file', '/no/such/ca.pem', AT_APPLY)], promtoolFails: false },
  { config: `${SCRAPE}    authorization: {credentials_file: /no/such/token}\n`, warnings: [missing('credentials_file', '/no/such/token', PROMTOOL_FAILS)], promtoolFails: true },
  { config: `${SCRAPE}    bearer_token_file: /no/such/token\n`, warnings: [missing('bearer_token_file', '/no/such/token', PROMTOOL_FAILS)], promtoolFails: true },
  { config: "remote_write:\n  - url: http://x/api/v1/write\n    tls_config: {cert_file: /no/such/c.pem, key_file: present.pem}\n", warnings: [missing('cert_file', '/no/such/c.pem', AT_APPLY)], promtoolFails: false },
  { config: "remote_write:\n  - url: http://x/api/v1/write\n    tls_config: {ca_file: /no/such/ca.pem}\n", warnings: [missing('ca_file', '/no/such/ca.pem', AT_APPLY)], promtoolFails: false },
  { config: "remote_write:\n  - url: http://x/api/v1/write\n    bearer_token_file: /no/such/token\n", warnings: [missing('bearer_token_file', '/no/such/token')], promtoolFails: false },
  { config: "alerting:\n  alertmanagers:\n  - static_configs: [{targets: ['x:1']}]\n    tls_config: {ca_file: /no/such/ca.pem}\n", warnings: [missing('ca_file', '/no/such/ca.pem', AT_APPLY)], promtoolFails: false },
  { config: `${SCRAPE}    oauth2: {client_id: a, client_secret: s, token_url: 'http://x/token', tls_config: {cert_file: /no/such/c.pem, key_file: present.pem}}\n`, warnings: [missing('cert_file', '/no/such/c.pem')], promtoolFails: false },
  { config: `${SCRAPE}    http_sd_configs: [{url: 'http://x/sd', tls_config: {cert_file: /no/such/c.pem, key_file: present.pem}}]\n`, warnings: [missing('cert_file', '/no/such/c.pem', AT_APPLY)], promtoolFails: false },
  {
    config: "scrape_configs:\n  - job_name: a\n    file_sd_configs: [{files: [/no/such/*.json, 'targets/*.yml']}]\n",
    warnings: ['file_sd_configs: no file matches "/no/such/*.json" here (promtool warns; Prometheus discovers no target from it until one does)'],
    promtoolFails: false,
  },
  { config: `${SCRAPE}    tls_config: {ca_file: present.pem, cert_file: present.pem, key_file: present.pem}\n`, warnings: [], promtoolFails: false },
];

/** Files that a platform mounts into Prometheus' container: their absence from a checkout says nothing (promtool, run outside the pod, fails on the token). */
const MOUNTED: Case[] = [
  {
    config: `${SCRAPE}    bearer_token_file: /var/run/secrets/kubernetes.io/serviceaccount/token\n    tls_config: {ca_file: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt}\n`,
    warnings: [],
    promtoolFails: true,
  },
  { config: `${SCRAPE}    authorization: {credentials_file: /run/secrets/prometheus_token}\n`, warnings: [], promtoolFails: true },
];

describe('files a configuration names that do not exist here', function () {
  this.timeout(30_000);
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prometheus-lsp-missing-files-'));
    fs.writeFileSync(path.join(dir, 'present.pem'), '');
    fs.mkdirSync(path.join(dir, 'targets'));
    fs.writeFileSync(path.join(dir, 'targets', 'a.yml'), "- targets: ['x:1']\n");
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const [i, c] of [...CASES, ...MOUNTED].entries()) {
    it(c.warnings[0] ?? (i < CASES.length ? 'every file present: no warning' : `a platform's mount: no warning (${c.config.split('\n')[3].trim()})`), function () {
      const file = path.join(dir, `prometheus-${i}.yml`);
      fs.writeFileSync(file, c.config);
      const service = withLspAnswers(getLanguageService({ fileSystem: nodeFileSystem }));
      const document = TextDocument.create(pathToFileURL(file).toString(), 'yaml', 1, c.config);
      const diagnostics = service.validate(document, service.parseDocument(document)!);
      assert.deepEqual(diagnostics.filter((d) => d.severity === 1).map((d) => d.message), [], 'no error: the file need only exist where Prometheus runs');
      const warnings = diagnostics.filter((d) => d.code === 'config/no-match');
      assert.deepEqual(warnings.map((d) => d.message), c.warnings);
      for (const d of warnings) assert.equal(d.severity, 2);
      // Each warning sits on the file name it is about.
      for (const d of warnings) assert.ok(String(d.message).includes(JSON.stringify(document.getText(d.range))), document.getText(d.range));

      if (!fs.existsSync(PROMTOOL)) this.skip();
      const promtool = spawnSync(PROMTOOL, ['check', 'config', path.basename(file)], { cwd: dir, encoding: 'utf8' });
      assert.equal(promtool.status !== 0, c.promtoolFails, promtool.stdout + promtool.stderr);
      if (i < CASES.length) assert.equal(c.warnings.some((w) => w.includes(PROMTOOL_FAILS)), c.promtoolFails);
      if (c.warnings.some((w) => w.startsWith('file_sd_configs'))) assert.match(promtool.stdout, /WARNING: file "\/no\/such\/\*\.json" for file_sd in scrape job "a" does not exist/);
    });
  }
});
