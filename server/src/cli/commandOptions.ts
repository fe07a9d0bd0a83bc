import { parseDurationSetting } from '../service/query/queryTime';

/*
 * Reading the options of the `query` and `preview` verbs, which take the same kinds: `--name value`
 * or `--name=value`, `--` ending the options, durations (`5m`) and HTTP headers (`Name: value`).
 * A mistake is a UsageError, which the verb prints with its name and turns into exit status 2.
 */

export class UsageError extends Error {}

/**
 * Walks `args`: each option is handed to `option` with a reader of its value (the part after `=`,
 * or the next argument); `option` returns false for a name it does not know. Returns the arguments
 * that are not options, in order.
 */
export function readCommandOptions(args: readonly string[], option: (name: string, value: () => string) => boolean): string[] {
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      rest.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const next = args[i + 1];
      if (next === undefined) throw new UsageError(`${name} needs a value`);
      i++;
      return next;
    };
    if (!option(name, value)) {
      if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
      rest.push(arg);
    }
  }
  return rest;
}

/** A positive duration in seconds, from `5m`, `1h30m` or a number of seconds. */
export function durationOption(text: string, name: string): number {
  const seconds = parseDurationSetting(text);
  if (seconds === undefined || seconds <= 0) throw new UsageError(`${name}: not a duration: ${text}`);
  return seconds;
}

/** Adds a `Name: value` header to `headers`. */
export function addHeaderOption(text: string, headers: Record<string, string>): void {
  const colon = text.indexOf(':');
  if (colon <= 0) throw new UsageError(`--header: write it 'Name: value'`);
  headers[text.slice(0, colon).trim()] = text.slice(colon + 1).trim();
}
