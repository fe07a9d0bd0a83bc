import { LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver/node';

/**
 * Wraps a request handler: honours cancellation, logs an error once and answers a safe default, so
 * that a bug in one feature never takes the server down.
 */
export function runSafe<T>(connection: Connection, name: string, token: CancellationToken, fallback: T, work: () => T): T | ResponseError<void> {
  if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
  try {
    return work();
  } catch (error) {
    // A ResponseError is an answer for the user (such as why a rename is refused), not a failure.
    if (error instanceof ResponseError) return error;
    connection.console.error(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return fallback;
  }
}

/**
 * Wraps a notification handler: an error is logged once and the server goes on, so that a bug in
 * one feature never takes the server down.
 */
export function runSafeNotification(connection: Connection, name: string, work: () => void): void {
  try {
    work();
  } catch (error) {
    connection.console.error(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
