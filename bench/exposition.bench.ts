import * as assert from 'node:assert/strict';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { parseExposition, type ParsedExposition } from '../server/src/service/exposition/expositionParser';

/*
 * `npm run bench` (exposition): a full parse of a generated 100,000-line `/metrics` text (counters,
 * gauges, histograms, summaries; 2–6 labels; HELP and TYPE) by our parser, next to JSON.parse of
 * the same data as JSON (each family's name, help, type and samples: name, labels, value; checked
 * equal to what our parser returns), to the npm package parse-prometheus-text-format, and to a bare
 * byte scan of the same text (the floor), in one run. Each figure is the median of several runs, taken in turns.
 * Targets: at least as fast as JSON.parse, at least 4× the package.
 */

interface JsonFamily {
  name: string;
  help?: string;
  type: string;
  samples: { name: string; labels: Record<string, string>; value: number }[];
}

function generate(lines: number): { text: string; json: string } {
  const out: string[] = [];
  // The family each line belongs to, and the sample it holds (null for HELP and TYPE), so that the
  // JSON holds exactly the lines kept when the text is cut at `lines`.
  const lineFamily: JsonFamily[] = [];
  const lineSample: (JsonFamily['samples'][number] | null)[] = [];
  let family = 0;
  while (out.length < lines) {
    const type = ['counter', 'gauge', 'histogram', 'summary'][family % 4];
    const name = `app_${['http', 'grpc', 'db', 'queue'][family % 4]}_${family}_${type === 'counter' ? 'requests_total' : type === 'gauge' ? 'in_flight' : 'duration_seconds'}`;
    const entry: JsonFamily = { name, help: `Family ${family} of the generated exposition, a ${type}.`, type, samples: [] };
    out.push(`# HELP ${name} ${entry.help}`, `# TYPE ${name} ${type}`);
    lineFamily.push(entry, entry);
    lineSample.push(null, null);
    const labelCount = 2 + (family % 5);
    for (let series = 0; series < 20; series++) {
      const labels: Record<string, string> = {};
      for (let l = 0; l < labelCount; l++) labels[['instance', 'job', 'method', 'code', 'handler', 'pod'][l]] = `${['10.0.0.', 'api', 'GET', '2', '/v1/items/', 'web-'][l]}${series % (l + 3)}`;
      const set = (extra: Record<string, string> = {}): string => {
        const all = { ...labels, ...extra };
        return `{${Object.entries(all).map(([k, v]) => `${k}="${v}"`).join(',')}}`;
      };
      const push = (n: string, extra: Record<string, string>, value: number): void => {
        out.push(`${n}${set(extra)} ${value}`);
        lineFamily.push(entry);
        lineSample.push({ name: n, labels: { ...labels, ...extra }, value });
      };
      if (type === 'histogram') {
        for (const le of ['0.005', '0.01', '0.1', '1', '+Inf']) push(`${name}_bucket`, { le }, series * 3 + 1);
        push(`${name}_sum`, {}, series * 0.25);
        push(`${name}_count`, {}, series * 3 + 1);
      } else if (type === 'summary') {
        for (const quantile of ['0.5', '0.9', '0.99']) push(name, { quantile }, series / 100);
        push(`${name}_sum`, {}, series * 0.25);
        push(`${name}_count`, {}, series);
      } else {
        push(name, {}, series * 17.5);
      }
    }
    family++;
  }
  const families: JsonFamily[] = [];
  for (let k = 0; k < lines; k++) {
    const entry = lineFamily[k];
    if (families[families.length - 1] !== entry) families.push(entry);
    const sample = lineSample[k];
    if (sample) entry.samples.push(sample);
  }
  return { text: `${out.slice(0, lines).join('\n')}\n`, json: JSON.stringify(families) };
}

/** Our parser's result in the JSON's form, to check that both hold the same data. */
function asJson(parsed: ParsedExposition): JsonFamily[] {
  return parsed.families.map((f) => ({
    name: f.name,
    ...(f.help !== undefined ? { help: f.help } : {}),
    type: f.type,
    samples: f.samples.map((s) => {
      const labels: Record<string, string> = {};
      for (let k = 0; k < s.labels.length; k += 2) labels[s.labels[k]] = s.labels[k + 1];
      return { name: s.name, labels, value: s.value };
    }),
  }));
}

/**
 * The median time of each piece of work, the pieces run in turns (one of each per round), so that a
 * slow spell of the machine falls on all of them alike rather than on whichever ran then.
 */
function medians(rounds: number, works: (() => unknown)[]): number[] {
  for (let i = 0; i < 2; i++) for (const work of works) work();
  const times: number[][] = works.map(() => []);
  for (let round = 0; round < rounds; round++) {
    works.forEach((work, k) => {
      const start = process.hrtime.bigint();
      work();
      times[k].push(Number(process.hrtime.bigint() - start) / 1e9);
    });
  }
  return times.map((list) => list.sort((a, b) => a - b)[Math.floor(rounds / 2)]);
}

const { text, json } = generate(100_000);
const body = Buffer.from(text);
const [ours, jsonParse, peer, scan] = medians(9, [
  () => parseExposition(body),
  () => JSON.parse(json),
  () => parsePrometheusTextFormat(text),
  // The floor: one pass over the bytes finding the line ends, doing nothing with them.
  () => {
    let lines = 0;
    for (let at = body.indexOf(10); at >= 0; at = body.indexOf(10, at + 1)) lines++;
    return lines;
  },
]);
const check = parseExposition(body);
if (check.problems.length > 0) throw new Error(`the generated text has problems: ${JSON.stringify(check.problems[0])}`);
assert.deepEqual(asJson(check), JSON.parse(json), 'the JSON holds the same data as the text');
const mb = body.length / 1e6;
const jsonMb = Buffer.byteLength(json) / 1e6;
console.log(`100,000-line exposition: ${mb.toFixed(1)} MB text, ${check.sampleCount.toLocaleString('en-US')} samples in ${check.families.length.toLocaleString('en-US')} families; the same data as JSON (checked equal): ${jsonMb.toFixed(1)} MB`);
console.log(`ours                         ${(mb / ours).toFixed(1).padStart(7)} MB/s  ${(ours * 1000).toFixed(0).padStart(5)} ms`);
console.log(`byte scan (line ends only)   ${(mb / scan).toFixed(1).padStart(7)} MB/s  ${(scan * 1000).toFixed(0).padStart(5)} ms`);
console.log(`JSON.parse (of the JSON)     ${(jsonMb / jsonParse).toFixed(1).padStart(7)} MB/s  ${(jsonParse * 1000).toFixed(0).padStart(5)} ms`);
console.log(`parse-prometheus-text-format ${(mb / peer).toFixed(1).padStart(7)} MB/s  ${(peer * 1000).toFixed(0).padStart(5)} ms`);
const vsJson = jsonParse / ours;
const vsPeer = peer / ours;
console.log(`same data, ours vs JSON.parse: ${vsJson.toFixed(2)}× (target ≥ 1: ${vsJson >= 1 ? 'PASS' : 'MISS'}); vs the package: ${vsPeer.toFixed(2)}× (target ≥ 4: ${vsPeer >= 4 ? 'PASS' : 'MISS'})`);
