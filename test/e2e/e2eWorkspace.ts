import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Planted in the workspace settings; no output channel or log may show it. */
export const PLANTED_TOKEN = 'PLANTED-E2E-TOKEN-9f2c71';

/**
 * The workspace of the end-to-end suite: a prometheus.yml scraping the demo exporter at
 * `exporterHost`, queries, a rule file with known mistakes, and the Prometheus server queries run on
 * (in the workspace settings) when there is one.
 */
export function writeWorkspace(folder: string, exporterHost: string, prometheusUrl?: string): void {
  const files = workspaceFiles(exporterHost);
  // A token the server does not need, planted to check that no output shows it (the protocol trace is on).
  if (prometheusUrl) files['.vscode/settings.json'] = `${JSON.stringify({ 'prometheus.servers': [{ name: 'e2e', url: prometheusUrl, bearerToken: PLANTED_TOKEN }], 'prometheus.trace.server': 'verbose' }, null, 2)}\n`;
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, name)), { recursive: true });
    writeFileSync(join(folder, name), text);
  }
}

function workspaceFiles(exporterHost: string): Record<string, string> {
  return {
    'prometheus.yml': `global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: inference\n    static_configs:\n      - targets: ['${exporterHost}']\n`,
    'queries.promql': [
      '# Requests per second, by model',
      'sum by (model) (rate(inference_requests_total[5m]))',
      '',
      'histogram_quantile(0.95, sum by (le) (rate(inference_latency_seconds_bucket[5m])))',
      '',
      'inference_req',
      '',
    ].join('\n'),
    'format-me.promql': 'sum(rate(inference_requests_total[5m]))by(job)\n',
    'rules/mistakes.rules.yml': [
      'groups:',
      '  - name: inference',
      '    rules:',
      '      - record: job:inference_latency_ms:avg',
      '        expr: avg by (job) (inference_latency_ms)',
      '      - alert: InferenceLatencyHigh',
      '        expr: |',
      '          histogram_quantile(0.95,',
      '            sum by (model) (rate(inference_latency_seconds_bucket[5m]))) > 0.5',
      '        for: 10m',
      '      - alert: InferenceDown',
      '        expr: rate(up{job=~"inference"}) == 0',
      '        for: 5m',
      '',
    ].join('\n'),
  };
}

