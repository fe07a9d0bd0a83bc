import * as assert from 'node:assert/strict';
import { CancellationTokenSource, ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import { ANSWER_ERROR, formatError, runSafe, runSafeAsync, runSafeNotification, type Fallback } from '../../../server/src/lsp/runSafe';

/*
 * The one error path of request handlers: what a handler answers when it returns, is cancelled,
 * refuses on purpose (a ResponseError) or fails, and what it logs. The same table runs through the
 * synchronous and the asynchronous wrapper, so that the two cannot drift apart.
 */

const refusal = new ResponseError(-32803, 'the name is taken');
const bug = new TypeError("Cannot read properties of undefined (reading 'range')");

interface Case {
  readonly name: string;
  readonly cancelled?: boolean;
  readonly fallback: Fallback<string[]>;
  /** What the handler does. */
  readonly outcome: { returns: string[] } | { throws: unknown };
  /** What the request answers: a value, or an error's code and message. */
  readonly answer: string[] | { code: number; message: string } | ResponseError<void>;
  /** Lines logged, by their first line. */
  readonly logged: string[];
}

const CASES: readonly Case[] = [
  { name: 'a result', fallback: [], outcome: { returns: ['a'] }, answer: ['a'], logged: [] },
  { name: 'a cancelled request', cancelled: true, fallback: [], outcome: { returns: ['a'] }, answer: { code: LSPErrorCodes.RequestCancelled, message: 'cancelled' }, logged: [] },
  { name: 'a refusal for the user', fallback: [], outcome: { throws: refusal }, answer: refusal, logged: [] },
  { name: 'a bug, with a default', fallback: [], outcome: { throws: bug }, answer: [], logged: ["feature failed: TypeError: Cannot read properties of undefined (reading 'range')"] },
  { name: 'a bug, answered as an error', fallback: ANSWER_ERROR, outcome: { throws: bug }, answer: { code: ErrorCodes.InternalError, message: "feature failed: Cannot read properties of undefined (reading 'range')" }, logged: ["feature failed: TypeError: Cannot read properties of undefined (reading 'range')"] },
  { name: 'a thrown string', fallback: ANSWER_ERROR, outcome: { throws: 'no' }, answer: { code: ErrorCodes.InternalError, message: 'feature failed: no' }, logged: ['feature failed: no'] },
];

function tokenOf(cancelled: boolean | undefined): CancellationToken {
  const source = new CancellationTokenSource();
  if (cancelled) source.cancel();
  return source.token;
}

function check(answer: unknown, logged: string[], c: Case): void {
  if (c.answer instanceof ResponseError) assert.equal(answer, c.answer, 'the refusal itself');
  else if (Array.isArray(c.answer)) assert.deepEqual(answer, c.answer);
  else {
    assert.ok(answer instanceof ResponseError, `an error answer: ${String(answer)}`);
    assert.deepEqual({ code: answer.code, message: answer.message }, c.answer);
  }
  // The log has the stack (its first line is the error's own), once.
  assert.deepEqual(logged.map((l) => l.split('\n')[0]), c.logged);
  if (c.logged.length > 0 && 'throws' in c.outcome && c.outcome.throws instanceof Error) assert.match(logged[0], /\n\s+at /, 'with the stack');
}

describe('one error path for requests', () => {
  for (const c of CASES) {
    it(`answers ${c.name}, synchronously and asynchronously alike`, async () => {
      const work = (): string[] => {
        if ('throws' in c.outcome) throw c.outcome.throws;
        return c.outcome.returns;
      };
      const syncLog: string[] = [];
      check(runSafe({ console: { error: (m) => syncLog.push(m) } }, 'feature', tokenOf(c.cancelled), c.fallback, work), syncLog, c);
      const asyncLog: string[] = [];
      check(await runSafeAsync({ console: { error: (m) => asyncLog.push(m) } }, 'feature', tokenOf(c.cancelled), c.fallback, async () => work()), asyncLog, c);
    });
  }

  it('logs a failed notification handler once and goes on', () => {
    const logged: string[] = [];
    runSafeNotification({ console: { error: (m) => logged.push(m) } }, 'indexing', () => {
      throw bug;
    });
    assert.equal(logged.length, 1);
    assert.match(logged[0], /^indexing failed: TypeError: Cannot read/);
  });

  it('says what failed in one sentence, with the stack only for the log', () => {
    assert.equal(formatError('runQuery', new Error('boom')), 'runQuery failed: boom');
    assert.match(formatError('runQuery', new Error('boom'), 'stack'), /^runQuery failed: Error: boom\n\s+at /);
    assert.equal(formatError('runQuery', 42, 'stack'), 'runQuery failed: 42');
  });
});
