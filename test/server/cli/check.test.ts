import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES, REPO_ROOT } from '../../support/paths';
import { startFault } from '../../support/faultyEndpoints';
import { progressLine } from '../../../server/src/cli/check/progressLine';

/*
 * `prometheus-lsp check` as a user runs it (the bin script over the built bundle, in its own
 * process), on the fixture trees of test/fixtures/check: every format, option and exit status.
 * The SARIF schema, the corpus and the live Prometheus cases are in check*.test.ts beside this file.
 */

interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const BIN = path.join(REPO_ROOT, 'bin', 'prometheus-lsp.js');
const CHECK_FIXTURES = path.join(FIXTURES, 'check');

/** Runs the command asynchronously, so that this process can serve HTTP (a live source) meanwhile. */
function runCheck(args: readonly string[], cwd: string, timeoutMs = 120_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'check', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

const TREE_TEXT = `prometheus.yml:5:22 error config/invalid scrape_interval: not a valid duration string: "1y2"
queries/errors.promql:1:38 info promql/regex-literal "api" has no regex syntax: job="api" says the same without a regex
rules/bad.yml:5:28 error promql/syntax unclosed left parenthesis
rules/bad.yml:10:32 warning rules/dropped-label $labels.instance is always empty here: the alert's expression does not keep the label instance (it keeps only job)

4 files checked: 2 errors, 1 warning, 1 info (and 1 hint, not shown); 1 YAML file skipped (not Prometheus files)
`;

const TREE_JSON = [
  { file: 'prometheus.yml', range: { start: { line: 4, character: 21 }, end: { line: 4, character: 24 } }, severity: 'error', code: 'config/invalid', message: 'scrape_interval: not a valid duration string: "1y2"' },
  { file: 'queries/errors.promql', range: { start: { line: 0, character: 37 }, end: { line: 0, character: 47 } }, severity: 'info', code: 'promql/regex-literal', message: '"api" has no regex syntax: job="api" says the same without a regex' },
  { file: 'rules/bad.yml', range: { start: { line: 4, character: 27 }, end: { line: 4, character: 28 } }, severity: 'error', code: 'promql/syntax', message: 'unclosed left parenthesis' },
  { file: 'rules/bad.yml', range: { start: { line: 9, character: 31 }, end: { line: 9, character: 39 } }, severity: 'warning', code: 'rules/dropped-label', message: "$labels.instance is always empty here: the alert's expression does not keep the label instance (it keeps only job)" },
];

const TREE_GITHUB = `::error file=prometheus.yml,line=5,col=22,endLine=5,endColumn=25,title=config/invalid::scrape_interval: not a valid duration string: "1y2"
::notice file=queries/errors.promql,line=1,col=38,endLine=1,endColumn=48,title=promql/regex-literal::"api" has no regex syntax: job="api" says the same without a regex
::error file=rules/bad.yml,line=5,col=28,endLine=5,endColumn=29,title=promql/syntax::unclosed left parenthesis
::warning file=rules/bad.yml,line=10,col=32,endLine=10,endColumn=40,title=rules/dropped-label::$labels.instance is always empty here: the alert's expression does not keep the label instance (it keeps only job)
4 files checked: 2 errors, 1 warning, 1 info (and 1 hint, not shown); 1 YAML file skipped (not Prometheus files)
`;

const WARNINGS_TEXT = `alerts.yml:8:32 warning rules/dropped-label $labels.instance is always empty here: the alert's expression does not keep the label instance (it keeps only job)
alerts.yml:13:32 warning rules/dropped-label $labels.device is always empty here: the alert's expression does not keep the label device (it keeps only job)
`;

interface Case {
  readonly name: string;
  /** Folder under test/fixtures/check to run in. */
  readonly cwd: string;
  readonly args: readonly string[];
  readonly status: number;
  /** The whole of stdout (a string), or what it must match. */
  readonly stdout?: string | RegExp;
  /** What stderr must match; absent: stderr is empty. */
  readonly stderr?: RegExp;
  /** A check of stdout that a string or regex cannot say. */
  readonly verify?: (stdout: string) => void;
}

const CASES: readonly Case[] = [
  // Formats.
  { name: 'text: file:line:col severity rule-id message, then the summary', cwd: 'tree', args: ['.'], status: 1, stdout: TREE_TEXT },
  {
    name: 'json: 0-based LSP ranges', cwd: 'tree', args: ['--format', 'json', '.'], status: 1,
    verify: (stdout) => assert.deepEqual(JSON.parse(stdout), TREE_JSON),
  },
  { name: 'github: workflow commands, 1-based, info as notice', cwd: 'tree', args: ['--format=github', '.'], status: 1, stdout: TREE_GITHUB },
  {
    name: 'sarif: one result per problem, relative to %SRCROOT%', cwd: 'tree', args: ['--format', 'sarif', '.'], status: 1,
    verify: (stdout) => {
      const log = JSON.parse(stdout) as { version: string; runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> } }[] }[] }[] };
      assert.equal(log.version, '2.1.0');
      const results = log.runs[0].results;
      assert.deepEqual(results.map((r) => [r.ruleId, r.level]), [['config/invalid', 'error'], ['promql/regex-literal', 'note'], ['promql/syntax', 'error'], ['rules/dropped-label', 'warning']]);
      assert.deepEqual(results[2].locations[0].physicalLocation, { artifactLocation: { uri: 'rules/bad.yml', uriBaseId: '%SRCROOT%' }, region: { startLine: 5, startColumn: 28, endLine: 5, endColumn: 29 } });
    },
  },
  { name: 'json: an empty array when nothing is found', cwd: 'clean', args: ['--format', 'json', '.'], status: 0, stdout: '[]\n' },
  // Files and folders.
  { name: 'clean files exit 0', cwd: 'clean', args: ['.'], status: 0, stdout: '2 files checked: 0 errors, 0 warnings, 0 infos\n' },
  { name: 'files named one by one, reported in that order', cwd: 'tree', args: ['rules/bad.yml', 'queries/errors.promql'], status: 1, stdout: /^rules\/bad\.yml:5:28 error .*\nrules\/bad\.yml:10:32 warning .*\nqueries\/errors\.promql:1:38 info .*\n\n2 files checked: 1 error, 1 warning, 1 info \(and 1 hint, not shown\)\n$/ },
  { name: 'a file named twice is checked once', cwd: 'tree', args: ['rules/bad.yml', './rules/bad.yml', 'rules'], status: 1, stdout: /\n\n2 files checked: 1 error, 1 warning, 0 infos \(and 1 hint, not shown\)\n$/ },
  { name: 'node_modules and dot-folders are skipped in folders', cwd: 'tree', args: ['--format', 'json', '.'], status: 1, verify: (stdout) => assert.ok(!/node_modules|\.hidden/.test(stdout)) },
  { name: 'a file in node_modules named on the command line is checked', cwd: 'tree', args: ['node_modules/pkg/rules.yml'], status: 1, stdout: /^node_modules\/pkg\/rules\.yml:5:28 error promql\/syntax/ },
  { name: 'a YAML file that is no Prometheus file is skipped', cwd: 'tree', args: ['docker-compose.yml'], status: 0, stdout: '0 files checked: 0 errors, 0 warnings, 0 infos; 1 YAML file skipped (not Prometheus files)\n' },
  { name: 'a node_modules folder named on the command line is searched', cwd: 'tree', args: ['node_modules'], status: 1, stdout: /^node_modules\/pkg\/rules\.yml:5:28 error .*\n(.*\n)*1 file checked/ },
  // The rule graph spans the checked files: a rule read in another file is used (one hint is left,
  // a:unused:rate5m). Rules of two files that read each other are no cycle: nothing says one
  // Prometheus loads both, and such files are usually alternatives (old names to new, new to old).
  { name: 'the rule graph spans the checked files; a cycle needs one file', cwd: 'graph', args: ['.'], status: 0, stdout: '2 files checked: 0 errors, 0 warnings, 0 infos (and 1 hint, not shown)\n' },
  {
    // Named in a dashboard (JSON, after an escaped line break) or in jsonnet: used. Named only in a
    // dot-folder or in node_modules, which the check skips: unused.
    name: 'a recording rule that another file of the folders names is used', cwd: 'mentions', args: ['--rule', 'rules/unused=info', '.'], status: 0,
    stdout: /^rules\/recording\.yml:8:17 info rules\/unused recording rule job:hidden_requests:rate5m is not used .*\nrules\/recording\.yml:10:17 info rules\/unused recording rule job:packaged_requests:rate5m is not used .*\n\n1 file checked: 0 errors, 0 warnings, 2 infos\n$/,
  },
  {
    // A rule file that no folder walk picks (.rules), named beside its folder: checked, and not also
    // read for mentions (its records would name themselves).
    name: 'a rule file named beside its folder is not its own mention', cwd: 'mentions', args: ['--rule', 'rules/unused=info', 'rules/legacy.rules', '.'], status: 0,
    stdout: /^rules\/legacy\.rules:4:17 info rules\/unused recording rule job:legacy_requests:rate5m .*\nrules\/recording\.yml:8:17 info rules\/unused .*\nrules\/recording\.yml:10:17 info rules\/unused .*\n\n2 files checked: 0 errors, 0 warnings, 3 infos\n$/,
  },
  { name: 'one file of a cycle alone has no cycle', cwd: 'graph', args: ['a.yml'], status: 0, stdout: /^1 file checked: 0 errors, 0 warnings, 0 infos/ },
  // Options.
  { name: '--quiet: errors only', cwd: 'tree', args: ['--quiet', '.'], status: 1, stdout: /^prometheus\.yml:5:22 error .*\nrules\/bad\.yml:5:28 error .*\n\n4 files checked: 2 errors \(and 1 hint, not shown\); 1 YAML file skipped/ },
  { name: 'warnings alone exit 0', cwd: 'warnings', args: ['.'], status: 0, stdout: `${WARNINGS_TEXT}\n1 file checked: 0 errors, 2 warnings, 0 infos\n` },
  { name: '--max-warnings N: as many as N pass', cwd: 'warnings', args: ['--max-warnings', '2', '.'], status: 0 , stdout: /2 warnings, 0 infos\n$/ },
  { name: '--max-warnings N: more than N fail', cwd: 'warnings', args: ['--max-warnings=1', '.'], status: 1, stdout: /2 warnings, 0 infos\ntoo many warnings: 2, at most 1 allowed \(--max-warnings\)\n$/ },
  { name: '--max-warnings 0 with --quiet: warnings are not counted', cwd: 'warnings', args: ['--quiet', '--max-warnings', '0', '.'], status: 0, stdout: '1 file checked: 0 errors\n' },
  { name: '--rule ID=error makes a warning fail', cwd: 'warnings', args: ['--rule', 'rules/dropped-label=error', '.'], status: 1, stdout: /alerts\.yml:8:32 error rules\/dropped-label/ },
  { name: '--rule ID=off drops the rule', cwd: 'warnings', args: ['--rule', 'rules/dropped-label=off', '.'], status: 0, stdout: '1 file checked: 0 errors, 0 warnings, 0 infos\n' },
  { name: '--rule ID=info lists a hint rule', cwd: 'graph', args: ['--rule', 'rules/unused=info', 'a.yml'], status: 0, stdout: /^a\.yml:4:17 info rules\/unused recording rule a:requests:rate5m is not used .*\na\.yml:6:17 info rules\/unused recording rule a:unused:rate5m is not used .*\n\n1 file checked: 0 errors, 0 warnings, 2 infos\n$/ },
  { name: '--rule ID=hint hides a rule from the list', cwd: 'warnings', args: ['--rule=rules/dropped-label=hint', '.'], status: 0, stdout: '1 file checked: 0 errors, 0 warnings, 0 infos (and 2 hints, not shown)\n' },
  { name: '--config YAML: severities of the editor settings', cwd: 'tree', args: ['--config', '../config.yml', '.'], status: 1, stdout: /^prometheus\.yml:5:22 error .*\nrules\/bad\.yml:5:28 error .*\nrules\/bad\.yml:10:32 error rules\/dropped-label .*\n\n4 files checked: 3 errors, 0 warnings, 0 infos/ },
  { name: '--config JSON with a "prometheus" section', cwd: 'graph', args: ['--config', '../config.json', 'a.yml'], status: 0, stdout: /^a\.yml:4:17 warning rules\/unused .*\na\.yml:6:17 warning rules\/unused .*\n\n1 file checked: 0 errors, 2 warnings, 0 infos\n$/ },
  { name: '--rule overrides --config', cwd: 'tree', args: ['--config', '../config.yml', '--rule', 'rules/dropped-label=off', 'rules'], status: 1, stdout: /^rules\/bad\.yml:5:28 error .*\n\n2 files checked: 1 error, 0 warnings, 0 infos/ },
  { name: '--help', cwd: 'tree', args: ['--help'], status: 0, stdout: /^Usage: prometheus-lsp check \[options\] PATH…/ },
  // Usage errors and unreadable paths: exit 2, said on stderr.
  { name: 'no path', cwd: 'tree', args: [], status: 2, stdout: '', stderr: /give at least one file or folder to check\n\nUsage:/ },
  { name: 'an unknown format', cwd: 'tree', args: ['--format', 'xml', '.'], status: 2, stdout: '', stderr: /unknown format "xml" \(give text, json, sarif, github\)/ },
  { name: 'an unknown option', cwd: 'tree', args: ['--bogus', '.'], status: 2, stdout: '', stderr: /unknown option --bogus/ },
  { name: 'an option without its value', cwd: 'tree', args: ['.', '--format'], status: 2, stdout: '', stderr: /option --format needs a value/ },
  { name: 'a malformed --rule', cwd: 'tree', args: ['--rule', 'rules/unused=loud', '.'], status: 2, stdout: '', stderr: /--rule takes ID=off\|error\|warning\|info\|hint, not "rules\/unused=loud"/ },
  { name: 'a malformed --max-warnings', cwd: 'tree', args: ['--max-warnings', '-1', '.'], status: 2, stdout: '', stderr: /--max-warnings takes a whole number, not "-1"/ },
  { name: 'a --server that is no URL', cwd: 'tree', args: ['--server', 'localhost:9090', '.'], status: 2, stdout: '', stderr: /--server takes an http:\/\/ or https:\/\/ URL/ },
  { name: 'a --config file that does not exist', cwd: 'tree', args: ['--config', 'nope.json', '.'], status: 2, stdout: '', stderr: /cannot read the config file nope\.json \(ENOENT\)/ },
  { name: 'a --config file that is neither JSON nor YAML', cwd: 'tree', args: ['--config', '../config-broken.yml', '.'], status: 2, stdout: '', stderr: /the config file \.\.\/config-broken\.yml is neither JSON nor YAML/ },
  {
    name: 'a path that does not exist: the others are checked, exit 2', cwd: 'tree', args: ['missing.yml', 'rules/good.yml'], status: 2,
    stdout: /^1 file checked: 0 errors/, stderr: /^prometheus-lsp check: cannot read missing\.yml \(ENOENT\)\n$/,
  },
];

describe('prometheus-lsp check', function () {
  this.timeout(120_000);

  for (const c of CASES) {
    it(`${c.name} (check ${c.args.join(' ')})`, async () => {
      const result = await runCheck(c.args, path.join(CHECK_FIXTURES, c.cwd));
      assert.equal(result.status, c.status, `exit status; stderr: ${result.stderr}\nstdout: ${result.stdout}`);
      if (typeof c.stdout === 'string') assert.equal(result.stdout, c.stdout);
      else if (c.stdout) assert.match(result.stdout, c.stdout);
      if (c.stderr) assert.match(result.stderr, c.stderr);
      else assert.equal(result.stderr, '', 'stderr');
      c.verify?.(result.stdout);
    });
  }

  describe('--fix', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prometheus-lsp-check-fix-'));
      fs.cpSync(path.join(CHECK_FIXTURES, 'fixable'), dir, { recursive: true });
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('applies the safe fixes, writes the files and reports what remains', async () => {
      const result = await runCheck(['--fix', '.'], dir);
      assert.equal(result.status, 1, result.stderr);
      assert.equal(result.stdout, `rules.yml:11:19 error promql/syntax unclosed left parenthesis
rules.yml:11:20 error promql/type binary expression must contain only scalar and instant vector types
rules.yml:11:20 error promql/type expected type range vector in call to function "rate", got instant vector

2 files checked: 3 errors, 0 warnings, 0 infos; fixed 4 problems in 2 files
`);
      assert.equal(fs.readFileSync(path.join(dir, 'query.promql'), 'utf8'), 'up{instance="host1", job!="web"}\n');
      const rules = fs.readFileSync(path.join(dir, 'rules.yml'), 'utf8');
      assert.match(rules, /expr: up\{job="api"\} == 0\n/);
      assert.match(rules, /\{handler=~"\/api\/\.\*"\}/);
      assert.match(rules, /expr: rate\(http_errors_total\[5m\] > 1\n/, 'the broken rule is left as it was');
    });

    it('a second run has nothing left to fix', async () => {
      await runCheck(['--fix', '.'], dir);
      const before = fs.readFileSync(path.join(dir, 'rules.yml'), 'utf8');
      const again = await runCheck(['--fix', '--quiet', '.'], dir);
      assert.match(again.stdout, /; fixed 0 problems in 0 files\n$/);
      assert.equal(fs.readFileSync(path.join(dir, 'rules.yml'), 'utf8'), before);
    });

    it('without --fix, files are not written', async () => {
      const before = fs.readFileSync(path.join(dir, 'rules.yml'), 'utf8');
      await runCheck(['.'], dir);
      assert.equal(fs.readFileSync(path.join(dir, 'rules.yml'), 'utf8'), before);
    });
  });

  describe('--scrape (a live exporter)', () => {
    let exporter: Server;
    let url: string;
    let dir: string;
    before(async () => {
      // A real HTTP server speaking the exposition format, as an exporter's /metrics does.
      exporter = createServer((req, res) => {
        if (req.url !== '/metrics') return void res.writeHead(404).end();
        res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
        res.end('# HELP http_requests_total Requests served.\n# TYPE http_requests_total counter\nhttp_requests_total{code="200"} 7\n');
      });
      await new Promise<void>((resolve) => exporter.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(exporter.address() as AddressInfo).port}/metrics`;
    });
    after(() => new Promise<void>((resolve) => exporter.close(() => resolve())));
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prometheus-lsp-check-live-'));
      fs.writeFileSync(path.join(dir, 'requests.promql'), 'sum(rate(http_requests[5m]))\n');
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('finds what only live data tells (a counter named without _total)', async () => {
      const result = await runCheck(['--scrape', url, '.'], dir);
      assert.equal(result.stderr, '');
      // One piece of advice on one token: the source knows the _total counter, so the by-name
      // verdict of promql/rate-non-counter ("not a counter: use deriv()") stays silent.
      assert.equal(result.stdout, `requests.promql:1:10 warning naming/counter-total no live source has "http_requests"; the counter is "http_requests_total"

1 file checked: 0 errors, 1 warning, 0 infos
`);
      assert.equal(result.status, 0);
    });

    it('--fix applies the live fix', async () => {
      const result = await runCheck(['--scrape', url, '--fix', '.'], dir);
      assert.equal(result.stdout, '1 file checked: 0 errors, 0 warnings, 0 infos; fixed 1 problem in 1 file\n');
      assert.equal(fs.readFileSync(path.join(dir, 'requests.promql'), 'utf8'), 'sum(rate(http_requests_total[5m]))\n');
    });

    it('--config scrapeUrls: the same source from the settings file', async () => {
      fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ scrapeUrls: [url] }));
      const result = await runCheck(['--config', 'settings.json', 'requests.promql'], dir);
      assert.match(result.stdout, /naming\/counter-total/);
    });

    it('a source that fails is said on stderr and the check goes on', async () => {
      const refused = await startFault('refuse');
      const result = await runCheck(['--scrape', `${refused.url}/metrics`, '--scrape', url, '.'], dir);
      assert.match(result.stderr, /^prometheus-lsp check: 127\.0\.0\.1:\d+ is unavailable: .+\n$/);
      assert.match(result.stdout, /naming\/counter-total/, 'the other source still answers');
      assert.equal(result.status, 0);
    });
  });

  describe('progress line', () => {
    it('is drawn on a terminal only, after a second, and erased at the end', () => {
      let clock = 0;
      const terminal = { text: '' };
      const drawn = (): string => terminal.text;
      const line = progressLine((text) => (terminal.text += text), true, () => clock);
      line.listener(1, 10);
      assert.equal(drawn(), '', 'not in the first second');
      clock = 1500;
      line.listener(5, 10);
      assert.equal(drawn(), '\rprometheus-lsp check: 50% (5 files)\u001b[K');
      line.finish();
      assert.equal(drawn(), '\rprometheus-lsp check: 50% (5 files)\u001b[K\r\u001b[K');
      let piped = '';
      const quiet = progressLine((text) => (piped += text), false, () => clock);
      clock = 5000;
      quiet.listener(5, 10);
      quiet.finish();
      assert.equal(piped, '', 'never in a pipe or a CI log');
    });
  });

  it('says once which documentTypes patterns of --config it ignores, and checks on', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-document-types-'));
    try {
      fs.mkdirSync(path.join(dir, 'odd'));
      fs.writeFileSync(path.join(dir, 'odd', 'x.yml'), 'something: else\n');
      fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ documentTypes: { '[z-a]/*.yml': 'rules', '*a*a*a*a*a*a*a*b': 'rules', '**/odd/*.yml': 'rules' } }));
      const result = await runCheck(['--config', 'settings.json', 'odd'], dir, 30_000);
      assert.equal(result.status, 1, result.stderr);
      assert.equal(result.stderr, 'prometheus-lsp check: prometheus.documentTypes: "[z-a]/*.yml" is not a valid glob (the range z-a in [z-a] is reversed); ignored\n');
      assert.match(result.stdout, /odd\/x\.yml:1:1 error rules\/invalid field something not found in rule file/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
