import { fileURLToPath } from 'node:url';
import { MessageType, ShowMessageNotification, type Position } from 'vscode-languageserver/node';
import { credentialFileKey, sourcesFromSettings } from '../sources/sourcesFromSettings';
import { CREDENTIAL_FILE_REQUEST, SOURCE_STATUS_REQUEST, type CredentialFileParams } from './protocol';
import type { PrepareLiveData } from './languageFeatures';
import { runSafeNotification } from './runSafe';
import type { ServerContext } from './serverContext';

/*
 * The live sources at the LSP edge: which servers and scrape targets to read (the settings, and the
 * configurations the workspace host knows, when the workspace is trusted), asking the user about
 * credential files outside the workspace, the sources' status request, and the label values or
 * names a completion or hover waits for.
 */

/** Longest a completion waits for label values or names a server answers on demand. */
const ON_DEMAND_DEADLINE_MS = 1500;
/** Longest a request waits for the sources' first load. */
const FIRST_LOAD_DEADLINE_MS = 1000;
/** Quiet time after a configuration changes before the sources are configured again. */
const RECONFIGURATION_DELAY_MS = 500;

export interface SourceWiring {
  /** Configures the sources for the current settings and configuration files, now. */
  configure(): void;
  /** The same, soon (debounced): configurations change on every keystroke. */
  configureSoon(): void;
  readonly prepareLiveData: PrepareLiveData;
}

export function registerSources(context: ServerContext): SourceWiring {
  const { connection, catalogs, workspace } = context;
  let lastSourceKey = '';
  let toldUntrusted = false;
  /** Credential files outside the workspace the user allowed in this session, and those already asked about. */
  const allowedFiles = new Set<string>();
  const askedFiles = new Set<string>();
  const askAboutFile = (file: CredentialFileParams & { message: string }): void => {
    if (askedFiles.has(file.path)) return;
    askedFiles.add(file.path);
    context.showWarning(`Prometheus: ${file.message}`);
    // The client asks the user (once per file, remembered there); a client without the request leaves the file unread.
    const params: CredentialFileParams = { path: file.path, job: file.job, configUri: file.configUri };
    connection.sendRequest(CREDENTIAL_FILE_REQUEST, params).then((answer) => {
      if (answer?.allowed !== true) return;
      allowedFiles.add(file.path);
      configure();
    }, () => undefined);
  };

  const configure = (): void => {
    runSafeNotification(connection, 'live sources', () => {
      const settings = context.settings();
      // VS Code's client reports Workspace Trust in this setting (its middleware overrides any workspace value).
      const trusted = settings.trustedWorkspace;
      const roots = context.workspaceFolders().flatMap((uri) => {
        try {
          return [fileURLToPath(uri)];
        } catch {
          return [];
        }
      });
      const allowed = new Set([...allowedFiles, ...settings.allowedCredentialFiles.map(credentialFileKey)]);
      const configurations = workspace.configurationTargets();
      const { sources, problems, outsideFiles } = sourcesFromSettings(settings, configurations, trusted, { roots, allowed });
      for (const problem of problems) context.showWarning(`Prometheus: ${problem}`);
      // A file outside the workspace is said and asked about once.
      for (const file of outsideFiles) askAboutFile(file);
      const untrustedTargets = trusted ? 0 : configurations.reduce((n, c) => n + c.targets.length, 0);
      if (untrustedTargets > 0 && !toldUntrusted) {
        // Said once, in one place: why the workspace's targets give no live data.
        toldUntrusted = true;
        void connection.sendNotification(ShowMessageNotification.type, {
          type: MessageType.Info,
          message: `Prometheus: this workspace is not trusted, so the ${untrustedTargets} scrape target${untrustedTargets === 1 ? '' : 's'} of its configuration ${untrustedTargets === 1 ? 'is' : 'are'} not fetched and no credential file it names is read. Trust the workspace to get live metrics from them; servers and scrape URLs of your user settings still work.`,
        });
      }
      const key = JSON.stringify([sources.map((s) => s.id), settings.requestTimeoutMs, settings.maxResponseBytes, settings.followRedirectsWithCredentials, trusted, settings.servers, settings.scrapeUrls]);
      catalogs.setTtl(settings.refreshIntervalMs);
      if (key === lastSourceKey) return;
      lastSourceKey = key;
      catalogs.configure(sources);
    });
  };
  let timer: NodeJS.Timeout | undefined;
  const configureSoon = (): void => {
    clearTimeout(timer);
    timer = setTimeout(configure, RECONFIGURATION_DELAY_MS);
  };

  /**
   * Before completing or hovering PromQL: the sources' first load (briefly), and the label values or
   * names a server answers on demand for the cursor's selector. Deadlines keep typing responsive; a
   * late answer serves the next keystroke.
   */
  const prepareLiveData: PrepareLiveData = async (uri, position: Position, forHover) => {
    const document = context.documents.get(uri);
    const need = document ? workspace.liveDataNeed(uri, document.offsetAt(position), forHover) : null;
    if (!need) return;
    await catalogs.whenLoaded(FIRST_LOAD_DEADLINE_MS);
    if (need.kind === 'labelValues') await catalogs.ensureLabelValues(need.label, need.metric, ON_DEMAND_DEADLINE_MS);
    else if (need.kind === 'labelNames') await Promise.all(need.metrics.map((m) => catalogs.ensureLabelNames(m, ON_DEMAND_DEADLINE_MS)));
  };

  connection.onRequest(SOURCE_STATUS_REQUEST, () => ({ sources: catalogs.statuses() }));
  return { configure, configureSoon, prepareLiveData };
}
