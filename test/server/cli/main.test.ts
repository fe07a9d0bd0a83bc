import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../support/paths';

/** The `prometheus-lsp` command as a user runs it: the bin script of package.json over the built bundle. */
function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const bin = path.join(REPO_ROOT, 'bin', 'prometheus-lsp.js');
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const CASES: { args: string[]; status: number; stdout?: RegExp; stderr?: RegExp }[] = [
  { args: ['--version'], status: 0, stdout: /^\d+\.\d+\.\d+\n$/ },
  { args: ['--help'], status: 0, stdout: /serve --stdio/ },
  { args: [], status: 2, stderr: /Usage:/ },
  { args: ['frobnicate'], status: 2, stderr: /unknown command "frobnicate"/ },
  { args: ['serve'], status: 2, stderr: /give a transport/ },
  { args: ['serve', '--stdio', '--bogus'], status: 2, stderr: /unknown option --bogus/ },
];

describe('prometheus-lsp command', () => {
  for (const c of CASES) {
    it(`prometheus-lsp ${c.args.join(' ')} exits ${c.status}`, () => {
      const result = run(...c.args);
      assert.equal(result.status, c.status, result.stderr);
      if (c.stdout) assert.match(result.stdout, c.stdout);
      if (c.stderr) assert.match(result.stderr, c.stderr);
    });
  }

  it('prints the version of package.json', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(run('--version').stdout.trim(), version);
  });

  it('is the bin that package.json names', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    assert.equal(manifest.bin['prometheus-lsp'], 'bin/prometheus-lsp.js');
  });
});
