import * as assert from 'node:assert/strict';
import { Redactor } from '../../client/src/redactingChannel';

/*
 * The client's redaction of its output channels and protocol trace (the module needs no running
 * VS Code): what it learns from the settings, and what it masks whoever configured it.
 */

describe('client trace redaction', () => {
  const redactor = new Redactor();
  redactor.learnEndpoint({ url: 'https://alice:url-pass-1@prom.example/api?api_key=query-key-2&team=a', headers: { 'X-Api-Key': 'header-key-3', Accept: 'application/json', Authorization: 'Token header-token-4' }, bearerToken: 'bearer-5' });
  redactor.learnEndpoint('http://bob:string-url-pass-6@host:9090');
  redactor.learnEndpoint({ url: 'http://host', basicAuth: { username: 'u', password: 'basic-pass-7' } });

  const cases: readonly [string, string][] = [
    ['"X-Api-Key": "header-key-3"', '"X-Api-Key": "***"'],
    ['sent header-token-4 and bearer-5', 'sent *** and ***'],
    ['password basic-pass-7', 'password ***'],
    ['url-pass-1 / string-url-pass-6', '*** / ***'],
    ['query-key-2 again', '*** again'],
    // Masked whoever configured them: patterns.
    ['"authorization": "Bearer unknown-token-8"', '"authorization": "***"'],
    ['Authorization: Basic dW5rbm93bjpwdw==', 'Authorization: ***'],
    ['fetching http://carol:pw9@other:9090/metrics', 'fetching http://***@other:9090/metrics'],
    ['GET https://x/metrics?access_token=abc&module=http_2xx', 'GET https://x/metrics?access_token=***&module=http_2xx'],
    ['"Accept": "application/json"', '"Accept": "application/json"'],
    ['team=a stays', 'team=a stays'],
  ];
  for (const [input, expected] of cases) it(`shows ${input} as ${expected}`, () => assert.equal(redactor.redact(input), expected));
});
