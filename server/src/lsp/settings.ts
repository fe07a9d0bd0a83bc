import type { Connection } from 'vscode-languageserver/node';

/*
 * The server's settings: the `prometheus` section of the client's configuration
 * (workspace/configuration), or the same shape in initializationOptions for clients without it.
 * Later features add their settings here.
 */

export interface Settings {
  /** Glob → kind (`config`, `rules`, `ruleTests`, `none`): what files are, whatever their content says. */
  readonly documentTypes: Record<string, string>;
}

export const DEFAULT_SETTINGS: Settings = { documentTypes: {} };

/** Keeps only well-formed values, so that a wrong setting cannot break the server. */
export function toSettings(raw: unknown): Settings {
  const section = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const documentTypes: Record<string, string> = {};
  const types = section['documentTypes'];
  if (typeof types === 'object' && types !== null) {
    for (const [glob, kind] of Object.entries(types)) if (typeof kind === 'string') documentTypes[glob] = kind;
  }
  return { documentTypes };
}

export async function fetchSettings(connection: Connection, canAsk: boolean, fallback: Settings): Promise<Settings> {
  if (!canAsk) return fallback;
  try {
    return toSettings(await connection.workspace.getConfiguration('prometheus'));
  } catch {
    return fallback;
  }
}
