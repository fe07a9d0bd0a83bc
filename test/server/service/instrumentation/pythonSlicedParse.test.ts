import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCodeGrammars } from '../../../../server/src/fileSystem/codeGrammars';
import { readCodeMetrics } from '../../../../server/src/service/instrumentation/codeMetrics';
import type { CodeGrammars } from '../../../../server/src/service/instrumentation/codeParser';
import type { CodeMetrics } from '../../../../server/src/service/instrumentation/metricDefinition';
import { pythonAnchors } from '../../../../server/src/service/instrumentation/pythonAnchors';
import { pythonParseSlices } from '../../../../server/src/service/instrumentation/pythonParseSlices';
import { FIXTURES, REALWORLD } from '../../../support/paths';

/*
 * The Python reader parses only the top-level blocks its metrics touch (pythonParseSlices.ts). This
 * proves the cut changes nothing: every Python file of ../shared/realworld/code and test/fixtures,
 * read with the sliced parse, gives exactly the definitions and problems of a whole-module parse;
 * so do edited versions read incrementally from the previous parse.
 */

function pythonFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.py')).map((f) => path.join(dir, f)).sort();
}

/** What a reader answers, without the parse it keeps. */
function answer(metrics: CodeMetrics): unknown {
  return JSON.parse(JSON.stringify({ library: metrics.library, definitions: metrics.definitions, problems: metrics.problems, multiprocess: metrics.multiprocess }));
}

/** The answer, the parse released. */
function released(metrics: CodeMetrics): unknown {
  metrics.parsed?.release();
  return answer(metrics);
}

describe('Python reader: sliced parse equals whole parse', () => {
  let grammars: CodeGrammars;
  before(async () => {
    grammars = await loadCodeGrammars(['python']);
  });

  const files = [...pythonFiles(path.join(REALWORLD, 'code')), ...pythonFiles(FIXTURES)];

  it('finds Python files to compare, and slices some of them', () => {
    assert.ok(files.length >= 20, `only ${files.length} Python files`);
    const sliced = files.filter((f) => {
      const text = fs.readFileSync(f, 'utf8');
      return text.includes('prometheus_client') && pythonParseSlices(text, pythonAnchors(text)) !== undefined;
    });
    assert.ok(sliced.length >= 5, `only ${sliced.length} files are parsed in slices`);
  });

  it('reads every file the same, cold and after edits', () => {
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const whole = released(readCodeMetrics('python', text, grammars, { fullParse: true }));
      assert.deepEqual(released(readCodeMetrics('python', text, grammars)), whole, file);
      // Edits in the middle, read from the previous parse: a new top-level function that uses
      // nothing (left out of the parse), then one that constructs a metric (the slices change).
      const middle = text.indexOf('\ndef ', text.length / 2);
      if (middle === -1) continue;
      let previous = readCodeMetrics('python', text, grammars);
      for (const body of ['return 1', 'Counter("added_by_test_total", "Added.").inc()']) {
        const edited = `${text.slice(0, middle)}\ndef added_by_test():\n    ${body}\n${text.slice(middle)}`;
        const next = readCodeMetrics('python', edited, grammars, { previous });
        assert.deepEqual(answer(next), released(readCodeMetrics('python', edited, grammars, { fullParse: true })), `${file} (edited: ${body})`);
        previous = next;
      }
      previous.parsed?.release();
    }
  });
});
