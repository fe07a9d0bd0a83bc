import { withoutControlCharacters } from './controlCharacters';

/*
 * Text from a server or a workspace file on a surface that shows plain text: a notification
 * (window/showMessage), a diagnostic's message, a source's status. VS Code turns `[label](target)`
 * in notification text into a link, `command:` targets included, which run a command with
 * arguments when clicked: such text must reach no surface as link syntax. Control characters are
 * removed, and the length is capped so that a server's 20 MB error cannot become a 20 MB
 * notification.
 */

/** Longest text of a notification; the whole text goes to the output channel. */
export const NOTIFICATION_MAX_CHARS = 400;
/** Longest diagnostic message or source status taken from a server. */
export const DETAIL_MAX_CHARS = 2000;

/** `](`, with anything between: what makes `[x](command:…)` a link. Also `]` `(` split by spaces or line breaks. */
const LINK_JOIN = /\]\s*\(/g;

/** A character that one of the steps below may change: a control character (line breaks and tabs too), a bidi control, or `]`. */
const NEEDS_WORK = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\]]/;

/**
 * The text as plain text that links nothing: control characters removed, `](` broken apart
 * (`] (`), cut to `maxChars` with `…` (never inside a surrogate pair). With `oneLine`, line breaks
 * and tabs become spaces.
 */
export function plainText(text: string, maxChars = DETAIL_MAX_CHARS, oneLine = false): string {
  // Most texts (metric names, HELP, label values, on every completion item) hold nothing to change.
  if (text.length <= maxChars && !NEEDS_WORK.test(text)) return text;
  let out = withoutControlCharacters(text);
  if (oneLine) out = out.replace(/\s*[\r\n]+\s*/g, ' ').replace(/\t/g, ' ');
  out = out.replace(LINK_JOIN, '] (');
  return capLength(out, maxChars);
}

/** The text cut to `maxChars` characters, the last being `…` when it was cut. */
export function capLength(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let end = Math.max(0, maxChars - 1);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/** Whether `plainText` had to cut the text. */
export function isCut(text: string, maxChars: number): boolean {
  return withoutControlCharacters(text).length > maxChars;
}
