/*
 * Label-matcher regular expressions are RE2 (Go's regexp), anchored at both ends. JavaScript has no
 * RE2 engine in its standard library, and the npm RE2 bindings are native addons (no use in VS Code's
 * extension host), so we translate the RE2 constructs that JavaScript spells differently and let the
 * JavaScript engine judge the rest, after rejecting what RE2 forbids but JavaScript allows.
 */

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7F', blank: '\\t ', cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9', graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z', word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};

export interface RegexCheck {
  /** Null when the pattern is valid RE2 (as far as can be told). */
  readonly error: string | null;
  /** The compiled, fully anchored pattern, when JavaScript can represent it. */
  readonly compiled: RegExp | null;
}

const cache = new Map<string, RegexCheck>();

export function checkRegex(pattern: string): RegexCheck {
  let result = cache.get(pattern);
  if (!result) {
    result = compile(pattern);
    if (cache.size > 1000) cache.clear();
    cache.set(pattern, result);
  }
  return result;
}

/** Whether the anchored regex matches the empty string; undefined when it cannot be told. */
export function matchesEmpty(pattern: string): boolean | undefined {
  const { compiled } = checkRegex(pattern);
  return compiled ? compiled.test('') : undefined;
}

function compile(pattern: string): RegexCheck {
  const forbidden = re2Rejects(pattern);
  if (forbidden) return { error: `error parsing regexp: ${forbidden}`, compiled: null };
  let flags = '';
  let source = pattern
    .replace(/\(\?P</g, '(?<')
    .replace(/\\Q(.*?)(?:\\E|$)/g, (_, literal: string) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$')
    .replace(/\[:(\^?)([a-z]+):\]/g, (whole, negate: string, name: string) => (POSIX_CLASSES[name] && !negate ? POSIX_CLASSES[name] : whole));
  source = source.replace(/\(\?([imsU]+)\)/g, (_, f: string) => {
    flags += f;
    return '';
  });
  source = source.replace(/\(\?([imsU]+):/g, (_, f: string) => {
    flags += f;
    return '(?:';
  });
  const jsFlags = [...new Set(flags.replace(/U/g, ''))].join('');
  try {
    return { error: null, compiled: new RegExp(`^(?:${source})$`, jsFlags) };
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^Invalid regular expression: \/[\s\S]*\/[a-z]*: /, '') : String(error);
    // Constructs both engines accept but spell differently would land here too; only report what is clearly broken.
    return { error: /Unterminated|Unmatched|Nothing to repeat|Lone quantifier|Incomplete quantifier|Invalid group|Range out of order/.test(message) ? `error parsing regexp: ${message}` : null, compiled: null };
  }
}

/** What RE2 rejects although JavaScript would accept it. */
function re2Rejects(pattern: string): string | null {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (!inClass && next !== undefined && next >= '1' && next <= '9') return `invalid escape sequence: \`\\${next}\` (backreferences are not supported)`;
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      if (pattern[i + 1] === '^') i++;
      if (pattern[i + 1] === ']') i++;
      continue;
    }
    if (ch === '(' && pattern[i + 1] === '?') {
      const rest = pattern.slice(i + 2, i + 4);
      if (rest.startsWith('=') || rest.startsWith('!') || rest === '<=' || rest === '<!') return 'invalid or unsupported Perl syntax: `(?' + rest[0] + '`';
    }
    if ((ch === '*' || ch === '+' || ch === '?') && (pattern[i + 1] === '*' || pattern[i + 1] === '+')) {
      return `invalid nested repetition operator: \`${ch}${pattern[i + 1]}\``;
    }
  }
  return null;
}
