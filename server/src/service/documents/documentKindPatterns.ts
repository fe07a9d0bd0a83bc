import { compileEditorGlob } from './editorGlob';
import type { YamlDocumentKind } from './documentKind';

/*
 * The setting that forces what a file is (`prometheus.documentTypes`): glob patterns matched against
 * the file's path (editorGlob.ts), each naming a kind, or `none` to leave matching files alone. It
 * wins over what the content says. An entry that is no valid glob or names no kind is ignored, and
 * said once in `problems`.
 */

export type ForcedKind = YamlDocumentKind | 'none';

const KINDS = new Set<ForcedKind>(['config', 'rules', 'ruleTests', 'scrapeConfigs', 'none']);

export class DocumentKindPatterns {
  private readonly patterns: { matches: (path: string) => boolean; kind: ForcedKind }[] = [];
  /** What is wrong with the setting, one line per ignored entry, for the user's log. */
  readonly problems: string[] = [];

  constructor(setting: Record<string, string> = {}) {
    for (const [glob, kind] of Object.entries(setting)) {
      if (!KINDS.has(kind as ForcedKind)) {
        this.problems.push(`prometheus.documentTypes: ${quoted(glob)} maps to ${quoted(kind)}, not config, rules, ruleTests, scrapeConfigs or none; ignored`);
        continue;
      }
      const compiled = compileEditorGlob(glob);
      if ('error' in compiled) this.problems.push(`prometheus.documentTypes: ${quoted(glob)} is not a valid glob (${compiled.error}); ignored`);
      else this.patterns.push({ matches: compiled.matches, kind: kind as ForcedKind });
    }
  }

  /** The kind forced on a file, or undefined when no pattern matches. */
  kindOf(uri: string): ForcedKind | undefined {
    if (this.patterns.length === 0) return undefined;
    const path = uri.replace(/^[a-z]+:\/\//, '');
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      decoded = path; // a malformed escape: match the text as it is
    }
    return this.patterns.find((p) => p.matches(decoded))?.kind;
  }
}

/** A setting's text in a log line: quoted, control characters escaped, and cut short. */
function quoted(text: string): string {
  return JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);
}
