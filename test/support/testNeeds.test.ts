import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './paths';
import { testNeeds, type TestNeed } from './testNeeds';

/*
 * How `npm run test:unit` sorts test files: by what their compiled text calls (lines as tsc writes
 * them), and by the folders that hold editor and long-run tests.
 */

const CASES: { name: string; path: string; source: string; needs: TestNeed[] }[] = [
  { name: 'a unit test', path: 'server/service/promql/parser.test.js', source: 'const parser_1 = require("../../../../server/src/service/promql/parser");', needs: [] },
  { name: 'a protocol test on loopback ports only', path: 'server/lsp/secrets.test.js', source: 'const port = await (0, liveServices_1.freePort)();', needs: [] },
  { name: 'a test that starts Prometheus', path: 'server/lsp/runQuery.test.js', source: 'prometheus = await (0, liveServices_1.startPrometheus)({ scrapeTargets });', needs: ['services'] },
  { name: 'a test that waits for a service of another file', path: 'server/x.test.js', source: 'await (0, liveServices_1.waitForPrometheusData)(url, "up");', needs: ['services'] },
  { name: 'a test that runs promtool through its helper', path: 'server/service/config/goGlob.test.js', source: 'const { status } = (0, promtool_1.runPromtool)(["check", "config", file], dir);', needs: ['promtool'] },
  { name: 'a test that only borrows a temporary folder', path: 'server/cli/fileDiscovery.test.js', source: "tree = (0, promtool_1.temporaryFolder)('check-tree-');", needs: [] },
  { name: 'a test that spawns promtool itself', path: 'snippets/snippets.test.js', source: "const run = (0, node_child_process_1.spawnSync)('promtool', ['check', kind, file]);", needs: ['promtool'] },
  { name: 'a test with its own promtool path', path: 'server/cli/checkDialect.test.js', source: "const PROMTOOL = '/usr/bin/promtool';", needs: ['promtool'] },
  { name: 'a test that names promtool in its data only', path: 'server/cli/checkCorpus.test.js', source: "'rules/prometheus__promtool__rules_extrafields.yml': 'promtool reads bare rule groups only',\nconst PROMTOOL_LIMITS = {};", needs: [] },
  { name: 'an editor test', path: 'editors/helix.test.js', source: '', needs: ['editor'] },
  { name: 'the packaged extension', path: 'packaging/vsix.test.js', source: '', needs: ['editor'] },
  { name: 'the first hour in VS Code', path: 'e2e/firstHour.test.js', source: 'await (0, liveServices_1.startInferenceService)();', needs: ['services', 'editor'] },
  { name: 'a fuzz suite', path: 'fuzz/promql.fuzz.test.js', source: '', needs: ['long run'] },
  { name: 'the soak', path: 'soak/soak.test.js', source: '', needs: ['long run'] },
];

describe('what a test file needs (npm run test:unit)', () => {
  for (const { name, path: file, source, needs } of CASES) {
    it(`${name}: ${needs.join(', ') || 'nothing'}`, () => {
      assert.deepEqual(testNeeds(file, source), needs);
    });
  }

  it('leaves out every test file of the suite that starts a Prometheus server', () => {
    const starting: string[] = [];
    const visit = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory() && entry.name !== 'fixtures') visit(full);
        else if (entry.name.endsWith('.test.ts') && fs.readFileSync(full, 'utf8').includes('startPrometheus(')) starting.push(full);
      }
    };
    visit(path.join(REPO_ROOT, 'test'));
    assert.ok(starting.length > 0);
    for (const file of starting) {
      const relative = path.relative(path.join(REPO_ROOT, 'test'), file).split(path.sep).join('/').replace(/\.ts$/, '.js');
      const compiled = fs.readFileSync(path.join(REPO_ROOT, 'out', 'test', relative), 'utf8');
      assert.ok(testNeeds(relative, compiled).includes('services'), relative);
    }
  });
});
