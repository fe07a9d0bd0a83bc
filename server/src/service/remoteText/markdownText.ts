import { withoutControlCharacters } from './controlCharacters';
import { capLength } from './plainText';

/*
 * Text from a server or a workspace file placed into Markdown (hovers, completion documentation,
 * the target report): a metric's HELP, metric, label and job names, label values, a rule's
 * expression. Such text must stay text: no link (`[x](command:…)`, `<command:…>`), no HTML, no
 * emphasis or heading it did not mean, and code must stay inside its fence or its inline span
 * whatever backticks it holds. Control characters are removed everywhere.
 */

/** ASCII punctuation that Markdown (CommonMark, GFM) gives a meaning: each is escaped with a backslash. */
const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]()#+\-.!|<>~&]/g;

/** Longest HELP text or other prose shown in a hover. */
export const MARKDOWN_PROSE_MAX_CHARS = 2000;

/** The text as Markdown that renders as exactly this text: every meaningful punctuation escaped. */
export function escapeMarkdown(text: string, maxChars = MARKDOWN_PROSE_MAX_CHARS): string {
  return capLength(withoutControlCharacters(text), maxChars).replace(MARKDOWN_PUNCTUATION, '\\$&');
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}

/** The text as an inline code span (one line) that no backtick inside it can close. */
export function inlineCode(text: string, maxChars = 300): string {
  const body = capLength(withoutControlCharacters(text).replace(/[\r\n\t]+/g, ' '), maxChars);
  const fence = '`'.repeat(longestBacktickRun(body) + 1);
  // A span that starts or ends with a backtick needs a space between it and the fence.
  const pad = body.startsWith('`') || body.endsWith('`') || (body.startsWith(' ') && body.endsWith(' ') && body.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** The text as a fenced code block (with the language given) that no backtick run inside it can close. */
export function codeBlock(text: string, language = '', maxChars = 10_000): string {
  const body = capLength(withoutControlCharacters(text), maxChars);
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(body) + 1));
  return `${fence}${language}\n${body}\n${fence}`;
}
