import type { OutputChannel } from 'vscode';
import { SECRET_PARAM } from '../../server/src/service/remoteText/urlRedaction';
import { PLAIN_HEADERS } from '../../server/src/service/remoteText/secretRedaction';

/*
 * An output channel that masks secrets. The protocol trace (`prometheus.trace.server`: verbose)
 * prints every message, the configuration with its stored passwords and tokens included: what
 * reaches the channel passes through here first. The redactor learns the secrets of the settings
 * (tokens, passwords, every header value, URL userinfo, secret-looking query parameters) and also
 * masks what looks like a credential whoever wrote it: `Authorization:` values, `Basic`/`Bearer`
 * tokens, `user:pass@` in URLs and `?api_key=…` values.
 */

const PATTERNS: readonly [RegExp, string][] = [
  // `Authorization: Bearer x`, `"authorization":"Basic x"`, `Cookie: a=b`, `X-Api-Key: k`.
  [/\b((?:proxy-)?authorization|cookie|set-cookie|x-api-key|api[-_]?key|x-auth-token|private-token)(\\?["']?\s*[:=]\s*\\?["']?)[^\r\n"'\\,;]+/gi, '$1$2***'],
  [/\b(Basic|Bearer|Token|Digest)\s+[A-Za-z0-9+/=._~-]{4,}/g, '$1 ***'],
  // Userinfo of a URL: `https://user:pass@host`.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@"'<>]+@/gi, '$1***@'],
];

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Remembers a secret to mask (short values are masked too: a 3-character password is still a password). */
  add(secret: string): void {
    if (secret !== '') this.secrets.add(secret);
  }

  /** Learns the secrets of an endpoint of the settings (a URL string, or `{ url, headers, basicAuth, bearerToken }`). */
  learnEndpoint(entry: unknown): void {
    const record = typeof entry === 'string' ? { url: entry } : typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
    if (typeof record['url'] === 'string') this.learnUrl(record['url']);
    if (typeof record['bearerToken'] === 'string') this.add(record['bearerToken']);
    const basic = record['basicAuth'];
    if (typeof basic === 'object' && basic !== null && typeof (basic as Record<string, unknown>)['password'] === 'string') this.add((basic as Record<string, string>)['password']);
    const headers = record['headers'];
    if (typeof headers === 'object' && headers !== null) {
      for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
        if (typeof value !== 'string' || PLAIN_HEADERS.test(name)) continue;
        this.add(value);
        const scheme = /^\w+\s+(.+)$/.exec(value);
        if (scheme) this.add(scheme[1]);
      }
    }
  }

  /** Learns a URL's password and the values of its secret-looking query parameters. */
  learnUrl(url: string): void {
    try {
      const parsed = new URL(url);
      if (parsed.password) {
        this.add(parsed.password);
        this.add(decodeURIComponent(parsed.password));
      }
      for (const [name, value] of parsed.searchParams) if (SECRET_PARAM.test(name) && value !== '') this.add(value);
    } catch {
      // Not a URL: nothing to learn.
    }
  }

  redact(text: string): string {
    let out = text;
    // Longest first: a secret that holds a shorter one is masked whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      if (out.includes(secret)) out = out.split(secret).join('***');
      // JSON traces escape quotes and backslashes.
      const escaped = JSON.stringify(secret).slice(1, -1);
      if (escaped !== secret && out.includes(escaped)) out = out.split(escaped).join('***');
    }
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
    // Secret-looking query parameters of any URL: `?api_key=…&token=…`.
    return out.replace(/([?&])([^=&\s"']+)=([^&\s"'#]+)/g, (all, sep: string, name: string) => (SECRET_PARAM.test(name) ? `${sep}${name}=***` : all));
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
