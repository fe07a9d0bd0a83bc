import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../../../server/src/service/languageService';
import { withLspAnswers } from '../../../support/lspAnswers';
import { regexProgramSizeBound } from '../../../../server/src/service/promql/regexProgramSize';
import { checkRegex, matchesEmpty, regexMatches } from '../../../../server/src/service/promql/regexSyntax';
import { promtoolExpressionErrors } from '../../../support/promtool';

/*
 * Label-matcher regexes are RE2, as Go's regexp reads them: the syntax Prometheus accepts and
 * rejects (promtool 2.42 is the oracle), what they match, and that no pattern makes matching
 * slower than linear, as JavaScript's backtracking engine would.
 */

const VALID = [
  '.*', 'a|b', '(?i)foo', '(?i:foo)bar', '(?P<name>x)', '[[:alpha:]]+', '[[:^digit:]]', '\\d+\\.\\d+', '5..', '\\Qa.b\\E', '^/api/.*$',
  '(?-s).', '\\pL+', '\\p{Greek}', '\\PN', 'a\\z', '\\Aa', 'a{1000}', 'a{2,5}', '(?U)a+', '\\x{10FFFF}', '[^\\x00-\\x{10FFFF}]', '(?m)^a$', '\\b', 'a{,5}',
];
const INVALID: [string, string][] = [
  ['(', 'error parsing regexp: missing closing ): `^(?s:()$`'],
  ['a**', 'error parsing regexp: invalid nested repetition operator: `**`'],
  ['x{2}{3}', 'error parsing regexp: invalid nested repetition operator: `{2}{3}`'],
  ['(?=a)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`'],
  ['(?!a)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?!`'],
  ['(a)\\1', 'error parsing regexp: invalid escape sequence: `\\1`'],
  ['[a-', 'error parsing regexp: invalid character class range: `a-)`'],
  ['[z-a]', 'error parsing regexp: invalid character class range: `z-a`'],
  ['a{1001}', 'error parsing regexp: invalid repeat count: `{1001}`'],
  ['(a{1000}){1000}', 'error parsing regexp: invalid repeat count: `{1000}`'],
  ['a{2,1}', 'error parsing regexp: invalid repeat count: `{2,1}`'],
  ['\\C', 'error parsing regexp: invalid escape sequence: `\\C`'],
  ['\\Z', 'error parsing regexp: invalid escape sequence: `\\Z`'],
  ['[[:foo:]]', 'error parsing regexp: invalid character class range: `[:foo:]`'],
  ['\\pX', 'error parsing regexp: invalid character class range: `\\pX`'],
  ['*', 'error parsing regexp: missing argument to repetition operator: `*`'],
  [')', 'error parsing regexp: unexpected ): `^(?s:))$`'],
];
/** Valid in the Go of Prometheus 3.x, not in the Go 1.19 promtool 2.42 was built with. */
const NEWER_GO = new Set(['(?<name>x)']);

const MATCHES: [string, string, boolean][] = [
  ['a.c', 'a\nc', true], // Prometheus 3.x anchors as ^(?s:…)$: `.` matches a newline
  ['(?-s)a.c', 'a\nc', false],
  ['\\pL+', 'héllo', true],
  ['\\pL+', 'h3llo', false],
  ['api', 'xapi', false], // anchored at both ends
  ['a|ab', 'ab', true], // the whole value, not the leftmost alternative
  ['(?i)API', 'api', true],
  ['a\\z', 'a', true],
  ['[[:digit:]]+', '123', true],
  ['\\Qa.b\\E', 'axb', false],
  ['x*', '', true],
];
const EMPTY: [string, boolean][] = [['.*', true], ['.+', false], ['a|', true], ['(?i)x', false], ['', true], ['a{0}', true], ['(?:)', true], ['\\b', false], ['^$', true]];

const PATHOLOGICAL: [string, string][] = [
  ['(a+)+', `${'a'.repeat(34)}!`],
  ['(a|a)*b', 'a'.repeat(100_000)],
  ['(.*a){20}', `${'a'.repeat(10_000)}b`],
  ['(x+x+)+y', 'x'.repeat(50_000)],
];

/** Well under a second per call: a backtracking engine takes minutes on these. */
function assertQuick(what: string, run: () => void): void {
  const start = performance.now();
  run();
  const elapsed = performance.now() - start;
  assert.ok(elapsed < 1000, `${what} took ${Math.round(elapsed)} ms`);
}

describe('label matcher regular expressions (RE2)', () => {
  for (const pattern of [...VALID, ...NEWER_GO]) it(`accepts ${pattern}`, () => assert.equal(checkRegex(pattern).error, null));
  for (const [pattern, message] of INVALID) it(`rejects ${pattern} in Go's words`, () => assert.equal(checkRegex(pattern).error, message));
  for (const [pattern, value, matches] of MATCHES) {
    it(`${pattern} ${matches ? 'matches' : 'does not match'} ${JSON.stringify(value)}`, () => assert.equal(regexMatches(pattern, value), matches));
  }
  for (const [pattern, empty] of EMPTY) it(`${JSON.stringify(pattern)} ${empty ? 'matches' : 'does not match'} ""`, () => assert.equal(matchesEmpty(pattern), empty));
  it('says nothing of what an invalid pattern matches', () => assert.equal(regexMatches('(', ''), undefined));

  it("agrees with promtool on which patterns Prometheus rejects", function () {
    this.timeout(60_000);
    const patterns = [...VALID, ...INVALID.map(([pattern]) => pattern)];
    const verdicts = promtoolExpressionErrors(patterns.map((pattern) => `up{a=~${JSON.stringify(pattern)}}`));
    const disagreements = patterns.filter((pattern, i) => (verdicts[i] === null) !== (checkRegex(pattern).error === null));
    assert.deepEqual(disagreements, []);
    // Where both reject, promtool words it as we do, with 2.x's anchoring ^(?:…)$ for 3.x's ^(?s:…)$.
    patterns.forEach((pattern, i) => {
      const ours = checkRegex(pattern).error;
      if (ours !== null) assert.ok(verdicts[i]!.endsWith(ours.replace('^(?s:', '^(?:')), `${pattern}: promtool says ${verdicts[i]}`);
    });
    const [newer] = promtoolExpressionErrors([...NEWER_GO].map((pattern) => `up{a=~${JSON.stringify(pattern)}}`));
    assert.match(newer ?? '', /invalid or unsupported Perl syntax/, 'promtool 2.42 (Go 1.19) rejects (?<name>…); Go 1.22 and Prometheus 3.x accept it');
  });

  describe('match in linear time', () => {
    for (const [pattern, value] of PATHOLOGICAL) {
      it(`${pattern} against ${value.length} characters`, () => assertQuick(pattern, () => assert.equal(regexMatches(pattern, value), false)));
    }
    it('rejects a pattern whose compiled form would be huge, quickly', () => {
      assertQuick('nested repetition', () => assert.match(checkRegex('((a{100}){100}){100}').error ?? '', /invalid repeat count/));
      assertQuick('deep nesting', () => assert.match(checkRegex(`${'('.repeat(1100)}a${')'.repeat(1100)}`).error ?? '', /nests too deeply/));
    });

    it('leave unjudged what would cost too much to compile or to match, and still judge its syntax', () => {
      // A million instructions: 10 s to compile; its syntax is read in a fraction of that.
      const huge = 'a{1000}'.repeat(1000);
      assertQuick('a huge program', () => assert.equal(checkRegex(huge).error, null));
      assertQuick('a huge program', () => assert.equal(regexMatches(huge, 'a'), undefined));
      assertQuick('a huge invalid program', () => assert.equal(checkRegex('a{1000}'.repeat(1500)).error, 'error parsing regexp: expression too large'));
      // 4,000 instructions against 8,000 characters: seconds, even in linear time.
      assertQuick('a large program against a long value', () => assert.equal(regexMatches('(.*a){1000}', 'a/'.repeat(4000)), undefined));
      assert.equal(regexMatches('(.*a){100}', 'a'.repeat(200)), true);
    });

    it('keep promql/contradictory-matchers quick and exact', () => {
      const service = withLspAnswers(getLanguageService());
      const lint = (query: string) => {
        const document = TextDocument.create('file:///q.promql', 'promql', 1, query);
        return service.validate(document, service.parseDocument(document)!).filter((d) => d.code === 'promql/contradictory-matchers');
      };
      assertQuick('(a+)+ in a selector', () => assert.equal(lint(`up{job="${'a'.repeat(34)}!", job=~"(a+)+"}`).length, 1));
      assertQuick('(a+)+ in a selector', () => assert.equal(lint(`up{job="${'a'.repeat(34)}", job=~"(a+)+"}`).length, 0));
      // RE2 syntax a JavaScript RegExp cannot read is judged too.
      assert.equal(lint('up{job="web1", job=~"\\\\pL+"}').length, 1);
      assert.equal(lint('up{job="web", job=~"\\\\pL+"}').length, 0);
      assert.equal(lint('up{job="a\\nb", job=~"a.b"}').length, 0);
    });
  });
});

describe('the size bound of an RE2 program', () => {
  const BOUNDS: [string, number, number][] = [
    ['', 0, 0],
    ['abc', 3, 3],
    ['a|b', 3, 3],
    ['a{1000}', 1000, 3000],
    ['(a{10}){10}', 100, 400],
    ['(.*a){1000}', 3000, 8000],
    ['\\Qa{1000}\\E', 7, 7],
    ['[a-z{}]{3}', 3, 10],
    ['\\p{Greek}+', 1, 3],
    ['a{,5}', 5, 5], // not a repeat in RE2: five literal characters
  ];
  for (const [pattern, low, high] of BOUNDS) {
    it(`${pattern}: between ${low} and ${high}`, () => {
      const size = regexProgramSizeBound(pattern);
      assert.ok(size >= low && size <= high, String(size));
    });
  }
});
