import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CheckedFileError, findCheckedFiles, MAX_CHECKED_FILE_BYTES, readCheckedFile } from '../../../server/src/cli/check/fileDiscovery';
import { REPO_ROOT } from '../../support/paths';
import { temporaryFolder } from '../../support/promtool';

/*
 * `check DIR` stays inside what it was given, on a real tree in a temporary folder: symbolic links
 * out of it (to `/`, to a file elsewhere) are not followed, links inside it are, once; FIFOs,
 * sockets and devices are never opened; a file over the size cap is a clear problem. The command
 * runs in its own process with a deadline, so that a hang fails the test instead of stalling it.
 */

const BIN = path.join(REPO_ROOT, 'bin', 'prometheus-lsp.js');
const RULES = 'groups:\n  - name: g\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) (up)\n';

describe('check stays inside the folders it is given', function () {
  this.timeout(60_000);
  let outside: { dir: string; remove: () => void };
  let tree: { dir: string; remove: () => void };
  let root: string;

  before(() => {
    outside = temporaryFolder('check-outside-');
    fs.writeFileSync(path.join(outside.dir, 'elsewhere.yml'), RULES);
    tree = temporaryFolder('check-tree-');
    root = path.join(tree.dir, 'root');
    fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(root, 'a.yml'), RULES);
    fs.writeFileSync(path.join(root, 'sub', 'b.yml'), RULES);
    fs.symlinkSync('/', path.join(root, 'system'));
    fs.symlinkSync(outside.dir, path.join(root, 'away'));
    fs.symlinkSync(path.join(outside.dir, 'elsewhere.yml'), path.join(root, 'linked.yml'));
    fs.symlinkSync(root, path.join(root, 'loop'));
    fs.symlinkSync(path.join(root, 'sub'), path.join(root, 'inner'));
    fs.symlinkSync(path.join(root, 'a.yml'), path.join(root, 'same.yml'));
    execFileSync('mkfifo', [path.join(root, 'pipe.yml')]);
    execFileSync('mkfifo', [path.join(tree.dir, 'named.yml')]);
  });
  after(() => {
    tree.remove();
    outside.remove();
  });

  it('follows links only to inside the folders, each folder once, and leaves FIFOs alone', () => {
    const found = findCheckedFiles([root]);
    assert.deepEqual(found.files.map((f) => path.relative(root, f)), ['a.yml', 'inner/b.yml', 'same.yml']);
    assert.deepEqual(found.problems, []);
    assert.deepEqual(found.notes.map((n) => n.replace(root, 'ROOT').replace(outside.dir, 'OUTSIDE')).sort(), [
      'not following ROOT/away: it links to OUTSIDE, outside the folders checked',
      'not following ROOT/linked.yml: it links to OUTSIDE/elsewhere.yml, outside the folders checked',
      'not following ROOT/system: it links to /, outside the folders checked',
      'not reading ROOT/pipe.yml: it is a FIFO, not a regular file',
    ]);
  });

  it('follows a link to another folder given', () => {
    const found = findCheckedFiles([root, outside.dir]);
    assert.ok(found.files.includes(path.join(root, 'linked.yml')));
    // The folder given is walked under its own name, not through the link to it.
    assert.ok(found.files.includes(path.join(outside.dir, 'elsewhere.yml')));
    assert.ok(!found.files.some((f) => f.startsWith(path.join(root, 'away'))));
    assert.ok(!found.notes.some((n) => n.includes('linked.yml') || n.includes('away')));
  });

  it('refuses a FIFO or a device named on the command line, without blocking', () => {
    const found = findCheckedFiles([path.join(tree.dir, 'named.yml'), '/dev/zero']);
    assert.deepEqual(found.files, []);
    assert.deepEqual(found.problems, [`not reading ${path.join(tree.dir, 'named.yml')}: it is a FIFO, not a regular file`, 'not reading /dev/zero: it is a device, not a regular file']);
  });

  it('opens a file without blocking when a FIFO took its place after the walk, and refuses it', () => {
    assert.throws(() => readCheckedFile(path.join(root, 'pipe.yml')), (error) => error instanceof CheckedFileError && /it is a FIFO/.test(error.message));
    assert.equal(readCheckedFile(path.join(root, 'a.yml')), RULES);
  });

  it('as a command: checks what is inside, says what it left alone, and ends', () => {
    const run = spawnSync(process.execPath, [BIN, 'check', '--format', 'json', root], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.error, undefined, 'the check ended within 30 s');
    assert.equal(run.status, 0, run.stderr);
    const files = new Set((JSON.parse(run.stdout) as { file: string }[]).map((f) => f.file));
    assert.ok(![...files].some((f) => f.includes('elsewhere') || f.includes('system')), [...files].join(', '));
    assert.match(run.stderr, /not following .*system: it links to \/, outside the folders checked/);
    assert.match(run.stderr, /not reading .*pipe\.yml: it is a FIFO/);
    const named = spawnSync(process.execPath, [BIN, 'check', path.join(tree.dir, 'named.yml')], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(named.error, undefined, 'the check of a FIFO ended within 30 s');
    assert.equal(named.status, 2);
    assert.match(named.stderr, /named\.yml: it is a FIFO, not a regular file/);
  });

  it('reports a file over the size cap clearly, and checks the others', () => {
    const big = temporaryFolder('check-big-');
    try {
      fs.writeFileSync(path.join(big.dir, 'ok.yml'), RULES);
      // A sparse file: its size without the disk space.
      const huge = path.join(big.dir, 'huge.yml');
      fs.writeFileSync(huge, '');
      fs.truncateSync(huge, MAX_CHECKED_FILE_BYTES + 1024 * 1024);
      const run = spawnSync(process.execPath, [BIN, 'check', big.dir], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(run.error, undefined, 'the check ended within 30 s');
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, /not reading .*huge\.yml: it holds 33\.0 MB, more than the 32 MB a checked file may/);
      assert.match(run.stdout, /1 file checked/);
    } finally {
      big.remove();
    }
  });
});
