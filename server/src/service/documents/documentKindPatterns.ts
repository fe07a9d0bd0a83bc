import type { YamlDocumentKind } from './documentKind';

/*
 * The setting that forces what a file is (`prometheus.documentTypes`): glob patterns matched against
 * the file's path, each naming a kind, or `none` to leave matching files alone. It wins over what
 * the content says.
 */

export type ForcedKind = YamlDocumentKind | 'none';

const KINDS = new Set<ForcedKind>(['config', 'rules', 'ruleTests', 'scrapeConfigs', 'none']);

export class DocumentKindPatterns {
  private readonly patterns: { regex: RegExp; kind: ForcedKind }[];

  constructor(setting: Record<string, string> = {}) {
    this.patterns = Object.entries(setting)
      .filter(([, kind]) => KINDS.has(kind as ForcedKind))
      .map(([glob, kind]) => ({ regex: globToRegExp(glob), kind: kind as ForcedKind }));
  }

  /** The kind forced on a file, or undefined when no pattern matches. */
  kindOf(uri: string): ForcedKind | undefined {
    const path = decodeURIComponent(uri.replace(/^[a-z]+:\/\//, ''));
    return this.patterns.find((p) => p.regex.test(path))?.kind;
  }
}

/**
 * A glob as VS Code writes them (`**` any folders, `*` and `?` within a name, `{a,b}` alternatives),
 * matched against the end of a path; hand-written to keep the service free of dependencies for a
 * dozen lines.
 */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*' && glob[i + 1] === '*') {
      source += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) source += '\\{';
      else {
        source += `(?:${glob.slice(i + 1, end).split(',').map((alt) => alt.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')).join('|')})`;
        i = end;
      }
    } else source += ch.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`(?:^|/)${source}$`);
}
