import { snapshotOfExposition } from '../service/catalog/expositionSnapshot';
import { EXPOSITION_ACCEPT, expositionFormatOf, parseExposition } from '../service/exposition/expositionParser';
import { httpGet, type TlsOptions } from './httpClient';
import { redactUrl } from '../service/remoteText/urlRedaction';
import type { LoadedSource, MetricSource, SourceLimits } from './metricSource';

/** An exporter's `/metrics` endpoint, fetched whole and parsed (OpenMetrics or the text format, as negotiated). */
export interface ScrapeEndpoint {
  readonly url: string;
  /** How the user knows it: `job (host:port)` for a configured target, the URL for a setting. */
  readonly label: string;
  readonly headers?: Record<string, string>;
  readonly tls?: TlsOptions;
}

/** The id of the scrape source of a URL: how a configuration's target finds its last exposition in the catalog. */
export function scrapeSourceId(url: string): string {
  return `scrape:${redactUrl(url)}`;
}

export class ScrapeSource implements MetricSource {
  readonly kind = 'scrape';
  readonly id: string;
  readonly label: string;

  constructor(private readonly endpoint: ScrapeEndpoint, private readonly limits: SourceLimits) {
    this.id = scrapeSourceId(endpoint.url);
    this.label = endpoint.label;
  }

  async load(signal: AbortSignal): Promise<LoadedSource> {
    const response = await httpGet({
      url: this.endpoint.url,
      headers: { Accept: EXPOSITION_ACCEPT, ...this.endpoint.headers },
      tls: this.endpoint.tls,
      timeoutMs: this.limits.timeoutMs,
      maxBytes: this.limits.maxBytes,
      followRedirectsWithCredentials: this.limits.followRedirectsWithCredentials,
      signal,
    });
    const parsed = parseExposition(response.body, expositionFormatOf(response.contentType));
    const warnings: string[] = [];
    if (parsed.families.length === 0 && parsed.problems.length > 0) {
      const first = parsed.problems[0];
      throw new Error(`${redactUrl(response.url)} did not answer with a Prometheus exposition (line ${first.line + 1}: ${first.message})`);
    }
    if (parsed.problems.length > 0) {
      const first = parsed.problems[0];
      warnings.push(`${parsed.problemCount.toLocaleString('en-US')} malformed line${parsed.problemCount === 1 ? '' : 's'} in the exposition, the first on line ${first.line + 1}: ${first.message}`);
    }
    const snapshot = snapshotOfExposition(parsed, this.label);
    if (snapshot.cuts.length > 0) warnings.push(`kept within the catalog's bounds: ${snapshot.cuts.join('; ')}`);
    return { snapshot, warnings };
  }
}
