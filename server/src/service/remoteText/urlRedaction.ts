/*
 * URLs as they may be shown: every URL a message, a status, a diagnostic or a report names passes
 * through here first, so that credentials in it (`user:pass@`, `?api_key=…`) are never printed.
 */

/** Query parameter names that carry secrets: `api_key`, `access_token`, `X-Amz-Signature`, `password`, `auth`… */
export const SECRET_PARAM = /token|password|passwd|pwd|secret|key|auth|credential|signature|sig$|session|jwt|cookie/i;

/** The URL without userinfo, and with the values of secret-looking query parameters hidden. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    for (const name of [...parsed.searchParams.keys()]) if (SECRET_PARAM.test(name)) parsed.searchParams.set(name, 'redacted');
    return parsed.toString();
  } catch {
    return '(invalid URL)';
  }
}

/** `http(s)://…` in running text, up to a space, a quote or an angle bracket. */
const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>`]+/gi;

/** The text with every http(s) URL in it redacted as `redactUrl` does. */
export function redactUrlsIn(text: string): string {
  return text.replace(URL_IN_TEXT, (url) => {
    const trailing = /[.,;:)\]]+$/.exec(url)?.[0] ?? '';
    const bare = trailing ? url.slice(0, -trailing.length) : url;
    const redacted = redactUrl(bare);
    return (redacted === '(invalid URL)' ? bare : redacted) + trailing;
  });
}
