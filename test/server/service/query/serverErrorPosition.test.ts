import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serverErrorRange } from '../../../../server/src/service/query/serverErrorPosition';
import { FIXTURES } from '../../../support/paths';

/*
 * Server errors placed on the query. The messages are what Prometheus 2.42 and VictoriaMetrics 1.79
 * answered on this machine (test/fixtures/query/*-parse-error.json and the cases below, recorded
 * from the real servers); the expected text is the token the error is about.
 */

const CASES: { name: string; query: string; message: string; token: string | null; at?: number }[] = [
  { name: 'Prometheus, unclosed parenthesis at the end', query: 'sum(rate(node_cpu_seconds_total[1m])) by (mode', message: 'invalid parameter "query": 1:47: parse error: unclosed left parenthesis', token: '', at: 46 },
  { name: 'Prometheus, an unexpected identifier', query: 'foo{a="b"} bar', message: 'invalid parameter "query": 1:12: parse error: unexpected identifier "bar"', token: 'bar' },
  { name: 'Prometheus, a type error on an argument', query: 'rate(up)', message: 'invalid parameter "query": 1:6: parse error: expected type range vector in call to function "rate", got instant vector', token: 'up' },
  { name: 'Prometheus, line 2 of a multi-line query', query: 'up\n  + on(job) bogus(up)', message: 'invalid parameter "query": 2:13: parse error: unknown function with name "bogus"', token: 'bogus' },
  { name: 'Prometheus, columns counted in UTF-8 bytes', query: 'sum({a="é"}) by ((x)', message: 'invalid parameter "query": 1:19: parse error: unexpected "(" in grouping opts, expected label', token: '(', at: 17 },
  { name: 'Prometheus, the end of input', query: 'sum(up) by (job) +', message: 'invalid parameter "query": 1:19: parse error: unexpected end of input', token: '', at: 18 },
  { name: 'VictoriaMetrics, unparsed data', query: 'sum({a="é"}) by ((x)', message: 'error when executing query="sum({a=\\"é\\"}) by ((x)" for (time=1795374494270, step=300000): identList: unexpected token "("; want "ident"; unparsed data: "(x)"', token: '(', at: 17 },
  { name: 'VictoriaMetrics, unparsed data left', query: 'foo{a="b"} bar', message: 'error when executing query="foo{a=\\"b\\"} bar" for (time=1795373910219, step=300000): unparsed data left: "bar"', token: 'bar' },
  { name: 'VictoriaMetrics, the end of input', query: 'sum(up) by (job) +', message: 'error when executing query="sum(up) by (job) +" for (time=1795373910217, step=300000): singleExpr: unexpected token ""; want "(", "{", "-", "+"; unparsed data: ""', token: '', at: 18 },
  { name: 'VictoriaMetrics, an unknown function', query: 'up\n  + on(job) bogus(up)', message: 'error when executing query="up\\n  + on(job) bogus(up)" for (time=1795373910223, step=300000): cannot execute "up + on (job) bogus(up)": unknown func "bogus"', token: 'bogus' },
  { name: 'Prometheus 1.x style, at char', query: 'sum(up) by job', message: 'parse error at char 12: unexpected identifier "job" in grouping opts, expected "("', token: 'job' },
  { name: 'line and char', query: 'up\n+ foo bar', message: 'parse error at line 2, char 7: unexpected identifier "bar"', token: 'bar' },
  { name: 'a warning with a position (Prometheus 2.45+ annotations)', query: 'rate(foo[5m])', message: '1:6: parse error: x', token: 'foo' },
  { name: 'an error without a position', query: 'up', message: 'query timed out in expression evaluation', token: null },
];

describe('server error positions', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const range = serverErrorRange(c.message, c.query);
      if (c.token === null) return assert.equal(range, null);
      assert.ok(range, 'a range');
      assert.equal(c.query.slice(range.start, range.end), c.token);
      if (c.at !== undefined) assert.equal(range.start, c.at);
    });
  }

  it('reads the recorded answers of both servers to the same broken query alike', () => {
    const query = 'sum({a="é"}) by ((x)';
    for (const file of ['prometheus-parse-error.json', 'victoriametrics-parse-error.json']) {
      const answer = JSON.parse(readFileSync(join(FIXTURES, 'query', file), 'utf8')) as { error: string };
      assert.deepEqual(serverErrorRange(answer.error, query), { start: 17, end: 18 }, file);
    }
  });
});
