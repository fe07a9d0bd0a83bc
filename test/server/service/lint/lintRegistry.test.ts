import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkWorkspace } from '../../../../server/src/cli/check/workspaceCheck';
import { DIAGNOSTIC_CODES } from '../../../../server/src/service/diagnostic';
import { LINT_RULES } from '../../../../server/src/service/lint/lintRegistry';
import { DEFAULT_LINT_SETTINGS } from '../../../../server/src/service/lint/lintSettings';
import { loadCodeGrammars } from '../../../../server/src/fileSystem/codeGrammars';
import type { CodeGrammars } from '../../../../server/src/service/instrumentation/codeParser';
import { readCodeMetrics } from '../../../../server/src/service/instrumentation/codeMetrics';
import { multiprocessGaugeProblems } from '../../../../server/src/service/instrumentation/multiprocessGauges';

/*
 * The registry is the one list of lint rules: the table of diagnostic codes holds each rule object
 * itself, and each rule's example (shown in docs/lint-rules.md) does what the docs say: `check`
 * reports the rule on the example and not on its fixed version. Each example is checked as a
 * workspace of its own beside a prometheus.yml with 1m intervals, with no live source.
 */

const CONFIG = 'global:\n  scrape_interval: 1m\n  evaluation_interval: 1m\n';

type ExampleLanguage = NonNullable<(typeof LINT_RULES)[number]['example']>['language'];
let grammars: CodeGrammars;

type Example = NonNullable<(typeof LINT_RULES)[number]['example']>;

function codesOf(language: ExampleLanguage, text: string, beside?: Example['beside']): string[] {
  if (language !== 'promql' && language !== 'yaml') {
    // Code: read by the service as the workspace reads a code file, its multiprocess setup its own.
    const metrics = readCodeMetrics(language, text, grammars);
    metrics.parsed?.release();
    return [...metrics.problems, ...(metrics.multiprocess ? multiprocessGaugeProblems(metrics, text) : [])].map((p) => p.code.code);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-example-'));
  try {
    const file = path.join(dir, language === 'promql' ? 'example.promql' : 'rules.yml');
    fs.writeFileSync(file, text);
    fs.writeFileSync(path.join(dir, 'prometheus.yml'), CONFIG);
    const files = [file, path.join(dir, 'prometheus.yml')];
    if (beside) {
      // A cross-file rule's other file (the code a rule file reads), checked with it as one workspace.
      files.push(path.join(dir, beside.path));
      fs.mkdirSync(path.dirname(files[2]), { recursive: true });
      fs.writeFileSync(files[2], beside.text);
    }
    const result = checkWorkspace(files, { lint: DEFAULT_LINT_SETTINGS, documentTypes: {}, codeGrammars: grammars });
    return result.files.filter((f) => f.path === file).flatMap((f) => f.problems.map((d) => d.code.code));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('lint-rule registry', () => {
  before(async () => {
    grammars = await loadCodeGrammars();
  });

  it('is where the table of diagnostic codes takes every lint rule from', () => {
    const codes: readonly object[] = Object.values(DIAGNOSTIC_CODES);
    for (const rule of LINT_RULES) assert.ok(codes.includes(rule), `${rule.code} is not in DIAGNOSTIC_CODES`);
  });

  for (const rule of LINT_RULES) {
    const example = rule.example;
    if (!example) continue;
    it(`${rule.code}: reports its example and not the fixed one`, () => {
      assert.ok(codesOf(example.language, example.reported, example.beside).includes(rule.code), `not reported on:\n${example.reported}`);
      assert.ok(!codesOf(example.language, example.fixed, example.beside).includes(rule.code), `reported on the fixed example:\n${example.fixed}`);
    });
  }

  it('gives an example of every rule that runs without live data', () => {
    const missing = LINT_RULES.filter((r) => r.liveData !== 'required' && !r.example).map((r) => r.code);
    assert.deepEqual(missing, []);
  });
});
