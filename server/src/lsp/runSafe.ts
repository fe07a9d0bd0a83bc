import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type RemoteConsole } from 'vscode-languageserver/node';

/*
 * The one error path of the server's handlers: a cancelled request answers RequestCancelled, a
 * ResponseError thrown on purpose is the answer (why a rename is refused, which argument is
 * missing), and any other error is logged once, with its stack, and answered with a safe default
 * or, for requests whose caller must know (running a query), an InternalError that says what
 * failed. A bug in one feature never takes the server down, and every handler fails the same way.
 */

/** Where failures are logged: the connection's console (window/logMessage). */
export interface ErrorLog {
  readonly console: Pick<RemoteConsole, 'error'>;
}

/** The fallback that answers a failure with the error itself (InternalError, `<name> failed: <message>`). */
export const ANSWER_ERROR: unique symbol = Symbol('answer the error');

/** What a failed handler answers: a safe default, or the error (ANSWER_ERROR). */
export type Fallback<T> = T | typeof ANSWER_ERROR;

/** `<name> failed: <message>`; with `stack`, the stack where there is one (for the log). */
export function formatError(name: string, error: unknown, detail: 'message' | 'stack' = 'message'): string {
  const text = error instanceof Error ? (detail === 'stack' ? (error.stack ?? error.message) : error.message) : String(error);
  return `${name} failed: ${text}`;
}

/** A cancelled request's answer. */
function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
}

/** The answer of a handler that threw. */
function failed<T>(connection: ErrorLog, name: string, error: unknown, fallback: Fallback<T>): T | ResponseError<void> {
  // A ResponseError is an answer for the user (such as why a rename is refused), not a failure.
  if (error instanceof ResponseError) return error as ResponseError<void>;
  connection.console.error(formatError(name, error, 'stack'));
  return fallback === ANSWER_ERROR ? new ResponseError(ErrorCodes.InternalError, formatError(name, error)) : fallback;
}

/** Wraps a synchronous request handler. */
export function runSafe<T>(connection: ErrorLog, name: string, token: CancellationToken | undefined, fallback: Fallback<T>, work: () => T): T | ResponseError<void> {
  if (token?.isCancellationRequested) return cancelled();
  try {
    return work();
  } catch (error) {
    return failed(connection, name, error, fallback);
  }
}

/** Wraps an asynchronous request handler (the work may honour the token itself, e.g. by aborting its requests). */
export async function runSafeAsync<T>(connection: ErrorLog, name: string, token: CancellationToken | undefined, fallback: Fallback<T>, work: () => Promise<T>): Promise<T | ResponseError<void>> {
  if (token?.isCancellationRequested) return cancelled();
  try {
    return await work();
  } catch (error) {
    return failed(connection, name, error, fallback);
  }
}

/** Wraps a notification handler: an error is logged once and the server goes on. */
export function runSafeNotification(connection: ErrorLog, name: string, work: () => void): void {
  try {
    work();
  } catch (error) {
    connection.console.error(formatError(name, error, 'stack'));
  }
}
