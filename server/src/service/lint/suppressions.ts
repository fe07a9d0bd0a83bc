import type { Problem } from '../diagnostic';

/*
 * Inline disable comments, in YAML and in `.promql` files alike:
 *
 *   # prometheus-lsp-disable-next-line naming/base-unit, cardinality/label
 *   - record: job:request_latency_ms:avg
 *
 * The comment silences the named rules (all rules when none is named) on the next line that holds
 * something, and on the lines indented deeper below it: the whole rule under `- record:`, the whole
 * block scalar under `expr: |`.
 */

/** The directive's one spelling: the comments read here and the "Disable … here" quick fix writes. */
const DISABLE_NEXT_LINE = 'prometheus-lsp-disable-next-line';

const DIRECTIVE = new RegExp(`#\\s*${DISABLE_NEXT_LINE}\\b([^\\n]*)`);

/** The comment that disables the given rules on the next line, as a quick fix writes it (no indentation, no line break). */
export function disableComment(rules: readonly string[]): string {
  return rules.length === 0 ? `# ${DISABLE_NEXT_LINE}` : `# ${DISABLE_NEXT_LINE} ${rules.join(', ')}`;
}

interface Suppression {
  readonly fromLine: number;
  readonly toLine: number;
  /** Rule ids; empty for all. */
  readonly rules: readonly string[];
}

export function suppressions(text: string): Suppression[] {
  if (!mayHoldDirective(text)) return [];
  const lines = text.split('\n');
  const found: Suppression[] = [];
  for (let i = 0; i < lines.length; i++) {
    const match = DIRECTIVE.exec(lines[i]);
    if (!match) continue;
    const rules = match[1].split(/[\s,]+/).filter((r) => r !== '' && r.includes('/'));
    let target = i + 1;
    while (target < lines.length && (lines[target].trim() === '' || lines[target].trim().startsWith('#'))) target++;
    if (target >= lines.length) continue;
    const indent = indentOf(lines[target]);
    let last = target;
    for (let j = target + 1; j < lines.length; j++) {
      if (lines[j].trim() === '') continue;
      if (indentOf(lines[j]) <= indent) break;
      last = j;
    }
    found.push({ fromLine: target, toLine: last, rules });
  }
  return found;
}

/** A directive where a `#` is, read from there (`\\s*` may pass a line break: this only says where to look). */
const DIRECTIVE_AT = new RegExp(`#\\s*${DISABLE_NEXT_LINE}`, 'y');

/** How many `#` are looked at before the text is searched for the directive's words instead. */
const HASHES_LOOKED_AT = 64;

/**
 * Whether the text may hold a directive; false only when it holds none. Asked on every keystroke
 * of an editor's file: searching a text of 2.3 MB for the directive's 32 characters costs some
 * 0.5 ms, while a file with few comments has few `#`, each cheap to look past (0.1 ms); a file
 * with many comments is searched for the words after the first 64 `#`.
 */
function mayHoldDirective(text: string): boolean {
  let looked = 0;
  for (let at = text.indexOf('#'); at !== -1; at = text.indexOf('#', at + 1)) {
    if (++looked > HASHES_LOOKED_AT) return text.includes(DISABLE_NEXT_LINE, at);
    DIRECTIVE_AT.lastIndex = at;
    if (DIRECTIVE_AT.test(text)) return true;
  }
  return false;
}

function indentOf(line: string): number {
  // A list item's content is indented by its dash too: "- record:" owns the lines aligned after it.
  const match = /^(\s*)(- )?/.exec(line);
  return (match?.[1].length ?? 0) + (match?.[2] ? 1 : 0);
}

/** The problems no disable comment silences. */
export function withoutSuppressed(text: string, problems: readonly Problem[]): Problem[] {
  if (problems.length === 0) return [];
  const list = suppressions(text);
  if (list.length === 0) return [...problems];
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return problems.filter((p) => {
    const line = lineOf(p.range.start);
    return !list.some((s) => line >= s.fromLine && line <= s.toLine && (s.rules.length === 0 || s.rules.includes(p.code.code)));
  });
}
