import * as assert from 'node:assert/strict';
import { mentionedWords, NameMentions } from '../../../../server/src/service/workspace/nameMentions';

/*
 * The words that other files of the workspace give `rules/unused`: what counts as a word (table of
 * texts and the words they yield), and that a file's words are replaced and removed with it.
 */

const WORDS: readonly { readonly text: string; readonly words: readonly string[] }[] = [
  { text: 'sum(job:http_requests:rate5m) by (job)', words: ['job:http_requests:rate5m'] },
  // Prose words without _ or : are left out: no recording rule of the corpus is named like that.
  { text: 'The p99 latency of the api', words: [] },
  // An escaped line break in a JSON string: the word after the backslash, with and without its n.
  // The grammar's words, as PromQL reads them: a YAML key with its colon is one too (harmless).
  { text: '"expr": "sum(\\njob:x:rate5m)"', words: [':', 'njob:x:rate5m', 'job:x:rate5m'] },
  { text: "errors: 'instance:node_cpu:ratio',", words: ['errors:', 'instance:node_cpu:ratio'] },
  { text: '`node_load1` and node_load1 again', words: ['node_load1'] },
  { text: '9_lives _private a1_b2', words: ['_lives', '_private', 'a1_b2'] },
  { text: '', words: [] },
];

describe('names mentioned in the workspace', () => {
  for (const c of WORDS) {
    it(`words of ${JSON.stringify(c.text)}`, () => {
      assert.deepEqual(mentionedWords(c.text), c.words);
    });
  }

  it('replaces a file\'s words when it changes and forgets them when it goes', () => {
    const mentions = new NameMentions();
    mentions.set('file:///a.json', 'job:a:sum job:shared:sum');
    mentions.set('file:///b.md', 'job:shared:sum');
    assert.ok(mentions.has('job:a:sum') && mentions.has('job:shared:sum'));
    mentions.set('file:///a.json', 'job:b:sum');
    assert.equal(mentions.has('job:a:sum'), false);
    assert.ok(mentions.has('job:b:sum'));
    mentions.delete('file:///b.md');
    assert.equal(mentions.has('job:shared:sum'), false);
    assert.deepEqual([mentions.size, mentions.wordCount], [1, 1]);
  });
});
