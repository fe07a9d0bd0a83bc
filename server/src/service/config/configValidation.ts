import { Document as YamlDocument, isSeq, Pair, Scalar, YAMLMap, type Document } from 'yaml';
import { CONFIG_SCHEMA } from './configSchema';
import { validateAgainstSchema, type ConfigProblem } from './schemaValidation';
import { SEMANTIC_CHECKS } from './semanticChecks';

/**
 * Validation of prometheus.yml as `promtool check config` does it: the schema of Prometheus'
 * configuration (configSchema.ts) and the rules a schema cannot say (semanticChecks.ts).
 */
export function validateConfig(document: Document.Parsed): ConfigProblem[] {
  return validateAgainstSchema(document, CONFIG_SCHEMA, SEMANTIC_CHECKS);
}

/**
 * Validation of a bare list of scrape configs (what the Prometheus operator's
 * `additionalScrapeConfigs` holds, and appends to `scrape_configs`): each item as a `scrape_config`,
 * and the checks across jobs (repeated job names, timeouts longer than intervals) as Prometheus makes
 * them on the configuration the list ends up in.
 */
export function validateScrapeConfigList(document: Document.Parsed): ConfigProblem[] {
  const list = document.contents;
  if (!isSeq(list)) return validateAgainstSchema(document, CONFIG_SCHEMA, SEMANTIC_CHECKS, 'scrape_config');
  const wrapped = new YamlDocument() as unknown as Document.Parsed;
  const root = new YAMLMap();
  root.items.push(new Pair(new Scalar('scrape_configs'), list));
  wrapped.contents = root as unknown as typeof wrapped.contents;
  return validateAgainstSchema(wrapped, CONFIG_SCHEMA, SEMANTIC_CHECKS);
}
