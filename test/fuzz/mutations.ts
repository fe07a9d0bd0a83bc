import fc from 'fast-check';

/*
 * Input mutators for fuzzing, built on fast-check's arbitraries: a seed from the corpus, changed by
 * a few of the edits that break parsers (token swaps, deletions, duplications and insertions,
 * unbalanced brackets and quotes, deep nesting, huge numbers and durations, lone surrogates and
 * control characters).
 */

/** How many inputs each property tries: short in `npm test` (CI), long in `npm run fuzz`. */
export const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 1500);
export const FUZZ_SEED = process.env['FUZZ_SEED'] === undefined ? undefined : Number(process.env['FUZZ_SEED']);

const SPLITTER = /(\s+|[A-Za-z_:][A-Za-z0-9_:]*|\d+(?:\.\d+)?(?:[smhdwy]|ms)?|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|.)/gs;

function tokens(text: string): string[] {
  return text.match(SPLITTER) ?? [];
}

const FRAGMENTS = [
  '(', ')', '{', '}', '[', ']', '"', "'", '`', ',', '=~', '!~', '==', 'by', 'without', 'on', 'ignoring', 'group_left', 'offset', '@', 'start()',
  'bool', 'and', 'or', 'unless', 'sum', 'rate', 'histogram_quantile', '5m', '1e309', '0x', '-Inf', 'NaN', '9999999999999999999999y', ':', '[5m:1m]',
  '\\', '\n', '\t', '\u0000', '\ud800', '\udfff', 'é', '😀', '#', '  ', 'step()', 'anchored', 'smoothed', 'fill(0)', '</', '>/', '$__range',
];

type Edit = (parts: string[]) => string[];

function edit(kind: number, at: number, other: number, fragment: string, count: number): Edit {
  return (parts) => {
    if (parts.length === 0) return [fragment];
    const i = at % parts.length;
    const j = other % parts.length;
    const copy = [...parts];
    switch (kind) {
      case 0: // swap two tokens
        [copy[i], copy[j]] = [copy[j], copy[i]];
        return copy;
      case 1: // delete a run of tokens
        copy.splice(i, 1 + (count % 4));
        return copy;
      case 2: // duplicate a run
        copy.splice(i, 0, ...copy.slice(i, i + 1 + (count % 4)));
        return copy;
      case 3: // insert a fragment
        copy.splice(i, 0, fragment);
        return copy;
      case 4: // replace a token
        copy[i] = fragment;
        return copy;
      case 5: // deep nesting around a token
        copy[i] = '('.repeat(count * 40) + copy[i] + ')'.repeat((count * 40) - (count % 3));
        return copy;
      case 6: { // a byte-level change: a character replaced by one at an arbitrary code unit
        const text = copy.join('');
        const k = (at * 7919) % Math.max(1, text.length);
        return [text.slice(0, k), String.fromCharCode((other * 131) % 0xffff), text.slice(k + 1)];
      }
      default: // truncate
        return copy.slice(0, i);
    }
  };
}

const editArb: fc.Arbitrary<Edit> = fc.tuple(fc.nat(7), fc.nat(), fc.nat(), fc.constantFrom(...FRAGMENTS), fc.nat(50))
  .map(([kind, at, other, fragment, count]) => edit(kind, at, other, fragment, count));

/** A seed from `seeds`, with one to four edits applied. */
export function mutated(seeds: readonly string[]): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...seeds), fc.array(editArb, { minLength: 1, maxLength: 4 }))
    .map(([seed, edits]) => edits.reduce((parts, e) => e(parts), tokens(seed)).join(''));
}

/** A mix: mutated seeds, the seeds themselves, and random strings. */
export function fuzzInputs(seeds: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: mutated(seeds) },
    { weight: 1, arbitrary: fc.constantFrom(...seeds) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  );
}

/** Counts inputs across a whole run, for the report. */
export const counters = { inputs: 0 };
