import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { toSettings, type Settings } from '../../settings/settings';
import type { CheckOptions } from './checkOptions';
import { isRecord } from '../../service/json/isRecord';

/*
 * The settings of a check run: the `--config` file (the editor's settings, as JSON or YAML), then
 * `--server`, `--scrape`, `--rule` and `--dialect` on top. They go through the editor's own reader (toSettings),
 * so a setting means the same in both places.
 */

/** A `--config` file that cannot be read or parsed: exit status 2. */
export class ConfigFileError extends Error {}

export function checkSettings(options: CheckOptions): Settings {
  const raw = options.configFile ? readConfigFile(options.configFile) : {};
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  const settings = toSettings({
    ...raw,
    servers: [...list(raw['servers']), ...options.servers],
    scrapeUrls: [...list(raw['scrapeUrls']), ...options.scrapeUrls],
    // A check reads what it is told to, never the targets a checked configuration names.
    scrapeConfigTargets: false,
  });
  return { ...settings, ruleDialect: options.dialect ?? settings.ruleDialect, lint: { ...settings.lint, rules: { ...settings.lint.rules, ...options.rules } } };
}

/** The settings object of the file: its top level, or its `prometheus` section (as in an editor's settings). */
function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigFileError(`cannot read the config file ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let parsed: unknown;
  try {
    // YAML is a superset of JSON: one parser reads both.
    parsed = text.trim() === '' ? {} : parseYaml(text);
  } catch (error) {
    throw new ConfigFileError(`the config file ${file} is neither JSON nor YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isRecord(parsed)) {
    throw new ConfigFileError(`the config file ${file} must hold an object ({servers, scrapeUrls, lint})`);
  }
  const section = parsed['prometheus'];
  return isRecord(section) ? section : parsed;
}
