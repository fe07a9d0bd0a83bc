/*
 * A short string cut from a document's text (a name, a label) is, in V8, a view of that whole
 * text: kept for long, it keeps every byte of that version of the text alive. After a keystroke in
 * a 2.3 MB rule file the old text is garbage unless such a view outlives it; what is kept across
 * versions (the names read that came or went, up to 1,024 of them, each of a different version)
 * keeps a copy of its own instead.
 */

/** The same characters in a string of their own, holding no larger string. */
export function detachedCopy(text: string): string {
  // A slice of a concatenation copies the concatenation's characters into a new string first.
  return ` ${text}`.slice(1);
}
