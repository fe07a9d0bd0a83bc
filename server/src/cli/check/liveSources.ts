import type { Settings } from '../../settings/settings';
import { CatalogManager } from '../../sources/catalogManager';
import { scrapeSourceId } from '../../sources/scrapeSource';
import { sourcesFromSettings } from '../../sources/sourcesFromSettings';
import type { CheckEnvironment } from './workspaceCheck';

/*
 * The live sources of a check (`--server`, `--scrape`, and the `servers` and `scrapeUrls` of
 * `--config`), loaded once before the files are checked, through the same catalog manager as the
 * editor's. A source that fails is said on stderr and the check goes on without it, as the editor
 * goes on with the others.
 */

export interface LiveSources {
  /** What the service reads from the sources. */
  readonly environment: Pick<CheckEnvironment, 'catalog' | 'server' | 'targetSnapshot'>;
  dispose(): void;
}

/** Loads every source (each within the request timeout of the settings); null when none is configured. */
export async function loadLiveSources(settings: Settings, report: (message: string) => void): Promise<LiveSources | null> {
  const { sources, problems } = sourcesFromSettings(settings, [], true);
  for (const problem of problems) report(problem);
  if (sources.length === 0) return null;
  const manager = new CatalogManager({
    ttlMs: settings.refreshIntervalMs,
    onError: (source, message) => report(`${source.label} is unavailable: ${message}`),
  });
  manager.configure(sources);
  await manager.refresh();
  return {
    environment: {
      catalog: () => manager.catalog,
      server: () => {
        const found = manager.serverInfo();
        return found ? { label: found.label, ...found.info } : undefined;
      },
      targetSnapshot: (target) => manager.catalog.snapshot(scrapeSourceId(target.url)),
    },
    dispose: () => manager.dispose(),
  };
}
