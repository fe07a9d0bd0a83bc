import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../support/paths';
import { startHostileServer, type HostileServer } from '../../support/hostileServer';

/*
 * What `check` and `query` print when a file name, a label value or a server's words carry control
 * characters and credentials: the bin script in its own process, a hostile server on loopback
 * (test/support/hostileServer.ts) and a rule file whose name holds an ANSI sequence. Nothing raw
 * reaches the terminal: control characters are printed as `\x1b`, credentials as `***`.
 */

const BIN = path.join(REPO_ROOT, 'bin', 'prometheus-lsp.js');
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;
const API_KEY = 'sekret-cli-key-5150';

function run(args: readonly string[], cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

describe('terminal output of check and query', function () {
  this.timeout(60_000);
  let hostile: HostileServer;
  let denying: HostileServer;
  let folder: string;

  before(async () => {
    [hostile, denying] = await Promise.all([startHostileServer(), startHostileServer({ unauthorized: true })]);
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'terminal-output-'));
    fs.writeFileSync(path.join(folder, 'evil\u001b[2J\u001b]0;title\u0007.rules.yml'), 'groups:\n  - name: g\n    rules:\n      - record: job:up:sum\n        expr: sum(up\n');
  });

  after(async () => {
    await Promise.all([hostile?.stop(), denying?.stop()]);
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('query: the server\'s error, warnings and infos escaped, redacted and bounded', async () => {
    const result = await run(['query', '--server', hostile.url, '--header', `X-Api-Key: ${API_KEY}`, 'up'], folder);
    assert.equal(result.status, 1);
    assert.doesNotMatch(result.stderr, RAW_CONTROL, JSON.stringify(result.stderr.slice(0, 400)));
    assert.match(result.stderr, /\\x1b\[31mred/);
    assert.ok(!result.stderr.includes(API_KEY), 'the echoed key is masked');
    assert.match(result.stderr, /Authorization: .*\*\*\*/, 'the echo is there, masked');
    const warnings = result.stderr.split('\n').filter((l) => l.startsWith('warning: '));
    assert.equal(warnings.length, 21);
    assert.match(warnings[20], /and 480 more warnings from the server, not shown/);
    assert.ok(result.stderr.length < 100_000, `${result.stderr.length} characters`);
  });

  it('check: a file name and a server\'s 401 body escaped, redacted', async () => {
    const result = await run(['check', '.', '--server', denying.url], folder);
    assert.equal(result.status, 1, result.stderr);
    assert.doesNotMatch(result.stdout, RAW_CONTROL, JSON.stringify(result.stdout));
    assert.doesNotMatch(result.stderr, RAW_CONTROL, JSON.stringify(result.stderr.slice(0, 400)));
    assert.match(result.stdout, /^evil\\x1b\[2J\\x1b\]0;title\\x07\.rules\.yml:5:\d+ error promql\/syntax/m);
    assert.match(result.stderr, /is unavailable: HTTP 401/);
  });
});
