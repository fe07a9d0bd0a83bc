import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { scanWorkspace, walkWorkspace, type ScannedFile } from '../../../server/src/fileSystem/workspaceScan';
import type { ForcedKind } from '../../../server/src/service/documents/documentKindPatterns';

/*
 * The editor's scan of the workspace folders, on a real temporary folder: which files it yields, which
 * of them it says to parse, the folders it leaves out, and that it lets the event loop turn while it
 * works.
 */

const FILES: Record<string, string> = {
  'rules/recording.rules.yml': 'groups:\n- name: g\n  rules:\n  - record: job:up:sum\n    expr: sum by (job) (up)\n',
  'queries/q.promql': 'rate(http_requests_total[5m])\n',
  'deploy/app.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n',
  'deploy/monitoring.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\napiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec:\n  groups: []\n',
  'deploy/values.yml': 'global:\n  imageRegistry: r\nreplicaCount: 1\nservice: {}\n',
  'deploy/forced.yaml': 'apiVersion: v1\nkind: ConfigMap\n',
  'deploy/left-alone.rules.yml': 'groups: []\n',
  'docs/readme.md': 'job:up:sum\n',
  'node_modules/pkg/rules.yml': 'groups: []\n',
  'vendor/rules.yml': 'groups: []\n',
  '.github/workflows/ci.yml': 'on: push\n',
  'binary.yml': 'groups:\u0000\n',
  'a/b/c/d/e/f/g/h/i/j/k/l/m/deep.rules.yml': 'groups: []\n',
};

describe('workspaceScan', () => {
  let folder: string;
  let folderUri: string;
  const relative = (uri: string): string => path.relative(folder, new URL(uri).pathname);

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'prometheus-lsp-scan-test-'));
    folderUri = pathToFileURL(folder).toString();
    for (const [name, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
      fs.writeFileSync(path.join(folder, name), text);
    }
  });

  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  const scan = async (forced: Record<string, ForcedKind> = {}, sliceMs?: number): Promise<Map<string, ScannedFile>> => {
    const found = new Map<string, ScannedFile>();
    for await (const file of scanWorkspace([folderUri], { forcedKind: (uri) => forced[relative(uri)], sliceMs })) found.set(relative(file.uri), file);
    return found;
  };

  it('yields the YAML and PromQL files outside skipped folders, and which may be Prometheus\'', async () => {
    // The setting gives YAML files a kind; a query file is one whatever it says (as the language service reads it).
    const found = await scan({ 'deploy/forced.yaml': 'rules', 'deploy/left-alone.rules.yml': 'none', 'queries/q.promql': 'none' });
    const verdicts = Object.fromEntries([...found].map(([name, file]) => [name, file.mayBePrometheus]).sort());
    assert.deepEqual(verdicts, {
      'binary.yml': false,
      'deploy/app.yaml': false,
      'deploy/forced.yaml': true,
      'deploy/left-alone.rules.yml': false,
      'deploy/monitoring.yaml': true,
      'deploy/values.yml': false,
      'queries/q.promql': true,
      'rules/recording.rules.yml': true,
    });
  });

  it('gives the text of every file it yields, and null for a binary one', async () => {
    const found = await scan();
    assert.equal(found.get('binary.yml')?.text, null);
    for (const [name, file] of found) if (name !== 'binary.yml') assert.equal(file.text, FILES[name], name);
  });

  it('walks the files a predicate takes, at most as many as asked', async () => {
    const all: string[] = [];
    for await (const file of walkWorkspace([folderUri], (name) => name.endsWith('.md'), 10)) all.push(relative(file.uri));
    assert.deepEqual(all, ['docs/readme.md']);
    const capped: string[] = [];
    for await (const file of walkWorkspace([folderUri], () => true, 2)) capped.push(file.path);
    assert.equal(capped.length, 2);
  });

  it('lets timers run while the caller works on each file', async () => {
    const events: string[] = [];
    const timer = setTimeout(() => events.push('timer'), 0);
    for await (const file of scanWorkspace([folderUri], { sliceMs: 20 })) {
      // The caller's work counts in the slice: 25 ms on each file is more than one slice.
      const until = performance.now() + 25;
      while (performance.now() < until) {
        // busy, as a parse is
      }
      events.push(relative(file.uri));
    }
    clearTimeout(timer);
    // A walk that never yields would run the timer after the loop only.
    assert.ok(events.includes('timer'), events.join(', '));
  });

  it('stops reading when the caller leaves the loop', async () => {
    let seen = 0;
    for await (const file of scanWorkspace([folderUri])) {
      assert.ok(file.uri.startsWith('file:'));
      if (++seen === 1) break;
    }
    assert.equal(seen, 1);
  });
});
