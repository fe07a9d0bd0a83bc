import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  DiagnosticSeverity, MessageType, ResponseError,
  type CancellationToken, type CodeLens, type Connection, type Diagnostic, type ExecuteCommandParams, type TextDocuments,
} from 'vscode-languageserver/node';
import type { DocumentModel } from '../service/documents/documentModel';
import { DIAGNOSTIC_CODES } from '../service/diagnostic';
import { runnableQueries } from '../service/query/documentQueries';
import type { QueryExecutor } from '../service/query/queryExecutor';
import { captureRuleTest } from '../service/preview/ruleTestCapture';
import { ruleInputs } from '../service/preview/ruleInputs';
import { namesRuleFile, ruleTestAddition, ruleTestFile } from '../service/preview/ruleTestWriter';
import { ruleTestFailures, type RuleTestFailure } from '../service/rules/ruleTestFailures';
import { plainText } from '../service/remoteText/plainText';
import type { ServerSettings } from '../sources/sourceSettings';
import type { Settings } from '../settings/settings';
import { findPromtool, PROMTOOL_MISSING, runRuleTests } from '../tools/promtoolTests';
import { notificationMessage } from './notificationMessage';
import {
  CREATE_RULE_TEST_COMMAND, RULE_TEST_COMMAND_IDS, RUN_RULE_TESTS_COMMAND,
  type CreateRuleTestParams, type CreateRuleTestResult, type RunRuleTestsParams, type RunRuleTestsResult,
} from './protocol';
import { ANSWER_ERROR, runSafeAsync } from './runSafe';

/*
 * Rule unit tests in the editor: `Run tests` above a rule test file (promtool test rules on the
 * saved file, in a trusted workspace only, with a time limit; each failure a diagnostic at its
 * test case with promtool's diff), and `Create test` beside every rule of a rule file (a test from
 * the active server's data, written next to the rule file or added to the test file that names it).
 * promtool runs through tools/promtoolTests.ts; its output is read by the service
 * (service/rules/ruleTestFailures.ts); the test is written by service/preview/ruleTestWriter.ts.
 */

export interface RuleTestHandlerDeps {
  readonly documents: TextDocuments<TextDocument>;
  readonly models: { get(document: TextDocument): DocumentModel | null };
  readonly settings: () => Settings;
  /** The configuration's `evaluation_interval`, seconds, for groups without `interval:`. */
  readonly evaluationInterval: () => number | undefined;
  /** The server queries run on, by name or the active one, and a client for it. */
  readonly server: (name?: string) => { readonly server: ServerSettings; readonly executor: QueryExecutor } | undefined;
  /** Validate and publish a document again: its test failures changed. */
  readonly republish: (uri: string) => void;
}

export interface RuleTestHandlers {
  /** `Run tests` on a test file, `Create test` on each rule of a rule file. */
  lenses(document: TextDocument): CodeLens[];
  /** The failures of the last run, while the document reads what promtool tested. */
  diagnostics(document: TextDocument): Diagnostic[];
  /** Runs a rule-test command; null when `command` is not one of RULE_TEST_COMMAND_IDS. */
  executeCommand(params: ExecuteCommandParams, token: CancellationToken): Promise<unknown> | null;
}

/** promtool test rules gets this long. */
const PROMTOOL_TIMEOUT_MS = 60_000;
/** The message of a failure is cut here: a diff of many series is long. */
const MAX_FAILURE_CHARS = 4000;

export function registerRuleTestHandlers(connection: Connection, deps: RuleTestHandlerDeps): RuleTestHandlers {
  /** Failures by URI, with the text promtool tested. */
  const failures = new Map<string, { text: string; failures: readonly RuleTestFailure[] }>();

  const lenses = (document: TextDocument): CodeLens[] => {
    const model = deps.models.get(document);
    if (!model) return [];
    if (model.kind === 'ruleTests') {
      const settings = deps.settings();
      const title = !settings.trustedWorkspace
        ? 'Run tests: trust the workspace to run promtool'
        : findPromtool(settings.promtoolPath) === null ? 'Run tests: promtool not found (install Prometheus\' promtool or set prometheus.promtoolPath)' : '▶ Run tests';
      const params: RunRuleTestsParams = { uri: document.uri };
      const at = { line: 0, character: 0 };
      return [{ range: { start: at, end: at }, command: { title, command: RUN_RULE_TESTS_COMMAND, arguments: [params] } }];
    }
    if (model.kind !== 'rules' || deps.server() === undefined) return [];
    const out: CodeLens[] = [];
    for (const query of runnableQueries(model, document.uri)) {
      if (!query.rule || query.text.trim() === '') continue;
      const start = document.positionAt(query.range.start);
      const params: CreateRuleTestParams = { uri: document.uri, queryIndex: query.index };
      out.push({ range: { start, end: start }, command: { title: 'Create test', command: CREATE_RULE_TEST_COMMAND, arguments: [params] } });
    }
    return out;
  };

  const show = (type: MessageType, message: string): void => {
    void connection.sendNotification('window/showMessage', { type, message: notificationMessage(connection, message) });
  };

  const filePathOf = (uri: string): string => {
    if (!uri.startsWith('file:')) throw new ResponseError(-32602, `${uri} is not a file on disk: promtool tests files`);
    return fileURLToPath(uri);
  };

  const runTests = async (params: RunRuleTestsParams, token: CancellationToken): Promise<RunRuleTestsResult> => {
    if (!params || typeof params.uri !== 'string') throw new ResponseError(-32602, `${RUN_RULE_TESTS_COMMAND} takes { uri }`);
    const settings = deps.settings();
    if (!settings.trustedWorkspace) return { ran: false, passed: false, failures: 0, summary: 'Run tests starts promtool: it runs in a trusted workspace only' };
    const file = filePathOf(params.uri);
    let saved: string;
    try {
      saved = readFileSync(file, 'utf8');
    } catch (error) {
      return { ran: false, passed: false, failures: 0, summary: `cannot read ${file}: ${(error as Error).message}` };
    }
    const open = deps.documents.get(params.uri);
    if (open && open.getText() !== saved) return { ran: false, passed: false, failures: 0, summary: 'save the file first: promtool tests the file on disk' };
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    const run = await runRuleTests(file, { promtoolPath: settings.promtoolPath, timeoutMs: PROMTOOL_TIMEOUT_MS, signal: controller.signal }).finally(() => subscription.dispose());
    if (run.kind !== 'ran') {
      const hadFailures = failures.delete(params.uri);
      if (hadFailures) deps.republish(params.uri);
      return { ran: false, passed: false, failures: 0, summary: run.kind === 'missing' ? PROMTOOL_MISSING : run.message };
    }
    const found = ruleTestFailures(saved, run);
    if (found.length > 0 || failures.has(params.uri)) {
      if (found.length > 0) failures.set(params.uri, { text: saved, failures: found });
      else failures.delete(params.uri);
      deps.republish(params.uri);
    }
    const seconds = (run.elapsedMs / 1000).toFixed(1);
    const summary = run.status === 0
      ? `promtool: all tests passed (${seconds} s)`
      : `promtool: ${found.length} ${found.length === 1 ? 'failure' : 'failures'} (${seconds} s)`;
    return { ran: true, passed: run.status === 0, failures: found.length, summary, output: run.output };
  };

  const createTest = async (params: CreateRuleTestParams, token: CancellationToken): Promise<CreateRuleTestResult> => {
    if (!params || typeof params.uri !== 'string' || typeof params.queryIndex !== 'number') throw new ResponseError(-32602, `${CREATE_RULE_TEST_COMMAND} takes { uri, queryIndex }`);
    const document = deps.documents.get(params.uri);
    if (!document) throw new ResponseError(-32602, `${params.uri} is not open`);
    const model = deps.models.get(document);
    const query = model ? runnableQueries(model, document.uri)[params.queryIndex] : undefined;
    if (!model || !query?.rule) return { ok: false, summary: `no rule at query ${params.queryIndex} of ${params.uri}` };
    const rule = ruleInputs(model, basename(document.uri)).find((r) => r.ruleRange.start <= query.range.start && query.range.end <= r.ruleRange.end);
    if (!rule) return { ok: false, summary: `no rule at query ${params.queryIndex} of ${params.uri}` };
    const chosen = deps.server(params.server);
    if (!chosen) return { ok: false, summary: params.server === undefined ? 'no Prometheus server configured: add one to prometheus.servers' : `no server named "${params.server}" in prometheus.servers` };
    const ruleFile = filePathOf(params.uri);
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    const capture = await captureRuleTest(rule.input, basename(ruleFile), chosen.executor, {
      now: Date.now() / 1000, evaluationInterval: deps.evaluationInterval(), signal: controller.signal,
    }).finally(() => subscription.dispose());
    if (!capture.ok) return { ok: false, summary: capture.message };

    // A test file beside the rule file that names it takes the case; else a new one.
    const folder = dirname(ruleFile);
    const testCase = capture.testCase;
    for (const name of candidateTestFiles(folder)) {
      const path = join(folder, name);
      const uri = pathToFileURL(path).toString();
      const text = deps.documents.get(uri)?.getText() ?? readText(path);
      if (text === null || !namesRuleFile(text, testCase.ruleFile)) continue;
      const addition = ruleTestAddition(text, testCase);
      if (!addition) continue;
      const position = deps.documents.get(uri)?.positionAt(addition.offset) ?? positionIn(text, addition.offset);
      const after = text.slice(0, addition.offset) + addition.text + text.slice(addition.offset);
      const applied = await connection.workspace.applyEdit({ label: `Create test of ${rule.input.name}`, edit: { changes: { [uri]: [{ range: { start: position, end: position }, newText: addition.text }] } } }).catch(() => ({ applied: false }));
      if (!applied.applied) writeFileSync(path, after);
      return { ok: true, testUri: uri, created: false, text: after, summary: `added a test of ${rule.input.name} to ${name}: ${testCase.series.length} series, ${expectationCount(testCase)}` };
    }
    const stem = basename(ruleFile, extname(ruleFile));
    let name = `${stem}.test.yml`;
    for (let n = 2; existsSync(join(folder, name)); n++) name = `${stem}.test-${n}.yml`;
    const path = join(folder, name);
    const uri = pathToFileURL(path).toString();
    const text = ruleTestFile(testCase);
    const applied = await connection.workspace.applyEdit({
      label: `Create test of ${rule.input.name}`,
      edit: { documentChanges: [{ kind: 'create', uri, options: { overwrite: false, ignoreIfExists: false } }, { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }] }] },
    }).catch(() => ({ applied: false }));
    if (!applied.applied) writeFileSync(path, text, { flag: 'wx' });
    return { ok: true, testUri: uri, created: true, text, summary: `wrote ${name}: ${testCase.series.length} series, ${expectationCount(testCase)}` };
  };

  const executeCommand = (params: ExecuteCommandParams, token: CancellationToken): Promise<unknown> | null => {
    if (!(RULE_TEST_COMMAND_IDS as readonly string[]).includes(params.command)) return null;
    const arg = params.arguments?.[0] as (RunRuleTestsParams & CreateRuleTestParams) | undefined;
    if (params.command === RUN_RULE_TESTS_COMMAND) {
      return runSafeAsync(connection, 'runRuleTests', token, ANSWER_ERROR, async () => {
        const result = await runTests(arg as RunRuleTestsParams, token);
        show(result.passed ? MessageType.Info : result.ran ? MessageType.Error : MessageType.Warning, result.summary);
        return result;
      });
    }
    return runSafeAsync(connection, 'createRuleTest', token, ANSWER_ERROR, async () => {
      const result = await createTest(arg as CreateRuleTestParams, token);
      show(result.ok ? MessageType.Info : MessageType.Warning, result.summary);
      return result;
    });
  };

  deps.documents.onDidClose((event) => failures.delete(event.document.uri));

  return {
    lenses,
    diagnostics(document) {
      const stored = failures.get(document.uri);
      if (!stored || stored.text !== document.getText()) return [];
      return stored.failures.map((failure) => ({
        range: { start: document.positionAt(failure.range.start), end: document.positionAt(failure.range.end) },
        severity: DiagnosticSeverity.Error,
        code: DIAGNOSTIC_CODES.ruleTestFailed.code,
        source: 'promtool test rules',
        message: plainText(failure.message, MAX_FAILURE_CHARS, false),
      }));
    },
    executeCommand,
  };
}

/** YAML files of a folder, the likely test files first. */
function candidateTestFiles(folder: string): string[] {
  let names: string[];
  try {
    names = readdirSync(folder).filter((n) => /\.ya?ml$/.test(n));
  } catch {
    return [];
  }
  const testLike = (n: string): number => (/test/i.test(n) ? 0 : 1);
  return names.sort((a, b) => testLike(a) - testLike(b) || (a < b ? -1 : a > b ? 1 : 0));
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function positionIn(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

function expectationCount(testCase: { rule: { kind: string }; alerts?: readonly unknown[]; samples?: readonly unknown[] }): string {
  if (testCase.rule.kind === 'alert') {
    const n = testCase.alerts?.length ?? 0;
    return n === 0 ? 'expects no alert firing' : `expects ${n} ${n === 1 ? 'alert' : 'alerts'} firing`;
  }
  const n = testCase.samples?.length ?? 0;
  return `expects ${n} recorded ${n === 1 ? 'series' : 'series'}`;
}
