/*
 * What the live sources need from the user's settings: servers, scrape URLs, whether the workspace's
 * scrape targets are used, and the limits of every request. The LSP layer reads these from the
 * client (settings/settings.ts); the CLI will read them from its options.
 */

export interface TlsSettings {
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
  readonly insecureSkipVerify?: boolean;
  readonly serverName?: string;
}

/** How to reach an HTTP endpoint: headers, credentials, TLS. */
export interface EndpointSettings {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly basicAuth?: { readonly username: string; readonly password: string };
  readonly bearerToken?: string;
  readonly tls: TlsSettings;
}

export interface ServerSettings extends EndpointSettings {
  readonly name: string;
  /** Tenant of a multi-tenant server (Mimir, Cortex): sent as `X-Scope-OrgID`. */
  readonly tenant?: string;
}

export interface SourceSettings {
  /** Prometheus-API servers (Prometheus, VictoriaMetrics, Thanos, Mimir). */
  readonly servers: readonly ServerSettings[];
  /** Exporter `/metrics` URLs to scrape for completion. */
  readonly scrapeUrls: readonly (EndpointSettings & { readonly name?: string })[];
  /** Whether the static targets of the workspace's prometheus.yml are scraped (in a trusted workspace only). */
  readonly scrapeConfigTargets: boolean;
  /** Every request's deadline. */
  readonly requestTimeoutMs: number;
  /** Largest response accepted, in bytes. */
  readonly maxResponseBytes: number;
  /** `prometheus.followRedirectsWithCredentials`: follow a redirect to another origin from a source with credentials (they are dropped). */
  readonly followRedirectsWithCredentials?: boolean;
}

/** Whether the settings name sources of their own (servers, scrape URLs), the workspace's scrape targets aside: what sourcesFromSettings builds from them. */
export function namesSources(settings: SourceSettings): boolean {
  return settings.servers.length > 0 || settings.scrapeUrls.length > 0;
}
