/**
 * Caret markers in test text: `«` and `»` around an expected range, `|` for a cursor.
 * `withRanges('sum«(»')` gives the text `sum(` and the range 3–4.
 */
export function withRanges(marked: string): { text: string; ranges: { start: number; end: number }[] } {
  let text = '';
  const ranges: { start: number; end: number }[] = [];
  const open: number[] = [];
  for (const ch of marked) {
    if (ch === '«') open.push(text.length);
    else if (ch === '»') ranges.push({ start: open.pop()!, end: text.length });
    else text += ch;
  }
  return { text, ranges: ranges.sort((a, b) => a.start - b.start) };
}
