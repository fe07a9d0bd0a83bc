/*
 * What a test file needs beyond Node and the built product, read from its compiled text: real
 * Prometheus parts started by test/support/liveServices, promtool as an oracle, an editor or
 * code-server, or a long run (fuzz, soak). `npm run test:unit` (test/run.mjs --unit) runs the
 * files that need none of them, so a new test is sorted by what it calls, not by a list to keep.
 */

/** Something outside Node and the built product that a test file needs. */
export type TestNeed = 'services' | 'promtool' | 'editor' | 'long run';

/** What files of each need do, for the runner's summary line ("10 start Prometheus, …"). */
export const TEST_NEED_DESCRIPTIONS: Readonly<Record<TestNeed, string>> = {
  services: 'start Prometheus, exporters or VictoriaMetrics',
  promtool: 'run promtool',
  editor: 'drive an editor or code-server',
  'long run': 'are fuzz or soak runs',
};

/** Folders (under test/) whose every file drives an editor, code-server or a packaged extension. */
const EDITOR_FOLDERS = ['e2e', 'editors', 'packaging'];
/** Folders whose files are long runs by purpose. */
const LONG_RUN_FOLDERS = ['fuzz', 'soak'];

/**
 * Calls that start something outside Node, as tsc compiles them (`liveServices_1.startPrometheus`):
 * every export of liveServices but `freePort` starts or waits for a real service, and every export
 * of promtool.ts but `temporaryFolder` runs promtool; tests that spawn promtool themselves name it.
 */
const SERVICE_CALL = /\bliveServices_1\.(?!freePort\b)\w+/;
const PROMTOOL_CALL = /\bpromtool_1\.(?!temporaryFolder\b)\w+|\bPROMTOOL\b|['"`](?:\/usr\/bin\/)?promtool['"`]/;
const EDITOR_CALL = /\beditorWorkspace_1\.|codeServer\.mjs|playwright-core/;

/**
 * The needs of one compiled test file: `path` relative to out/test (with `/`), `source` its
 * JavaScript. Empty when the file runs on Node and the built product alone.
 */
export function testNeeds(path: string, source: string): TestNeed[] {
  const top = path.split('/')[0] ?? '';
  const needs: TestNeed[] = [];
  if (SERVICE_CALL.test(source)) needs.push('services');
  if (PROMTOOL_CALL.test(source)) needs.push('promtool');
  if (EDITOR_FOLDERS.includes(top) || EDITOR_CALL.test(source)) needs.push('editor');
  if (LONG_RUN_FOLDERS.includes(top)) needs.push('long run');
  return needs;
}
