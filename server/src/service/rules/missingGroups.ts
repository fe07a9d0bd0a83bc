import { isMap, isSeq, type Document, type YAMLMap } from 'yaml';
import type { QuickFix, TextChange } from '../diagnostic';
import type { TextRange } from '../promql/syntaxTree';

/*
 * A rule file written without its `groups:` key: a list of groups, one group's keys at the top, or
 * a bare list of rules (what a group or rule snippet gives in an empty file). Prometheus refuses
 * each with one error; the fix is mechanical: put the text under `groups:` (and a group).
 */

export interface MissingGroups {
  readonly range: TextRange;
  readonly message: string;
  readonly fix: QuickFix;
}

const RULE_KEYS = ['record', 'alert', 'expr'];
const GROUP_KEYS = ['name', 'rules', 'interval'];

const hasAny = (map: YAMLMap, keys: readonly string[]): boolean => keys.some((k) => map.has(k));

/** The missing `groups:` of a rule file's document, with the edit that adds it; null when the document has it or is something else. */
export function missingGroupsOf(text: string, document: Document.Parsed, uri: string): MissingGroups | null {
  const root = document.contents;
  const rootRange = root?.range;
  if (!root || !rootRange) return null;
  // The document's text, cut only once a fix is built: on a rule file that has `groups:` (every
  // validation of one), nothing is copied.
  const start = text.lastIndexOf('\n', rootRange[0] - 1) + 1;
  const bodyOf = (): string => text.slice(start, rootRange[2] ?? rootRange[1]).replace(/\s+$/, '');
  // The whole document: the fix is at hand wherever the cursor is.
  const range = { start: rootRange[0], end: rootRange[1] };
  const change = (body: string, newText: string): TextChange[] => [{ range: { start, end: start + body.length }, newText }];
  if (isSeq(root)) {
    const maps: YAMLMap[] = [];
    for (const item of root.items as unknown[]) if (isMap(item)) maps.push(item);
    if (maps.length === 0) return null;
    if (maps.every((m) => hasAny(m, GROUP_KEYS) && !hasAny(m, RULE_KEYS))) {
      const body = bodyOf();
      return {
        range,
        message: 'a rule file is a mapping with groups: this list of groups needs `groups:` above it, or Prometheus cannot load the file',
        fix: { title: 'Wrap in groups:', safe: true, changes: change(body, `groups:\n${indent(body, '  ')}`) },
      };
    }
    if (maps.some((m) => hasAny(m, RULE_KEYS))) {
      const name = groupNameOf(uri);
      const body = bodyOf();
      return {
        range,
        message: 'a rule file is a mapping with groups: this list of rules needs a group (`groups: - name: …, rules:`), or Prometheus cannot load the file',
        fix: { title: `Wrap in groups: (group "${name}")`, safe: true, changes: change(body, `groups:\n  - name: ${name}\n    rules:\n${indent(body, '      ')}`) },
      };
    }
    return null;
  }
  if (isMap(root) && !root.has('groups') && !root.has('spec') && root.has('rules') && hasAny(root, ['name'])) {
    const body = bodyOf();
    const [first, ...rest] = body.split('\n');
    return {
      range,
      message: 'a rule file is a mapping with groups: this group needs to be an item of `groups:`, or Prometheus cannot load the file',
      fix: { title: 'Wrap in groups:', safe: true, changes: change(body, `groups:\n  - ${first}${rest.length > 0 ? `\n${indent(rest.join('\n'), '    ')}` : ''}`) },
    };
  }
  return null;
}

function indent(text: string, by: string): string {
  return text.split('\n').map((line) => (line.trim() === '' ? line : by + line)).join('\n');
}

/** A group name from the file's name (`alerts.yml` → `alerts`). */
function groupNameOf(uri: string): string {
  const base = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1)).replace(/\.(ya?ml)$/i, '');
  return /^[A-Za-z0-9_.-]+$/.test(base) && base !== '' ? base : 'rules';
}
