import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths';

/*
 * What the user installs: `npm run package` makes a .vsix with the bundles, grammars, snippets and
 * manifest only (no sources, tests or node_modules); VS Code (code-server) installs it, and the
 * installed server runs.
 */

interface CodeServerModule {
  ensureCodeServer(log: (m: string) => void): string;
  freshProfile(root: string): { userDataDir: string; extensionsDir: string };
  installExtension(bin: string, profile: object, vsix: string): void;
}
const importModule = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;

const EXPECTED_FILES = [
  'README.md',
  'dist/cli.js',
  'dist/client.js',
  'dist/tree-sitter-javascript.wasm',
  'dist/tree-sitter-python.wasm',
  'dist/tree-sitter-tsx.wasm',
  'dist/tree-sitter-typescript.wasm',
  'dist/tree-sitter.wasm',
  'dist/webview/results.js',
  'dist/webview/uPlot.min.css',
  'language-configuration.json',
  'media/results.svg',
  'package.json',
  'snippets/prometheus-yaml.json',
  'snippets/promql.json',
  'syntaxes/promql-in-yaml.tmLanguage.json',
  'syntaxes/promql.tmLanguage.json',
];

describe('the .vsix package', function () {
  this.timeout(300_000);
  const vsix = join(REPO_ROOT, 'dist', 'prometheus-lsp.vsix');

  before(() => {
    execFileSync('npm', ['run', '--silent', 'package'], { cwd: REPO_ROOT, stdio: 'ignore' });
  });
  after(() => {
    // Tests that follow use the development bundle (with source maps).
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, stdio: 'ignore' });
  });

  it('holds the bundles, grammars, snippets and manifest, and nothing else', () => {
    const listed = execFileSync(join(REPO_ROOT, 'node_modules', '.bin', 'vsce'), ['ls', '--no-dependencies'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.deepEqual(listed.trim().split('\n').sort(), EXPECTED_FILES);
  });

  it('is small', () => {
    const size = statSync(vsix).size;
    assert.ok(size < 2 * 1024 * 1024, `${(size / 1024).toFixed(0)} KB`);
    console.log(`      [vsix] ${(size / 1024).toFixed(0)} KB`);
  });

  it('installs into VS Code (code-server), and the installed server runs', async () => {
    const codeServer = await importModule<CodeServerModule>(join(REPO_ROOT, 'demo', 'codeServer.mjs'));
    const bin = codeServer.ensureCodeServer((m) => console.log(`      [vsix] ${m}`));
    const root = mkdtempSync(join(tmpdir(), 'prometheus-vsix-'));
    try {
      const profile = codeServer.freshProfile(root);
      codeServer.installExtension(bin, profile, vsix);
      const installed = readdirSync(profile.extensionsDir).find((d) => d.startsWith('prometheus-lsp.prometheus-lsp-'));
      assert.ok(installed, readdirSync(profile.extensionsDir).join(', '));
      const folder = join(profile.extensionsDir, installed);
      assert.ok(existsSync(join(folder, 'dist', 'client.js')));
      const version = spawnSync(process.execPath, [join(folder, 'dist', 'cli.js'), '--version'], { encoding: 'utf8' });
      assert.equal(version.status, 0, version.stderr);
      assert.match(version.stdout, /^\d+\.\d+\.\d+/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
