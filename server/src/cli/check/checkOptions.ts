import { isRuleSetting, type RuleSetting } from '../../service/lint/lintSettings';
import { isRuleDialect, RULE_DIALECTS, type RuleDialect } from '../../service/rules/ruleDialect';

/*
 * The command line of `prometheus-lsp check`: options and paths, checked here so that a mistake is
 * a usage error (exit status 2) before any file is read.
 */

export const CHECK_HELP = `Usage: prometheus-lsp check [options] PATH…

Checks PromQL files (.promql), Prometheus configurations, rule files and rule unit-test files
(.yml/.yaml, recognised by their content as in the editor) with the language server's diagnostics.
Folders are searched recursively (dot-folders, node_modules, vendor, venv, __pycache__, dist and out are
skipped unless named).
Hints (faint marks in an editor: unused recording rules, rule names) are counted, not listed; give a
rule a severity (--rule rules/unused=info) to list its problems.

Options:
  --format FORMAT        text (default), json, sarif or github (GitHub Actions annotations)
  --config FILE          settings as a JSON or YAML file, the editor's shape:
                         {servers, scrapeUrls, ruleDialect, lint: {rules, unboundedLabels, maxLabelValues, maxSeries}}
  --server URL           a Prometheus-API server: its metrics, version and features (repeatable)
  --scrape URL           an exporter's /metrics URL (repeatable)
  --rule ID=SEVERITY     a rule's severity: off, error, warning, info or hint (repeatable; overrides --config)
  --dialect NAME         the tool that loads the rule files: prometheus (default), thanos, mimir or vmalert
                         (overrides --config's ruleDialect and what the checked files name)
  --max-warnings N       fail (exit 1) when there are more than N warnings (default: no limit)
  --fix                  apply the safe quick fixes, write the files, and report what remains
  --quiet                report errors only
  --help                 print this help

Exit status: 0 no error (and warnings within --max-warnings), 1 problems found, 2 a usage error or a
file or folder that cannot be read.
`;

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type OutputFormat = (typeof FORMATS)[number];

export interface CheckOptions {
  readonly format: OutputFormat;
  readonly configFile?: string;
  readonly servers: readonly string[];
  readonly scrapeUrls: readonly string[];
  /** `--rule` settings in the order given; later ones win. */
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** `--dialect`: the tool that loads the rule files. */
  readonly dialect?: RuleDialect;
  /** Warnings allowed before the run fails; undefined: any number. */
  readonly maxWarnings?: number;
  readonly fix: boolean;
  readonly quiet: boolean;
  readonly help: boolean;
  readonly paths: readonly string[];
}

/** A wrong command line: exit status 2, with the message and the help on stderr. */
export class UsageError extends Error {}

/** Options that take a value, as `--name VALUE` or `--name=VALUE`. */
const WITH_VALUE = new Set(['--format', '--config', '--server', '--scrape', '--rule', '--max-warnings', '--dialect']);

export function parseCheckArgs(args: readonly string[]): CheckOptions {
  let format: OutputFormat = 'text';
  let configFile: string | undefined;
  const servers: string[] = [];
  const scrapeUrls: string[] = [];
  const rules: Record<string, RuleSetting> = {};
  let maxWarnings: number | undefined;
  let dialect: RuleDialect | undefined;
  let fix = false;
  let quiet = false;
  let help = false;
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      paths.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      paths.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    if (!WITH_VALUE.has(name)) {
      if (eq > 0 && arg.startsWith('--')) throw new UsageError(`option ${name} takes no value`);
      if (arg === '--fix') fix = true;
      else if (arg === '--quiet' || arg === '-q') quiet = true;
      else if (arg === '--help' || arg === '-h') help = true;
      else throw new UsageError(`unknown option ${arg}`);
      continue;
    }
    let value: string;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      if (i + 1 >= args.length) throw new UsageError(`option ${name} needs a value`);
      value = args[++i];
    }
    switch (name) {
      case '--format':
        if (!(FORMATS as readonly string[]).includes(value)) throw new UsageError(`unknown format "${value}" (give ${FORMATS.join(', ')})`);
        format = value as OutputFormat;
        break;
      case '--config':
        configFile = value;
        break;
      case '--server':
        servers.push(httpUrl(name, value));
        break;
      case '--scrape':
        scrapeUrls.push(httpUrl(name, value));
        break;
      case '--rule': {
        const at = value.lastIndexOf('=');
        const id = at > 0 ? value.slice(0, at).trim() : '';
        const setting = at > 0 ? value.slice(at + 1).trim() : '';
        if (!id || !isRuleSetting(setting)) throw new UsageError(`--rule takes ID=off|error|warning|info|hint, not "${value}"`);
        rules[id] = setting;
        break;
      }
      case '--dialect':
        if (!isRuleDialect(value)) throw new UsageError(`unknown dialect "${value}" (give ${RULE_DIALECTS.join(', ')})`);
        dialect = value;
        break;
      case '--max-warnings':
        if (!/^\d+$/.test(value)) throw new UsageError(`--max-warnings takes a whole number, not "${value}"`);
        maxWarnings = Number(value);
        break;
    }
  }
  if (!help && paths.length === 0) throw new UsageError('give at least one file or folder to check');
  return { format, configFile, servers, scrapeUrls, rules, dialect, maxWarnings, fix, quiet, help, paths };
}

function httpUrl(option: string, value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value;
  } catch {
    // Said below.
  }
  throw new UsageError(`${option} takes an http:// or https:// URL, not "${value}"`);
}
