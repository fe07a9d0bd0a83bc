import { isMap, isSeq } from 'yaml';
import type { ObjectCheck } from './schemaValidation';
import { count, has, text } from './mappingFields';

/*
 * The rules of the service discovery configs that a schema cannot say: what each mechanism needs,
 * and settings that exclude each other. Messages follow Prometheus' own wording.
 */

function validUrl(value: string | null): boolean {
  if (value === null) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const azure: ObjectCheck = (map, report) => {
  const method = text(map, 'authentication_method') ?? 'OAuth';
  if (!has(map, 'subscription_id')) report.error(map, 'azure SD configuration requires a subscription_id');
  if (method === 'OAuth') {
    for (const key of ['client_id', 'client_secret', 'tenant_id']) if (!has(map, key)) report.error(map, `azure SD configuration requires a ${key}`);
  }
};

const ec2: ObjectCheck = (map, report) => {
  const filters = map.get('filters', true);
  if (!isSeq(filters)) return;
  for (const filter of filters.items) {
    if (!isMap(filter)) continue;
    const values = filter.get('values', true);
    if (!isSeq(values) || values.items.length === 0) report.error(values ?? filter, 'EC2 SD configuration filter values cannot be empty');
  }
};

const eureka: ObjectCheck = (map, report) => {
  const server = text(map, 'server');
  if (server === null || server === '') report.error(map, 'empty or null eureka server');
  else if (!validUrl(server)) report.error(map.get('server', true), 'invalid eureka server URL');
};

const httpSd: ObjectCheck = (map, report) => {
  const url = text(map, 'url');
  if (url === null) report.error(map, 'URL is missing');
  else if (!/^https?:\/\//i.test(url)) report.error(map.get('url', true), "URL scheme must be 'http' or 'https'");
  else if (!validUrl(url)) report.error(map.get('url', true), 'host is missing in URL');
};

const marathon: ObjectCheck = (map, report) => {
  const servers = map.get('servers', true);
  if (!isSeq(servers) || servers.items.length === 0) report.error(servers ?? map, 'marathon_sd: must contain at least one Marathon server');
  // Prometheus' order: the two tokens, then a token beside the HTTP client's own authentication.
  const token = has(map, 'auth_token') || has(map, 'auth_token_file');
  if (has(map, 'auth_token') && has(map, 'auth_token_file')) report.error(map, 'marathon_sd: at most one of auth_token & auth_token_file must be configured');
  else if (token && has(map, 'basic_auth')) report.error(map, 'marathon_sd: at most one of basic_auth, auth_token & auth_token_file must be configured');
  else if (token && (has(map, 'bearer_token') || has(map, 'bearer_token_file'))) report.error(map, 'marathon_sd: at most one of bearer_token, bearer_token_file, auth_token & auth_token_file must be configured');
  else if (token && has(map, 'authorization')) report.error(map, 'marathon_sd: at most one of auth_token, auth_token_file & authorization must be configured');
};

const outscale: ObjectCheck = (map, report) => {
  if (!has(map, 'region')) report.error(map, 'outscale SD configuration requires a region');
  const secrets = count(has(map, 'secret_key'), has(map, 'secret_key_file'));
  if (secrets === 0) report.error(map, 'one of secret_key & secret_key_file must be configured');
  if (secrets > 1) report.error(map, 'at most one of secret_key & secret_key_file must be configured');
};

const scaleway: ObjectCheck = (map, report) => {
  if (count(has(map, 'secret_key'), has(map, 'secret_key_file')) > 1) report.error(map, 'at most one of secret_key & secret_key_file must be configured');
};

const puppetdb: ObjectCheck = (map, report) => {
  const url = text(map, 'url');
  if (url !== null && !validUrl(url)) report.error(map.get('url', true), /^https?:\/\//i.test(url) ? 'host is missing in URL' : "URL scheme must be 'http' or 'https'");
  if (!has(map, 'query')) report.error(map, 'query missing');
};

const stackit: ObjectCheck = (map, report) => {
  const endpoint = text(map, 'endpoint');
  if (endpoint !== null && endpoint !== '' && !validUrl(endpoint)) report.error(map.get('endpoint', true), 'invalid endpoint');
};

const uyuni: ObjectCheck = (map, report) => {
  if (!has(map, 'server')) report.error(map, 'Uyuni SD configuration requires server host');
};

export const DISCOVERY_CHECKS: Readonly<Record<string, readonly ObjectCheck[]>> = {
  azure_sd_config: [azure],
  ec2_sd_config: [ec2],
  eureka_sd_config: [eureka],
  http_sd_config: [httpSd],
  marathon_sd_config: [marathon],
  outscale_sd_config: [outscale],
  scaleway_sd_config: [scaleway],
  puppetdb_sd_config: [puppetdb],
  stackit_sd_config: [stackit],
  uyuni_sd_config: [uyuni],
};
