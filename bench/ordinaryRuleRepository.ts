import * as fs from 'node:fs';
import * as path from 'node:path';

/*
 * The repository CI checks most: 60 rule files of about 6.7 KB (400 KB in all), in team folders,
 * with the shapes of real mixins (recording rules over rates, ratios and histograms; alerts with
 * `for`, severity labels and templated annotations). The start-up benchmark checks it with
 * `prometheus-lsp check` and `promtool check rules`; both accept every file.
 */

export const ORDINARY_FILES = 60;

/** What a service's metrics are called; each file covers one service. */
const SERVICES = ['api', 'checkout', 'payments', 'search', 'catalog', 'auth', 'billing', 'inventory', 'gateway', 'notifications'];

/** The groups of one file for `service`: recording rules, then the alerts that read them. */
function serviceRules(service: string, file: number): string {
  const job = `${service}-${file}`;
  const lines = ['groups:'];
  lines.push(
    `  - name: ${job}.rules`,
    '    interval: 1m',
    '    rules:',
  );
  for (const window of ['5m', '30m', '1h', '6h']) {
    lines.push(
      `      - record: job:${service}_http_requests:rate${window}`,
      `        expr: sum by (job, namespace) (rate(${service}_http_requests_total{job="${job}"}[${window}]))`,
      `      - record: job:${service}_http_errors:ratio_rate${window}`,
      '        expr: |',
      `          sum by (job, namespace) (rate(${service}_http_requests_total{job="${job}",code=~"5.."}[${window}]))`,
      '          /',
      `          sum by (job, namespace) (rate(${service}_http_requests_total{job="${job}"}[${window}]))`,
      '        labels:',
      `          service: ${service}`,
    );
  }
  for (const quantile of ['0.9', '0.99']) {
    lines.push(
      `      - record: job:${service}_request_duration_seconds:p${quantile.slice(2)}`,
      `        expr: histogram_quantile(${quantile}, sum by (le, job, namespace) (rate(${service}_request_duration_seconds_bucket{job="${job}"}[5m])))`,
    );
  }
  lines.push(
    `      - record: instance:${service}_process_cpu:rate5m`,
    `        expr: rate(process_cpu_seconds_total{job="${job}"}[5m])`,
    `      - record: instance:${service}_memory_utilisation:ratio`,
    `        expr: process_resident_memory_bytes{job="${job}"} / on (instance) group_left node_memory_MemTotal_bytes`,
    `  - name: ${job}.alerts`,
    '    rules:',
  );
  const alerts: { name: string; expr: string; for: string; severity: string; summary: string }[] = [
    { name: 'ErrorBudgetBurnFast', expr: `job:${service}_http_errors:ratio_rate1h{job="${job}"} > (14.4 * 0.001) and job:${service}_http_errors:ratio_rate5m{job="${job}"} > (14.4 * 0.001)`, for: '2m', severity: 'page', summary: 'burns its error budget fast' },
    { name: 'ErrorBudgetBurnSlow', expr: `job:${service}_http_errors:ratio_rate6h{job="${job}"} > (6 * 0.001) and job:${service}_http_errors:ratio_rate30m{job="${job}"} > (6 * 0.001)`, for: '15m', severity: 'ticket', summary: 'burns its error budget' },
    { name: 'HighLatency', expr: `job:${service}_request_duration_seconds:p99{job="${job}"} > 1.5`, for: '10m', severity: 'warning', summary: 'answers slowly' },
    { name: 'TrafficDrop', expr: `job:${service}_http_requests:rate5m{job="${job}"} < 0.5 * job:${service}_http_requests:rate1h{job="${job}"}`, for: '15m', severity: 'warning', summary: 'gets half its usual traffic' },
    { name: 'Down', expr: `up{job="${job}"} == 0`, for: '5m', severity: 'page', summary: 'is down' },
    { name: 'HighCpu', expr: `instance:${service}_process_cpu:rate5m{job="${job}"} > 0.9`, for: '30m', severity: 'warning', summary: 'uses most of a core' },
    { name: 'HighMemory', expr: `instance:${service}_memory_utilisation:ratio{job="${job}"} > 0.8`, for: '30m', severity: 'warning', summary: 'uses most of the memory' },
    { name: 'Restarting', expr: `increase(kube_pod_container_status_restarts_total{container="${service}"}[1h]) > 3`, for: '0m', severity: 'warning', summary: 'restarts often' },
    { name: 'LatencyP90High', expr: `job:${service}_request_duration_seconds:p90{job="${job}"} > 0.5 unless on (job) job:${service}_http_requests:rate5m < 1`, for: '10m', severity: 'info', summary: 'answers slowly for most requests' },
  ];
  for (const alert of alerts) {
    const name = `${service[0]!.toUpperCase()}${service.slice(1)}${alert.name}`;
    lines.push(
      `      - alert: ${name}`,
      `        expr: ${alert.expr}`,
      `        for: ${alert.for}`,
      '        labels:',
      `          severity: ${alert.severity}`,
      `          team: team-${file % 6}`,
      '        annotations:',
      `          summary: "{{ $labels.job }} in {{ $labels.namespace }} ${alert.summary}"`,
      `          description: "${service} {{ $labels.instance }}: {{ $value | humanize }} ({{ $labels.job }})"`,
      `          runbook_url: https://runbooks.example.com/${service}/${alert.name.toLowerCase()}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Writes the repository under `root` (team folders of rule files); returns the files' paths relative to `root`. */
export function writeOrdinaryRuleRepository(root: string): string[] {
  const files: string[] = [];
  for (let i = 0; i < ORDINARY_FILES; i++) {
    const relative = path.join(`team${i % 6}`, `${SERVICES[i % SERVICES.length]}-${i}.rules.yml`);
    fs.mkdirSync(path.join(root, path.dirname(relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), serviceRules(SERVICES[i % SERVICES.length]!, i));
    files.push(relative);
  }
  return files;
}
