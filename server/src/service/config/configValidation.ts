import type { Document } from 'yaml';
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
