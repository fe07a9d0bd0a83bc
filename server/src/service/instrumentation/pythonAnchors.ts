import type { Range } from 'web-tree-sitter';
import type { MetricDefinition } from './metricDefinition';
import { builtOnFirstUse } from '../builtOnFirstUse';

/*
 * What the prometheus_client reader will ask the tree about, as found in the text before any parse:
 * the library's name, its metric classes and the aliases imports give them, `.labels(`, the
 * multiprocess names, and the names metrics are assigned to. The parse of a module can then leave
 * out the blocks that name none of these (pythonParseSlices.ts); after the read, the names the
 * definitions are really bound to are checked against what was left out.
 *
 * Two kinds: what a definition or an import is found from (the reader then asks about the
 * statements around it: the function it runs in, a `try` guarding it), and what a use of a metric
 * is found from (`.labels(`, a bound name), read from its own statement alone.
 */

/** The anchors of a module's text, as global patterns. */
export interface PythonAnchors {
  /** Names the library, its classes or their aliases: the whole top-level block is read. */
  readonly blocks: RegExp;
  /** A use of a metric (`.labels(`, a name a metric is bound to): its statement is read. */
  readonly uses: RegExp;
}

const FIXED = ['prometheus_client', 'Counter', 'Gauge', 'Histogram', 'Summary', 'Info', 'Enum', 'MultiProcessCollector', 'PROMETHEUS_MULTIPROC_DIR', 'prometheus_multiproc_dir'];
/** An import statement, its parenthesised name list across lines included. */
const IMPORT = builtOnFirstUse(() => /^[ \t]*(?:from[ \t]+[\p{L}\p{N}_.]+[ \t]+)?import[ \t]*(?:\([^)]*\)|[^\n]*)/gmu);
const ALIAS = builtOnFirstUse(() => /\bas\s+([\p{L}_][\p{L}\p{N}_]*)/gu);
/** What precedes a constructor on its line when it is assigned: `NAME = `, `self.x: T = (`, `NAME = prometheus_client.`. */
const ASSIGNED_BEFORE = builtOnFirstUse(() => /^[ \t]*([\p{L}\p{N}_.]+)[ \t]*(?::[^=\n]*)?=[ \t(]*(?:[\p{L}\p{N}_]+\.)*$/u);

/** What precedes a class reference alone on its line when it is assigned: `_gauge_cls = prometheus_client.`. */
const CLASS_ALIAS_BEFORE = builtOnFirstUse(() => /^[ \t]*([\p{L}_][\p{L}\p{N}_]*)[ \t]*(?::[^=\n]*)?=[ \t]*(?:[\p{L}\p{N}_]+\.)*$/u);

/** The anchors of `text`. */
export function pythonAnchors(text: string): PythonAnchors {
  const names = new Set(FIXED);
  for (const statement of text.match(IMPORT()) ?? []) for (const alias of statement.matchAll(ALIAS())) names.add(alias[1]);
  // A name assigned a call of one of those on the same line is a metric's binding; one assigned
  // the class itself, alone on its line, is another name of the class (pythonClassAliases.ts),
  // and the text is read again with it so that the metrics built through it are found too.
  let heads = wordsPattern(names);
  let bindings = new Set<string>();
  for (let pass = 0; pass < 2; pass++) {
    const known = names.size;
    bindings = new Set<string>();
    for (const match of text.matchAll(heads)) {
      const after = text.slice(match.index + match[0].length, match.index + match[0].length + 40);
      if (/^[ \t]*(?:#[^\n]*)?(?:\n|$)/.test(after)) {
        const alias = CLASS_ALIAS_BEFORE().exec(text.slice(text.lastIndexOf('\n', match.index) + 1, match.index));
        if (alias) names.add(alias[1]);
        continue;
      }
      if (!/^[ \t]*\(/.test(after)) continue;
      const before = ASSIGNED_BEFORE().exec(text.slice(text.lastIndexOf('\n', match.index) + 1, match.index));
      if (before) bindings.add(before[1]);
    }
    if (names.size === known) break;
    heads = wordsPattern(names);
  }
  for (const name of names) bindings.delete(name);
  const labels = '\\.\\s*labels\\s*\\(';
  return { blocks: heads, uses: new RegExp(bindings.size === 0 ? labels : `${wordsPattern(bindings).source}|${labels}`, 'gu') };
}

function wordsPattern(names: Iterable<string>): RegExp {
  const words = [...names].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${words.join('|')})(?![\\p{L}\\p{N}_])`, 'gu');
}

/** Whether every name a definition is bound to occurs only inside the parsed ranges. */
export function boundNamesAllParsed(text: string, parsed: readonly Range[], definitions: readonly MetricDefinition[]): boolean {
  const bindings = [...new Set(definitions.map((d) => d.binding).filter((b): b is string => b !== undefined))];
  if (bindings.length === 0) return true;
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_.])(?:${bindings.map((b) => b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\p{L}\\p{N}_])`, 'gu');
  let r = 0;
  for (const match of text.matchAll(pattern)) {
    while (r < parsed.length && parsed[r].endIndex <= match.index) r++;
    if (r >= parsed.length || parsed[r].startIndex > match.index) return false;
  }
  return true;
}
