import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { nodeFileSystem } from '../../../../server/src/fileSystem/workspaceFiles';
import { getLanguageService } from '../../../../server/src/service/languageService';
import { withLspAnswers } from '../../../support/lspAnswers';
import { withRanges } from '../../../support/markers';
import { CORPUS, readJsonLines } from '../../../support/paths';

const service = withLspAnswers(getLanguageService({ fileSystem: nodeFileSystem }));

function problems(text: string, uri = 'file:///etc/prometheus/prometheus.yml'): { message: string; code: string; severity: number; start: number; end: number }[] {
  const document = TextDocument.create(uri, 'yaml', 1, text);
  const model = service.parseDocument(document);
  assert.ok(model, 'recognised');
  return service.validate(document, model).map((d) => ({
    message: String(d.message), code: String(d.code), severity: d.severity ?? 1, start: document.offsetAt(d.range.start), end: document.offsetAt(d.range.end),
  }));
}

/** One mistake each, at «…», with the message (Prometheus' words where it has them). */
const MISTAKES: [string, string][] = [
  ['global:\n  «scrape_intervall»: 15s\n', 'field scrape_intervall not found in global (did you mean scrape_interval?)'],
  ['global:\n  scrape_interval: «15 s»\n', 'scrape_interval: not a valid duration string: "15 s"'],
  ['scrape_configs:\n  - job_name: a\n    scrape_interval: 10s\n    scrape_timeout: «20s»\n', 'scrape timeout greater than scrape interval for scrape config with job name "a"'],
  ['scrape_configs:\n  - job_name: a\n  - job_name: «a»\n', 'found multiple scrape configs with job name "a"'],
  ['scrape_configs:\n  - job_name: a\n    scheme: «ftp»\n', 'unknown scheme "ftp", expected one of http, https'],
  ['scrape_configs:\n  - job_name: a\n    honor_labels: «yes please»\n', 'honor_labels must be true or false, got "yes please"'],
  ['scrape_configs:\n  - job_name: a\n    body_size_limit: «10 megs»\n', 'body_size_limit: "10 megs" is not a size such as 512MB or 1GiB'],
  ['scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: «replaced»\n', 'unknown action "replaced", expected one of replace, keep, drop, keepequal, dropequal, hashmod, labelmap, labeldrop, labelkeep, lowercase, uppercase'],
  ['scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - source_labels: [x]\n        regex: «"(unclosed"»\n', 'regex: error parsing regexp: missing closing ): `^(?s:(unclosed)$`'],
  ['scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: «replace»\n        source_labels: [x]\n', "relabel configuration for replace action requires 'target_label' value"],
  ['scrape_configs:\n  - job_name: a\n    basic_auth:\n      username: u\n    bearer_token: «t»\n', 'at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured'],
  ['scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [«"http://x:9100"»]\n', 'instance 0 in group 0: "http://x:9100" is not a valid hostname'],
  ['scrape_configs:\n  - job_name: a\n    kubernetes_sd_configs:\n      - role: «pods»\n', 'unknown role "pods", expected one of node, pod, service, endpoints, endpointslice, ingress'],
  ['scrape_configs:\n  - «job_nam»: a\n', 'field job_nam not found in scrape_config (did you mean job_name?)'],
  ['remote_write:\n  - url: http://x\n    queue_config:\n      max_shards: «0»\n', 'remote write queue max_shards must be positive'],
  // An Alertmanager given as a URL: promtool relabels it and checks the address.
  ['alerting:\n  alertmanagers:\n    - relabel_configs:\n        - source_labels: [__address__]\n          target_label: __param_target\n      static_configs:\n        - targets: [«http://am:9093»]\n', '"http://am:9093" is not a valid hostname'],
  // Every header Prometheus sets itself, as written, on remote write, remote read and tracing requests.
  ['remote_write:\n  - url: http://x\n    headers:\n      «Host»: a\n', 'Host is a reserved header. It must not be changed'],
  ['remote_read:\n  - url: http://x\n    headers:\n      «X-Amz-Date»: a\n', 'X-Amz-Date is a reserved header. It must not be changed'],
  ['tracing:\n  endpoint: x:4317\n  headers:\n    «Accept-Encoding»: gzip\n', 'Accept-Encoding is a reserved header. It must not be changed'],
  ['tracing:\n  endpoint: x:4317\n  headers:\n    «Authorization»: Bearer t\n', 'custom authorization header configuration is not yet supported'],
  // Marathon's token beside the HTTP client's authentication, in Prometheus' order.
  ['scrape_configs:\n  - job_name: a\n    marathon_sd_configs:\n      - «servers: [http://m:8080]\n        auth_token: t\n        basic_auth:\n          username: u\n»', 'marathon_sd: at most one of basic_auth, auth_token & auth_token_file must be configured'],
  ['scrape_configs:\n  - job_name: a\n    marathon_sd_configs:\n      - «servers: [http://m:8080]\n        auth_token_file: /t\n        bearer_token: b\n»', 'marathon_sd: at most one of bearer_token, bearer_token_file, auth_token & auth_token_file must be configured'],
  ['scrape_configs:\n  - job_name: a\n    marathon_sd_configs:\n      - «servers: [http://m:8080]\n        auth_token: t\n        auth_token_file: /t\n»', 'marathon_sd: at most one of auth_token & auth_token_file must be configured'],
  // Kubernetes discovery: its own HTTP settings need an api_server; a kubeconfig file excludes both.
  ['scrape_configs:\n  - job_name: a\n    kubernetes_sd_configs:\n      - «role: pod\n        authorization:\n          credentials: t\n»', "to use custom HTTP client configuration please provide the 'api_server' URL explicitly"],
  ['scrape_configs:\n  - job_name: a\n    kubernetes_sd_configs:\n      - role: pod\n        api_server: https://k:6443\n        kubeconfig_file: «/k»\n', "cannot use 'kubeconfig_file' and 'api_server' simultaneously"],
];

/** What Prometheus and promtool accept: no error. */
const ACCEPTED: string[] = [
  // A URL target that relabelling turns into an address, or may drop (promtool relabels before it checks).
  'alerting:\n  alertmanagers:\n    - relabel_configs:\n        - target_label: __address__\n          replacement: am:9093\n      static_configs:\n        - targets: [http://am]\n',
  'scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: drop\n        source_labels: [__address__]\n        regex: http.*\n    static_configs:\n      - targets: [http://x]\n',
  'alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: [am:9093]\n',
  'remote_write:\n  - url: http://x\n    headers:\n      X-Scope-OrgID: team-a\n',
  'tracing:\n  endpoint: x:4317\n  headers:\n    X-Team: a\n',
  'scrape_configs:\n  - job_name: a\n    marathon_sd_configs:\n      - servers: [http://m:8080]\n        auth_token: t\n',
  'scrape_configs:\n  - job_name: a\n    kubernetes_sd_configs:\n      - role: pod\n        api_server: https://k:6443\n        authorization:\n          credentials: t\n',
  'scrape_configs:\n  - job_name: a\n    kubernetes_sd_configs:\n      - role: pod\n        tls_config: {}\n',
  'scrape_configs:\n  - job_name: a\n    kubernetes_sd_configs:\n      - role: pod\n    tls_config:\n      ca_file: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt\n    authorization:\n      credentials_file: /var/run/secrets/kubernetes.io/serviceaccount/token\n',
];

/** Corpus files where our verdict differs from the reference, and why. */
const DEFENDED: Record<string, string> = {
  'config/other/prometheus__config-testdata__agent_mode.with_rule_files.yml': 'invalid only for a server started in agent mode, which the file does not say',
  'config/bad/prometheus__config-testdata__scrape_config_files_duplicate.bad.yml': 'the error is in the scrape config files it includes, which the corpus does not hold',
  'config/bad/prometheus__config-testdata__scrape_config_files_global.bad.yml': 'the error is in the scrape config files it includes, which the corpus does not hold',
  'config/bad/prometheus__config-testdata__scrape_config_files_global_duplicate.bad.yml': 'the error is in the scrape config files it includes, which the corpus does not hold',
  'config/bad/prometheus__promtool__authorization_credentials_file.bad.yml': 'its credentials file does not exist: promtool fails, we warn, since the file need only exist where Prometheus runs',
  'config/other/prometheus__config-testdata__config_with_deprecated_am_api_config.yml': 'promtool 2.42 still accepts the v1 Alertmanager API; Prometheus 3.x removed it',
  'config/other/prometheus__config-testdata__scrape_config_local_global_validation_mode.yml': 'promtool 2.42 does not know the 3.x naming-scheme fields; Prometheus 3.x accepts the file',
};

describe('configuration validation', () => {
  describe('reports each mistake where it is', () => {
    for (const [marked, message] of MISTAKES) {
      const { text, ranges } = withRanges(marked);
      it(message, () => {
        const found = problems(text).find((p) => p.message === message);
        assert.ok(found, JSON.stringify(problems(text).map((p) => p.message)));
        assert.equal(found.code, 'config/invalid');
        assert.deepEqual([found.start, found.end], [ranges[0].start, ranges[0].end]);
      });
    }
  });

  describe('accepts what Prometheus accepts', () => {
    for (const text of ACCEPTED) {
      it(JSON.stringify(text).slice(0, 90), () => {
        assert.deepEqual(problems(text).filter((p) => p.severity === 1).map((p) => p.message), []);
      });
    }
  });

  it('warns where a credentials file does not exist here', () => {
    const { text, ranges } = withRanges('scrape_configs:\n  - job_name: a\n    authorization:\n      credentials_file: «/no/such/file/anywhere»\n');
    const found = problems(text).find((p) => p.code === 'config/no-match');
    assert.equal(found?.message, 'credentials_file: the file "/no/such/file/anywhere" does not exist here (it must where Prometheus runs: promtool check config fails without it)');
    assert.equal(found?.severity, 2);
    assert.deepEqual([found.start, found.end], [ranges[0].start, ranges[0].end]);
  });

  it("agrees with promtool's verdicts on the corpus configurations", () => {
    const rows = readJsonLines<{ file: string; check: string; expected: string | null; verdict: string }>(path.join(CORPUS, 'oracle', 'files_promtool.jsonl')).filter((r) => r.check === 'check config');
    const differ: string[] = [];
    let agree = 0;
    for (const row of rows) {
      const file = path.join(CORPUS, row.file);
      const found = problems(fs.readFileSync(file, 'utf8'), pathToFileURL(file).toString());
      const ours = found.some((p) => p.severity === 1) ? 'invalid' : 'valid';
      const reference = row.expected ?? row.verdict;
      if (ours === reference) agree++;
      else if (!DEFENDED[row.file]) differ.push(`${row.file}: ours ${ours}, reference ${reference}: ${found.map((p) => p.message).join('; ')}`);
    }
    console.log(`      configurations agreeing: ${agree}/${rows.length}`);
    assert.deepEqual(differ, []);
  });

  it('offers keys and enum values with documentation, and explains keys on hover', () => {
    const at = (marked: string) => {
      const document = TextDocument.create('file:///prometheus.yml', 'yaml', 1, marked.replace('|', ''));
      return { document, model: service.parseDocument(document)!, offset: marked.indexOf('|') };
    };
    const keys = at('scrape_configs:\n  - job_name: a\n    |');
    const labels = service.complete(keys.document, keys.model, keys.offset).items.map((i) => i.label);
    for (const k of ['scrape_interval', 'metrics_path', 'relabel_configs', 'kubernetes_sd_configs', 'basic_auth', 'tls_config']) assert.ok(labels.includes(k), k);
    assert.ok(!labels.includes('job_name'));
    const action = at('scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: |');
    assert.deepEqual(service.complete(action.document, action.model, action.offset).items.map((i) => i.label).slice(0, 3), ['replace', 'keep', 'drop']);
    const hover = at('global:\n  scrape_int|erval: 15s\n');
    const contents = service.hover(hover.document, hover.model, hover.offset)?.contents;
    assert.match(contents && typeof contents === 'object' && 'value' in contents ? contents.value : '', /How often targets are scraped/);
  });
});
