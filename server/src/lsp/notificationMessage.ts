import type { Connection } from 'vscode-languageserver/node';
import { NOTIFICATION_MAX_CHARS, isCut, plainText } from '../service/remoteText/plainText';
import { redactSecrets } from '../service/remoteText/secretRedaction';

/*
 * The text of a window/showMessage notification. Such text often quotes a server (its error) or a
 * workspace file (a job name, a file name), and VS Code renders `[x](command:…)` in a notification
 * as a link that runs a command: every notification the server sends passes through here. The
 * text is redacted of credential-looking values, freed of control characters and link syntax, and
 * cut to a few hundred characters; when it was cut, the whole (plain, redacted) text goes to the
 * output channel.
 */

export function notificationMessage(connection: Pick<Connection, 'console'>, message: string): string {
  const redacted = redactSecrets(message);
  if (isCut(redacted, NOTIFICATION_MAX_CHARS)) {
    connection.console.warn(plainText(redacted, 100_000));
    return `${plainText(redacted, NOTIFICATION_MAX_CHARS - 40, true)} (the whole text is in the log)`;
  }
  return plainText(redacted, NOTIFICATION_MAX_CHARS, true);
}
