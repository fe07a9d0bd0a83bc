/*
 * Globs as VS Code settings write them (`prometheus.documentTypes`): `**` any folders, `*` and `?`
 * within a name, `[…]` classes (`!` or `^` negates), `{a,b}` alternatives, matched against the end
 * of a path. They are translated to RE2 and matched by re2js, in time linear in the path. picomatch,
 * the usual library, compiles to a backtracking RegExp: `*a*a*a*a*a*a*a*b` took 89 s against 80
 * characters here, and a workspace's settings could hang the server at start.
 */

import { RE2JS, RE2JSException } from 're2js';

export type EditorGlob = { readonly matches: (path: string) => boolean } | { readonly error: string };

export function compileEditorGlob(glob: string): EditorGlob {
  let source: string;
  try {
    source = translate(glob, 0, glob.length, 0);
  } catch (error) {
    if (error instanceof GlobSyntaxError) return { error: error.message };
    throw error;
  }
  try {
    const compiled = RE2JS.compile(`^(?s:(?:.*/)?(?:${source}))$`);
    return { matches: (path) => compiled.matches(path) };
  } catch (error) {
    if (error instanceof RE2JSException) return { error: error.message.replace(/^error parsing regexp: /, '') };
    throw error;
  }
}

class GlobSyntaxError extends Error {}

const REGEX_META = /[\\.+*?()|[\]{}^$]/;

/** How deep `{…}` may nest (VS Code's own globs do not nest them at all). */
const MAX_BRACE_DEPTH = 8;

/** glob[from, to) as RE2. */
function translate(glob: string, from: number, to: number, depth: number): string {
  let source = '';
  for (let i = from; i < to; i++) {
    const ch = glob[i];
    if (ch === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/' && i + 2 < to;
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0 || end >= to) throw new GlobSyntaxError(`unclosed [ at ${i + 1}`);
      source += characterClass(glob.slice(i + 1, end));
      i = end;
    } else if (ch === '{') {
      if (depth === MAX_BRACE_DEPTH) throw new GlobSyntaxError(`{…} nest more than ${MAX_BRACE_DEPTH} deep`);
      const end = closingBrace(glob, i, to);
      source += `(?:${alternatives(glob, i + 1, end).map(([start, stop]) => translate(glob, start, stop, depth + 1)).join('|')})`;
      i = end;
    } else source += REGEX_META.test(ch) ? `\\${ch}` : ch;
  }
  return source;
}

/** The body of `[…]`, every character spelled as a code point so that none is a class operator. */
function characterClass(body: string): string {
  const negated = body[0] === '!' || body[0] === '^';
  const chars = Array.from(negated ? body.slice(1) : body);
  let out = negated ? '[^/' : '[';
  for (let k = 0; k < chars.length; k++) {
    const lo = chars[k];
    if (chars[k + 1] === '-' && k + 2 < chars.length) {
      const hi = chars[k + 2];
      if (lo.codePointAt(0)! > hi.codePointAt(0)!) throw new GlobSyntaxError(`the range ${lo}-${hi} in [${body}] is reversed`);
      out += `${codePoint(lo)}-${codePoint(hi)}`;
      k += 2;
    } else out += codePoint(lo);
  }
  return `${out}]`;
}

function codePoint(ch: string): string {
  return `\\x{${ch.codePointAt(0)!.toString(16)}}`;
}

/** The index of the `}` that closes the `{` at `open`. */
function closingBrace(glob: string, open: number, to: number): number {
  let depth = 0;
  for (let i = open; i < to; i++) {
    if (glob[i] === '{') depth++;
    else if (glob[i] === '}' && --depth === 0) return i;
  }
  throw new GlobSyntaxError(`unclosed { at ${open + 1}`);
}

/** The top-level alternatives of glob[from, to), as ranges. */
function alternatives(glob: string, from: number, to: number): [number, number][] {
  const ranges: [number, number][] = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < to; i++) {
    if (glob[i] === '{') depth++;
    else if (glob[i] === '}') depth--;
    else if (glob[i] === ',' && depth === 0) {
      ranges.push([start, i]);
      start = i + 1;
    }
  }
  ranges.push([start, to]);
  return ranges;
}
