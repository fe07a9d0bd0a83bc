import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROMTOOL } from './promtool';

/*
 * A known past for a real server: series written as OpenMetrics and turned into TSDB blocks with
 * `promtool tsdb create-blocks-from openmetrics` (a Prometheus then serves them: startPrometheus's
 * dataDir), or imported into VictoriaMetrics through its /api/v1/import/prometheus. Timestamps
 * must lie in the recent past, within the server's retention.
 */

export interface HistorySeries {
  /** The family's name (a counter's samples are `<name>_total`). */
  readonly family: string;
  readonly type: 'counter' | 'gauge';
  readonly labels: Readonly<Record<string, string>>;
  /** [Unix seconds, value], in time order. */
  readonly points: readonly (readonly [number, number])[];
}

function sampleName(series: HistorySeries): string {
  return series.type === 'counter' ? `${series.family}_total` : series.family;
}

function labelText(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '' : `{${entries.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
}

/** The OpenMetrics text: each family's samples together, each series in time order, `# EOF` last. */
export function openMetricsText(series: readonly HistorySeries[]): string {
  const families = new Map<string, HistorySeries[]>();
  for (const s of series) families.set(s.family, [...(families.get(s.family) ?? []), s]);
  const lines: string[] = [];
  for (const [family, members] of families) {
    lines.push(`# TYPE ${family} ${members[0].type}`);
    for (const s of members) for (const [t, v] of s.points) lines.push(`${sampleName(s)}${labelText(s.labels)} ${v} ${t}`);
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

/** A TSDB folder holding the series as blocks; remove it when done. */
export function createBlocks(series: readonly HistorySeries[]): { dataDir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'prometheus-lsp-history-'));
  const input = join(dir, 'history.om');
  const dataDir = join(dir, 'data');
  writeFileSync(input, openMetricsText(series));
  execFileSync(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', input, dataDir], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  return { dataDir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Imports the series into a running VictoriaMetrics and waits until a query sees them all. */
export async function importIntoVictoriaMetrics(url: string, series: readonly HistorySeries[]): Promise<void> {
  const lines: string[] = [];
  for (const s of series) for (const [t, v] of s.points) lines.push(`${sampleName(s)}${labelText(s.labels)} ${v} ${Math.round(t * 1000)}`);
  const response = await fetch(`${url}/api/v1/import/prometheus`, { method: 'POST', body: `${lines.join('\n')}\n` });
  if (!response.ok) throw new Error(`VictoriaMetrics refused the import: ${response.status} ${await response.text()}`);
  await (await fetch(`${url}/internal/force_flush`)).arrayBuffer();
  const deadline = Date.now() + 20_000;
  const last = Math.max(...series.flatMap((s) => s.points.map(([t]) => t)));
  for (;;) {
    const query = `count({__name__=~"${[...new Set(series.map(sampleName))].join('|')}"})`;
    const answer = await (await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}&time=${last}`)).json() as { data?: { result?: { value?: [number, string] }[] } };
    const seen = Number(answer.data?.result?.[0]?.value?.[1] ?? 0);
    const expected = series.filter((s) => s.points.some(([t]) => t > last - 300)).length;
    if (seen >= expected) return;
    if (Date.now() > deadline) throw new Error(`VictoriaMetrics shows ${seen} of ${expected} series after the import`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
