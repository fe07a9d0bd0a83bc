import { window, type SecretStorage } from 'vscode';
import type { Redactor } from './redactingChannel';

/*
 * Passwords and tokens of the configured servers and scrape URLs live in VS Code's SecretStorage
 * (the OS keychain), never in settings files. The settings name the endpoint; the secret is added
 * to the configuration only on its way to the language server.
 */

type SecretKind = 'password' | 'bearerToken';

const key = (endpoint: string, kind: SecretKind): string => `prometheus.secret.${kind}.${endpoint}`;

interface EndpointLike {
  name?: unknown;
  url?: unknown;
  basicAuth?: { username?: unknown; password?: unknown };
  bearerToken?: unknown;
}

/** The name under which an endpoint's secrets are stored: its `name`, or its URL. */
function endpointKey(entry: EndpointLike): string | undefined {
  if (typeof entry.name === 'string' && entry.name !== '') return entry.name;
  return typeof entry.url === 'string' ? entry.url : undefined;
}

/** The `prometheus` settings section with each endpoint's stored secrets filled in (settings values win). */
export async function withSecrets(section: Record<string, unknown>, secrets: SecretStorage, redactor?: Redactor): Promise<Record<string, unknown>> {
  const fill = async (list: unknown): Promise<unknown> => {
    if (!Array.isArray(list)) return list;
    return Promise.all(list.map(async (item: unknown) => {
      // Header values, URL userinfo and secret-looking query parameters are masked in logs too.
      redactor?.learnEndpoint(item);
      if (typeof item !== 'object' || item === null) return item;
      const entry = { ...(item as EndpointLike) };
      // Secrets written in the settings themselves are masked in logs too.
      if (typeof entry.bearerToken === 'string') redactor?.add(entry.bearerToken);
      if (entry.basicAuth && typeof entry.basicAuth.password === 'string') redactor?.add(entry.basicAuth.password);
      const name = endpointKey(entry);
      if (!name) return entry;
      if (entry.basicAuth && typeof entry.basicAuth === 'object' && typeof entry.basicAuth.password !== 'string') {
        const password = await secrets.get(key(name, 'password'));
        if (password !== undefined) {
          redactor?.add(password);
          entry.basicAuth = { ...entry.basicAuth, password };
        }
      }
      if (typeof entry.bearerToken !== 'string') {
        const token = await secrets.get(key(name, 'bearerToken'));
        if (token !== undefined) {
          redactor?.add(token);
          entry.bearerToken = token;
        }
      }
      return entry;
    }));
  };
  return { ...section, servers: await fill(section['servers']), scrapeUrls: await fill(section['scrapeUrls']) };
}

/** Asks which endpoint and which secret, then the secret itself (a password box), and stores it. */
export async function storeSecret(secrets: SecretStorage, section: Record<string, unknown>): Promise<boolean> {
  const endpoints = [...(Array.isArray(section['servers']) ? section['servers'] : []), ...(Array.isArray(section['scrapeUrls']) ? section['scrapeUrls'] : [])]
    .map((e: unknown) => (typeof e === 'object' && e !== null ? endpointKey(e as EndpointLike) : typeof e === 'string' ? e : undefined))
    .filter((e): e is string => e !== undefined);
  if (endpoints.length === 0) {
    void window.showInformationMessage('Prometheus: add a server to "prometheus.servers" (or a URL to "prometheus.scrapeUrls") first.');
    return false;
  }
  const endpoint = await window.showQuickPick(endpoints, { placeHolder: 'Which server or scrape URL?' });
  if (!endpoint) return false;
  const choices: { label: string; secret: SecretKind }[] = [{ label: 'Bearer token', secret: 'bearerToken' }, { label: 'Basic-auth password', secret: 'password' }];
  const choice = await window.showQuickPick(choices, { placeHolder: 'Which secret?' });
  if (!choice) return false;
  const value = await window.showInputBox({ prompt: `${choice.label} for ${endpoint} (empty: forget it)`, password: true, ignoreFocusOut: true });
  if (value === undefined) return false;
  if (value === '') await secrets.delete(key(endpoint, choice.secret));
  else await secrets.store(key(endpoint, choice.secret), value);
  return true;
}
