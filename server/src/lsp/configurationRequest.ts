import type { Connection } from 'vscode-languageserver/node';
import { toSettings, type Settings } from '../settings/settings';

/*
 * The settings as the client holds them, asked with LSP's workspace/configuration request; the
 * settings' shape and parsing are in settings/settings.ts, shared with `check`.
 */

export async function fetchSettings(connection: Connection, canAsk: boolean, fallback: Settings): Promise<Settings> {
  if (!canAsk) return fallback;
  try {
    // A client with no `prometheus` section answers null: the initializationOptions stand.
    const section: unknown = await connection.workspace.getConfiguration('prometheus');
    return section === null || section === undefined ? fallback : toSettings(section);
  } catch {
    return fallback;
  }
}
