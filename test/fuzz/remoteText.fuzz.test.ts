import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { withoutControlCharacters } from '../../server/src/service/remoteText/controlCharacters';
import { codeBlock, escapeMarkdown, inlineCode } from '../../server/src/service/remoteText/markdownText';
import { plainText } from '../../server/src/service/remoteText/plainText';
import { FUZZ_RUNS, FUZZ_SEED } from './mutations';

/*
 * Fuzzing the neutralisation of remote text with strings built from Markdown's and HTML's syntax
 * characters, URL schemes, control characters and escape sequences (FUZZ_RUNS inputs per property).
 * Properties: escaped Markdown, rendered by markdown-it (HTML and linkify on), makes no tag but
 * paragraphs and line breaks, no link but autolinks that show their target, and shows the text
 * itself; code spans and fences hold any text; plain text never holds `[x](`.
 */

const params = { numRuns: Math.max(200, Math.floor(FUZZ_RUNS / 5)), seed: FUZZ_SEED, endOnFailure: true };
const md = new MarkdownIt({ html: true, linkify: true });

const PIECES = ['[', ']', '(', ')', '<', '>', '`', '``', '```', '*', '_', '~', '#', '-', '+', '=', '|', '!', '&', ';', '#91', '\\', '.', '1', '\n', ' ', '  ', '\t', 'a', 'b',
  'command:', 'https://x.example', 'www.x.example', 'mailto:', '<a href="', '"', "'", ':', '/', '\u001b[31m', '\u001b]8;;', '\u0007', '\u202e', '\u0000', 'é', '😀'];
const hostileText = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(''));

function visible(html: string): string {
  return html.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

describe('fuzzing the neutralisation of remote text', function () {
  this.timeout(0);

  it(`escaped Markdown shows the text and makes no tag or hidden link (${params.numRuns} inputs)`, () => {
    fc.assert(fc.property(hostileText, (text) => {
      const html = md.render(escapeMarkdown(text, 10_000, true));
      for (const tag of html.matchAll(/<\/?([a-z0-9]+)/gi)) assert.ok(['p', 'br', 'a'].includes(tag[1].toLowerCase()), html);
      for (const link of html.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)) {
        // Autolinks only (http, https, and mailto for an address), going where their text says (IDN hosts in punycode).
        assert.match(link[1], /^(https?:\/\/|mailto:|\/\/)/, html);
        const shown = visible(link[2]);
        // The text shown is the address itself (renderers encode the href their own way).
        // (a URL, a domain or an address, on one line: linkify made it of the text, no label hides it).
        assert.match(shown, /^\S+$/, html);
        assert.ok(/^(https?:\/\/|www\.|\/\/|[^\s@]+@)/.test(shown) || /^[^\s/]+\.[^\s/]+/.test(shown), html);
      }
      // markdown-it's linkify keeps the backslashes of escapes inside an autolinked URL as written: a quirk
      // of that renderer's display (the link is still only an http(s) autolink), so backslashes are left
      // out of the comparison.
      const normal = (t: string): string => t.replace(/\s+/g, ' ').replace(/\\/g, '').trim();
      assert.equal(normal(visible(html)), normal(withoutControlCharacters(text)), JSON.stringify(text));
    }), params);
  });

  it(`code spans and fences hold any text (${params.numRuns} inputs)`, () => {
    fc.assert(fc.property(hostileText, (text) => {
      const span = md.render(inlineCode(text, 10_000));
      assert.deepEqual([...span.matchAll(/<\/?([a-z0-9]+)/gi)].map((m) => m[1]), ['p', 'code', 'code', 'p'], span);
      const block = md.render(codeBlock(text, 'promql'));
      assert.deepEqual([...block.matchAll(/<\/?([a-z0-9]+)/gi)].map((m) => m[1]), ['pre', 'code', 'code', 'pre'], block);
      assert.equal(visible(block).replace(/\n+$/, ''), withoutControlCharacters(text).replace(/\n+$/, ''), JSON.stringify(text));
    }), params);
  });

  it(`plain text holds no link syntax and no control character (${params.numRuns} inputs)`, () => {
    fc.assert(fc.property(hostileText, (text) => {
      const out = plainText(text, 400, true);
      assert.doesNotMatch(out, /\[[^\]]*\]\(/);
      assert.doesNotMatch(out, /[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
      assert.ok(out.length <= 400);
    }), params);
  });
});
