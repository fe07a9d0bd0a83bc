/*
 * A generated Python module that defines and uses metrics the way services do, of any size: the
 * Python reader's benchmark (bench/pythonMetrics.bench.ts) times it, and the sliced-parse test
 * checks that its reading equals a whole-module parse's.
 */

/**
 * A module of about `lines` lines: metric definitions at the top, handlers below; one handler in
 * `usingEvery` records to the metrics (1: every handler). The 100 metrics are recorded in turn, so
 * each statement that records is written about `lines / 1,000` times; with `distinct`, each ends
 * in a comment naming its handler, and no statement is written twice.
 */
export function generatedPythonModule(lines: number, withClient: boolean, usingEvery = 1, distinct = false): string {
  const out = [withClient ? 'from prometheus_client import Counter, Gauge, Histogram' : 'import json', 'import time', ''];
  const metrics = withClient ? 100 : 0;
  for (let i = 0; i < metrics; i++) {
    out.push(i % 3 === 0
      ? `LATENCY_${i} = Histogram("stage_${i}_duration_seconds", "Stage ${i}.", ["route", "method"], buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5))`
      : i % 3 === 1 ? `REQUESTS_${i} = Counter("stage_${i}_requests_total", "Stage ${i}.", ["route", "status"])` : `QUEUE_${i} = Gauge("stage_${i}_queue_depth", "Stage ${i}.")`);
  }
  let n = 0;
  while (out.length < lines) {
    const i = (n * 3) % Math.max(metrics, 1);
    out.push('', `def handler_${n}(request, payload):`, '    started = time.time()', '    data = json.loads(payload) if payload else {}', '    total = 0',
      '    for key, value in data.items():', '        total += len(key) + len(str(value))');
    const comment = distinct ? `  # handler ${n}` : '';
    if (withClient && n % usingEvery === 0) out.push(`    LATENCY_${i}.labels(request.route, request.method).observe(time.time() - started)${comment}`, `    REQUESTS_${i + 1}.labels(request.route, "200").inc()${comment}`);
    out.push('    return total');
    n++;
  }
  return out.join('\n') + '\n';
}
