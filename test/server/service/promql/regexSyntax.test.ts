import * as assert from 'node:assert/strict';
import { checkRegex, matchesEmpty } from '../../../../server/src/service/promql/regexSyntax';

const VALID = ['.*', 'a|b', '(?i)foo', '(?i:foo)bar', '(?P<name>x)', '[[:alpha:]]+', '\\d+\\.\\d+', '5..', '\\Qa.b\\E', '^/api/.*$'];
const INVALID: [string, RegExp][] = [
  ['(', /error parsing regexp/],
  ['a**', /invalid nested repetition operator/],
  ['(?=a)', /unsupported Perl syntax/],
  ['(a)\\1', /backreferences/],
  ['[a-', /error parsing regexp/],
];
const EMPTY: [string, boolean][] = [['.*', true], ['.+', false], ['a|', true], ['(?i)x', false], ['', true]];

describe('label matcher regular expressions (RE2)', () => {
  for (const pattern of VALID) it(`accepts ${pattern}`, () => assert.equal(checkRegex(pattern).error, null));
  for (const [pattern, message] of INVALID) it(`rejects ${pattern}`, () => assert.match(checkRegex(pattern).error ?? '', message));
  for (const [pattern, empty] of EMPTY) it(`${JSON.stringify(pattern)} ${empty ? 'matches' : 'does not match'} ""`, () => assert.equal(matchesEmpty(pattern), empty));
});
