import * as http from 'node:http';
import * as https from 'node:https';
import { createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { redactUrl } from '../service/remoteText/urlRedaction';
import { PLAIN_HEADERS, redactSecrets, secretsOfRequest } from '../service/remoteText/secretRedaction';
import { addressClassOf, type AddressClass } from './addressClass';

/*
 * GET (and form POST) for endpoints we do not control: exporters and API servers named by settings
 * and workspace files. One total deadline covers connecting, the headers and the whole body (a
 * server that drips one byte a second, or streams forever, ends in a timeout); the body is capped
 * after decompression; redirects are bounded; every error is one clear sentence without secrets;
 * sockets are destroyed on every failure.
 *
 * Redirects: to another origin (scheme, host or port), every configured header and the TLS client
 * certificate and key are dropped, and a request that carries credentials is not redirected at all
 * unless `followRedirectsWithCredentials` says so; a redirect from a public address to a loopback,
 * private or link-local one is refused (a remote server must not reach into the user's network).
 *
 * Node's http/https modules rather than fetch: Node 20's fetch (undici) takes a per-request CA,
 * client certificate and key only through an extra dispatcher package, and these requests need them.
 */

export interface TlsOptions {
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  insecureSkipVerify?: boolean;
  serverName?: string;
}

export interface HttpRequest {
  /** May carry `user:pass@`: used as basic auth, never echoed. */
  url: string;
  headers?: Record<string, string>;
  /** Total deadline: connect, headers and the whole body. */
  timeoutMs: number;
  /** Body cap, decompressed. */
  maxBytes: number;
  maxRedirects?: number;
  tls?: TlsOptions;
  signal?: AbortSignal;
  method?: 'GET' | 'POST';
  /** For POST: sent as application/x-www-form-urlencoded. */
  form?: Record<string, string | string[]>;
  /**
   * Answer a non-2xx response with its body (up to the cap) instead of an HttpError: for APIs that
   * explain their errors in the body, such as Prometheus' JSON `error` of a 400 or 422.
   */
  acceptErrorStatus?: boolean;
  /**
   * Follow a redirect to another origin although the request carries credentials (headers, URL
   * userinfo, a client certificate): they are dropped either way. Default: refused.
   */
  followRedirectsWithCredentials?: boolean;
  /** How peer addresses are classified for the redirect rule; tests pass one that calls a loopback address public. */
  addressClassOf?: (address: string) => AddressClass;
}

export interface HttpResponse {
  status: number;
  contentType?: string;
  body: Buffer;
  /** The final URL, without credentials. */
  url: string;
  elapsedMs: number;
}

export type HttpErrorKind = 'timeout' | 'refused' | 'unreachable' | 'too-large' | 'tls' | 'redirects' | 'aborted' | 'protocol' | 'status';

export class HttpError extends Error {
  constructor(message: string, readonly kind: HttpErrorKind, readonly status?: number, readonly bodyExcerpt?: string) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The code of the error a guarded DNS lookup fails with. */
const NON_PUBLIC_REDIRECT = 'ERR_PROMETHEUS_LSP_NON_PUBLIC_REDIRECT';

function carriesCredentials(url: URL, headers: Record<string, string>, tls: TlsOptions | undefined): boolean {
  return url.username !== '' || url.password !== '' || Object.keys(headers).some((h) => !PLAIN_HEADERS.test(h)) || tls?.cert !== undefined || tls?.key !== undefined;
}

/** A DNS lookup that fails when the name resolves to an address that is not public. */
function publicOnlyLookup(classify: (address: string) => AddressClass): LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, options.all ? [] : '', 0);
      const refused = addresses.find((a) => classify(a.address) !== 'public');
      if (refused) {
        const denied = Object.assign(new Error(`${hostname} resolves to a ${classify(refused.address)} address`), { code: NON_PUBLIC_REDIRECT });
        return callback(denied, options.all ? [] : '', 0);
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  }) as unknown as LookupFunction;
}

function describeSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}

export function httpGet(request: HttpRequest): Promise<HttpResponse> {
  const started = Date.now();
  const deadline = started + request.timeoutMs;
  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    let current: http.ClientRequest | null = null;
    let stream: Readable | null = null;
    const finish = (error: HttpError | null, response?: HttpResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      if (error) {
        stream?.destroy();
        current?.destroy();
        reject(error);
      } else {
        resolve(response!);
      }
    };
    const timer = setTimeout(() => finish(new HttpError(`no complete answer from ${hostOf(request.url)} within ${request.timeoutMs} ms`, 'timeout')), request.timeoutMs);
    const onAbort = (): void => finish(new HttpError('request cancelled', 'aborted'));
    if (request.signal?.aborted) return onAbort();
    request.signal?.addEventListener('abort', onAbort);

    const classify = request.addressClassOf ?? addressClassOf;
    const secrets = secretsOfRequest(request.headers, request.url);
    /** Whether a hop of this request reached a public address: from then on, only public addresses. */
    let wentPublic = false;
    const attempt = (url: URL, redirectsLeft: number, headers: Record<string, string>, tls: TlsOptions | undefined): void => {
      if (settled) return;
      const isHttps = url.protocol === 'https:';
      if (!isHttps && url.protocol !== 'http:') return finish(new HttpError(`unsupported URL scheme ${url.protocol}`, 'protocol'));
      const outgoing: Record<string, string> = { 'Accept-Encoding': 'gzip, deflate', 'User-Agent': 'prometheus-lsp', ...headers };
      if (url.username && !Object.keys(outgoing).some((h) => h.toLowerCase() === 'authorization')) {
        outgoing['Authorization'] = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
      }
      let body: Buffer | undefined;
      if (request.method === 'POST' && request.form) {
        const form = new URLSearchParams();
        for (const [k, v] of Object.entries(request.form)) for (const item of Array.isArray(v) ? v : [v]) form.append(k, item);
        body = Buffer.from(form.toString());
        outgoing['Content-Type'] = 'application/x-www-form-urlencoded';
        outgoing['Content-Length'] = String(body.length);
      }
      const hostname = url.hostname.replace(/^\[|\]$/g, '');
      if (wentPublic && isIP(hostname) !== 0 && classify(hostname) !== 'public') {
        return finish(new HttpError(`a redirect to a ${classify(hostname)} address (${url.host}) from a public one was refused`, 'redirects'));
      }
      const options: https.RequestOptions = {
        method: request.method ?? 'GET',
        hostname,
        port: url.port || (isHttps ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        headers: outgoing,
        agent: false,
        ...(wentPublic ? { lookup: publicOnlyLookup(classify) } : {}),
        ...(isHttps ? { ca: tls?.ca, cert: tls?.cert, key: tls?.key, rejectUnauthorized: !tls?.insecureSkipVerify, servername: tls?.serverName } : {}),
      };
      const req = (isHttps ? https : http).request(options, (res) => {
        const status = res.statusCode ?? 0;
        const location = res.headers.location;
        if (status >= 300 && status < 400 && location) {
          res.resume();
          if (redirectsLeft <= 0) return finish(new HttpError(`too many redirects from ${hostOf(request.url)}`, 'redirects'));
          let next: URL;
          try {
            next = new URL(location, url);
          } catch {
            return finish(new HttpError(`invalid redirect from ${hostOf(url.href)}`, 'protocol'));
          }
          const remote = res.socket?.remoteAddress;
          if (remote && classify(remote) === 'public') wentPublic = true;
          // Credentials stay with the origin they were meant for.
          const sameOrigin = next.origin === url.origin;
          let nextHeaders = headers;
          let nextTls = tls;
          if (!sameOrigin) {
            if (carriesCredentials(url, headers, tls) && !request.followRedirectsWithCredentials) {
              req.destroy();
              return finish(new HttpError(`${url.host} redirects to another origin (${next.origin}), not followed because the request carries credentials (prometheus.followRedirectsWithCredentials follows such redirects, without them)`, 'redirects'));
            }
            nextHeaders = Object.fromEntries(Object.entries(headers).filter(([h]) => PLAIN_HEADERS.test(h)));
            nextTls = tls ? { ca: tls.ca, insecureSkipVerify: tls.insecureSkipVerify } : undefined;
            next.username = '';
            next.password = '';
          } else if (url.username && !next.username) {
            next.username = url.username;
            next.password = url.password;
          }
          return attempt(next, redirectsLeft - 1, nextHeaders, nextTls);
        }
        const encoding = String(res.headers['content-encoding'] ?? '').toLowerCase();
        // An uncompressed body announced larger than the cap is refused before a byte of it is read.
        const announced = Number(res.headers['content-length']);
        if ((encoding === '' || encoding === 'identity') && Number.isFinite(announced) && announced > request.maxBytes) {
          res.destroy();
          return finish(new HttpError(`response from ${hostOf(url.href)} larger than ${describeSize(request.maxBytes)}`, 'too-large'));
        }
        const decoded: Readable = encoding === 'gzip' ? res.pipe(createGunzip()) : encoding === 'deflate' ? res.pipe(createInflate()) : res;
        stream = decoded;
        const chunks: Buffer[] = [];
        let size = 0;
        decoded.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > request.maxBytes) {
            res.destroy();
            finish(new HttpError(`response from ${hostOf(url.href)} larger than ${describeSize(request.maxBytes)}`, 'too-large'));
            return;
          }
          chunks.push(chunk);
        });
        decoded.on('error', () => finish(new HttpError(`could not decode the ${encoding} response from ${hostOf(url.href)}`, 'protocol')));
        res.on('error', (error) => finish(networkError(error, url)));
        decoded.on('end', () => {
          const buffer = Buffer.concat(chunks);
          if ((status < 200 || status >= 300) && !request.acceptErrorStatus) {
            // A server may echo the request's credentials in its error body.
            const excerpt = redactSecrets(buffer.toString('utf8', 0, Math.min(buffer.length, 600)), secrets).replace(/\s+/g, ' ').trim().slice(0, 300);
            return finish(new HttpError(`HTTP ${status} ${res.statusMessage ?? ''}`.trim() + ` from ${hostOf(url.href)}${excerpt ? `: ${excerpt}` : ''}`, 'status', status, excerpt));
          }
          finish(null, { status, contentType: res.headers['content-type'], body: buffer, url: redactUrl(url.href), elapsedMs: Date.now() - started });
        });
      });
      current = req;
      req.on('error', (error) => {
        if ((error as NodeJS.ErrnoException).code === NON_PUBLIC_REDIRECT) return finish(new HttpError(`a redirect from a public address was refused: ${error.message}`, 'redirects'));
        finish(networkError(error, url));
      });
      if (Date.now() > deadline) return finish(new HttpError(`no complete answer from ${hostOf(request.url)} within ${request.timeoutMs} ms`, 'timeout'));
      req.end(body);
    };

    let first: URL;
    try {
      first = new URL(request.url);
    } catch {
      return finish(new HttpError('invalid URL', 'protocol'));
    }
    attempt(first, request.maxRedirects ?? 5, request.headers ?? {}, request.tls);
  });
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|SSL|HOSTNAME|ALTNAME/;

function networkError(error: Error, url: URL): HttpError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const host = url.host;
  if (code === 'ECONNREFUSED') return new HttpError(`connection refused by ${host}`, 'refused');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new HttpError(`cannot resolve ${url.hostname}`, 'unreachable');
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return new HttpError(`${host} is unreachable`, 'unreachable');
  if (code === 'ECONNRESET' || code === 'EPIPE') return new HttpError(`${host} closed the connection`, 'protocol');
  if (TLS_CODES.test(code) || /certificate|SSL|TLS/i.test(error.message)) {
    const hint = /SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code) ? ' (give the CA file, or set insecureSkipVerify)' : '';
    return new HttpError(`TLS error with ${host}: ${error.message}${hint}`, 'tls');
  }
  if (code.startsWith('HPE_')) return new HttpError(`${host} did not answer with valid HTTP`, 'protocol');
  return new HttpError(`request to ${host} failed: ${code || error.message}`, 'unreachable');
}
