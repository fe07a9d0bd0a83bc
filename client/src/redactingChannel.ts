import type { OutputChannel } from 'vscode';

/*
 * An output channel that masks known secrets. The protocol trace (`prometheus.trace.server`:
 * verbose) prints every message, the configuration with its stored passwords and tokens included:
 * what reaches the channel passes through here first.
 */

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Remembers a secret to mask (short values are masked too: a 3-character password is still a password). */
  add(secret: string): void {
    if (secret !== '') this.secrets.add(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join('***');
      // JSON traces escape quotes and backslashes.
      const escaped = JSON.stringify(secret).slice(1, -1);
      if (escaped !== secret && out.includes(escaped)) out = out.split(escaped).join('***');
    }
    return out;
  }
}

/** `channel`, with every line that reaches it redacted. */
export function redacting<T extends OutputChannel>(channel: T, redactor: Redactor): T {
  return new Proxy(channel, {
    get(target, property, receiver) {
      if (property === 'append' || property === 'appendLine' || property === 'replace') {
        return (value: string) => target[property](redactor.redact(value));
      }
      if (['trace', 'debug', 'info', 'warn'].includes(String(property)) && typeof (target as unknown as Record<string, unknown>)[String(property)] === 'function') {
        return (message: string, ...args: unknown[]) => (target as unknown as Record<string, (m: string, ...a: unknown[]) => void>)[String(property)](redactor.redact(message), ...args.map((a) => (typeof a === 'string' ? redactor.redact(a) : a)));
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
