/*
 * A module-level value made when it is first asked for instead of when the bundle loads. Every
 * start of `prometheus-lsp check` runs the top-level code of every module, and some values cost
 * there what most commands never use: V8 parses a pattern with Unicode property classes
 * (`\p{L}`) when it creates it, about 0.2 ms each, and only Python and JavaScript code is read with
 * those; the analysis of an empty query is for the editor's features. The value is made once and
 * kept, so a global pattern stays one object as before.
 */

/** A function returning `build()`'s value, built on the first call and the same one after. */
export function builtOnFirstUse<T>(build: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}
