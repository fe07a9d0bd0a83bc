import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './support/paths';

/*
 * README.md is the user's guide and stays short; the rest of the documentation lives in docs/. These
 * tests keep README under 20 KB, keep the two commands it promises, keep it free of Markdown links
 * (vsce refuses relative links when it packages README into the extension), and check that every
 * file README, docs/*.md and docs/architecture.md's code map name exists.
 */

const README_MAX_BYTES = 20 * 1024;
const DEMO_COMMAND = 'npm ci --no-audit --no-fund && npm run demo';
const TEST_COMMAND = 'npm ci --no-audit --no-fund && npm test';

function read(file: string): string {
  return fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
}

/** The `docs/…` paths a text names, without `#anchors`. */
function docsPaths(text: string): string[] {
  return [...new Set([...text.matchAll(/\bdocs\/[\w./-]*\w/g)].map((m) => m[0]))];
}

/**
 * The repository paths a text names in code spans (`server/src/lsp/protocol.ts`), leaving out
 * patterns and placeholders (`bench/*.bench.ts`, `test/server/x/y.test.ts`, `test/client/…`).
 */
function codePaths(text: string): string[] {
  const roots = /^(server|client|test|bench|bin|scripts|demo|docs|syntaxes|snippets|media)\//;
  const spans = [...text.matchAll(/`([^`\s]+)`/g)].map((m) => m[1]!.replace(/#.*$/, ''));
  return [...new Set(spans.filter((p) => roots.test(p) && !/[*…]|\/x\//.test(p)))];
}

function missing(paths: readonly string[]): string[] {
  return paths.filter((p) => !fs.existsSync(path.join(REPO_ROOT, p)));
}

describe('README.md', () => {
  const readme = read('README.md');

  it(`is under ${README_MAX_BYTES / 1024} KB`, () => {
    const bytes = Buffer.byteLength(readme, 'utf8');
    assert.ok(bytes < README_MAX_BYTES, `${bytes} bytes: move details to docs/`);
  });

  it('gives the command that runs the product and the command that runs every test', () => {
    assert.ok(readme.includes(`\n    ${DEMO_COMMAND}\n`), DEMO_COMMAND);
    assert.ok(readme.includes(`\n    ${TEST_COMMAND}\n`), TEST_COMMAND);
  });

  it('has no Markdown link, which vsce refuses when it packages a relative one', () => {
    assert.deepEqual([...readme.matchAll(/\]\([^)]*\)/g)].map((m) => m[0]), []);
  });

  it('names only docs/ files that exist, and names docs/architecture.md', () => {
    const named = docsPaths(readme);
    assert.ok(named.includes('docs/architecture.md'), named.join(', '));
    assert.deepEqual(missing(named), []);
  });

  it('names only repository files that exist', () => {
    assert.deepEqual(missing(codePaths(readme)), []);
  });
});

describe('docs/', () => {
  const files = fs.readdirSync(path.join(REPO_ROOT, 'docs')).filter((f) => f.endsWith('.md'));

  for (const file of files) {
    it(`${file} names only docs/ files that exist`, () => {
      assert.deepEqual(missing(docsPaths(read(path.join('docs', file)))), []);
    });
  }

  it('architecture.md names only repository files and folders that exist', () => {
    assert.deepEqual(missing(codePaths(read('docs/architecture.md'))), []);
  });
});
