import { redactUrlsIn } from './urlRedaction';

/*
 * Secrets in text a server sends back. A server (or a proxy before it) may echo the request in an
 * error body: `401 Unauthorized: invalid credentials in "Authorization: Basic dXNlcjpwYXNz"`. Before
 * such text is shown or printed, the secrets configured for that endpoint (header values, URL
 * userinfo, the parts of a basic-auth value) are masked, and so is anything that looks like a
 * credential whoever configured it: `Authorization:` and `Cookie:` values, `Basic …` and
 * `Bearer …` tokens, URL userinfo and secret-looking query parameters.
 */

export const MASK = '***';

/** Secrets shorter than this are not searched for in remote text (they would mask ordinary words). */
const MIN_SECRET_LENGTH = 4;

/** Header names whose values are not secrets: the ones our HTTP client and its callers add themselves. */
export const PLAIN_HEADERS = /^(accept|accept-encoding|accept-language|user-agent|content-type|content-length)$/i;

/** The secrets of a request: its configured header values and what they encode, and the URL's userinfo. */
export function secretsOfRequest(headers: Readonly<Record<string, string>> | undefined, url?: string): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (PLAIN_HEADERS.test(name)) continue;
    secrets.push(value);
    const scheme = /^(\w+)\s+(.+)$/.exec(value);
    if (!scheme) continue;
    secrets.push(scheme[2]);
    if (/^basic$/i.test(scheme[1])) {
      const decoded = Buffer.from(scheme[2], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      secrets.push(decoded);
      if (colon >= 0) secrets.push(decoded.slice(colon + 1));
    }
  }
  if (url) {
    try {
      const parsed = new URL(url);
      if (parsed.password) secrets.push(decodeURIComponent(parsed.password), parsed.password);
    } catch {
      // Not a URL: nothing to learn from it.
    }
  }
  return secrets.filter((s) => s.length >= MIN_SECRET_LENGTH);
}

/** `Authorization: …`, `Proxy-Authorization=…`, `Cookie: …`, `X-Api-Key: …`, as written in logs and JSON. */
const CREDENTIAL_HEADER = /\b((?:proxy-)?authorization|cookie|set-cookie|x-api-key|api[-_]?key|x-auth-token|private-token)(["']?\s*[:=]\s*["']?)(?:(?:Basic|Bearer|Token|Digest|Negotiate|ApiKey)\s+)?[^\s"'<>,;&]+/gi;
/** `Basic dXNl…`, `Bearer eyJ…`, `Token abc…`. */
const SCHEME_TOKEN = /\b(Basic|Bearer|Token|Digest|Negotiate)\s+[A-Za-z0-9+/=._~-]{4,}/g;

/** The text with the given secrets and every credential-looking value masked. */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  // Longest first: a password inside a basic-auth value does not leave the rest of it readable.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= MIN_SECRET_LENGTH && out.includes(secret)) out = out.split(secret).join(MASK);
  }
  out = out.replace(CREDENTIAL_HEADER, (_all, name: string, separator: string) => `${name}${separator}${MASK}`);
  out = out.replace(SCHEME_TOKEN, (_all, scheme: string) => `${scheme} ${MASK}`);
  return redactUrlsIn(out);
}
