import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { escapeControlCharacters, withoutControlCharacters } from '../../../../server/src/service/remoteText/controlCharacters';
import { codeBlock, escapeMarkdown, inlineCode } from '../../../../server/src/service/remoteText/markdownText';
import { NOTIFICATION_MAX_CHARS, plainText } from '../../../../server/src/service/remoteText/plainText';
import { MASK, redactSecrets, secretsOfRequest } from '../../../../server/src/service/remoteText/secretRedaction';
import { redactUrl, redactUrlsIn } from '../../../../server/src/service/remoteText/urlRedaction';

/*
 * The text a hostile server or workspace can send, on every surface: rendered by a real CommonMark
 * renderer (markdown-it, the one VS Code's Markdown preview uses, with HTML and linkify on, which is
 * stricter than a hover), the Markdown must show exactly the text and make no link, image or tag.
 */

const HOSTILE: readonly string[] = [
  '[click me](command:workbench.action.terminal.new?%5B%5D)',
  'see [docs](https://evil.example/) and ![img](https://evil.example/x.png)',
  '<img src=x onerror=alert(1)> <a href="command:foo">y</a> <script>alert(1)</script>',
  '```\n[x](command:evil)\n```',
  '\u001b[31mred\u001b[0m \u001b]8;;command:evil\u0007link\u001b]8;;\u0007 \u009b2J',
  '\u202eevil\u202c reversed',
  '# heading\n- item\n1. one\n> quote\n===\n+ plus',
  '`` ` `` ```` a `backtick` run',
  '_emph_ *strong* ~~strike~~ &#91;x&#93;(command:y) &lt;b&gt;',
  '<command:workbench.action.openSettings> <https://evil.example>',
  'a | table | row\n|---|---|',
  '[x]\n(command:split)',
  'line\\\\[x](command:y)',
  'http_requests_total',
];

const md = new MarkdownIt({ html: true, linkify: true });

/** The visible text of rendered HTML: tags dropped, entities decoded. */
function visible(html: string): string {
  return html.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n))).replace(/&amp;/g, '&');
}

function tags(html: string): string[] {
  return [...html.matchAll(/<\/?([a-z0-9]+)/gi)].map((m) => m[1].toLowerCase());
}

describe('remote text', () => {
  describe('escapeMarkdown', () => {
    for (const text of HOSTILE) {
      it(`renders ${JSON.stringify(text).slice(0, 60)} as itself, with no hidden link, image or tag`, () => {
        // Alone (the text starts a line: a hover's HELP paragraph) and after other text on its line.
        for (const markdown of [escapeMarkdown(text, undefined, true), `Source: ${escapeMarkdown(text)}`]) {
          const html = md.render(markdown);
          assert.deepEqual([...new Set(tags(html))].filter((t) => t !== 'p' && t !== 'br' && t !== 'a'), [], html);
          assert.equal(visible(html).replace(/\s+/g, ' ').trim(), withoutControlCharacters(markdown === escapeMarkdown(text, undefined, true) ? text : `Source: ${text}`).replace(/\s+/g, ' ').trim(), html);
          // The only links left are autolinked http(s) URLs that show their own target: nothing hides where it goes, no command: link.
          for (const link of html.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)) {
            assert.match(link[1], /^https?:\/\//, html);
            assert.equal(link[2], link[1], html);
          }
          assert.equal((html.match(/<a /g) ?? []).length, [...html.matchAll(/<a href="https?:\/\/[^"]*">/g)].length, html);
        }
      });
    }
    it('keeps names and prose as written where nothing needs escaping', () => {
      assert.equal(escapeMarkdown('http_requests_total'), 'http_requests_total');
      assert.equal(escapeMarkdown('Total number of requests (by code).'), 'Total number of requests (by code).');
      assert.equal(escapeMarkdown('127.0.0.1:9090'), '127.0.0.1:9090');
      assert.equal(escapeMarkdown('1. first', undefined, true), '1\\. first');
    });
    it('caps the length', () => {
      assert.equal(escapeMarkdown('a'.repeat(5000)).length, 2000);
    });
  });

  describe('inlineCode and codeBlock', () => {
    for (const text of HOSTILE) {
      it(`keeps ${JSON.stringify(text).slice(0, 60)} inside its code span and its fence`, () => {
        const span = md.render(inlineCode(text, 10_000));
        assert.deepEqual(tags(span), ['p', 'code', 'code', 'p'], span);
        assert.equal(visible(span).trim(), withoutControlCharacters(text).replace(/[\r\n\t]+/g, ' ').trim());
        const block = md.render(codeBlock(text, 'promql'));
        assert.deepEqual(tags(block), ['pre', 'code', 'code', 'pre'], block);
        assert.equal(visible(block).trimEnd(), withoutControlCharacters(text).trimEnd());
      });
    }
  });

  describe('plainText (notifications, diagnostics, statuses)', () => {
    for (const text of HOSTILE) {
      it(`leaves no link syntax or control character in ${JSON.stringify(text).slice(0, 60)}`, () => {
        const out = plainText(text, NOTIFICATION_MAX_CHARS, true);
        // What VS Code makes a link in a notification: `[label](target)`, with nothing between `]` and `(`.
        assert.doesNotMatch(out, /\[[^\]]*\]\(/);
        assert.doesNotMatch(out, /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      });
    }
    it('cuts long text to the cap with an ellipsis, never inside a surrogate pair', () => {
      assert.equal(plainText('x'.repeat(10_000), 400).length, 400);
      assert.ok(plainText('x'.repeat(10_000), 400).endsWith('…'));
      const cut = plainText('😀'.repeat(300), 401);
      assert.ok(!/[\ud800-\udbff]…$/.test(cut), 'no lone high surrogate');
    });
  });

  describe('control characters in a terminal', () => {
    const cases: readonly [string, string][] = [
      ['a\u001b[2Jb', 'a\\x1b[2Jb'],
      ['tab\tnew\nline\r', 'tab\\tnew\\nline\\r'],
      ['\u202eevil', '\\u202eevil'],
      ['\u009b31m', '\\x9b31m'],
      ['plain ünïcode ✓', 'plain ünïcode ✓'],
    ];
    for (const [input, expected] of cases) it(`prints ${JSON.stringify(input)} as ${expected}`, () => assert.equal(escapeControlCharacters(input), expected));
  });

  describe('secrets in remote text', () => {
    const headers = { Accept: 'application/json', Authorization: `Basic ${Buffer.from('alice:s3cr3t-pw').toString('base64')}`, 'X-Api-Key': 'key-0123456789' };
    const secrets = secretsOfRequest(headers, 'http://bob:url-pass-99@127.0.0.1:9090/');
    const cases: readonly [string, string][] = [
      ['invalid credentials alice:s3cr3t-pw', `invalid credentials ${MASK}`],
      ['password s3cr3t-pw rejected', `password ${MASK} rejected`],
      ['got X-Api-Key key-0123456789', `got X-Api-Key ${MASK}`],
      ['Authorization: Bearer abc.def.ghi was refused', `Authorization: ${MASK} was refused`],
      ['header authorization=t0ken-value, retry', `header authorization=${MASK}, retry`],
      ['{"authorization":"Basic Zm9vOmJhcg=="}', `{"authorization":"${MASK}"}`],
      ['token Bearer eyJhbGciOi.x.y expired', `token Bearer ${MASK} expired`],
      ['Cookie: session=abcdef; path=/', `Cookie: ${MASK}; path=/`],
      ['upstream http://u:p4ss@host:9090/api?api_key=zzz&x=1 failed', 'upstream http://host:9090/api?api_key=redacted&x=1 failed'],
      ['url-pass-99 echoed', `${MASK} echoed`],
      ['nothing secret here: rate(x[5m])', 'nothing secret here: rate(x[5m])'],
    ];
    for (const [input, expected] of cases) it(`redacts ${JSON.stringify(input)}`, () => assert.equal(redactSecrets(input, secrets), expected));
    it('takes no plain header (Accept) for a secret', () => assert.ok(!secrets.includes('application/json')));
  });

  describe('URLs', () => {
    const cases: readonly [string, string][] = [
      ['http://user:pass@host:9090/metrics', 'http://host:9090/metrics'],
      ['https://host/metrics?api_key=1&access_token=2&password=3&client_secret=4&auth=5&module=x', 'https://host/metrics?api_key=redacted&access_token=redacted&password=redacted&client_secret=redacted&auth=redacted&module=x'],
      ['https://s3/x?X-Amz-Signature=abc&X-Amz-Credential=def', 'https://s3/x?X-Amz-Signature=redacted&X-Amz-Credential=redacted'],
      ['not a url', '(invalid URL)'],
    ];
    for (const [input, expected] of cases) it(`shows ${input} as ${expected}`, () => assert.equal(redactUrl(input), expected));
    it('redacts URLs inside running text, keeping the punctuation after them', () => {
      assert.equal(redactUrlsIn('see http://a:b@h/x?token=t, then (https://h/y?key=k).'), 'see http://h/x?token=redacted, then (https://h/y?key=redacted).');
    });
  });
});
