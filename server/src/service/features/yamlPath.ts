/*
 * Where the cursor is in a YAML document, read from the lines around it (indentation and `key:`
 * markers) rather than from the parsed tree: while a user types, the document is often not valid
 * YAML, and completion must still know that the cursor sits at a key of a rule or at the value of
 * `action:` in a relabel config.
 */

export interface YamlPosition {
  /** Keys from the document's root to the mapping the cursor is in (list items are passed through). */
  readonly path: string[];
  /** At a key (start of an entry) or at the value after `key:`. */
  readonly at: 'key' | 'value';
  /** For `value`: the key whose value it is. */
  readonly key: string | null;
  /** The word typed so far, and where it starts. */
  readonly prefix: string;
  readonly prefixStart: number;
  /** Keys already present in the mapping the cursor is in. */
  readonly siblings: string[];
}

interface Line {
  readonly start: number;
  readonly text: string;
  /** Column where the entry's key starts (after indentation and `- ` markers). */
  readonly keyColumn: number;
  /** The key, when the line is `key:` or `key: value`. */
  readonly key: string | null;
  /** Whether the line opens a block under its key (nothing, or only a comment or block indicator, after the colon). */
  readonly opensBlock: boolean;
  readonly startsItem: boolean;
}

const KEY_LINE = /^(\s*)((?:-\s+)*)(?:(["']?)([A-Za-z0-9_.$/-]+)\3\s*:(?=\s|$))?(.*)$/;

function readLine(text: string, start: number, end: number): Line {
  const content = text.slice(start, end);
  const match = KEY_LINE.exec(content)!;
  const keyColumn = match[1].length + match[2].length;
  const key = match[4] ?? null;
  const rest = (match[5] ?? '').trim();
  return { start, text: content, keyColumn, key, opensBlock: key !== null && (rest === '' || rest.startsWith('#') || /^[|>][-+0-9]*\s*(#.*)?$/.test(rest)), startsItem: match[2].length > 0 };
}

function isBlank(line: Line): boolean {
  const trimmed = line.text.trim();
  return trimmed === '' || trimmed.startsWith('#');
}

/**
 * The offset where the line holding `offset` starts. (`lastIndexOf` with a negative start searches
 * from 0, and would find the line break *at* offset 0: hence the guard.)
 */
export function lineStartOf(text: string, offset: number): number {
  return offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

/** How many spaces open the line `[start, end)`, counted up to `atMost`. */
function spacesAt(text: string, start: number, end: number, atMost: number): number {
  let count = 0;
  while (count < atMost && start + count < end && text.charCodeAt(start + count) === 32) count++;
  return count;
}

/** At a value: the line reads `key: …` and the cursor is after the colon (the key is group 4). */
const VALUE_BEFORE_CURSOR = /^(\s*)((?:-\s+)*)(["']?)([A-Za-z0-9_.$/-]+)\3\s*:\s+(.*)$/;

/** The key whose value the cursor is at, as `yamlPositionAt` says, read from the cursor's line alone; null at a key. */
export function yamlValueKeyAt(text: string, offset: number): string | null {
  return VALUE_BEFORE_CURSOR.exec(text.slice(lineStartOf(text, offset), offset))?.[4] ?? null;
}

/**
 * The last line that ends at `end` or before and opens with fewer than `limit` spaces (or the
 * first line of the text), as `[start, end)`: the lines passed over all open with `limit` spaces or more.
 */
function lineIndentedBelow(text: string, end: number, limit: number): [number, number] {
  let lineEnd = end;
  for (;;) {
    let i = lineEnd - 1;
    while (i >= 0 && text.charCodeAt(i) !== 10) i--;
    if (i < 0 || spacesAt(text, i + 1, lineEnd, limit) < limit) return [i + 1, lineEnd];
    lineEnd = i;
  }
}

export function yamlPositionAt(text: string, offset: number): YamlPosition {
  const lineStart = lineStartOf(text, offset);
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  const current = readLine(text, lineStart, lineEnd);
  const beforeCursor = text.slice(lineStart, offset);
  const wordMatch = /[A-Za-z0-9_.$/-]*$/.exec(beforeCursor)!;
  const prefix = wordMatch[0];
  const prefixStart = offset - prefix.length;

  const valueMatch = VALUE_BEFORE_CURSOR.exec(beforeCursor);
  const at: 'key' | 'value' = valueMatch ? 'value' : 'key';
  const column = at === 'value' ? current.keyColumn : beforeCursor.length - beforeCursor.trimStart().length + (/^(-\s+)+/.exec(beforeCursor.trimStart())?.[0].length ?? 0);

  // Walk up: every line with a smaller key column that opens a block is a parent.
  const path: string[] = [];
  let limit = column;
  let itemColumn = current.startsItem && at === 'key' ? current.keyColumn : -1;
  const siblings: string[] = [];
  let cursor = lineStart;
  // A line that starts a list item starts a new mapping: the entries above belong to other items.
  let collectingSiblings = !(current.startsItem && at === 'key' && /^\s*(-\s+)+[A-Za-z0-9_.$/-]*$/.test(beforeCursor));
  while (cursor > 0) {
    // A line indented at least to the limit cannot be a parent, and is no sibling once they are
    // collected: such lines are passed over, not read (the walk up a 10,000-rule file to `groups:`
    // crosses 30,000 lines).
    const [start, end] = collectingSiblings ? [lineStartOf(text, cursor - 1), cursor - 1] : lineIndentedBelow(text, cursor - 1, limit);
    cursor = start;
    if (!collectingSiblings && spacesAt(text, start, end, limit) >= limit) continue;
    const line = readLine(text, start, end);
    if (isBlank(line)) continue;
    if (line.keyColumn < limit) {
      collectingSiblings = false;
      if (line.key !== null && line.opensBlock) {
        path.unshift(line.key);
        limit = line.keyColumn;
      } else if (line.startsItem && line.key !== null && line.keyColumn < limit) {
        // `- key: value` sibling entry of the same list item whose other keys we are typing.
        if (itemColumn < 0) itemColumn = line.keyColumn;
        limit = line.keyColumn + 1;
        if (line.keyColumn === column) siblings.push(line.key);
      }
      if (limit === 0) break;
    } else if (collectingSiblings && line.keyColumn === column && line.key !== null) {
      siblings.push(line.key);
      if (line.startsItem) collectingSiblings = false;
    }
  }
  // Siblings below the cursor, down to the end of the mapping.
  let next = lineEnd + 1;
  while (next < text.length) {
    let end = text.indexOf('\n', next);
    if (end < 0) end = text.length;
    const line = readLine(text, next, end);
    next = end + 1;
    if (isBlank(line)) continue;
    if (line.keyColumn < column || (line.startsItem && line.keyColumn <= column)) break;
    if (line.keyColumn === column && line.key !== null) siblings.push(line.key);
  }
  return { path, at, key: valueMatch ? valueMatch[4] : null, prefix, prefixStart, siblings };
}

/**
 * Whether the cursor is in a YAML comment: after a `#` that starts the line's content or follows a
 * space, outside quotes. (A `#` inside a block scalar is text, but nothing is completed there either.)
 */
export function inYamlComment(text: string, offset: number): boolean {
  const line = text.slice(lineStartOf(text, offset), offset);
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote && !(quote === '"' && line[i - 1] === '\\')) quote = null;
    } else if (c === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) {
      return true;
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s:[{,-]/.test(line[i - 1]))) {
      quote = c;
    }
  }
  return false;
}
