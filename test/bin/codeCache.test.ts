import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { FIXTURES, REPO_ROOT } from '../support/paths';

interface CodeCache {
  requireWithCodeCache(file: string): { exports: { main: (args: string[], io: object) => unknown }; cache: 'used' | 'rejected' | 'stale' | 'absent' };
  writeCodeCache(file: string): Promise<void>;
  cacheFileOf(file: string): string;
  readonly V8_FLAGS: string;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const codeCache = require(path.join(REPO_ROOT, 'bin', 'codeCache.js')) as CodeCache;
const BUNDLE = path.join(REPO_ROOT, 'dist', 'cli.js');

/** The version the bundle prints: proof that it loaded and runs. */
function versionOf(exports: { main: (args: string[], io: object) => unknown }): string {
  let out = '';
  exports.main(['--version'], { stdout: (text: string) => (out += text), stderr: () => undefined });
  return out.trim();
}

describe('the command\'s code cache', () => {
  let dir: string;
  let copy: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'code-cache-'));
    copy = path.join(dir, 'cli.js');
    fs.copyFileSync(BUNDLE, copy);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is written by the build beside the bundle, for its very text, and V8 takes it', () => {
    const cached = fs.readFileSync(codeCache.cacheFileOf(BUNDLE));
    // Its first 4 bytes: the CRC-32 of the bundle's text, big-endian.
    assert.equal(cached.readUInt32BE(0), crc32(fs.readFileSync(BUNDLE)));
    const loaded = codeCache.requireWithCodeCache(BUNDLE);
    assert.equal(loaded.cache, 'used');
    assert.match(versionOf(loaded.exports), /^\d+\.\d+\.\d+/);
  });

  it('loads the bundle without a cache, writes one after a warm-up check, then loads through it', async function () {
    this.timeout(60_000);
    assert.equal(codeCache.requireWithCodeCache(copy).cache, 'absent');
    await codeCache.writeCodeCache(copy);
    const loaded = codeCache.requireWithCodeCache(copy);
    assert.equal(loaded.cache, 'used');
    assert.match(versionOf(loaded.exports), /^\d+\.\d+\.\d+/);
  });

  it('compiles without a cache made from another text, even of the same length', () => {
    fs.copyFileSync(codeCache.cacheFileOf(BUNDLE), codeCache.cacheFileOf(copy));
    const text = fs.readFileSync(copy, 'utf8');
    // One character changed (in the comment that names the source map): same length, so V8 alone would take the cache.
    const at = text.lastIndexOf('\n//') + 1;
    assert.ok(at > 0, 'the bundle ends with a line comment');
    fs.writeFileSync(copy, `${text.slice(0, at + 2)}${text[at + 2] === 'x' ? 'y' : 'x'}${text.slice(at + 3)}`);
    assert.equal(fs.statSync(copy).size, fs.statSync(BUNDLE).size);
    const loaded = codeCache.requireWithCodeCache(copy);
    assert.equal(loaded.cache, 'stale');
    assert.match(versionOf(loaded.exports), /^\d+\.\d+\.\d+/);
  });

  it('compiles without a cache made under V8\'s default flags, which V8 refuses', () => {
    // Made by another process that loads the bundle as `require` would, without the command's flags.
    const script = `const vm = require('node:vm'); const fs = require('node:fs'); const Module = require('node:module');
      const source = fs.readFileSync(process.argv[1]);
      const data = new vm.Script(Module.wrap(source.toString('utf8')), { filename: process.argv[1] }).createCachedData();
      const hash = Buffer.alloc(4); hash.writeUInt32BE(require('node:zlib').crc32(source));
      fs.writeFileSync(process.argv[2], Buffer.concat([hash, data]));`;
    execFileSync(process.execPath, ['-e', script, copy, codeCache.cacheFileOf(copy)]);
    assert.match(codeCache.V8_FLAGS, /^--/);
    const loaded = codeCache.requireWithCodeCache(copy);
    assert.equal(loaded.cache, 'rejected');
    assert.match(versionOf(loaded.exports), /^\d+\.\d+\.\d+/);
  });

  it('compiles without a cache V8 refuses', () => {
    const cached = fs.readFileSync(codeCache.cacheFileOf(BUNDLE));
    const broken = Buffer.concat([cached.subarray(0, 4), Buffer.alloc(cached.length - 4, 7)]);
    fs.writeFileSync(codeCache.cacheFileOf(copy), broken);
    const loaded = codeCache.requireWithCodeCache(copy);
    assert.equal(loaded.cache, 'rejected');
    assert.match(versionOf(loaded.exports), /^\d+\.\d+\.\d+/);
  });

  it('gives a check the same output with the cache, without it and with a refused one', function () {
    this.timeout(60_000);
    // The command as a user runs it (bin/ beside dist/), from a copy of both, so that its cache can go.
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.mkdirSync(path.join(dir, 'dist'));
    for (const name of ['prometheus-lsp.js', 'codeCache.js']) fs.copyFileSync(path.join(REPO_ROOT, 'bin', name), path.join(dir, 'bin', name));
    const bundle = path.join(dir, 'dist', 'cli.js');
    fs.copyFileSync(BUNDLE, bundle);
    const check = (): { status: number | null; stdout: string; stderr: string } => {
      const result = spawnSync(process.execPath, [path.join(dir, 'bin', 'prometheus-lsp.js'), 'check', '--format', 'json', '.'], { cwd: path.join(FIXTURES, 'check'), encoding: 'utf8', timeout: 30_000 });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    };
    fs.copyFileSync(codeCache.cacheFileOf(BUNDLE), codeCache.cacheFileOf(bundle));
    const withCache = check();
    assert.equal(withCache.status, 1, withCache.stderr);
    assert.ok((JSON.parse(withCache.stdout) as unknown[]).length > 0);
    fs.rmSync(codeCache.cacheFileOf(bundle));
    assert.deepEqual(check(), withCache);
    const cached = fs.readFileSync(codeCache.cacheFileOf(BUNDLE));
    fs.writeFileSync(codeCache.cacheFileOf(bundle), Buffer.concat([cached.subarray(0, 4), Buffer.alloc(cached.length - 4, 7)]));
    assert.deepEqual(check(), withCache);
  });
});
