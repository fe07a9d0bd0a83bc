import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findCheckedFiles } from '../../../server/src/cli/check/fileDiscovery';
import { checkWorkspace, checkWorkspaceKeepingModels, type WorkspaceCheckResult } from '../../../server/src/cli/check/workspaceCheck';
import { DEFAULT_LINT_SETTINGS } from '../../../server/src/service/lint/lintSettings';
import { CORPUS, FIXTURES } from '../../support/paths';

/** Each file's problems, in order, as one comparable list. */
function flat(result: WorkspaceCheckResult): unknown[] {
  return [result.skipped, result.unreadable, ...result.files.map((f) => [f.path, f.problems.map((d) => [d.code.code, d.severity, d.range, d.message])])];
}

const environment = { lint: DEFAULT_LINT_SETTINGS, documentTypes: {} };

describe('check validates each file as it goes, with the diagnostics of a check that keeps every model', function () {
  this.timeout(120_000);

  const trees: { name: string; roots: string[] }[] = [
    { name: 'the corpus\' rule files and configurations', roots: [path.join(CORPUS, 'rules'), path.join(CORPUS, 'config')] },
    { name: 'the check fixtures (rule graph, configurations, fixable files)', roots: [path.join(FIXTURES, 'check')] },
    { name: 'the workspace fixtures', roots: [path.join(FIXTURES, 'workspace')] },
  ];
  for (const tree of trees) {
    it(tree.name, () => {
      const files = findCheckedFiles(tree.roots).files;
      assert.ok(files.length > 0);
      assert.deepEqual(flat(checkWorkspace(files, environment)), flat(checkWorkspaceKeepingModels(files, environment)));
    });
  }

  it('finds a configuration the first look misses, and checks again with its intervals', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prometheus-lsp-stream-'));
    try {
      // A rule file first, then a configuration whose keys are written with escapes: its scrape
      // interval (2m) makes rate(…[3m]) too short, which only the whole-workspace view knows.
      fs.writeFileSync(path.join(dir, 'a.rules.yml'), 'groups:\n  - name: g\n    rules:\n      - record: job:x:rate3m\n        expr: sum by (job) (rate(x_total[3m]))\n');
      fs.writeFileSync(path.join(dir, 'b.yml'), '"glob\\x61l": {"scr\\x61pe_interval": 2m}\n"scr\\x61pe_configs": [{job_name: a, static_configs: [{targets: ["h:1"]}]}]\n');
      const files = findCheckedFiles([dir]).files;
      const streamed = checkWorkspace(files, environment);
      assert.deepEqual(flat(streamed), flat(checkWorkspaceKeepingModels(files, environment)));
      assert.ok(streamed.files[0].problems.some((d) => d.code.code === 'promql/rate-range'), JSON.stringify(streamed.files[0].problems));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('check of a generated rule file larger than a spread of arguments', function () {
  this.timeout(300_000);

  it('gives each of 130,000 unread recording rules its two findings (unused, named out of the convention)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prometheus-lsp-huge-'));
    try {
      const rules: string[] = ['groups:', '  - name: generated', '    rules:'];
      for (let i = 0; i < 130_000; i++) rules.push(`      - record: generated_${i}`, '        expr: up');
      fs.writeFileSync(path.join(dir, 'generated.rules.yml'), `${rules.join('\n')}\n`);
      const result = checkWorkspace(findCheckedFiles([dir]).files, environment);
      const problems = result.files[0].problems;
      // V8 takes about 125,000 spread arguments: past that, a push(...findings) threw RangeError.
      assert.ok(problems.length >= 260_000, `${problems.length} findings`);
      assert.equal(problems.filter((d) => d.code.code === 'rules/unused').length, 130_000);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
