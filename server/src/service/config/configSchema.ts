import type { ConfigSchema, FieldSpec, FieldType, ObjectSpec } from './schemaTypes';

/*
 * Every field of the Prometheus 3.x configuration file: names, types, defaults, allowed values and
 * inlined settings, taken as facts from Prometheus' configuration structures at the version of our
 * corpus (config/config.go, model/relabel, the discovery packages, storage/remote/azuread and
 * googleiam), from prometheus/common v0.70 (HTTP client, TLS, OAuth 2.0, proxy settings) and from
 * prometheus/sigv4. The documentation strings are ours.
 *
 * `required` marks only what Prometheus itself refuses to load without; `default` is what it uses
 * when a field is left out. Object names are the keys semanticChecks.ts and discoveryChecks.ts
 * attach their checks to.
 */

interface Extra {
  readonly required?: boolean;
  readonly default?: string;
  readonly deprecated?: string;
}

const STRING: FieldType = { kind: 'string' };
const BOOL: FieldType = { kind: 'bool' };
const INT: FieldType = { kind: 'int' };
const FLOAT: FieldType = { kind: 'float' };
const DURATION: FieldType = { kind: 'duration' };
const SIZE: FieldType = { kind: 'size' };
const URL_TYPE: FieldType = { kind: 'url' };
const SECRET: FieldType = { kind: 'secret' };
const FILE: FieldType = { kind: 'filePath' };
const REGEX: FieldType = { kind: 'regex' };
const LABEL_NAME: FieldType = { kind: 'labelName' };
const ANY: FieldType = { kind: 'any' };

const list = (of: FieldType): FieldType => ({ kind: 'list', of });
const object = (type: string): FieldType => ({ kind: 'object', type });
const oneOf = (...values: string[]): FieldType => ({ kind: 'enum', values });
const LABEL_MAP: FieldType = { kind: 'map', keys: 'labelName', of: STRING };
const STRING_MAP: FieldType = { kind: 'map', keys: 'string', of: STRING };

const REQUIRED: Extra = { required: true };

const field = (type: FieldType, doc: string, extra: Extra = {}): FieldSpec => ({ type, doc, ...extra });

/** A field of one type, with the default Prometheus uses when it is left out. */
const typed =
  (type: FieldType) =>
  (doc: string, def?: string, extra: Extra = {}): FieldSpec =>
    field(type, doc, def === undefined ? extra : { ...extra, default: def });

const string = typed(STRING);
const bool = typed(BOOL);
const int = typed(INT);
const float = typed(FLOAT);
const duration = typed(DURATION);
const size = typed(SIZE);
const url = typed(URL_TYPE);
const secret = typed(SECRET);
const filePath = typed(FILE);

const SCRAPE_PROTOCOLS = ['PrometheusProto', 'OpenMetricsText1.0.0', 'OpenMetricsText0.0.1', 'PrometheusText1.0.0', 'PrometheusText0.0.4'];
const VALIDATION_SCHEMES = ['utf8', 'legacy', ''];
const ESCAPING_SCHEMES = ['allow-utf-8', 'underscores', 'dots', 'values', ''];
const TLS_VERSIONS = ['TLS10', 'TLS11', 'TLS12', 'TLS13'];
const HTTP_SCHEMES = ['http', 'https'];
const RELABEL_ACTIONS = ['replace', 'keep', 'drop', 'keepequal', 'dropequal', 'hashmod', 'labelmap', 'labeldrop', 'labelkeep', 'lowercase', 'uppercase'];
const KUBERNETES_ROLES = ['node', 'pod', 'service', 'endpoints', 'endpointslice', 'ingress'];
const AWS_ROLES = ['ec2', 'ecs', 'elasticache', 'lightsail', 'msk', 'rds'];

/** The service discovery mechanisms (`<name>_sd_configs`, and `static_configs`): the same keys in scrape jobs and Alertmanager sets. */
const DISCOVERY: readonly (readonly [key: string, type: string, doc: string])[] = [
  ['static_configs', 'static_config', 'Targets listed by hand, each group with its own labels.'],
  ['aws_sd_configs', 'aws_sd_config', 'Targets discovered from AWS (EC2, ECS, ElastiCache, Lightsail, MSK or RDS, by role).'],
  ['azure_sd_configs', 'azure_sd_config', 'Targets discovered from Azure virtual machines.'],
  ['consul_sd_configs', 'consul_sd_config', "Targets discovered from Consul's service catalog."],
  ['digitalocean_sd_configs', 'digitalocean_sd_config', 'Targets discovered from DigitalOcean droplets or databases.'],
  ['dns_sd_configs', 'dns_sd_config', 'Targets found by resolving DNS names (SRV, A, AAAA, MX or NS records).'],
  ['docker_sd_configs', 'docker_sd_config', 'Targets discovered from the containers of a Docker daemon.'],
  ['dockerswarm_sd_configs', 'dockerswarm_sd_config', 'Targets discovered from the services, tasks or nodes of a Docker Swarm.'],
  ['ec2_sd_configs', 'ec2_sd_config', 'Targets discovered from AWS EC2 instances.'],
  ['ecs_sd_configs', 'ecs_sd_config', 'Targets discovered from AWS ECS tasks.'],
  ['elasticache_sd_configs', 'elasticache_sd_config', 'Targets discovered from AWS ElastiCache nodes.'],
  ['eureka_sd_configs', 'eureka_sd_config', 'Targets discovered from the applications registered in Eureka.'],
  ['file_sd_configs', 'file_sd_config', 'Targets read from JSON or YAML files, reloaded when they change.'],
  ['gce_sd_configs', 'gce_sd_config', 'Targets discovered from Google Compute Engine instances.'],
  ['hetzner_sd_configs', 'hetzner_sd_config', 'Targets discovered from Hetzner Cloud or Robot servers.'],
  ['http_sd_configs', 'http_sd_config', 'Targets fetched as JSON from an HTTP endpoint.'],
  ['ionos_sd_configs', 'ionos_sd_config', 'Targets discovered from the servers of an IONOS Cloud data center.'],
  ['kubernetes_sd_configs', 'kubernetes_sd_config', 'Targets discovered from the Kubernetes API: nodes, pods, services, endpoints, endpoint slices or ingresses.'],
  ['kuma_sd_configs', 'kuma_sd_config', "Targets discovered from a Kuma control plane's monitoring assignments."],
  ['lightsail_sd_configs', 'lightsail_sd_config', 'Targets discovered from AWS Lightsail instances.'],
  ['linode_sd_configs', 'linode_sd_config', 'Targets discovered from Linode instances.'],
  ['marathon_sd_configs', 'marathon_sd_config', 'Targets discovered from the applications of Marathon.'],
  ['msk_sd_configs', 'msk_sd_config', 'Targets discovered from the brokers and controllers of AWS MSK clusters.'],
  ['nerve_sd_configs', 'nerve_sd_config', 'Targets read from AirBnB Nerve registrations in ZooKeeper.'],
  ['nomad_sd_configs', 'nomad_sd_config', "Targets discovered from Nomad's service registry."],
  ['oci_sd_configs', 'oci_sd_config', 'Targets discovered from Oracle Cloud Infrastructure compute instances.'],
  ['openstack_sd_configs', 'openstack_sd_config', 'Targets discovered from OpenStack instances, hypervisors or load balancers.'],
  ['outscale_sd_configs', 'outscale_sd_config', 'Targets discovered from Outscale virtual machines.'],
  ['ovhcloud_sd_configs', 'ovhcloud_sd_config', 'Targets discovered from OVHcloud VPS or dedicated servers.'],
  ['puppetdb_sd_configs', 'puppetdb_sd_config', 'Targets found by a PQL query to PuppetDB.'],
  ['rds_sd_configs', 'rds_sd_config', 'Targets discovered from AWS RDS instances.'],
  ['scaleway_sd_configs', 'scaleway_sd_config', 'Targets discovered from Scaleway instances or bare metal servers.'],
  ['serverset_sd_configs', 'serverset_sd_config', 'Targets read from Serverset registrations in ZooKeeper.'],
  ['stackit_sd_configs', 'stackit_sd_config', 'Targets discovered from the servers of a STACKIT project.'],
  ['triton_sd_configs', 'triton_sd_config', 'Targets discovered from Triton containers or compute nodes.'],
  ['uyuni_sd_configs', 'uyuni_sd_config', 'Targets discovered from the systems managed by Uyuni.'],
  ['vultr_sd_configs', 'vultr_sd_config', 'Targets discovered from Vultr instances.'],
];

const SERVICE_DISCOVERY: Readonly<Record<string, FieldSpec>> = Object.fromEntries(DISCOVERY.map(([key, type, doc]) => [key, field(list(object(type)), doc)]));

const relabelList = (doc: string): FieldSpec => field(list(object('relabel_config')), doc);
const refreshInterval = (def: string): FieldSpec => duration('How often the targets are discovered anew.', def);
const targetPort = (def = '80'): FieldSpec => int('The port scraped on discovered targets that have none of their own.', def);

/** The AWS credentials and addressing shared by every AWS discovery. */
const AWS_ACCESS: Readonly<Record<string, FieldSpec>> = {
  region: string('The AWS region; taken from the instance metadata when empty.'),
  endpoint: string('A custom AWS API endpoint.'),
  access_key: string('The AWS access key ID; AWS_ACCESS_KEY_ID is used when empty.'),
  secret_key: secret('The AWS secret access key; AWS_SECRET_ACCESS_KEY is used when empty.'),
  profile: string('A named AWS profile to authenticate with.'),
  role_arn: string('An AWS role to assume, instead of API keys.'),
  external_id: string('The external ID given when assuming role_arn.'),
  refresh_interval: refreshInterval('60s'),
  port: targetPort(),
};

const awsFilters = (what: string): FieldSpec => field(list(object('aws_filter')), `Filters on the ${what} listed, as the AWS API defines them.`);
const awsClusters = (what: string): FieldSpec => field(list(STRING), `The ${what} to discover, by name or ARN; all of the region when empty.`);
const requestConcurrency = (def: string): FieldSpec => int('How many AWS API requests may run at once.', def);

/** A discovery mechanism whose settings include the HTTP client's. */
const withHttp = (doc: string, fields: Readonly<Record<string, FieldSpec>>): ObjectSpec => ({ doc, inline: ['http_client'], fields });

/*
 * Built on first use, not when the bundle loads: 77 object types of about 540 fields that a check
 * of rule files never reads (a configuration's validation, completion and hover do, and the guess
 * whether a file is a configuration).
 */
const objectsOf = (): Record<string, ObjectSpec> => ({
  config: {
    doc: 'A Prometheus configuration file.',
    fields: {
      global: field(object('global'), 'Defaults for every scrape job and rule group, and the labels this server adds when talking to other systems.'),
      runtime: field(object('runtime_config'), 'Tuning of the Go runtime, reloadable.'),
      rule_files: field(list(FILE), 'Globs of the rule files to load, relative to this file; a wildcard only in the last path element.'),
      scrape_config_files: field(list(FILE), 'Globs of files holding more scrape jobs (under scrape_configs), relative to this file.'),
      scrape_configs: field(list(object('scrape_config')), 'The scrape jobs: which targets to scrape, how, and how to relabel them.'),
      storage: field(object('storage_config'), 'Reloadable settings of the local TSDB and of exemplar storage.'),
      tracing: field(object('tracing'), "Export of Prometheus' own traces over OTLP."),
      alerting: field(object('alerting_config'), 'Where alerts are sent, and how they are relabelled first.'),
      remote_write: field(list(object('remote_write')), 'Endpoints every ingested sample is forwarded to.'),
      remote_read: field(list(object('remote_read')), 'Endpoints that queries also read from.'),
      otlp: field(object('otlp_config'), 'How metrics received on the OTLP endpoint are translated.'),
    },
  },

  global: {
    doc: 'Defaults for scrape jobs and rule groups, and the external labels of this server.',
    fields: {
      scrape_interval: duration('How often targets are scraped unless their job sets its own interval.', '1m'),
      scrape_timeout: duration('How long a scrape may last before it fails; no longer than the scrape interval.', '10s'),
      scrape_protocols: field(list(oneOf(...SCRAPE_PROTOCOLS)), 'The exposition formats asked of targets, most preferred first; the default order depends on scrape_native_histograms.'),
      evaluation_interval: duration('How often rule groups are evaluated unless a group sets its own interval.', '1m'),
      rule_query_offset: duration('How far in the past rules are evaluated, to give late samples time to arrive.', '0s'),
      external_labels: field(LABEL_MAP, 'Labels added to series and alerts sent to other systems (federation, remote write, Alertmanager); $VAR and ${VAR} are expanded from the environment.'),
      query_log_file: filePath('A file every PromQL query is logged to; reopened on reload.'),
      scrape_failure_log_file: filePath('A file scrape failures are logged to; reopened on reload.'),
      body_size_limit: size('The largest uncompressed response body a scrape accepts; 0 means no limit.', '0'),
      sample_limit: int('The most samples a scrape may keep after metric relabelling, or it fails; 0 means no limit.', '0'),
      label_limit: int('The most labels a sample may have after metric relabelling, or the scrape fails; 0 means no limit.', '0'),
      label_name_length_limit: int('The longest label name, in bytes, a scrape accepts; 0 means no limit.', '0'),
      label_value_length_limit: int('The longest label value, in bytes, a scrape accepts; 0 means no limit.', '0'),
      target_limit: int('The most targets a job may have after relabelling, or all of them fail; 0 means no limit.', '0'),
      keep_dropped_targets: int('How many targets dropped by relabelling each job keeps in memory for display; 0 means all.', '0'),
      metric_name_validation_scheme: field(oneOf(...VALIDATION_SCHEMES), 'Which metric and label names are valid: utf8 (any UTF-8) or legacy (letters, digits, underscores, colons).', { default: 'utf8' }),
      metric_name_escaping_scheme: field(oneOf(...ESCAPING_SCHEMES), 'How targets should escape names that are not legacy-valid: allow-utf-8, underscores, dots or values.', { default: 'allow-utf-8' }),
      scrape_native_histograms: bool('Ingest native histograms exposed by targets; when false only their classic parts are kept.', 'false'),
      convert_classic_histograms_to_nhcb: bool('Convert scraped classic histograms into native histograms with custom buckets.', 'false'),
      always_scrape_classic_histograms: bool('Also keep the classic parts of histograms ingested as native ones.', 'false'),
      extra_scrape_metrics: bool('Record scrape_timeout_seconds, scrape_sample_limit and scrape_body_size_bytes for each target.', 'false'),
    },
  },

  runtime_config: {
    doc: 'Settings of the Go runtime, applied at start and on reload.',
    fields: {
      gogc: int("The Go garbage collector's GOGC percentage; lower values use less memory and more CPU.", '75'),
    },
  },

  scrape_config: {
    doc: 'A scrape job: a set of targets scraped alike.',
    inline: ['http_client'],
    fields: {
      job_name: string('The name of the job, the default value of its job label; unique among the jobs.', undefined, REQUIRED),
      scrape_interval: duration('How often the targets of this job are scraped; the global interval by default.'),
      scrape_timeout: duration("How long a scrape may last; no longer than the job's interval, the global timeout by default."),
      scrape_protocols: field(list(oneOf(...SCRAPE_PROTOCOLS)), 'The exposition formats asked of targets, most preferred first; the global setting by default.'),
      fallback_scrape_protocol: field(oneOf(...SCRAPE_PROTOCOLS), 'The format assumed when a target answers with a missing or unknown Content-Type.'),
      metrics_path: string('The HTTP path scraped on each target.', '/metrics'),
      honor_labels: bool("On a clash with labels the server attaches (job, instance…), keep the target's labels instead of renaming them exported_<name>.", 'false'),
      honor_timestamps: bool('Use the timestamps targets expose instead of the scrape time.', 'true'),
      track_timestamps_staleness: bool('Mark series with explicit timestamps stale when they disappear or the target goes down.', 'false'),
      scheme: field(oneOf(...HTTP_SCHEMES), 'The URL scheme of scrape requests.', { default: 'http' }),
      params: field({ kind: 'map', keys: 'string', of: list(STRING) }, 'URL query parameters added to every scrape request.'),
      enable_compression: bool('Ask targets for compressed responses.', 'true'),
      scrape_failure_log_file: filePath('A file scrape failures of this job are logged to; the global setting by default.'),
      body_size_limit: size('The largest uncompressed response body a scrape accepts; 0 means no limit.', '0'),
      sample_limit: int('The most samples a scrape may keep after metric relabelling, or it fails; 0 means no limit.', '0'),
      label_limit: int('The most labels a sample may have after metric relabelling, or the scrape fails; 0 means no limit.', '0'),
      label_name_length_limit: int('The longest label name, in bytes, a scrape accepts; 0 means no limit.', '0'),
      label_value_length_limit: int('The longest label value, in bytes, a scrape accepts; 0 means no limit.', '0'),
      target_limit: int('The most targets this job may have after relabelling, or all of them fail; 0 means no limit.', '0'),
      keep_dropped_targets: int('How many targets dropped by relabelling this job keeps in memory for display; 0 means all.', '0'),
      native_histogram_bucket_limit: int('The most buckets a native histogram may have; larger ones lose resolution until they fit. 0 means no limit.', '0'),
      native_histogram_min_bucket_factor: float('The smallest growth factor between neighbouring native histogram buckets; finer histograms lose resolution. 0 means the finest supported.', '0'),
      metric_name_validation_scheme: field(oneOf(...VALIDATION_SCHEMES), 'Which metric and label names are valid for this job: utf8 or legacy; the global setting by default.'),
      metric_name_escaping_scheme: field(oneOf(...ESCAPING_SCHEMES), 'How targets should escape names that are not legacy-valid: allow-utf-8, underscores, dots or values.'),
      scrape_native_histograms: bool('Ingest native histograms exposed by targets; the global setting by default.'),
      convert_classic_histograms_to_nhcb: bool('Convert classic histograms into native histograms with custom buckets; the global setting by default.'),
      always_scrape_classic_histograms: bool('Also keep the classic parts of histograms ingested as native ones; the global setting by default.'),
      extra_scrape_metrics: bool('Record scrape_timeout_seconds, scrape_sample_limit and scrape_body_size_bytes; the global setting by default.'),
      ...SERVICE_DISCOVERY,
      relabel_configs: relabelList('Relabelling of targets before they are scraped: select, drop or rename targets and their labels.'),
      metric_relabel_configs: relabelList('Relabelling of scraped samples before they are stored: drop or rename series.'),
    },
  },

  http_client: {
    doc: 'The HTTP client settings shared by scrape jobs, Alertmanagers, remote endpoints and service discovery.',
    inline: ['proxy_config'],
    fields: {
      basic_auth: field(object('basic_auth'), 'A username and password sent with every request.'),
      authorization: field(object('authorization'), 'An Authorization header sent with every request, of type Bearer unless told otherwise.'),
      oauth2: field(object('oauth2'), 'OAuth 2.0 client settings used to obtain a token for every request.'),
      bearer_token: secret('A bearer token sent with every request.', undefined, { deprecated: 'use authorization.credentials instead' }),
      bearer_token_file: filePath('A file holding a bearer token sent with every request.', undefined, { deprecated: 'use authorization.credentials_file instead' }),
      tls_config: field(object('tls_config'), 'TLS settings of the connections.'),
      follow_redirects: bool('Follow HTTP 3xx redirects.', 'true'),
      enable_http2: bool('Allow HTTP/2 (remote write turns it off by default).', 'true'),
      http_headers: field({ kind: 'map', keys: 'string', of: object('http_header') }, 'Extra HTTP headers sent with every request; headers Prometheus sets itself cannot be replaced.'),
    },
  },

  proxy_config: {
    doc: 'How requests go through an HTTP proxy.',
    fields: {
      proxy_url: url('The URL of the proxy requests go through.'),
      no_proxy: string('Comma-separated hosts, IPs and CIDR ranges reached without the proxy; needs proxy_url.'),
      proxy_from_environment: bool('Take the proxy from HTTP_PROXY, HTTPS_PROXY and NO_PROXY; excludes proxy_url.', 'false'),
      proxy_connect_header: field({ kind: 'map', keys: 'string', of: list(SECRET) }, 'Headers sent to the proxy with CONNECT requests.'),
    },
  },

  basic_auth: {
    doc: 'HTTP basic authentication.',
    fields: {
      username: string('The username.'),
      username_file: filePath('A file holding the username.'),
      username_ref: string('The name of a secret holding the username, in the secret manager.'),
      password: secret('The password.'),
      password_file: filePath('A file holding the password.'),
      password_ref: string('The name of a secret holding the password, in the secret manager.'),
    },
  },

  authorization: {
    doc: 'An Authorization header: its type and its credentials.',
    fields: {
      type: string('The authentication type written before the credentials; "basic" is refused (use basic_auth).', 'Bearer'),
      credentials: secret('The credentials sent after the type.'),
      credentials_file: filePath('A file holding the credentials.'),
      credentials_ref: string('The name of a secret holding the credentials, in the secret manager.'),
    },
  },

  oauth2: {
    doc: 'OAuth 2.0 token acquisition, by client credentials or a signed JWT (RFC 7523).',
    inline: ['proxy_config'],
    fields: {
      client_id: string('The OAuth client ID.', undefined, REQUIRED),
      client_secret: secret('The client secret, for the client_credentials grant.'),
      client_secret_file: filePath('A file holding the client secret.'),
      client_secret_ref: string('The name of a secret holding the client secret, in the secret manager.'),
      grant_type: string('client_credentials, or urn:ietf:params:oauth:grant-type:jwt-bearer to authenticate with a signed JWT.', 'client_credentials'),
      client_certificate_key: secret('The private key that signs the JWT (jwt-bearer grant).'),
      client_certificate_key_file: filePath('A file holding the private key that signs the JWT.'),
      client_certificate_key_ref: string('The name of a secret holding the JWT signing key, in the secret manager.'),
      client_certificate_key_id: string('The kid put in the JWT header (jwt-bearer grant).'),
      signature_algorithm: string('The algorithm signing the JWT: RS256, RS384 or RS512 (jwt-bearer grant).', 'RS256'),
      iss: string('The issuer claim of the JWT; the client ID by default (jwt-bearer grant).'),
      audience: string('The audience claim of the JWT; the token URL by default (jwt-bearer grant).'),
      claims: field({ kind: 'map', keys: 'string', of: ANY }, 'Extra claims put in the JWT (jwt-bearer grant).'),
      scopes: field(list(STRING), 'The scopes requested with the token.'),
      token_url: string('The URL tokens are requested from.', undefined, REQUIRED),
      endpoint_params: field(STRING_MAP, 'Extra parameters added to the token request.'),
      tls_config: field(object('tls_config'), 'TLS settings of the connection to the token URL.'),
    },
  },

  tls_config: {
    doc: 'TLS settings of a connection.',
    fields: {
      ca: string('PEM-encoded CA certificates that server certificates are checked against.'),
      ca_file: filePath('A file of PEM-encoded CA certificates that server certificates are checked against.'),
      ca_ref: string('The name of a secret holding the CA certificates, in the secret manager.'),
      cert: string('A PEM-encoded client certificate; needs a key.'),
      cert_file: filePath('A file holding the client certificate; needs a key.'),
      cert_ref: string('The name of a secret holding the client certificate, in the secret manager.'),
      key: secret("The PEM-encoded private key of the client certificate."),
      key_file: filePath("A file holding the client certificate's private key."),
      key_ref: string("The name of a secret holding the client certificate's key, in the secret manager."),
      server_name: string("The name sent as SNI and checked against the server's certificate."),
      insecure_skip_verify: bool("Do not verify the server's certificate.", 'false'),
      min_version: field(oneOf(...TLS_VERSIONS), 'The oldest TLS version accepted; TLS12 when unset.'),
      max_version: field(oneOf(...TLS_VERSIONS), 'The newest TLS version accepted; TLS13 when unset.'),
    },
  },

  http_header: {
    doc: 'The values of one HTTP header.',
    fields: {
      values: field(list(STRING), 'Values sent as they are.'),
      secrets: field(list(SECRET), 'Values sent as they are but hidden when the configuration is shown.'),
      files: field(list(FILE), 'Files whose contents are sent as values.'),
    },
  },

  relabel_config: {
    doc: 'One relabelling step.',
    fields: {
      source_labels: field(list(LABEL_NAME), 'Labels whose values, joined by the separator, the regex is matched against; absent labels count as empty.'),
      separator: string('What joins the values of the source labels.', ';'),
      regex: field(REGEX, 'An RE2 regular expression, anchored at both ends, matched against the joined source values.', { default: '(.*)' }),
      modulus: int('The modulus taken of the hash of the source values (hashmod action).'),
      target_label: string('The label the result is written to; required by replace, hashmod, lowercase, uppercase, keepequal and dropequal.'),
      replacement: string('What a match writes to the target label; $1 or ${1} refer to regex groups.', '$1'),
      action: field(oneOf(...RELABEL_ACTIONS), 'What to do with a match: replace, keep, drop, keepequal, dropequal, hashmod, labelmap, labeldrop, labelkeep, lowercase or uppercase.', { default: 'replace' }),
    },
  },

  static_config: {
    doc: 'A group of targets listed by hand.',
    fields: {
      targets: field(list(STRING), 'The addresses (host or host:port) to scrape.'),
      labels: field(LABEL_MAP, 'Labels given to every target of the group.'),
    },
  },

  alerting_config: {
    doc: 'Where alerts are sent.',
    fields: {
      alert_relabel_configs: relabelList('Relabelling applied to every alert before it is sent.'),
      alertmanagers: field(list(object('alertmanager_config')), 'The sets of Alertmanagers alerts are sent to.'),
    },
  },

  alertmanager_config: {
    doc: 'A set of Alertmanagers, listed or discovered, and how to reach them.',
    inline: ['http_client'],
    fields: {
      timeout: duration('How long pushing alerts to one Alertmanager may take.', '10s'),
      api_version: field(oneOf('v2'), 'The version of the Alertmanager API alerts are pushed with; only v2 remains.', { default: 'v2' }),
      path_prefix: string('A prefix of the HTTP path alerts are pushed to.', '/'),
      scheme: field(oneOf(...HTTP_SCHEMES), 'The URL scheme used to reach the Alertmanagers.', { default: 'http' }),
      sigv4: field(object('sigv4'), 'AWS Signature Version 4 signing of the requests; excludes the other authentication settings.'),
      ...SERVICE_DISCOVERY,
      relabel_configs: relabelList('Relabelling of the discovered Alertmanagers: select or rewrite their addresses.'),
      alert_relabel_configs: relabelList('Relabelling applied to alerts sent to this set of Alertmanagers only.'),
    },
  },

  sigv4: {
    doc: 'AWS Signature Version 4 signing of requests; `{}` uses the default AWS credentials.',
    fields: {
      region: string('The AWS region; taken from the default credential chain when empty.'),
      access_key: string('The AWS access key ID; needs secret_key. AWS_ACCESS_KEY_ID is used when empty.'),
      secret_key: secret('The AWS secret access key; needs access_key. AWS_SECRET_ACCESS_KEY is used when empty.'),
      profile: string('A named AWS profile to authenticate with.'),
      role_arn: string('An AWS role to assume.'),
      external_id: string('The external ID given when assuming role_arn; needs role_arn.'),
      use_fips_sts_endpoint: bool('Use the FIPS endpoint of AWS STS.', 'false'),
      service_name: string('The AWS service name the requests are signed for.'),
    },
  },

  remote_write: {
    doc: 'A remote write endpoint.',
    inline: ['http_client'],
    fields: {
      url: url('The endpoint samples are sent to.', undefined, REQUIRED),
      name: string('A name for this endpoint, unique among remote writes, used in metrics and logs.'),
      protobuf_message: field(oneOf('prometheus.WriteRequest', 'io.prometheus.write.v2.Request'), 'The protobuf message sent: Remote Write 1.0 (prometheus.WriteRequest) or 2.0 (io.prometheus.write.v2.Request).', { default: 'prometheus.WriteRequest' }),
      remote_timeout: duration('How long one request to the endpoint may take.', '30s'),
      headers: field(STRING_MAP, 'HTTP headers sent with every request; Authorization and headers Prometheus sets are refused.'),
      write_relabel_configs: relabelList('Relabelling of samples before they are sent: choose what leaves this server.'),
      send_exemplars: bool('Send exemplars too (exemplar storage must be on for any to be scraped).', 'false'),
      send_native_histograms: bool('Send native histograms too (always on with Remote Write 2.0).', 'false'),
      round_robin_dns: bool('Connect to one address of the host chosen at random, instead of trying each in turn.', 'false'),
      failed_request_logging: bool('Log the contents of Remote Write 2.0 requests that fail, at debug level.', 'false'),
      queue_config: field(object('queue_config'), 'Sharding, batching and retries of the sending queue.'),
      metadata_config: field(object('metadata_config'), 'How metric metadata is sent (Remote Write 1.0; 2.0 always sends it).'),
      sigv4: field(object('sigv4'), 'AWS Signature Version 4 signing of the requests.'),
      azuread: field(object('azure_ad_config'), 'Azure AD authentication of the requests.'),
      google_iam: field(object('googleiam_config'), 'Google Cloud authentication of the requests; `{}` uses the default credentials.'),
    },
  },

  queue_config: {
    doc: 'The queue samples wait in before being sent.',
    fields: {
      capacity: int('How many samples each shard buffers before reading from the WAL blocks.', '10000'),
      max_shards: int('The most shards (concurrent senders).', '50'),
      min_shards: int('The fewest shards (concurrent senders).', '1'),
      max_samples_per_send: int('The most samples in one request.', '2000'),
      batch_send_deadline: duration('How long a sample may wait for its batch to fill before it is sent anyway.', '5s'),
      min_backoff: duration('The first wait before a failed request is retried; doubled on each retry.', '30ms'),
      max_backoff: duration('The longest wait between retries.', '5s'),
      retry_on_http_429: bool('Retry requests the endpoint answers with 429 Too Many Requests.', 'false'),
      sample_age_limit: duration('Samples older than this are dropped instead of sent; 0s sends all.', '0s'),
    },
  },

  metadata_config: {
    doc: 'How metric metadata is sent to a Remote Write 1.0 endpoint.',
    fields: {
      send: bool('Send metric metadata.', 'true'),
      send_interval: duration('How often metric metadata is sent.', '1m'),
      max_samples_per_send: int('The most metadata entries in one request.', '2000'),
    },
  },

  azure_ad_config: {
    doc: 'Azure AD authentication: exactly one of managed_identity, workload_identity, oauth, sdk or certificate.',
    fields: {
      cloud: field(oneOf('AzurePublic', 'AzureChina', 'AzureGovernment'), 'The Azure cloud.', { default: 'AzurePublic' }),
      managed_identity: field(object('managed_identity_config'), 'Authenticate as an Azure managed identity.'),
      workload_identity: field(object('workload_identity_config'), 'Authenticate with Azure Workload Identity.'),
      oauth: field(object('azure_oauth_config'), 'Authenticate with an application client secret.'),
      sdk: field(object('sdk_config'), "Authenticate with the Azure SDK's default credential chain."),
      certificate: field(object('certificate_config'), 'Authenticate with a client certificate.'),
      scope: string('A custom OAuth 2.0 scope for the tokens; the monitoring scope of the cloud by default.'),
    },
  },

  managed_identity_config: {
    doc: 'An Azure managed identity.',
    fields: {
      client_id: string('The client ID (a UUID) of a user-assigned identity; the default identity when empty.'),
    },
  },

  workload_identity_config: {
    doc: 'Azure Workload Identity.',
    fields: {
      client_id: string('The client ID (a UUID) of the application.', undefined, REQUIRED),
      tenant_id: string('The tenant ID (a UUID).', undefined, REQUIRED),
      token_file_path: filePath('The projected service account token; AZURE_FEDERATED_TOKEN_FILE, then the usual path, when empty.'),
    },
  },

  azure_oauth_config: {
    doc: 'Azure authentication with an application client secret.',
    fields: {
      client_id: string('The client ID (a UUID) of the application.', undefined, REQUIRED),
      client_secret: secret('The client secret of the application.', undefined, REQUIRED),
      tenant_id: string('The tenant ID.', undefined, REQUIRED),
    },
  },

  sdk_config: {
    doc: "Authentication with the Azure SDK's default credential chain.",
    fields: {
      tenant_id: string('The tenant ID.'),
    },
  },

  certificate_config: {
    doc: 'Azure authentication with a client certificate.',
    fields: {
      client_id: string('The client ID (a UUID) of the application.', undefined, REQUIRED),
      tenant_id: string('The tenant ID.', undefined, REQUIRED),
      certificate_path: filePath('The certificate file (PEM or PFX).', undefined, REQUIRED),
      certificate_key_path: filePath('The private key file, when not in the certificate file.'),
      certificate_password: secret('The password of a protected certificate file.'),
      send_certificate_chain: bool('Send the certificate chain in the x5c header.', 'false'),
    },
  },

  googleiam_config: {
    doc: 'Google Cloud authentication.',
    fields: {
      credentials_file: filePath('A service account key file; the default Google credentials when empty.'),
    },
  },

  remote_read: {
    doc: 'A remote read endpoint.',
    inline: ['http_client'],
    fields: {
      url: url('The endpoint queries read from.', undefined, REQUIRED),
      name: string('A name for this endpoint, unique among remote reads, used in metrics and logs.'),
      required_matchers: field(LABEL_MAP, 'Equality matchers a query must contain for this endpoint to be read.'),
      remote_timeout: duration('How long one request to the endpoint may take.', '1m'),
      chunked_read_limit: int('The largest frame, in bytes, of a streamed response.', '50000000'),
      headers: field(STRING_MAP, 'HTTP headers sent with every request; Authorization and headers Prometheus sets are refused.'),
      read_recent: bool('Also read for time ranges the local storage holds completely.', 'false'),
      filter_external_labels: bool('Add the external labels to the selectors sent.', 'true'),
    },
  },

  storage_config: {
    doc: 'Reloadable settings of the local storage.',
    fields: {
      tsdb: field(object('tsdb'), 'Settings of the local TSDB.'),
      exemplars: field(object('exemplars_config'), 'Settings of exemplar storage.'),
    },
  },

  tsdb: {
    doc: 'Reloadable settings of the local TSDB.',
    fields: {
      out_of_order_time_window: duration('How far behind the newest sample an out-of-order sample may still be ingested.', '0s'),
      stale_series_compaction_threshold: float('The share (0 to 1) of stale series in the head block that triggers their compaction; 0 disables it.', '0'),
      chunk_encoding: field(object('chunk_encoding_config'), 'The encodings of new chunks.'),
      retention: field(object('tsdb_retention_config'), 'How long and how much data is kept.'),
    },
  },

  chunk_encoding_config: {
    doc: 'The encodings of new chunks.',
    fields: {
      floats: field(oneOf('xor', 'xor2'), 'The encoding of float chunks; xor2 compresses better but older readers cannot read it.'),
    },
  },

  tsdb_retention_config: {
    doc: 'How long and how much data the TSDB keeps.',
    fields: {
      time: duration('How long samples are kept; 15d when neither time nor size is set, 0 disables time-based retention.'),
      size: size('The most bytes blocks may take (powers of 2); 0 disables size-based retention.', '0'),
      percentage: float('The most disk space blocks may take, as a percentage (0 to 100) of the volume; 0 disables it.', '0'),
    },
  },

  exemplars_config: {
    doc: 'Settings of exemplar storage.',
    fields: {
      max_exemplars: int('The size of the circular buffer of exemplars, shared by all series; 0 or less disables their storage.', '100000'),
    },
  },

  tracing: {
    doc: "Export of Prometheus' own traces over OTLP.",
    fields: {
      client_type: field(oneOf('grpc', 'http'), 'The OTLP transport: grpc or http.', { default: 'grpc' }),
      endpoint: string('The host:port traces are sent to.', undefined, REQUIRED),
      sampling_fraction: float('The probability, from 0 to 1, that a trace is sampled.', '0'),
      insecure: bool('Send traces without TLS.', 'false'),
      tls_config: field(object('tls_config'), 'TLS settings of the connection.'),
      headers: field(STRING_MAP, 'Headers sent with the export requests; Authorization is not supported.'),
      compression: field(oneOf('gzip', ''), 'The compression of the export requests: gzip, or none when empty.'),
      timeout: duration('How long the export of one batch may take.', '10s'),
    },
  },

  otlp_config: {
    doc: 'How metrics received over OTLP are translated.',
    fields: {
      promote_resource_attributes: field(list(STRING), 'Resource attributes turned into labels; excludes promote_all_resource_attributes.'),
      promote_all_resource_attributes: bool('Turn every resource attribute into a label, except those ignored; may cause churn.', 'false'),
      ignore_resource_attributes: field(list(STRING), 'Resource attributes not turned into labels; only with promote_all_resource_attributes.'),
      translation_strategy: field(oneOf('UnderscoreEscapingWithSuffixes', 'UnderscoreEscapingWithoutSuffixes', 'NoUTF8EscapingWithSuffixes', 'NoTranslation'), 'How OTLP names become Prometheus names: escaped with underscores or kept as UTF-8, with or without unit and type suffixes.', { default: 'UnderscoreEscapingWithSuffixes' }),
      keep_identifying_resource_attributes: bool('Also keep service.name, service.namespace and service.instance.id on target_info.', 'false'),
      convert_histograms_to_nhcb: bool('Convert explicit-bucket histograms into native histograms with custom buckets.', 'false'),
      promote_scope_metadata: bool('Turn the instrumentation scope (name, version, schema URL, attributes) into labels.', 'false'),
      label_name_underscore_sanitization: bool("Prefix label names that begin with a single '_' with 'key' (underscore escaping only).", 'true'),
      label_name_preserve_multiple_underscores: bool('Keep runs of underscores in label names instead of collapsing them (underscore escaping only).', 'true'),
    },
  },

  // Service discovery.

  aws_sd_config: withHttp('AWS service discovery, one AWS service chosen by role.', {
    role: field(oneOf(...AWS_ROLES), 'The AWS service discovered: ec2, ecs, elasticache, lightsail, msk or rds.', REQUIRED),
    ...AWS_ACCESS,
    filters: awsFilters('instances (ec2 and rds roles)'),
    clusters: awsClusters('clusters (ecs, elasticache, msk and rds roles)'),
  }),

  aws_filter: {
    doc: 'A filter of an AWS listing.',
    fields: {
      name: string('The name of the filter, as the AWS API defines it.'),
      values: field(list(STRING), 'The values accepted; at least one.'),
    },
  },

  ec2_sd_config: withHttp('AWS EC2 service discovery.', {
    ...AWS_ACCESS,
    filters: awsFilters('instances'),
  }),

  ecs_sd_config: withHttp('AWS ECS service discovery.', {
    ...AWS_ACCESS,
    clusters: awsClusters('ECS clusters'),
    request_concurrency: requestConcurrency('20'),
  }),

  elasticache_sd_config: withHttp('AWS ElastiCache service discovery.', {
    ...AWS_ACCESS,
    clusters: awsClusters('ElastiCache clusters'),
    request_concurrency: requestConcurrency('10'),
  }),

  lightsail_sd_config: withHttp('AWS Lightsail service discovery.', {
    ...AWS_ACCESS,
  }),

  msk_sd_config: withHttp('AWS MSK service discovery (provisioned clusters).', {
    ...AWS_ACCESS,
    clusters: awsClusters('MSK clusters'),
    request_concurrency: requestConcurrency('10'),
  }),

  rds_sd_config: withHttp('AWS RDS service discovery.', {
    ...AWS_ACCESS,
    clusters: awsClusters('RDS clusters'),
    filters: awsFilters('database instances'),
    request_concurrency: requestConcurrency('10'),
  }),

  azure_sd_config: withHttp('Azure virtual machine discovery.', {
    environment: string('The Azure environment.', 'AzurePublicCloud'),
    authentication_method: field(oneOf('OAuth', 'ManagedIdentity', 'SDK', 'WorkloadIdentity'), 'How Prometheus authenticates to Azure: OAuth, ManagedIdentity, SDK or WorkloadIdentity.', { default: 'OAuth' }),
    subscription_id: string('The Azure subscription.', undefined, REQUIRED),
    tenant_id: string('The tenant ID; required with OAuth.'),
    client_id: string('The client ID; required with OAuth.'),
    client_secret: secret('The client secret; required with OAuth.'),
    resource_group: string('Only discover the machines of this resource group.'),
    refresh_interval: refreshInterval('5m'),
    port: targetPort(),
  }),

  consul_sd_config: withHttp("Discovery from Consul's service catalog.", {
    server: string('The Consul agent asked, as host:port.', 'localhost:8500'),
    path_prefix: string('A prefix of the API paths, when Consul sits behind a reverse proxy.'),
    token: secret('The Consul ACL token.'),
    datacenter: string('The datacenter asked; the agent\'s own by default.'),
    namespace: string('The namespace (Consul Enterprise).'),
    partition: string('The admin partition (Consul Enterprise).'),
    scheme: field(oneOf(...HTTP_SCHEMES), 'The URL scheme used to reach Consul.', { default: 'http' }),
    username: string('The username of basic authentication.', undefined, { deprecated: 'use basic_auth instead' }),
    password: secret('The password of basic authentication.', undefined, { deprecated: 'use basic_auth instead' }),
    services: field(list(STRING), 'The services discovered; all of them when empty.'),
    filter: string('A filter expression for the Catalog API.'),
    health_filter: string('A filter expression for the Health API.'),
    tags: field(list(STRING), 'Tags a service instance must all carry to be discovered.', { deprecated: 'use filter or health_filter instead' }),
    node_meta: field(STRING_MAP, 'Node metadata a node must carry for its services to be discovered.', { deprecated: 'use filter or health_filter instead' }),
    tag_separator: string('What joins the Consul tags in the tags label.', ','),
    allow_stale: bool('Accept stale results from any Consul server, which lightens the load on the leader.', 'true'),
    refresh_interval: refreshInterval('30s'),
  }),

  digitalocean_sd_config: withHttp('DigitalOcean discovery.', {
    role: field(oneOf('droplets', 'databases'), 'What is discovered: droplets or databases.', { default: 'droplets' }),
    port: targetPort(),
    refresh_interval: refreshInterval('60s'),
  }),

  dns_sd_config: {
    doc: 'DNS service discovery.',
    fields: {
      names: field(list(STRING), 'The DNS names queried.', REQUIRED),
      type: field(oneOf('SRV', 'A', 'AAAA', 'MX', 'NS'), 'The record type queried: SRV, A, AAAA, MX or NS.', { default: 'SRV' }),
      port: int('The port of the targets; required for every type but SRV.'),
      refresh_interval: refreshInterval('30s'),
    },
  },

  docker_sd_config: withHttp('Discovery of the containers of a Docker daemon.', {
    host: string('The address of the Docker daemon, e.g. unix:///var/run/docker.sock.', undefined, REQUIRED),
    port: targetPort(),
    host_networking_host: string('The host used for containers in host networking mode.', 'localhost'),
    match_first_network: bool("Keep only the first of a container's networks (sorted by name), to avoid duplicate targets.", 'true'),
    filters: field(list(object('moby_filter')), 'Filters of the container listing, as the Docker API defines them.'),
    refresh_interval: refreshInterval('60s'),
  }),

  dockerswarm_sd_config: withHttp('Docker Swarm discovery.', {
    host: string('The address of the Docker daemon.', undefined, REQUIRED),
    role: field(oneOf('services', 'tasks', 'nodes'), 'What is discovered: services, tasks or nodes.', REQUIRED),
    port: targetPort(),
    filters: field(list(object('moby_filter')), 'Filters of the listing, as the Docker API defines them for the role.'),
    refresh_interval: refreshInterval('60s'),
  }),

  moby_filter: {
    doc: 'A filter of a Docker listing.',
    fields: {
      name: string('The name of the filter.'),
      values: field(list(STRING), 'The values accepted.'),
    },
  },

  eureka_sd_config: withHttp('Discovery of the applications registered in Eureka.', {
    server: url('The URL of the Eureka server.', undefined, REQUIRED),
    refresh_interval: refreshInterval('30s'),
  }),

  file_sd_config: {
    doc: 'Targets read from files.',
    fields: {
      files: field(list(FILE), 'Files of target groups (.json, .yml or .yaml), with a wildcard allowed in the last path element.', REQUIRED),
      refresh_interval: duration('How often the files are read again, besides when they change.', '5m'),
    },
  },

  gce_sd_config: {
    doc: 'Google Compute Engine discovery.',
    fields: {
      project: string('The Google Cloud project.', undefined, REQUIRED),
      zone: string('The zone of the instances; one zone per configuration.', undefined, REQUIRED),
      filter: string('A filter of the instance listing, in the syntax of the Compute API.'),
      refresh_interval: refreshInterval('60s'),
      port: targetPort(),
      tag_separator: string('What joins the network tags in the tags label.', ','),
    },
  },

  hetzner_sd_config: withHttp('Hetzner discovery.', {
    role: field(oneOf('robot', 'hcloud'), 'Which API is asked: robot or hcloud.', REQUIRED),
    port: targetPort(),
    label_selector: string('A label selector filtering the servers (hcloud role).'),
    refresh_interval: refreshInterval('60s'),
  }),

  http_sd_config: withHttp('Targets fetched from an HTTP endpoint.', {
    url: url('The http or https URL the target groups are fetched from.', undefined, REQUIRED),
    refresh_interval: duration('How often the endpoint is queried again.', '60s'),
  }),

  ionos_sd_config: withHttp('IONOS Cloud discovery.', {
    datacenter_id: string('The ID of the data center.', undefined, REQUIRED),
    port: targetPort(),
    refresh_interval: refreshInterval('60s'),
  }),

  kubernetes_sd_config: withHttp('Kubernetes service discovery.', {
    role: field(oneOf(...KUBERNETES_ROLES), 'The kind of Kubernetes object that becomes a target: node, pod, service, endpoints, endpointslice or ingress.', REQUIRED),
    api_server: url('The API server; when empty Prometheus runs in the cluster and uses its service account.'),
    kubeconfig_file: filePath('A kubeconfig file; excludes api_server and custom HTTP client settings.'),
    namespaces: field(object('namespace_discovery'), 'The namespaces discovered; all of them when absent.'),
    selectors: field(list(object('selector_config')), 'Label and field selectors limiting what is discovered, per role.'),
    attach_metadata: field(object('attach_metadata_config'), 'Metadata of related objects attached to the targets.'),
  }),

  namespace_discovery: {
    doc: 'The namespaces Kubernetes discovery looks in.',
    fields: {
      own_namespace: bool("Include the namespace Prometheus runs in.", 'false'),
      names: field(list(STRING), 'The namespaces looked in.'),
    },
  },

  selector_config: {
    doc: 'A Kubernetes selector for one role.',
    fields: {
      role: field(oneOf(...KUBERNETES_ROLES), 'The kind of object the selector applies to.', REQUIRED),
      label: string('A label selector, e.g. app=web,tier!=db.'),
      field: string('A field selector, e.g. metadata.name=x.'),
    },
  },

  attach_metadata_config: {
    doc: 'Metadata of related objects attached to Kubernetes targets.',
    inline: ['pod_metadata_config'],
    fields: {
      node: bool("Attach the node's metadata (pod, endpoints and endpointslice roles).", 'false'),
      namespace: bool("Attach the namespace's metadata.", 'false'),
    },
  },

  pod_metadata_config: {
    doc: 'Metadata of the controllers of pods.',
    fields: {
      deployment: bool("Attach the pod's deployment name (pod role).", 'false'),
      job: bool("Attach the pod's job name (pod role).", 'false'),
      cronjob: bool("Attach the pod's cron job name (pod role).", 'false'),
    },
  },

  kuma_sd_config: withHttp("Discovery from a Kuma control plane's monitoring assignments.", {
    server: string("The URL of the control plane's MADS server.", undefined, REQUIRED),
    client_id: string('The client ID the control plane computes assignments for; the host name by default.'),
    refresh_interval: duration('How long to wait between polls.', '15s'),
    fetch_timeout: duration('How long one fetch of the assignments may take.', '2m'),
  }),

  linode_sd_config: withHttp('Linode discovery.', {
    region: string('Only discover the instances of this region.'),
    port: targetPort(),
    tag_separator: string('What joins the instance tags in the tags label.', ','),
    refresh_interval: refreshInterval('60s'),
  }),

  marathon_sd_config: withHttp('Marathon discovery.', {
    servers: field(list(STRING), 'The URLs of the Marathon servers; at least one.', REQUIRED),
    auth_token: secret('A token for token-based authentication; excludes auth_token_file and other authentication.'),
    auth_token_file: filePath('A file holding the authentication token.'),
    refresh_interval: refreshInterval('30s'),
  }),

  nerve_sd_config: {
    doc: 'Discovery from AirBnB Nerve registrations in ZooKeeper.',
    fields: {
      servers: field(list(STRING), 'The ZooKeeper servers.', REQUIRED),
      paths: field(list(STRING), 'The ZooKeeper paths of one service or of a tree of services; each begins with /.', REQUIRED),
      timeout: duration('The ZooKeeper session timeout.', '10s'),
    },
  },

  nomad_sd_config: withHttp("Discovery from Nomad's service registry.", {
    server: string('The URL of the Nomad API.', 'http://localhost:4646'),
    namespace: string('The Nomad namespace.', 'default'),
    region: string('The Nomad region.', 'global'),
    allow_stale: bool('Accept stale results from any server, which lightens the load on the leader.', 'true'),
    tag_separator: string('What joins the service tags in the tags label.', ','),
    refresh_interval: refreshInterval('60s'),
  }),

  oci_sd_config: withHttp('Oracle Cloud Infrastructure discovery.', {
    auth: field(oneOf('api_key', 'instance_principal'), 'How Prometheus authenticates: api_key, or instance_principal when it runs on OCI.', { default: 'api_key' }),
    region: string('The OCI region.', undefined, REQUIRED),
    tenancy: string('The tenancy OCID (api_key).'),
    user: string('The user OCID (api_key).'),
    fingerprint: string('The fingerprint of the API key (api_key).'),
    key_file: filePath('The private key of the API key (api_key).'),
    key_passphrase: secret('The passphrase of the private key.'),
    key_passphrase_file: filePath('A file holding the passphrase of the private key.'),
    compartments: field(list(STRING), 'The compartment OCIDs searched; every compartment reachable from the tenancy when empty.'),
    port: targetPort(),
    refresh_interval: refreshInterval('60s'),
  }),

  openstack_sd_config: {
    doc: 'OpenStack discovery.',
    fields: {
      role: field(oneOf('instance', 'hypervisor', 'loadbalancer'), 'What is discovered: instance, hypervisor or loadbalancer.', REQUIRED),
      region: string('The OpenStack region.', undefined, REQUIRED),
      identity_endpoint: string('The URL of the Identity API.'),
      username: string('The username (Identity V2, or V3 with a domain).'),
      userid: string('The user ID (Identity V3).'),
      password: secret('The password.'),
      domain_name: string('The domain name (Identity V3 with a username).'),
      domain_id: string('The domain ID (Identity V3 with a username).'),
      project_name: string('The project name.'),
      project_id: string('The project ID.'),
      application_credential_name: string('The name of an application credential to authenticate with.'),
      application_credential_id: string('The ID of an application credential to authenticate with.'),
      application_credential_secret: secret('The secret of the application credential.'),
      all_tenants: bool('List the instances of every project (instance role; usually needs admin rights).', 'false'),
      availability: field(oneOf('public', 'admin', 'internal'), 'Which endpoints of the catalogue are used: public, admin or internal.', { default: 'public' }),
      refresh_interval: refreshInterval('60s'),
      port: targetPort(),
      tls_config: field(object('tls_config'), 'TLS settings of the connections to OpenStack.'),
    },
  },

  outscale_sd_config: withHttp('Outscale discovery.', {
    region: string('The Outscale region.', 'eu-west-2'),
    access_key: string('The access key.', undefined, REQUIRED),
    secret_key: secret('The secret key; one of secret_key and secret_key_file is needed.'),
    secret_key_file: filePath('A file holding the secret key.'),
    endpoint: string('The API URL; https://api.<region>.outscale.com/api/v1 by default.'),
    port: targetPort(),
    refresh_interval: refreshInterval('60s'),
  }),

  ovhcloud_sd_config: {
    doc: 'OVHcloud discovery.',
    fields: {
      application_key: string('The application key of the OVH API.', undefined, REQUIRED),
      application_secret: secret('The application secret.', undefined, REQUIRED),
      consumer_key: secret('The consumer key.', undefined, REQUIRED),
      service: field(oneOf('vps', 'dedicated_server'), 'What is discovered: vps or dedicated_server.', REQUIRED),
      endpoint: string('The OVH API endpoint, by name (ovh-eu, ovh-ca…) or URL.', 'ovh-eu'),
      refresh_interval: refreshInterval('60s'),
    },
  },

  puppetdb_sd_config: withHttp('Discovery by a PuppetDB query.', {
    url: url('The http or https URL of the PuppetDB root query endpoint.', undefined, REQUIRED),
    query: string('A PQL query returning resources.', undefined, REQUIRED),
    include_parameters: bool('Expose the parameters of the resources as labels (beware of secrets).', 'false'),
    port: targetPort(),
    refresh_interval: refreshInterval('60s'),
  }),

  scaleway_sd_config: withHttp('Scaleway discovery.', {
    role: field(oneOf('instance', 'baremetal'), 'What is discovered: instance or baremetal.', REQUIRED),
    project_id: string('The project of the targets.', undefined, REQUIRED),
    access_key: string('The access key.', undefined, REQUIRED),
    secret_key: secret('The secret key; one of secret_key and secret_key_file is needed.'),
    secret_key_file: filePath('A file holding the secret key.'),
    zone: string('The availability zone of the targets.', 'fr-par-1'),
    api_url: string('The URL of the Scaleway API.', 'https://api.scaleway.com'),
    name_filter: string('Only list servers whose name matches this (a LIKE filter).'),
    tags_filter: field(list(STRING), 'Only list servers carrying all these tags.'),
    port: targetPort(),
    refresh_interval: refreshInterval('60s'),
  }),

  serverset_sd_config: {
    doc: 'Discovery from Serverset registrations in ZooKeeper.',
    fields: {
      servers: field(list(STRING), 'The ZooKeeper servers.', REQUIRED),
      paths: field(list(STRING), 'The ZooKeeper paths of one serverset or of a tree of them; each begins with /.', REQUIRED),
      timeout: duration('The ZooKeeper session timeout.', '10s'),
    },
  },

  stackit_sd_config: withHttp('STACKIT discovery.', {
    project: string('The STACKIT project.'),
    region: string('The STACKIT region.', 'eu01'),
    endpoint: string('A custom API endpoint, as scheme://host:port.'),
    service_account_key: secret('A service account key, in JSON.'),
    service_account_key_path: filePath('A file holding the service account key.'),
    private_key: secret('The raw private key of a service account.'),
    private_key_path: filePath('A file holding the raw private key.'),
    credentials_file_path: filePath('A file of STACKIT credentials.'),
    port: targetPort(),
    refresh_interval: refreshInterval('60s'),
  }),

  triton_sd_config: {
    doc: 'Triton discovery.',
    fields: {
      account: string('The account whose targets are discovered.', undefined, REQUIRED),
      role: field(oneOf('container', 'cn'), 'What is discovered: container (virtual machines) or cn (compute nodes).', { default: 'container' }),
      dns_suffix: string('The DNS suffix appended to the targets.', undefined, REQUIRED),
      endpoint: string('The Triton discovery endpoint, often the DNS suffix.', undefined, REQUIRED),
      groups: field(list(STRING), 'Only discover the containers of these groups (container role).'),
      port: int('The port used for discovery and for scraping.', '9163'),
      version: int('The version of the discovery API.', '1'),
      refresh_interval: refreshInterval('60s'),
      tls_config: field(object('tls_config'), 'TLS settings of the connection to Triton.'),
    },
  },

  uyuni_sd_config: withHttp('Discovery of the systems managed by Uyuni.', {
    server: string('The URL of the Uyuni server.', undefined, REQUIRED),
    username: string('The username of the Uyuni API.', undefined, REQUIRED),
    password: secret('The password of the Uyuni API.', undefined, REQUIRED),
    entitlement: string('The entitlement systems must have to be discovered.', 'monitoring_entitled'),
    separator: string('What joins the group names in the groups label.', ','),
    refresh_interval: refreshInterval('1m'),
  }),

  vultr_sd_config: withHttp('Vultr discovery.', {
    port: targetPort(),
    refresh_interval: refreshInterval('60s'),
  }),
});

let objects: Record<string, ObjectSpec> | undefined;

export const CONFIG_SCHEMA: ConfigSchema = {
  root: 'config',
  get objects() {
    return (objects ??= objectsOf());
  },
};
