import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import { parseDuration } from '../promql/duration';
import { DISCOVERY_CHECKS } from './discoveryChecks';
import { goGlobSyntaxError } from './goGlob';
import { count, has, sub, text } from './mappingFields';
import type { ConfigReporter, ObjectCheck } from './schemaValidation';

/*
 * The rules of Prometheus' configuration that a schema cannot say: conflicting settings, values
 * that depend on other values, duplicates. Each check belongs to one object type of the schema and
 * receives that object's YAML mapping (with the fields of inlined types, such as the HTTP client
 * settings, in the same mapping). Messages follow Prometheus' own wording.
 */

function seconds(value: string | null): number | null {
  if (value === null) return null;
  const parsed = parseDuration(value);
  return 'seconds' in parsed ? parsed.seconds : null;
}

/** The HTTP client settings inlined into scrape, alerting, remote and discovery configs (prometheus/common). */
const httpClient: ObjectCheck = (map, report) => {
  const bearer = has(map, 'bearer_token');
  const bearerFile = has(map, 'bearer_token_file');
  const basic = sub(map, 'basic_auth');
  const oauth2 = sub(map, 'oauth2');
  const authorization = sub(map, 'authorization');
  if (bearer && bearerFile) report.error(map.get('bearer_token_file', true), 'at most one of bearer_token & bearer_token_file must be configured');
  else if ((basic || oauth2) && (bearer || bearerFile)) report.error(map.get(bearer ? 'bearer_token' : 'bearer_token_file', true), 'at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured');
  if (basic) {
    if (count(has(basic, 'username'), has(basic, 'username_file'), has(basic, 'username_ref')) > 1) report.error(basic, 'at most one of basic_auth username, username_file & username_ref must be configured');
    if (count(has(basic, 'password'), has(basic, 'password_file'), has(basic, 'password_ref')) > 1) report.error(basic, 'at most one of basic_auth password, password_file & password_ref must be configured');
  }
  if (authorization) {
    if (bearer || bearerFile) report.error(authorization, 'authorization is not compatible with bearer_token & bearer_token_file');
    if (count(has(authorization, 'credentials'), has(authorization, 'credentials_file'), has(authorization, 'credentials_ref')) > 1) report.error(authorization, 'at most one of authorization credentials & credentials_file must be configured');
    if ((text(authorization, 'type') ?? '').trim().toLowerCase() === 'basic') report.error(authorization.get('type', true), 'authorization type cannot be set to "basic", use "basic_auth" instead');
    if (basic || oauth2) report.error(authorization, 'at most one of basic_auth, oauth2 & authorization must be configured');
  }
  if (oauth2) {
    if (basic) report.error(oauth2, 'at most one of basic_auth, oauth2 & authorization must be configured');
    if (!has(oauth2, 'client_id')) report.error(oauth2, 'oauth2 client_id must be configured');
    if (!has(oauth2, 'token_url')) report.error(oauth2, 'oauth2 token_url must be configured');
  }
  if (has(map, 'proxy_from_environment') && map.get('proxy_from_environment') === true && has(map, 'proxy_url')) {
    report.error(map.get('proxy_url', true), 'if proxy_from_environment is configured, proxy_url must not be configured');
  }
  if (has(map, 'no_proxy') && !has(map, 'proxy_url')) report.error(map.get('no_proxy', true), 'if no_proxy is configured, proxy_url must also be configured');
};

const tlsConfig: ObjectCheck = (map, report) => {
  for (const [a, b] of [['ca', 'ca_file'], ['cert', 'cert_file'], ['key', 'key_file']]) {
    if (has(map, a) && has(map, b)) report.error(map.get(b, true), `at most one of ${a} and ${b} must be configured`);
  }
  const cert = has(map, 'cert') || has(map, 'cert_file');
  const key = has(map, 'key') || has(map, 'key_file');
  if (cert && !key) report.error(map, 'exactly one of key or key_file must be configured when a client certificate is configured');
  if (key && !cert) report.error(map, 'exactly one of cert or cert_file must be configured when a client key is configured');
};

const RELABEL_DEFAULTS = { separator: ';', regex: '(.*)', replacement: '$1', modulus: 0 };

const relabelConfig: ObjectCheck = (map, report) => {
  const action = (text(map, 'action') ?? 'replace').toLowerCase();
  const target = text(map, 'target_label') ?? '';
  const at = map.get('action', true) ?? map;
  const isDefault = (key: keyof typeof RELABEL_DEFAULTS): boolean => {
    const value = text(map, key);
    return value === null || value === String(RELABEL_DEFAULTS[key]);
  };
  if (action === 'hashmod' && !(Number(text(map, 'modulus') ?? 0) > 0)) report.error(at, 'relabel configuration for hashmod requires non-zero modulus');
  if (['replace', 'hashmod', 'lowercase', 'uppercase', 'keepequal', 'dropequal'].includes(action) && target === '') {
    report.error(at, `relabel configuration for ${action} action requires 'target_label' value`);
    return;
  }
  if (['lowercase', 'uppercase', 'keepequal', 'dropequal'].includes(action) && !isDefault('replacement')) {
    report.error(map.get('replacement', true), `'replacement' can not be set for ${action} action`);
  }
  if ((action === 'dropequal' || action === 'keepequal') && !(isDefault('regex') && isDefault('modulus') && isDefault('separator') && isDefault('replacement'))) {
    report.error(at, `${action} action requires only 'source_labels' and \`target_label\`, and no other fields`);
  }
  if ((action === 'labeldrop' || action === 'labelkeep') && (has(map, 'source_labels') || target !== '' || !isDefault('modulus') || !isDefault('separator') || !isDefault('replacement'))) {
    report.error(at, `${action} action requires only 'regex', and no other fields`);
  }
};

function durationOf(map: YAMLMap | null, key: string): number | null {
  return map ? seconds(text(map, key)) : null;
}

/** Checks across the whole file: duplicates, and scrape timeouts against intervals with the global defaults. */
const config: ObjectCheck = (map, report) => {
  const global = sub(map, 'global');
  const globalInterval = durationOf(global, 'scrape_interval') ?? 60;
  const globalTimeoutSet = durationOf(global, 'scrape_timeout');
  if (globalTimeoutSet !== null && globalTimeoutSet > globalInterval) report.error(global!.get('scrape_timeout', true), 'global scrape timeout greater than scrape interval');
  const jobs = new Set<string>();
  const scrapeConfigs = map.get('scrape_configs', true);
  if (isSeq(scrapeConfigs)) {
    for (const item of scrapeConfigs.items) {
      if (!isMap(item)) continue;
      const job = text(item, 'job_name');
      if (job !== null) {
        if (jobs.has(job)) report.error(item.get('job_name', true), `found multiple scrape configs with job name "${job}"`);
        jobs.add(job);
      }
      const interval = durationOf(item, 'scrape_interval') ?? globalInterval;
      const timeout = durationOf(item, 'scrape_timeout');
      // An inherited timeout longer than the job's interval is lowered to it by Prometheus: only the job's own counts.
      if (timeout !== null && timeout > interval) {
        report.error(item.get('scrape_timeout', true), `scrape timeout greater than scrape interval for scrape config with job name "${job ?? ''}"`);
      }
    }
  }
  for (const [key, what] of [['remote_write', 'remote write'], ['remote_read', 'remote read']] as const) {
    const list = map.get(key, true);
    if (!isSeq(list)) continue;
    const names = new Set<string>();
    for (const item of list.items) {
      if (!isMap(item)) continue;
      const name = text(item, 'name');
      if (name === null || name === '') continue;
      if (names.has(name)) report.error(item.get('name', true), `found multiple ${what} configs with job name "${name}"`);
      names.add(name);
    }
  }
  for (const key of ['rule_files', 'scrape_config_files']) {
    const list = map.get(key, true);
    if (!isSeq(list)) continue;
    for (const item of list.items) {
      const pattern = isScalar(item) ? String(item.value) : '';
      const what = key === 'rule_files' ? 'rule file' : 'scrape config file';
      // Prometheus allows a `*` only in the last path element (`?` and `[…]` may stand in folders).
      const star = pattern.indexOf('*');
      if (star >= 0 && pattern.includes('/', star)) report.error(item, `invalid ${what} path "${pattern}"`);
      else {
        const syntaxError = goGlobSyntaxError(pattern);
        if (syntaxError) report.error(item, `error retrieving ${what}s for ${JSON.stringify(pattern)}: ${syntaxError}`);
      }
    }
  }
};

const global: ObjectCheck = (map, report) => {
  checkScrapeProtocols(map, report);
  if (text(map, 'metric_name_validation_scheme') === 'legacy' && text(map, 'metric_name_escaping_scheme') === 'allow-utf-8') {
    report.error(map.get('metric_name_escaping_scheme', true), 'utf8 metric names requested but validation scheme is not set to UTF8');
  }
};

/**
 * A static target that is a URL is no address to scrape or to send alerts to, unless relabelling
 * sets __address__ (the blackbox exporter pattern) or may drop the target. promtool relabels each
 * target and checks the address it ends with; a scrape target's message names its place.
 */
function checkStaticTargets(map: YAMLMap, report: ConfigReporter, place: (group: number, index: number) => string, forbidden: RegExp): void {
  const relabels = map.get('relabel_configs', true);
  const mayChangeTarget = isSeq(relabels) && relabels.items.some((r) => isMap(r) && (text(r, 'target_label') === '__address__' || DROPPING_ACTIONS.includes(text(r, 'action') ?? '')));
  const statics = map.get('static_configs', true);
  if (mayChangeTarget || !isSeq(statics)) return;
  statics.items.forEach((group, g) => {
    const targets = isMap(group) ? group.get('targets', true) : null;
    if (!isSeq(targets)) return;
    targets.items.forEach((target, i) => {
      const value = isScalar(target) ? String(target.value) : '';
      if (forbidden.test(value)) report.error(target, `${place(g, i)}"${value}" is not a valid hostname`);
    });
  });
}

/** Relabel actions that may drop a target before its address is checked. */
const DROPPING_ACTIONS = ['keep', 'drop', 'keepequal', 'dropequal'];

const scrapeConfig: ObjectCheck = (map, report) => {
  if (text(map, 'job_name') === '') report.error(map.get('job_name', true), 'job_name is empty');
  checkStaticTargets(map, report, (g, i) => `instance ${i} in group ${g}: `, /[/\s]/);
  checkScrapeProtocols(map, report);
  const validation = text(map, 'metric_name_validation_scheme');
  const escaping = text(map, 'metric_name_escaping_scheme');
  if (validation === 'legacy' && escaping === 'allow-utf-8') {
    report.error(map.get('metric_name_escaping_scheme', true), 'utf8 metric names requested but validation scheme is not set to UTF8');
  }
};

const OTLP_STRATEGIES_NEEDING_UTF8 = ['NoTranslation', 'NoUTF8EscapingWithSuffixes'];

/** OTLP settings, with the global validation scheme they depend on. */
const otlpRules: ObjectCheck = (map, report) => {
  const otlp = sub(map, 'otlp');
  if (!otlp) return;
  const strategy = text(otlp, 'translation_strategy');
  const legacy = text(sub(map, 'global') ?? otlp, 'metric_name_validation_scheme') === 'legacy';
  if (strategy !== null && legacy && OTLP_STRATEGIES_NEEDING_UTF8.includes(strategy)) {
    report.error(otlp.get('translation_strategy', true), `OTLP translation strategy "${strategy}" is not allowed when UTF8 is disabled`);
  }
  const promoteAll = otlp.get('promote_all_resource_attributes') === true;
  if (promoteAll && has(otlp, 'promote_resource_attributes')) {
    report.error(otlp.get('promote_resource_attributes', true), "'promote_all_resource_attributes' and 'promote_resource_attributes' cannot be configured simultaneously");
  }
  if (has(otlp, 'ignore_resource_attributes') && !promoteAll) {
    report.error(otlp.get('ignore_resource_attributes', true), "'ignore_resource_attributes' cannot be configured unless 'promote_all_resource_attributes' is true");
  }
  for (const [key, adjective] of [['promote_resource_attributes', 'promoted'], ['ignore_resource_attributes', 'ignored']]) {
    const list = otlp.get(key, true);
    if (!isSeq(list)) continue;
    const seen = new Set<string>();
    for (const item of list.items) {
      const value = isScalar(item) ? String(item.value ?? '').trim() : '';
      if (value === '') report.error(item, `empty ${adjective} OTel resource attribute`);
      else if (seen.has(value)) report.error(item, `duplicated ${adjective} OTel resource attribute "${value}"`);
      seen.add(value);
    }
  }
};

function checkScrapeProtocols(map: YAMLMap, report: ConfigReporter): void {
  const protocols = map.get('scrape_protocols', true);
  if (!isSeq(protocols)) return;
  if (protocols.items.length === 0) report.error(protocols, 'scrape_protocols cannot be empty');
  const seen = new Set<string>();
  for (const item of protocols.items) {
    const value = isScalar(item) ? String(item.value) : '';
    if (seen.has(value)) report.error(item, `duplicated protocol in scrape_protocols, got ${value}`);
    seen.add(value);
  }
}

/** Headers Prometheus sets itself on remote write, remote read and tracing requests (SigV4's included). */
const RESERVED_HEADERS = [
  'host', 'content-encoding', 'content-length', 'content-type', 'user-agent', 'connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization',
  'www-authenticate', 'accept-encoding', 'x-prometheus-remote-write-version', 'x-prometheus-remote-read-version', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256',
];

/** Custom headers that Prometheus refuses, in its words (the header as written). */
function checkHeaders(map: YAMLMap, report: ConfigReporter, authorizationMessage: string): void {
  const headers = sub(map, 'headers');
  if (!headers) return;
  for (const pair of headers.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    const lower = name.toLowerCase();
    if (RESERVED_HEADERS.includes(lower)) report.error(pair.key, `${name} is a reserved header. It must not be changed`);
    if (lower === 'authorization') report.error(pair.key, authorizationMessage);
  }
}

function checkRemoteHeaders(map: YAMLMap, report: ConfigReporter): void {
  checkHeaders(map, report, 'authorization header must be changed via the basic_auth, authorization, oauth2, sigv4, azuread or google_iam parameter');
}

function checkRemoteAuth(map: YAMLMap, report: ConfigReporter): void {
  const configured = ['basic_auth', 'authorization', 'oauth2', 'sigv4', 'azuread', 'google_iam'].filter((k) => has(map, k));
  if (configured.length > 1) report.error(map.get(configured[1], true), `at most one of basic_auth, authorization, oauth2, sigv4, azuread or google_iam must be configured. Currently configured: [${configured.join(' ')}]`);
}

const remoteWrite: ObjectCheck = (map, report) => {
  if (!has(map, 'url')) report.error(map, 'url for remote_write is empty');
  checkRemoteHeaders(map, report);
  checkRemoteAuth(map, report);
};

const remoteRead: ObjectCheck = (map, report) => {
  if (!has(map, 'url')) report.error(map, 'url for remote_read is empty');
  checkRemoteHeaders(map, report);
  checkRemoteAuth(map, report);
};

const queueConfig: ObjectCheck = (map, report) => {
  const number = (key: string): number | null => {
    const value = text(map, key);
    return value === null ? null : Number(value);
  };
  const maxShards = number('max_shards');
  const minShards = number('min_shards');
  if (maxShards !== null && maxShards <= 0) report.error(map.get('max_shards', true), 'remote write queue max_shards must be positive');
  if (minShards !== null && minShards <= 0) report.error(map.get('min_shards', true), 'remote write queue min_shards must be positive');
  if (minShards !== null && minShards > (maxShards ?? 50)) report.error(map.get('min_shards', true), 'remote write queue min_shards must not be greater than max_shards');
  const perSend = number('max_samples_per_send');
  if (perSend !== null && perSend <= 0) report.error(map.get('max_samples_per_send', true), 'remote write queue max_samples_per_send must be positive');
  const capacity = number('capacity');
  if (capacity !== null && capacity <= 0) report.error(map.get('capacity', true), 'remote write queue capacity must be positive');
  const minBackoff = durationOf(map, 'min_backoff') ?? 0.03;
  const maxBackoff = durationOf(map, 'max_backoff') ?? 5;
  if (maxBackoff < minBackoff) report.error(map.get('max_backoff', true) ?? map, 'remote write queue max_backoff must not be less than min_backoff');
};

const alertmanagerConfig: ObjectCheck = (map, report) => {
  const configured = ['basic_auth', 'authorization', 'oauth2', 'sigv4'].filter((k) => has(map, k));
  if (configured.length > 1) report.error(map.get(configured[1], true), 'at most one of basic_auth, authorization, oauth2, & sigv4 must be configured');
  checkStaticTargets(map, report, () => '', /\//);
};

const tracing: ObjectCheck = (map, report) => {
  if (map.items.length > 0 && !has(map, 'endpoint')) report.error(map, 'tracing endpoint must be set');
  checkHeaders(map, report, 'custom authorization header configuration is not yet supported');
};

const tsdb: ObjectCheck = (map, report) => {
  const retention = sub(map, 'retention');
  const percentage = retention ? text(retention, 'percentage') : null;
  if (percentage !== null && !(Number(percentage) >= 0 && Number(percentage) <= 100)) {
    report.error(retention!.get('percentage', true), `'storage.tsdb.retention.percentage' must be in the range [0, 100], got ${percentage}`);
  }
};

/** Kubernetes service discovery: the combinations Prometheus rejects. */
const KUBERNETES_SELECTOR_ROLES: Record<string, string[]> = {
  pod: ['pod', 'node'], service: ['service'], endpoints: ['pod', 'service', 'endpoints'], endpointslice: ['pod', 'service', 'endpointslice'],
  node: ['node'], ingress: ['ingress'],
};

const kubernetesSd: ObjectCheck = (map, report) => {
  const namespaces = sub(map, 'namespaces');
  const ownNamespace = namespaces?.get('own_namespace') === true;
  if (has(map, 'api_server') && ownNamespace) report.error(namespaces, "cannot use 'api_server' and 'namespaces.own_namespace' simultaneously");
  const customHttp = ['basic_auth', 'authorization', 'oauth2', 'bearer_token', 'bearer_token_file', 'proxy_url'].some((k) => has(map, k)) || (sub(map, 'tls_config')?.items.length ?? 0) > 0;
  if (has(map, 'kubeconfig_file')) {
    if (ownNamespace) report.error(namespaces, "cannot use 'kubeconfig_file' and 'namespaces.own_namespace' simultaneously");
    if (has(map, 'api_server')) report.error(map.get('kubeconfig_file', true), "cannot use 'kubeconfig_file' and 'api_server' simultaneously");
    else if (customHttp) report.error(map.get('kubeconfig_file', true), "cannot use a custom HTTP client configuration together with 'kubeconfig_file'");
  } else if (customHttp && !has(map, 'api_server')) {
    // In the cluster, Prometheus authenticates with the pod's service account: its own settings need an api_server.
    report.error(map, "to use custom HTTP client configuration please provide the 'api_server' URL explicitly");
  }
  const role = text(map, 'role') ?? '';
  const selectors = map.get('selectors', true);
  if (isSeq(selectors)) {
    const seen = new Set<string>();
    for (const selector of selectors.items) {
      if (!isMap(selector)) continue;
      const selectorRole = text(selector, 'role') ?? '';
      if (seen.has(selectorRole)) report.error(selector.get('role', true), `duplicated selector role: ${selectorRole}`);
      seen.add(selectorRole);
      const allowed = KUBERNETES_SELECTOR_ROLES[role];
      if (allowed && !allowed.includes(selectorRole)) report.error(selector.get('role', true), `${role} role supports only ${allowed.join(', ')} selectors`);
      for (const key of ['label', 'field'] as const) {
        const value = text(selector, key);
        if (value !== null && !isKubernetesSelector(value, key)) report.error(selector.get(key, true), `invalid selector: '${value}'; can't understand '${value}'`);
      }
    }
  }
};

const FIELD_REQUIREMENT = /^\s*[A-Za-z0-9_./-]+\s*(?:==|=|!=)\s*[A-Za-z0-9_.-]*\s*$/;
const LABEL_REQUIREMENT = /^\s*(?:!?[A-Za-z0-9_./-]+|[A-Za-z0-9_./-]+\s*(?:==|=|!=)\s*[A-Za-z0-9_.-]*|[A-Za-z0-9_./-]+\s+(?:in|notin)\s+\([^)]*\))\s*$/;

/** A Kubernetes selector: comma-separated requirements; field selectors need an operator. */
function isKubernetesSelector(selector: string, kind: 'label' | 'field'): boolean {
  const requirement = kind === 'field' ? FIELD_REQUIREMENT : LABEL_REQUIREMENT;
  return selector.split(/,(?![^(]*\))/).every((part) => requirement.test(part));
}

/** Object checks by schema object name. */
export const SEMANTIC_CHECKS: Readonly<Record<string, readonly ObjectCheck[]>> = {
  ...DISCOVERY_CHECKS,
  config: [config, otlpRules],
  global: [global],
  scrape_config: [scrapeConfig],
  http_client: [httpClient],
  tls_config: [tlsConfig],
  relabel_config: [relabelConfig],
  remote_write: [remoteWrite],
  remote_read: [remoteRead],
  queue_config: [queueConfig],
  alertmanager_config: [alertmanagerConfig],
  tracing: [tracing],
  tsdb: [tsdb],
  kubernetes_sd_config: [kubernetesSd],
};
