import { loadCodeGrammars } from '../server/src/fileSystem/codeGrammars';
import { readCodeMetrics } from '../server/src/service/instrumentation/codeMetrics';

/*
 * `npm run bench`: the prom-client reader (issue 21), on a generated 5,000-line JavaScript module
 * that defines metrics at the top and uses them in request handlers below, the way Express
 * services do: a cold read (parse, definitions, call sites, every check) and a re-read after one
 * keystroke (incremental parse). The Python reader's target applies: under 50 ms.
 */

function javascriptModule(lines: number): string {
  const out = ["const client = require('prom-client');", "const { Histogram } = require('prom-client');", ''];
  const metrics = 100;
  for (let i = 0; i < metrics; i++) {
    out.push(i % 3 === 0
      ? `const latency${i} = new Histogram({ name: 'stage_${i}_duration_seconds', help: 'Stage ${i}.', labelNames: ['route', 'method'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5] });`
      : i % 3 === 1 ? `const requests${i} = new client.Counter({ name: 'stage_${i}_requests_total', help: 'Stage ${i}.', labelNames: ['route', 'status'] });` : `const queue${i} = new client.Gauge({ name: 'stage_${i}_queue_depth', help: 'Stage ${i}.' });`);
  }
  let n = 0;
  while (out.length < lines) {
    const i = (n * 3) % metrics;
    out.push('', `function handler${n}(req, res) {`, '  const end = latency' + i + '.startTimer({ method: req.method });', '  const data = JSON.parse(req.body || "{}");', '  let total = 0;',
      '  for (const [key, value] of Object.entries(data)) total += key.length + String(value).length;',
      `  requests${i + 1}.labels(req.route.path, String(res.statusCode)).inc();`, '  end({ route: req.route.path });', '  return total;', '}');
    n++;
  }
  return out.join('\n') + '\n';
}

/** Best of `runs` (after a warm-up): wall-clock and CPU milliseconds (CPU time reads truer on a shared machine). */
function best(runs: number, work: () => void): { wall: number; cpu: number } {
  work();
  let wall = Infinity;
  let cpu = Infinity;
  for (let i = 0; i < runs; i++) {
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    work();
    wall = Math.min(wall, Number(process.hrtime.bigint() - start) / 1e6);
    const used = process.cpuUsage(cpuStart);
    cpu = Math.min(cpu, (used.user + used.system) / 1000);
  }
  return { wall, cpu };
}

function ms(m: { wall: number; cpu: number }): string {
  return `${m.wall.toFixed(1)} ms (CPU ${m.cpu.toFixed(1)} ms)`;
}

void (async () => {
  const grammars = await loadCodeGrammars(['javascript']);
  const text = javascriptModule(5000);
  let definitions = 0;
  const cold = best(10, () => {
    const metrics = readCodeMetrics('javascript', text, grammars);
    definitions = metrics.definitions.length;
    metrics.parsed?.release();
  });
  console.log(`5,000-line JavaScript module (${(text.length / 1024).toFixed(0)} KB, ${definitions} definitions): cold read ${ms(cold)} (target < 50 ms)`);
  const parser = grammars.parser('javascript');
  const parse = best(10, () => parser?.parse(text)?.delete());
  console.log(`  of which the parse alone: ${ms(parse)}`);

  let previous = readCodeMetrics('javascript', text, grammars);
  let version = text;
  const at = text.indexOf('  let total = 0;', text.length / 2);
  const typing = best(20, () => {
    version = version.slice(0, at) + ' ' + version.slice(at);
    previous = readCodeMetrics('javascript', version, grammars, { previous });
  });
  previous.parsed?.release();
  console.log(`the same module, one keystroke: incremental re-read ${ms(typing)}`);
})();
