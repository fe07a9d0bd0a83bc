import { withoutControlCharacters } from './controlCharacters';
import { capLength } from './plainText';

/*
 * Text from a server or a workspace file placed into Markdown (hovers, completion documentation,
 * the target report): a metric's HELP, metric, label and job names, label values, a rule's
 * expression. Such text must stay text: no link (`[x](command:…)`, `<command:…>`), no HTML, no
 * emphasis or heading it did not mean, and code must stay inside its fence or its inline span
 * whatever backticks it holds. Control characters are removed everywhere.
 */

/** Punctuation that makes Markdown syntax anywhere: code, emphasis, links, images, HTML, entities, strikethrough, tables. */
const INLINE_SYNTAX = /[\\`*[\]<>&~|]/g;
/** `_` opens or closes emphasis only at a word's edge: `http_requests_total` stays as written. */
const EDGE_UNDERSCORE = /(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g;
/** What makes a line a heading, a list item, a quote, a rule, a setext underline or a table's delimiter row (`:-`): escaped where a line starts. */
const LINE_START_SYNTAX = /(^|\n)([ \t]*)([#>+\-=:]|\d+[.)])/g;

/** Longest HELP text or other prose shown in a hover. */
export const MARKDOWN_PROSE_MAX_CHARS = 2000;

/**
 * The text as Markdown that renders as exactly this text: the punctuation that would make syntax is
 * escaped with a backslash (CommonMark lets any ASCII punctuation be escaped), the rest left as
 * written so that names and prose read the same in the source. Marks that make syntax only where a
 * line starts are escaped after each line break, and at the start too when `startsLine` says the
 * text begins a line of the document.
 */
export function escapeMarkdown(text: string, maxChars = MARKDOWN_PROSE_MAX_CHARS, startsLine = false): string {
  const escaped = capLength(withoutControlCharacters(text), maxChars)
    // Indentation would make an indented code block of a line: lines start at their text.
    .replace(startsLine ? /(^|\n)[ \t]+/g : /(\n)[ \t]+/g, '$1')
    .replace(INLINE_SYNTAX, '\\$&')
    .replace(EDGE_UNDERSCORE, '\\_');
  return escaped.replace(LINE_START_SYNTAX, (all, lineBreak: string, indent: string, mark: string, offset: number) => {
    if (offset === 0 && lineBreak === '' && !startsLine) return all;
    return `${lineBreak}${indent}${/^\d/.test(mark) ? `${mark.slice(0, -1)}\\${mark.slice(-1)}` : `\\${mark}`}`;
  });
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}

/** The text as an inline code span (one line) that no backtick inside it can close. */
export function inlineCode(text: string, maxChars = 300): string {
  const body = capLength(withoutControlCharacters(text).replace(/[\r\n\t]+/g, ' '), maxChars);
  // An empty span is no span: two backticks would show as text.
  if (body === '') return '` `';
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
