// The demo's embedded exporter: a model-inference service's /metrics, as prometheus_client would
// expose it (a request counter, a latency histogram, gauges), with values that move, and the
// mistakes our lint rules catch (a time in milliseconds, a size in megabytes, a counter without
// `_total`, a label per request). Node only, so the demo needs no Python. The tests use the real
// thing (test/fixtures/exporters/inference_service.py).
import { createServer } from 'node:http';

const MODELS = ['resnet50', 'bert-base'];
const BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const state = {
  requests: new Map(),
  latency: new Map(MODELS.map((m) => [m, { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 }])),
  inFlight: 0,
  reloads: 0,
  /** The last requests' ids, as a careless exporter labels a gauge with them (kept to 200). */
  recent: [],
  nextId: 1,
};

function observe() {
  for (const model of MODELS) {
    const status = Math.random() < 0.05 ? 'error' : 'ok';
    const key = `${model}\u0000${status}`;
    state.requests.set(key, (state.requests.get(key) ?? 0) + 1);
    const seconds = Math.random() * (model === 'bert-base' ? 0.8 : 0.2);
    const h = state.latency.get(model);
    BUCKETS.forEach((b, i) => { if (seconds <= b) h.buckets[i]++; });
    h.sum += seconds;
    h.count++;
  }
  state.inFlight = Math.floor(Math.random() * 5);
  if (Math.random() < 0.01) state.reloads++;
  state.recent.push({ id: `req-${(state.nextId++).toString(16).padStart(6, '0')}`, tokens: Math.floor(Math.random() * 2000) });
  if (state.recent.length > 200) state.recent.shift();
}

function exposition() {
  const lines = [
    '# HELP inference_requests_total Inference requests served, by model and outcome.',
    '# TYPE inference_requests_total counter',
  ];
  for (const [key, value] of state.requests) {
    const [model, status] = key.split('\u0000');
    lines.push(`inference_requests_total{model="${model}",status="${status}"} ${value}`);
  }
  lines.push('# HELP inference_latency_seconds Time to answer one inference request.', '# TYPE inference_latency_seconds histogram');
  for (const [model, h] of state.latency) {
    BUCKETS.forEach((b, i) => lines.push(`inference_latency_seconds_bucket{model="${model}",le="${b}"} ${h.buckets[i]}`));
    lines.push(`inference_latency_seconds_bucket{model="${model}",le="+Inf"} ${h.count}`);
    lines.push(`inference_latency_seconds_sum{model="${model}"} ${h.sum}`, `inference_latency_seconds_count{model="${model}"} ${h.count}`);
  }
  lines.push('# HELP model_loaded 1 when the model is loaded in memory.', '# TYPE model_loaded gauge');
  for (const model of MODELS) lines.push(`model_loaded{model="${model}"} 1`);
  lines.push('# HELP inference_in_flight Requests being answered right now.', '# TYPE inference_in_flight gauge', `inference_in_flight ${state.inFlight}`);
  // The mistakes.
  lines.push('# HELP preprocess_time_ms Time spent preparing the last input.', '# TYPE preprocess_time_ms gauge', `preprocess_time_ms ${Math.round(Math.random() * 40)}`);
  lines.push('# HELP gpu_memory_used_mb GPU memory in use.', '# TYPE gpu_memory_used_mb gauge');
  for (const model of MODELS) lines.push(`gpu_memory_used_mb{model="${model}"} ${model === 'bert-base' ? 1400 : 350}`);
  lines.push('# HELP model_reloads Times a model was reloaded.', '# TYPE model_reloads counter', `model_reloads ${state.reloads}`);
  lines.push('# HELP inference_request_tokens Tokens of each recent request.', '# TYPE inference_request_tokens gauge');
  for (const r of state.recent) lines.push(`inference_request_tokens{request_id="${r.id}"} ${r.tokens}`);
  return `${lines.join('\n')}\n`;
}

/** Starts the exporter on a loopback port; resolves to its /metrics URL and a stop function. */
export function startDemoExporter(port = 0) {
  const timer = setInterval(observe, 500);
  observe();
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/metrics')) res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' }).end(exposition());
    else res.writeHead(404).end('not found');
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => {
    resolve({
      url: `http://127.0.0.1:${server.address().port}/metrics`,
      stop: () => { clearInterval(timer); server.close(); },
    });
  }));
}
