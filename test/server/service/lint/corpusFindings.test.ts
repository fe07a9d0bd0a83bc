import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../../../server/src/service/languageService';
import { withLspAnswers } from '../../../support/lspAnswers';
import { CORPUS } from '../../../support/paths';

/*
 * The lint rules over the real-world rule files of the corpus (no live source, no configuration),
 * counted per rule. Every finding counted here was read and is defended in docs/conformance.md
 * ("Lint findings on real files"); a change of a count means a rule changed what it reports, to
 * be read again.
 * pint's test fixtures are counted apart: they hold mistakes on purpose.
 */

const LINT_PREFIXES = ['naming/', 'cardinality/', 'promql/rate-', 'promql/histogram-le', 'promql/counter-without-rate', 'promql/regex-', 'promql/vector-matching', 'rules/alert-', 'rules/for-interval'];

const EXPECTED_REAL_WORLD: Record<string, number> = {
  'naming/counter-total': 6,
  'naming/style': 5,
  'promql/counter-without-rate': 2,
  'promql/histogram-le': 1,
  'promql/rate-non-counter': 2,
  'promql/regex-anchors': 8,
  'promql/regex-literal': 26,
  'rules/alert-for': 5,
};

const EXPECTED_PINT_FIXTURES: Record<string, number> = {
  'naming/style': 1,
  'promql/counter-without-rate': 5,
  'promql/regex-anchors': 3,
  'promql/regex-literal': 11,
  'rules/alert-condition': 32,
  'rules/alert-for': 11,
};

function ruleFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (entry !== 'bad') ruleFiles(path, out);
    } else if (/\.ya?ml$/.test(entry)) out.push(path);
  }
  return out;
}

describe('lint rules on the real-world rule files of the corpus', () => {
  it('find exactly the findings README defends, per rule', () => {
    const service = withLspAnswers(getLanguageService());
    const realWorld: Record<string, number> = {};
    const pint: Record<string, number> = {};
    const root = join(CORPUS, 'rules');
    for (const file of ruleFiles(root)) {
      const document = TextDocument.create(pathToFileURL(file).href, 'yaml', 1, readFileSync(file, 'utf8'));
      const model = service.parseDocument(document);
      if (!model) continue;
      const counts = /^(pint_fixtures\/|pint__)/.test(relative(root, file)) ? pint : realWorld;
      for (const d of service.validate(document, model)) {
        const code = String(d.code);
        if (LINT_PREFIXES.some((p) => code.startsWith(p))) counts[code] = (counts[code] ?? 0) + 1;
      }
    }
    const sorted = (r: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
    assert.deepEqual(sorted(realWorld), EXPECTED_REAL_WORLD);
    assert.deepEqual(sorted(pint), EXPECTED_PINT_FIXTURES);
  });
});
