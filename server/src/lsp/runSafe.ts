import type { Connection } from 'vscode-languageserver/node';

/**
 * Wraps a notification handler: an error is logged once and the server goes on, so that a bug in
 * one feature never takes the server down. (Request handlers, which come with later features, get
 * the same wrapper plus cancellation and a safe default answer.)
 */
export function runSafeNotification(connection: Connection, name: string, work: () => void): void {
  try {
    work();
  } catch (error) {
    connection.console.error(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
