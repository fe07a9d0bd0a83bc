import * as assert from 'node:assert/strict';
import { runQueryCommand } from '../../../server/src/cli/queryCommand';
import { startNodeExporter, startPrometheus, startVictoriaMetrics, waitForPrometheusData, type LiveService } from '../../support/liveServices';

/*
 * `prometheus-lsp query` as a function (main.ts wires the verb): the same shaped result as the
 * editor's preview, printed as a table, against a real Prometheus and VictoriaMetrics.
 */

async function query(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await runQueryCommand(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

describe('prometheus-lsp query', function () {
  this.timeout(90_000);
  let node: LiveService;
  let prometheus: LiveService;
  let victoria: LiveService;

  before(async () => {
    node = await startNodeExporter();
    const scrapeTargets = [{ job: 'node', targets: [node.address] }];
    [prometheus, victoria] = await Promise.all([startPrometheus({ scrapeTargets }), startVictoriaMetrics({ scrapeTargets })]);
    await Promise.all([waitForPrometheusData(prometheus.url, 'node_cpu_seconds_total', 30_000), waitForPrometheusData(victoria.url, 'node_cpu_seconds_total', 30_000)]);
  });
  after(async () => Promise.all([prometheus, victoria, node].filter(Boolean).map((s) => s.stop())));

  for (const which of ['Prometheus', 'VictoriaMetrics']) {
    it(`prints an instant result as a table (${which})`, async () => {
      const url = which === 'Prometheus' ? prometheus.url : victoria.url;
      const result = await query('--server', url, 'up{job="node"}');
      assert.equal(result.status, 0, result.stderr);
      const lines = result.stdout.trimEnd().split('\n');
      assert.match(lines[0], /^1 series · value 1 · \d+ ms/);
      assert.match(lines[1], /^SERIES\s+VALUE$/);
      assert.match(lines[2], new RegExp(`^up\\{instance="${node.address.replace(/\./g, '\\.')}", job="node"\\}\\s+1$`));
    });
  }

  it('prints the first N series and counts the rest', async () => {
    const result = await query('--server', prometheus.url, '--limit', '2', 'node_cpu_seconds_total');
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 5);
    assert.match(lines[4], /^… and \d+ more series \(--limit\)$/);
  });

  it('prints a range result with points, last and max', async () => {
    const result = await query(`--server=${prometheus.url}`, '--range', '5m', '--step', '1s', 'up{job="node"}');
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^1 series · \d+ points · value 1 · \d+ ms/);
    assert.match(lines[1], /^SERIES\s+POINTS\s+LAST\s+MAX$/);
    assert.match(lines[2], /^up\{.*\}\s+\d+\s+1\s+1$/);
  });

  it('substitutes Grafana variables and says so', async () => {
    const result = await query('--server', victoria.url, '--var', 'job=node', 'sum(rate(node_cpu_seconds_total{job="$job"}[$__rate_interval])) > 0');
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /note: substituted \$job = node, \$__rate_interval = 1m/);
    assert.match(result.stdout, /^1 series/);
  });

  it('shows the server\'s error with a caret under its position, and exits 1', async () => {
    const result = await query('--server', prometheus.url, 'sum(rate(node_cpu_seconds_total[1m])) by (mode) bar');
    assert.equal(result.status, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^error: invalid parameter "query": 1:49: parse error: unexpected identifier "bar"\n/);
    assert.match(result.stderr, /\n {2}sum\(rate\(node_cpu_seconds_total\[1m\]\)\) by \(mode\) bar\n {50}\^\^\^\n$/);
  });

  it('says that a stopped server refused the connection', async () => {
    const stopped = await startVictoriaMetrics({ scrapeTargets: [] });
    await stopped.stop();
    const result = await query('--server', stopped.url, '--timeout', '2s', 'up');
    assert.equal(result.status, 1);
    assert.equal(result.stderr, `error: ${stopped.address}: connection refused by ${stopped.address}\n`);
  });

  it('prints JSON on demand', async () => {
    const result = await query('--server', prometheus.url, '--json', 'scalar(vector(2))');
    assert.equal(result.status, 0, result.stderr);
    const parsed = JSON.parse(result.stdout) as { ok: boolean; resultType: string; scalar: string };
    assert.deepEqual([parsed.ok, parsed.resultType, parsed.scalar], [true, 'scalar', '2']);
  });

  const USAGE: { args: string[]; stderr: RegExp }[] = [
    { args: ['up'], stderr: /give the server with --server/ },
    { args: ['--server', 'http://127.0.0.1:1'], stderr: /give the query/ },
    { args: ['--server', 'http://127.0.0.1:1', '--range', 'soon', 'up'], stderr: /--range: not a duration: soon/ },
    { args: ['--server', 'http://127.0.0.1:1', '--bogus', 'up'], stderr: /unknown option --bogus/ },
    { args: ['--server', 'http://127.0.0.1:1', 'up', 'down'], stderr: /give the query as one argument/ },
  ];
  for (const c of USAGE) {
    it(`exits 2 on ${c.args.join(' ')}`, async () => {
      const result = await query(...c.args);
      assert.equal(result.status, 2);
      assert.match(result.stderr, c.stderr);
    });
  }
});
