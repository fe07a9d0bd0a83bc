import { MetricCatalog } from '../service/catalog/metricCatalog';
import type { MetricSource, ServerInfo } from './metricSource';
import { DETAIL_MAX_CHARS, plainText } from '../service/remoteText/plainText';
import { redactSecrets } from '../service/remoteText/secretRedaction';

/** A source's status message: a server's words or a workspace's names, as plain text, redacted and capped. */
function statusText(text: string): string {
  return plainText(redactSecrets(text), DETAIL_MAX_CHARS);
}

/*
 * Keeps the catalog filled from the configured sources: each source is loaded in the background,
 * again when its data is older than the TTL; concurrent asks for the same thing share one request;
 * every request can be cancelled and has the sources' timeout. A source that fails keeps its last
 * good data (if any), reports its error once, and leaves the others working; it is tried again
 * soon (after 2 s, then twice as long each time, at most the TTL), so that its status turns back to
 * ready within seconds of its return, and at once when a query reaches its server. Nothing here
 * ever blocks a request for longer than the caller's deadline.
 */

/** The first retry of a failed source; each next one waits twice as long, up to the TTL. */
const FIRST_RETRY_MS = 2000;

/**
 * A source that answers again after failing is loaded once more this long after: a restarted
 * Prometheus answers before it has scraped anything (an empty database), and its metrics would
 * otherwise wait for the TTL.
 */
const RECOVERY_RELOAD_MS = 10_000;

export type SourceState = 'loading' | 'ready' | 'error';

export interface SourceStatus {
  readonly id: string;
  readonly label: string;
  readonly kind: MetricSource['kind'];
  readonly state: SourceState;
  /** The last error, or warnings of the last load. */
  readonly message?: string;
  readonly metricCount: number;
  /** When the last load finished (ms since the epoch). */
  readonly loadedAt?: number;
  readonly server?: ServerInfo;
}

export interface CatalogManagerOptions {
  /** How long loaded data stays fresh. */
  readonly ttlMs: number;
  /** Called whenever a source's status changes. */
  readonly onStatus?: (statuses: readonly SourceStatus[]) => void;
  /** Called once per distinct failure of a source, until it recovers. */
  readonly onError?: (source: MetricSource, message: string) => void;
  /** Called when the catalog's contents change. */
  readonly onChange?: () => void;
}

interface Entry {
  readonly source: MetricSource;
  status: SourceStatus;
  loading: Promise<void> | null;
  controller: AbortController | null;
  reportedError: string | null;
  /** Failed loads in a row, and the timer of the next try. */
  failures: number;
  retry: NodeJS.Timeout | undefined;
}

export class CatalogManager {
  readonly catalog = new MetricCatalog();
  private entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, { promise: Promise<void>; controller: AbortController }>();
  private timer: NodeJS.Timeout | undefined;
  private fetchedAt = Date.now();
  private disposed = false;
  private readonly waitedFor = new Set<string>();

  private ttlMs: number;

  constructor(private readonly options: CatalogManagerOptions) {
    this.ttlMs = options.ttlMs;
    this.startTimer();
  }

  /** Changes how long loaded data stays fresh. */
  setTtl(ms: number): void {
    if (ms === this.ttlMs) return;
    this.ttlMs = ms;
    this.startTimer();
  }

  private startTimer(): void {
    clearInterval(this.timer);
    // Refresh in the background; unref'd so that a CLI run can exit while it waits.
    this.timer = setInterval(() => void this.refresh(), Math.max(1000, Math.floor(this.ttlMs / 2)));
    this.timer.unref();
  }

  /** Replaces the set of sources. Sources that stay (same id) keep their data; new ones start loading. */
  configure(sources: readonly MetricSource[]): void {
    const next = new Map<string, Entry>();
    for (const source of sources) {
      if (next.has(source.id)) continue;
      const old = this.entries.get(source.id);
      next.set(source.id, old ?? {
        source,
        status: { id: source.id, label: plainText(source.label, 200, true), kind: source.kind, state: 'loading', metricCount: 0 },
        loading: null,
        controller: null,
        reportedError: null,
        failures: 0,
        retry: undefined,
      });
    }
    for (const [id, entry] of this.entries) {
      if (next.has(id)) continue;
      entry.controller?.abort();
      clearTimeout(entry.retry);
      this.catalog.setSnapshot(id, null);
    }
    this.entries = next;
    this.catalog.clearFetched();
    this.abortInFlight();
    this.emitStatus();
    this.options.onChange?.();
    void this.refresh();
  }

  get sources(): readonly MetricSource[] {
    return [...this.entries.values()].map((e) => e.source);
  }

  statuses(): SourceStatus[] {
    return [...this.entries.values()].map((e) => e.status);
  }

  /** What the first Prometheus-API server that answered says of itself. */
  serverInfo(): { label: string; info: ServerInfo } | undefined {
    for (const entry of this.entries.values()) {
      if (entry.status.server) return { label: entry.source.label, info: entry.status.server };
    }
    return undefined;
  }

  /** Loads every source whose data is missing or stale (or all, when forced). Resolves when they are done. */
  async refresh(force = false): Promise<void> {
    if (this.disposed) return;
    const now = Date.now();
    if (now - this.fetchedAt > this.ttlMs) {
      this.catalog.clearFetched();
      this.fetchedAt = now;
    }
    const loads: Promise<void>[] = [];
    for (const entry of this.entries.values()) {
      const stale = entry.status.loadedAt === undefined || now - entry.status.loadedAt > this.ttlMs;
      if (entry.loading) loads.push(entry.loading);
      else if (force || stale) loads.push(this.load(entry));
    }
    await Promise.all(loads);
  }

  /**
   * What a request outside the catalog (a query) learnt of a source's server: reachable or not.
   * When that contradicts the source's status (an error while the server answers, or ready while
   * it does not), the source is loaded again now, and its status follows.
   */
  observed(sourceId: string, reachable: boolean): void {
    const entry = this.entries.get(sourceId);
    if (!entry || entry.loading || this.disposed) return;
    if (reachable ? entry.status.state === 'error' : entry.status.state === 'ready') void this.load(entry);
  }

  private load(entry: Entry): Promise<void> {
    clearTimeout(entry.retry);
    entry.retry = undefined;
    const controller = new AbortController();
    entry.controller = controller;
    // A new source is 'loading' already; one that failed keeps saying so until it answers again (no flicker on every retry).
    entry.loading = entry.source.load(controller.signal).then(
      (loaded) => {
        if (controller.signal.aborted || this.entries.get(entry.source.id) !== entry) return;
        this.catalog.setSnapshot(entry.source.id, loaded.snapshot);
        const recovered = entry.failures > 0;
        entry.reportedError = null;
        entry.failures = 0;
        if (recovered) this.scheduleLoad(entry, RECOVERY_RELOAD_MS);
        this.setStatus(entry, {
          ...entry.status,
          state: 'ready',
          message: loaded.warnings.length > 0 ? statusText(loaded.warnings.join('; ')) : undefined,
          metricCount: loaded.snapshot.metrics.length,
          loadedAt: Date.now(),
          server: loaded.server,
        });
        this.options.onChange?.();
      },
      (error: unknown) => {
        if (controller.signal.aborted || this.entries.get(entry.source.id) !== entry) return;
        const message = statusText(error instanceof Error ? error.message : String(error));
        // Keep the last good data: a flaky exporter should not empty the completion list.
        this.setStatus(entry, { ...entry.status, state: 'error', message, loadedAt: Date.now() });
        if (entry.reportedError !== message) {
          entry.reportedError = message;
          this.options.onError?.(entry.source, message);
        }
        this.scheduleRetry(entry);
      },
    ).finally(() => {
      if (entry.controller === controller) entry.controller = null;
      entry.loading = null;
    });
    return entry.loading;
  }

  /** Tries a failed source again soon, then less and less often; unref'd so that a CLI run can exit. */
  private scheduleRetry(entry: Entry): void {
    if (this.disposed) return;
    const delay = Math.min(this.ttlMs, FIRST_RETRY_MS * 2 ** Math.min(entry.failures, 16));
    entry.failures++;
    this.scheduleLoad(entry, delay);
  }

  /** Loads a source again after `delay` (unless it is loading then, or gone). */
  private scheduleLoad(entry: Entry, delay: number): void {
    if (this.disposed) return;
    clearTimeout(entry.retry);
    entry.retry = setTimeout(() => {
      entry.retry = undefined;
      if (this.entries.get(entry.source.id) === entry && !entry.loading) void this.load(entry);
    }, delay);
    entry.retry.unref();
  }

  /**
   * Waits for the first load of sources that have never loaded, at most `deadlineMs`, once per
   * source: a source that hangs delays one request, not every keystroke until its timeout.
   */
  async whenLoaded(deadlineMs: number): Promise<void> {
    const pending: Promise<void>[] = [];
    for (const entry of this.entries.values()) {
      if (entry.loading && entry.status.loadedAt === undefined && !this.waitedFor.has(entry.source.id)) {
        this.waitedFor.add(entry.source.id);
        pending.push(entry.loading);
      }
    }
    if (pending.length > 0) await withDeadline(Promise.all(pending).then(() => undefined), deadlineMs);
  }

  /**
   * Asks the sources that answer on demand for a label's values (narrowed to a metric), waiting at
   * most `deadlineMs`; a slower answer still lands in the catalog for the next keystroke.
   */
  async ensureLabelValues(label: string, metric: string | undefined, deadlineMs: number): Promise<void> {
    if (this.catalog.hasFetchedLabelValues(label, metric)) return;
    const key = `values\u0000${metric ?? ''}\u0000${label}`;
    await withDeadline(this.shared(key, async (signal) => {
      const values = new Set<string>();
      await Promise.all(this.onDemand().map(async (source) => {
        try {
          for (const v of await source.labelValues!(label, metric, signal)) values.add(v);
        } catch {
          // The source's own status tells of its failures; completion goes on with the others.
        }
      }));
      this.catalog.setFetchedLabelValues(label, metric, [...values]);
    }), deadlineMs);
  }

  /** Asks the sources that answer on demand for a metric's label names, waiting at most `deadlineMs`. */
  async ensureLabelNames(metric: string, deadlineMs: number): Promise<void> {
    if (this.catalog.hasLabelNames(metric)) return;
    const sources = this.onDemand().filter((s) => s.labelNames);
    if (sources.length === 0) return;
    await withDeadline(this.shared(`names\u0000${metric}`, async (signal) => {
      const names = new Set<string>();
      await Promise.all(sources.map(async (source) => {
        try {
          for (const n of await source.labelNames!(metric, signal)) names.add(n);
        } catch {
          // As above.
        }
      }));
      this.catalog.setFetchedLabelNames(metric, [...names].sort());
    }), deadlineMs);
  }

  private onDemand(): MetricSource[] {
    return [...this.entries.values()].filter((e) => e.status.state === 'ready' && e.source.labelValues).map((e) => e.source);
  }

  /** One request per key at a time; a request outlives no reconfiguration. */
  private shared(key: string, work: (signal: AbortSignal) => Promise<void>): Promise<void> {
    const running = this.inFlight.get(key);
    if (running) return running.promise;
    const controller = new AbortController();
    const promise = work(controller.signal).finally(() => {
      if (this.inFlight.get(key)?.promise === promise) this.inFlight.delete(key);
    });
    this.inFlight.set(key, { promise, controller });
    return promise;
  }

  private abortInFlight(): void {
    for (const { controller } of this.inFlight.values()) controller.abort();
    this.inFlight.clear();
  }

  private setStatus(entry: Entry, status: SourceStatus): void {
    entry.status = status;
    this.emitStatus();
  }

  private emitStatus(): void {
    this.options.onStatus?.(this.statuses());
  }

  dispose(): void {
    this.disposed = true;
    clearInterval(this.timer);
    for (const entry of this.entries.values()) {
      entry.controller?.abort();
      clearTimeout(entry.retry);
    }
    this.entries.clear();
    this.abortInFlight();
  }
}

/** Resolves when the promise does or when the deadline passes, whichever comes first; never rejects. */
function withDeadline(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    promise.then(() => { clearTimeout(timer); resolve(); }, () => { clearTimeout(timer); resolve(); });
  });
}
