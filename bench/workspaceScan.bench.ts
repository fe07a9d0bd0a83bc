import { pathToFileURL } from 'node:url';
import { CompletionRequest } from 'vscode-languageserver-protocol/node';
import { writeForeignYamlWorkspace } from '../test/support/foreignYamlWorkspace';
import { StdioLanguageClient } from '../test/support/lspClient';

/*
 * `npm run bench` (workspace scan): completion latency over stdio while the server scans a
 * workspace of other tools' YAML files (Kubernetes objects, Helm values, docker-compose…) with one
 * query file open, next to the same requests once the scan is done (same run, same server). A
 * completion is sent every 50 ms; the wait of each is timed from send to answer. The scan's own time
 * comes from the server (`prometheus/serverStats`: `scanDone`, `scanMs`, `scannedFiles`).
 * Targets: no completion waits more than 200 ms for the scan; 50,000 such files scanned in < 10 s.
 */

const INTERVAL_MS = 50;
/** Completions after the scan, for the figures without it. */
const AFTER_SCAN = 40;

interface ScanStats {
  readonly scanDone?: boolean;
  readonly scanMs?: number;
  readonly scannedFiles?: number;
  readonly indexedFiles: number;
  readonly heapUsedBytes: number;
}

const median = (sorted: readonly number[]): number => sorted[Math.floor(sorted.length / 2)] ?? NaN;
const max = (sorted: readonly number[]): number => sorted[sorted.length - 1] ?? NaN;

async function run(files: number): Promise<void> {
  const started = performance.now();
  const workspace = writeForeignYamlWorkspace(files);
  const written = performance.now() - started;
  // Without --expose-gc: serverStats would collect on every poll and slow the scan down.
  const client = new StdioLanguageClient();
  try {
    const uri = pathToFileURL(workspace.queryFile).toString();
    const line = workspace.queryText.split('\n')[0];
    const complete = async (): Promise<number> => {
      const start = performance.now();
      await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 0, character: line.indexOf('[') - 1 } });
      return performance.now() - start;
    };
    const stats = (): Promise<ScanStats> => client.connection.sendRequest<ScanStats>('prometheus/serverStats');
    await client.initialize(pathToFileURL(workspace.folder).toString());
    client.open(uri, 'promql', workspace.queryText);
    const during: number[] = [];
    const after: number[] = [];
    let done: ScanStats | undefined;
    const deadline = Date.now() + 120_000;
    for (let tick = performance.now(); ; tick += INTERVAL_MS) {
      const wait = await complete();
      const state = await stats();
      if (done) after.push(wait);
      else {
        during.push(wait);
        if (state.scanDone) done = state;
      }
      if (after.length >= AFTER_SCAN) break;
      if (Date.now() > deadline) throw new Error(`the scan of ${files} files did not end within 120 s`);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, tick + INTERVAL_MS - performance.now())));
    }
    during.sort((a, b) => a - b);
    after.sort((a, b) => a - b);
    const scanMs = done?.scanMs ?? NaN;
    const scanned = done?.scannedFiles ?? NaN;
    console.log(`${files} YAML files of other tools (${(workspace.bytes / 1e6).toFixed(1)} MB, written in ${(written / 1000).toFixed(1)} s) and one query file`);
    console.log(`  scan: ${scanned} files in ${(scanMs / 1000).toFixed(2)} s (${Math.round(scanned / (scanMs / 1000))} files/s), ${done?.indexedFiles} indexed, heap used ${((done?.heapUsedBytes ?? NaN) / 1e6).toFixed(0)} MB at its end (uncollected)`);
    console.log(`  completion during the scan (${during.length} requests): median ${median(during).toFixed(1)} ms, max ${max(during).toFixed(1)} ms`);
    console.log(`  completion after the scan  (${after.length} requests): median ${median(after).toFixed(1)} ms, max ${max(after).toFixed(1)} ms`);
    console.log(`  during / after: median ${(median(during) / median(after)).toFixed(2)}×, max ${(max(during) / max(after)).toFixed(2)}×`);
    const met = max(during) < 200 && (files < 50_000 || scanMs < 10_000);
    console.log(`  target (no wait over 200 ms${files >= 50_000 ? ', scan under 10 s' : ''}): ${met ? 'met' : 'MISS'}`);
  } finally {
    await client.stop();
    workspace.remove();
  }
}

async function main(): Promise<void> {
  await run(5_000);
  await run(50_000);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
