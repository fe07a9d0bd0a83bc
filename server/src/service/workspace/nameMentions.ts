/*
 * The names the workspace's other text files mention: Grafana dashboards (JSON), jsonnet mixins,
 * docs, code. A recording rule that no rule or query reads is still used when one of them names it,
 * so `rules/unused` asks this before it fades a rule. One linear scan of each file's words
 * (`[a-zA-Z_:][a-zA-Z0-9_:]*`), kept per file so that a changed file replaces only its own, and a
 * count per word for set lookups. The editor and `check` feed it the same way (the files that are
 * not rule files); what text files are, and how they are found, is theirs.
 */

/**
 * The kinds of text file read for mentions: Grafana dashboards (JSON), jsonnet mixins, docs, console
 * templates, code. The editor's walk, its file watcher and `check` read the same ones.
 */
export const MENTION_FILE_EXTENSIONS = ['json', 'jsonnet', 'libsonnet', 'md', 'markdown', 'rst', 'adoc', 'txt', 'html', 'lib', 'tmpl', 'py', 'go', 'js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx', 'rb', 'java', 'sh', 'tf'];
const MENTION_FILE_NAME = new RegExp(`\\.(?:${MENTION_FILE_EXTENSIONS.join('|')})$`, 'i');

/** Whether a file, by its name, is one read for the recording-rule names it mentions. */
export function isMentionFileName(name: string): boolean {
  return MENTION_FILE_NAME.test(name);
}

/** Files larger than this are not read for mentions (generated data, logs): a dashboard is far smaller. */
export const MAX_MENTION_FILE_BYTES = 4 * 1024 * 1024;

const BACKSLASH = 92;
const COLON = 58;
const UNDERSCORE = 95;

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === UNDERSCORE || c === COLON; // a-z, A-Z
}

function isNamePart(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57); // 0-9
}

/**
 * The distinct words of a text that could name a recording rule: those with a `_` or a `:` (every
 * recording rule name of the corpus has one; plain prose words are left out, which keeps a large
 * workspace's words few). A word right after a backslash is also taken without its first letter:
 * `\njob:x:rate5m` inside a JSON string is the name after an escaped line break.
 */
export function mentionedWords(text: string): string[] {
  const words = new Set<string>();
  const length = text.length;
  let i = 0;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (!isNameStart(c)) {
      i++;
      continue;
    }
    const start = i;
    let marked = c === UNDERSCORE || c === COLON;
    i++;
    while (i < length) {
      const d = text.charCodeAt(i);
      if (!isNamePart(d)) break;
      if (d === UNDERSCORE || d === COLON) marked = true;
      i++;
    }
    if (!marked) continue;
    words.add(text.slice(start, i));
    if (start > 0 && text.charCodeAt(start - 1) === BACKSLASH && i - start > 1) words.add(text.slice(start + 1, i));
  }
  return [...words];
}

export class NameMentions {
  private readonly wordsByFile = new Map<string, readonly string[]>();
  /** Each word once, with how many files mention it. */
  private readonly entries = new Map<string, { readonly word: string; files: number }>();
  /** Counts the words that came or went: what was found from the words holds while it is the same. */
  version = 0;

  /** Records the words of one file's text, replacing what it said before. */
  set(uri: string, text: string): void {
    this.setWords(uri, mentionedWords(text));
  }

  /** Records words already taken from a file's text (`mentionedWords`, in a worker thread of `check`). */
  setWords(uri: string, words: readonly string[]): void {
    this.delete(uri);
    const kept: string[] = [];
    for (const word of words) {
      let entry = this.entries.get(word);
      if (entry) entry.files++;
      else {
        entry = { word: ownCopy(word), files: 1 };
        this.entries.set(entry.word, entry);
        this.version++;
      }
      kept.push(entry.word);
    }
    this.wordsByFile.set(uri, kept);
  }

  delete(uri: string): void {
    const old = this.wordsByFile.get(uri);
    if (!old) return;
    this.wordsByFile.delete(uri);
    for (const word of old) {
      const entry = this.entries.get(word);
      if (entry && --entry.files === 0) {
        this.entries.delete(word);
        this.version++;
      }
    }
  }

  /** Whether some recorded file mentions the name. */
  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The files recorded. */
  get size(): number {
    return this.wordsByFile.size;
  }

  /** The distinct words recorded, over all files. */
  get wordCount(): number {
    return this.entries.size;
  }
}

/**
 * A copy of a word that does not hold on to the text it was cut from: V8 cuts longer substrings as
 * views into their parent, and a kept view would keep the whole file's text alive.
 */
function ownCopy(word: string): string {
  return word.length < 13 ? word : `${word.slice(0, 1)}\u0000${word.slice(1)}`.replace('\u0000', '');
}
