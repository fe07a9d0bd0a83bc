import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { goGlobSyntaxError, matchGoGlob } from '../../server/src/service/config/goGlob';
import { compileEditorGlob } from '../../server/src/service/documents/editorGlob';
import { getLanguageService } from '../../server/src/service/languageService';
import { withLspAnswers } from '../support/lspAnswers';
import { checkRegex, regexMatches } from '../../server/src/service/promql/regexSyntax';
import { CORPUS } from '../support/paths';
import { FUZZ_RUNS, FUZZ_SEED, mutated } from './mutations';

/*
 * Fuzzing what matches a user's pattern against a string: label-matcher regexes (RE2, directly and
 * through promql/contradictory-matchers), Prometheus' file globs (Go's filepath.Match) and the
 * documentTypes globs, with pathological inputs (nested and repeated quantifiers, runs of stars,
 * long runs of one character with a tail that fails the match). Properties: nothing throws, each
 * input takes bounded time (a backtracking engine takes minutes on many of them), and Go's
 * filepath.Match agrees with a reference matcher written as dynamic programming.
 */

/** Per input, generous on purpose: a hang guard, not a benchmark (2 s, and 1 ms per 100 characters). */
const boundMs = (length: number): number => 2000 + length / 100;
const params = (runs: number) => ({ numRuns: runs, seed: FUZZ_SEED, endOnFailure: true });

function timed<T>(what: string, length: number, run: () => T): T {
  const started = performance.now();
  const result = run();
  const took = performance.now() - started;
  assert.ok(took < boundMs(length), `${took.toFixed(0)} ms for ${what}`);
  return result;
}

/** A run of one unit and a tail: what makes backtracking engines try every way to split the run. */
const subject = (units: readonly string[], tails: readonly string[], max: number): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom(...units), fc.nat(max), fc.constantFrom(...tails)).map(([unit, count, tail]) => unit.repeat(count) + tail);

const REGEX_FRAGMENTS = [
  '(', ')', '(?:', 'a', 'b', 'a+', 'a*', '+', '*', '?', '|', '.', '.*', '.+', '(a+)+', '(a|a)*', '(a|aa)+', '(.*a)', '{2}', '{1000}', '{2,}',
  '{0,3}', '[', ']', '[ab]', '[^a]', '[a-z]', '[z-a]', '\\', '\\pL', '\\d', '\\b', '(?i)', '(?-s)', '(?s)', '\\z', '\\A', '$', '^', 'é', '\n',
  '\ud800', '(?P<n>', '(?=', '\\1', '\\Q', '\\E', '[[:alpha:]]',
];
const corpusRegexes = [...new Set(readFileSync(join(CORPUS, 'promql', 'valid.txt'), 'utf8').match(/(?<==~|!~)"(?:[^"\\]|\\.)*"/g) ?? [])]
  .map((quoted) => JSON.parse(quoted) as string);
const regexArb = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.constantFrom(...REGEX_FRAGMENTS), { maxLength: 24 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: mutated(corpusRegexes) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
);
const regexSubject = subject(['a', 'ab', 'é', '\n', 'x', 'a/'], ['', '!', 'b', '\n'], 5000);

/**
 * Go's filepath.Match written the slow, obvious way, for valid patterns: parse to items, then
 * dynamic programming over both strings (what the pattern means, where Go's greedy placement of
 * chunks cannot differ from it).
 */
function referenceGoMatch(pattern: string, name: string): boolean {
  type Item = { star: true } | { any: true } | { set: [number, number][]; negated: boolean } | { literal: string };
  const p = Array.from(pattern);
  const items: Item[] = [];
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '*') items.push({ star: true });
    else if (p[i] === '?') items.push({ any: true });
    else if (p[i] === '[') {
      let j = i + 1;
      const negated = p[j] === '^';
      if (negated) j++;
      const set: [number, number][] = [];
      const char = (): number => (p[j] === '\\' ? p[++j] : p[j]).codePointAt(0)!;
      while (p[j] !== ']' || set.length === 0) {
        const lo = char();
        j++;
        let hi = lo;
        if (p[j] === '-') {
          j++;
          hi = char();
          j++;
        }
        set.push([lo, hi]);
      }
      items.push({ set, negated });
      i = j;
    } else items.push({ literal: p[i] === '\\' ? p[++i] : p[i] });
  }
  const n = Array.from(name);
  // can[i][j]: items from i on match the name from j on.
  const can: boolean[][] = Array.from({ length: items.length + 1 }, () => new Array<boolean>(n.length + 1).fill(false));
  can[items.length][n.length] = true;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    for (let j = n.length; j >= 0; j--) {
      if ('star' in item) can[i][j] = can[i + 1][j] || (j < n.length && n[j] !== '/' && can[i][j + 1]);
      else if (j === n.length) can[i][j] = false;
      else if ('any' in item) can[i][j] = n[j] !== '/' && can[i + 1][j + 1];
      else if ('literal' in item) can[i][j] = n[j] === item.literal && can[i + 1][j + 1];
      else {
        const code = n[j].codePointAt(0)!;
        can[i][j] = item.set.some(([lo, hi]) => lo <= code && code <= hi) !== item.negated && can[i + 1][j + 1];
      }
    }
  }
  return can[0][0];
}

const GLOB_FRAGMENTS = ['*', '*', '?', '[', ']', '^', '-', '\\', 'a', 'a', 'b', '/', '!', 'é', '[ab]', '[^a]', '[a-c]', '*a', '.yml', '\\*', '[\\]]'];
const goGlobArb = fc.oneof(
  fc.array(fc.constantFrom(...GLOB_FRAGMENTS), { maxLength: 30 }).map((parts) => parts.join('')),
  fc.nat(40).map((count) => `${'*a'.repeat(count)}*b`),
);
const nameArb = fc.oneof(
  subject(['a', 'ab', 'a/', 'é', '-', ']'], ['', 'b', '!', '/b', '.yml'], 2000),
  fc.array(fc.constantFrom('a', 'b', '/', '-', ']', '!', 'é', '*'), { maxLength: 12 }).map((parts) => parts.join('')),
);

const EDITOR_GLOB_FRAGMENTS = ['**', '**/', '*', '?', '{', '}', ',', '[', ']', '!', '^', '-', 'a', 'b', '/', '.', '.yml', 'é', '(', '+', '\\', '$', '{a,b}', '[a-c]', '*a'];
const editorGlobArb = fc.oneof(
  fc.array(fc.constantFrom(...EDITOR_GLOB_FRAGMENTS), { maxLength: 30 }).map((parts) => parts.join('')),
  fc.nat(60).map((count) => `**/${'*a'.repeat(count)}*b`),
);
const pathArb = subject(['a', 'a/', 'ab/', 'é'], ['', 'b', '/x.yml', '.yml'], 20_000).map((rest) => `/repo/${rest}`);

describe('fuzzing the regex and glob matchers with pathological inputs', function () {
  this.timeout(0);

  it(`RE2: never throws, bounded time per input, a valid pattern judges any string (${Math.ceil(FUZZ_RUNS / 5)} inputs)`, () => {
    fc.assert(fc.property(regexArb, regexSubject, (pattern, value) => {
      const { error } = timed(`compiling ${JSON.stringify(pattern)}`, pattern.length, () => checkRegex(pattern));
      const matched = timed(`${JSON.stringify(pattern)} against ${value.length} characters`, value.length, () => regexMatches(pattern, value));
      // An invalid pattern matches nothing; a valid one is judged, unless its program or the match costs too much.
      if (error !== null) assert.equal(matched, undefined, JSON.stringify(pattern));
      // Any string matches an alternation of itself, quoted, and the pattern (when that is valid: Prometheus
      // anchors by concatenation, so a pattern's `)` or `\\Q` can reach past its group, in Go as here).
      const either = regexMatches(`\\Q${value.replace(/\\E/g, '\\E\\\\E\\Q')}\\E|(?:${pattern})`, value);
      if (either !== undefined) assert.equal(either, true, JSON.stringify(pattern));
    }), params(Math.ceil(FUZZ_RUNS / 5)));
  });

  it(`promql/contradictory-matchers: bounded time on any regex and value (${Math.ceil(FUZZ_RUNS / 5)} inputs)`, () => {
    const service = withLspAnswers(getLanguageService());
    fc.assert(fc.property(regexArb, regexSubject, (pattern, value) => {
      const text = `up{job=${JSON.stringify(value)}, job=~${JSON.stringify(pattern)}}`;
      const document = TextDocument.create('file:///fuzz.promql', 'promql', 1, text);
      timed(`linting ${JSON.stringify(text.slice(0, 200))}`, text.length, () => service.validate(document, service.parseDocument(document)!));
    }), params(Math.ceil(FUZZ_RUNS / 5)));
  });

  it(`Go's filepath.Match: never throws, bounded time, agrees with the reference on valid patterns (${FUZZ_RUNS} inputs)`, () => {
    fc.assert(fc.property(goGlobArb, nameArb, (pattern, name) => {
      const matched = timed(`${JSON.stringify(pattern)} against ${name.length} characters`, name.length, () => matchGoGlob(pattern, name));
      if (goGlobSyntaxError(pattern) !== null) return;
      assert.notEqual(matched, null, `${JSON.stringify(pattern)} is valid, yet matching ${JSON.stringify(name)} says it is not`);
      // Go places each chunk after a star at its leftmost match; where a chunk can match a `/` (a class
      // can, and a literal), a later placement could succeed where Go says no: compare elsewhere only.
      const comparable = !name.includes('/') || !/[[/]/.test(pattern);
      if (comparable && name.length <= 300) assert.equal(matched, referenceGoMatch(pattern, name), `${JSON.stringify(pattern)} against ${JSON.stringify(name)}`);
    }), params(FUZZ_RUNS));
  });

  it(`documentTypes globs: never throw, bounded time to compile and to match a long path (${FUZZ_RUNS} inputs)`, () => {
    fc.assert(fc.property(editorGlobArb, pathArb, (glob, path) => {
      const compiled = timed(`compiling ${JSON.stringify(glob)}`, glob.length, () => compileEditorGlob(glob));
      if ('error' in compiled) return;
      const matched = timed(`${JSON.stringify(glob)} against ${path.length} characters`, path.length, () => compiled.matches(path));
      assert.equal(typeof matched, 'boolean');
    }), params(FUZZ_RUNS));
  });
});
