import * as fs from 'node:fs';
import * as path from 'node:path';
import { parser as lezerParser } from '@prometheus-io/lezer-promql';
import { parse } from '../server/src/service/promql/parser';
import { CORPUS, readJsonLines } from '../test/support/paths';

/*
 * `npm run bench`: our PromQL parser (lexing and parsing with recovery into our tree, no type check)
 * against @prometheus-io/lezer-promql (the parser of Prometheus' own web UI), in the same run, on
 * the corpus' rule expressions and on large generated expressions. Prints MB/s, expressions/s and
 * the ratio ours/lezer. Targets: ≥ 1.5× lezer on rule expressions, ≥ 1× on large ones, and time
 * linear in input size.
 */

interface Measurement {
  readonly seconds: number;
  readonly runs: number;
}

/** Runs `work` over all inputs repeatedly for at least `minSeconds`, after a warm-up; best of 3 rounds. */
function measure(inputs: readonly string[], work: (text: string) => unknown, minSeconds = 1): Measurement {
  for (const text of inputs) work(text);
  let best = Infinity;
  let bestRuns = 0;
  for (let round = 0; round < 3; round++) {
    let runs = 0;
    const start = process.hrtime.bigint();
    let elapsed = 0;
    do {
      for (const text of inputs) work(text);
      runs++;
      elapsed = Number(process.hrtime.bigint() - start) / 1e9;
    } while (elapsed < minSeconds / 3);
    if (elapsed / runs < best) {
      best = elapsed / runs;
      bestRuns = runs;
    }
  }
  return { seconds: best, runs: bestRuns };
}

function row(cells: (string | number)[]): string {
  return cells.map((c, i) => String(c).padStart(i === 0 ? 28 : 12)).join(' ');
}

function compare(label: string, inputs: readonly string[]): number {
  const bytes = inputs.reduce((sum, t) => sum + Buffer.byteLength(t), 0);
  const ours = measure(inputs, (t) => parse(t));
  const lezer = measure(inputs, (t) => lezerParser.parse(t));
  const mbs = (m: Measurement) => (bytes / 1e6 / m.seconds).toFixed(1);
  const eps = (m: Measurement) => Math.round(inputs.length / m.seconds).toString();
  const ratio = lezer.seconds / ours.seconds;
  console.log(row([label, `${(bytes / 1024).toFixed(0)} KB`, mbs(ours), mbs(lezer), eps(ours), eps(lezer), `${ratio.toFixed(2)}×`]));
  return ratio;
}

/**
 * A large expression built from real rule expressions, about `size` bytes, joined pairwise into a
 * balanced tree (`((e1) or (e2)) or ((e3) or (e4))`): lezer overflows its stack on long flat chains,
 * so a flat chain would measure nothing.
 */
function generated(rules: readonly string[], size: number): string {
  let parts: string[] = [];
  let length = 0;
  for (let i = 0; length < size; i++) {
    const part = `(${rules[i % rules.length]})`;
    parts.push(part);
    length += part.length + 4;
  }
  const operators = [' or ', ' + ', ' and ', ' / '];
  for (let level = 0; parts.length > 1; level++) {
    const next: string[] = [];
    for (let i = 0; i < parts.length; i += 2) {
      next.push(i + 1 < parts.length ? `(${parts[i]}${operators[level % operators.length]}${parts[i + 1]})` : parts[i]);
    }
    parts = next;
  }
  return parts[0];
}

function main(): void {
  const records = readJsonLines<{ expr: string; expected: string; rule_file?: string }>(path.join(CORPUS, 'promql', 'all.jsonl'));
  const rules = records.filter((r) => r.rule_file !== undefined && r.expected === 'valid').map((r) => r.expr);
  const all = records.map((r) => r.expr);

  console.log(`PromQL parser benchmark (node ${process.version}); MB/s and expressions/s, ours vs lezer-promql ${lezerVersion()}`);
  console.log(row(['input', 'size', 'ours MB/s', 'lezer MB/s', 'ours expr/s', 'lezer expr/s', 'ours/lezer']));
  const ruleRatio = compare(`rule expressions (${rules.length})`, rules);
  compare(`all corpus expressions (${all.length})`, all);
  const largeRatios: number[] = [];
  const perKb: number[] = [];
  for (const size of [10_000, 100_000, 1_000_000]) {
    const text = generated(rules, size);
    largeRatios.push(compare(`generated ${size / 1000} KB`, [text]));
    perKb.push(measure([text], (t) => parse(t)).seconds / (text.length / 1024));
  }
  const linearity = Math.max(...perKb) / Math.min(...perKb);
  console.log('');
  console.log(`time per KB, 10 KB → 1 MB: ${perKb.map((s) => `${(s * 1e6).toFixed(1)} µs`).join(', ')} (max/min ${linearity.toFixed(2)})`);
  const chain = Array.from({ length: 100_000 }, (_, i) => `m${i}`).join(' + ');
  const chainSeconds = measure([chain], (t) => parse(t)).seconds;
  let lezerChain = 'ok';
  try {
    lezerParser.parse(chain);
  } catch (error) {
    lezerChain = `fails: ${error instanceof Error ? error.constructor.name : String(error)}`;
  }
  console.log(`flat 100,000-term chain (${(chain.length / 1e6).toFixed(2)} MB): ours ${(chain.length / 1e6 / chainSeconds).toFixed(1)} MB/s; lezer ${lezerChain}`);
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT MET');
  console.log(`target ≥ 1.5× lezer on rule expressions: ${ruleRatio.toFixed(2)}× — ${verdict(ruleRatio >= 1.5)}`);
  console.log(`target ≥ 1× lezer on large expressions: ${Math.min(...largeRatios).toFixed(2)}× (worst) — ${verdict(Math.min(...largeRatios) >= 1)}`);
  console.log(`target linear time: max/min time per KB ${linearity.toFixed(2)} — ${verdict(linearity < 2)}`);
}

function lezerVersion(): string {
  const packageJson = path.join(path.dirname(require.resolve('@prometheus-io/lezer-promql')), '..', 'package.json');
  return (JSON.parse(fs.readFileSync(packageJson, 'utf8')) as { version: string }).version;
}

main();
