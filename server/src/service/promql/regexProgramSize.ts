/*
 * How large a program RE2 would compile a pattern to, bounded from above without compiling it. RE2
 * matches in time linear in the input, but both compiling and matching cost in proportion to the
 * program, and repeat counts multiply it: `a{1000}` written a thousand times is a 7 KB pattern of a
 * million instructions, 10 s for re2js to compile. regexSyntax.ts reads this bound first and leaves
 * alone what would cost too much.
 *
 * The reading is coarse on purpose: atoms (a character, an escape, a class) count 1, a group its
 * contents and 2, `*` `+` `?` and `|` 1, and `{n,m}` multiplies what it repeats by its largest
 * count. A malformed pattern gets some bound too; compiling it tells what is wrong.
 */

export function regexProgramSizeBound(pattern: string): number {
  /** Per open group: its size so far, and the size of its last atom (what a quantifier repeats). */
  const stack: { total: number; last: number }[] = [{ total: 0, last: 0 }];
  let top = stack[0];
  const atom = (size: number): void => {
    top.total += size;
    top.last = size;
  };
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (next === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const stop = end < 0 ? pattern.length : end;
        top.total += stop - (i + 2);
        top.last = 1;
        i = end < 0 ? pattern.length : end + 1;
        continue;
      }
      if ((next === 'p' || next === 'P' || next === 'x') && pattern[i + 2] === '{') {
        const end = pattern.indexOf('}', i + 3);
        i = end < 0 ? pattern.length : end;
      } else i++;
      atom(1);
    } else if (ch === '[') {
      i = classEnd(pattern, i);
      atom(1);
    } else if (ch === '(') {
      top = { total: 0, last: 0 };
      stack.push(top);
    } else if (ch === ')') {
      if (stack.length === 1) continue;
      const group = stack.pop()!;
      top = stack[stack.length - 1];
      atom(group.total + 2);
    } else if (ch === '|') {
      top.total += 1;
      top.last = 0;
    } else if (ch === '*' || ch === '+' || ch === '?') {
      top.total += 1;
    } else if (ch === '{') {
      const repeat = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i, i + 24));
      if (!repeat) {
        atom(1);
        continue;
      }
      const min = Number(repeat[1]);
      const max = repeat[2] === undefined ? min : repeat[3] === '' ? min + 1 : Number(repeat[3]);
      const count = Math.max(min, max, 1);
      top.total += top.last * (count - 1) + count;
      top.last *= count;
      i += repeat[0].length - 1;
    } else atom(1);
  }
  while (stack.length > 1) {
    const group = stack.pop()!;
    stack[stack.length - 1].total += group.total + 2;
  }
  return stack[0].total;
}

/** The index of the `]` that closes the class opening at `open` (or the end of the pattern). */
function classEnd(pattern: string, open: number): number {
  let i = open + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++; // a leading `]` is a member
  for (; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === '[' && pattern[i + 1] === ':') {
      const end = pattern.indexOf(':]', i + 2);
      if (end >= 0) i = end + 1;
    } else if (pattern[i] === ']') return i;
  }
  return pattern.length;
}
