import { isMap, isScalar, isSeq, type Document } from 'yaml';
import type { ConfigIntervals } from '../lint/documentLint';
import { parseDuration } from '../promql/duration';

/*
 * The scrape and evaluation intervals a configuration sets (Prometheus' default of 1m where it sets
 * none), and their merge over every configuration of a workspace: the smallest global interval,
 * the smallest interval of each job name.
 */

const DEFAULT_SECONDS = 60;

export function configIntervalsOf(documents: readonly Document.Parsed[]): ConfigIntervals {
  let scrape: number | undefined;
  let evaluation: number | undefined;
  const scrapeByJob = new Map<string, number>();
  for (const document of documents) {
    const root = document.contents;
    if (!isMap(root)) continue;
    const global = root.get('global', true);
    const globalScrape = isMap(global) ? seconds(global.get('scrape_interval', true)) : undefined;
    const globalEvaluation = isMap(global) ? seconds(global.get('evaluation_interval', true)) : undefined;
    scrape = smaller(scrape, globalScrape ?? DEFAULT_SECONDS);
    evaluation = smaller(evaluation, globalEvaluation ?? DEFAULT_SECONDS);
    const jobs = root.get('scrape_configs', true);
    if (!isSeq(jobs)) continue;
    for (const job of jobs.items) {
      if (!isMap(job)) continue;
      const name = job.get('job_name');
      if (typeof name !== 'string') continue;
      const interval = seconds(job.get('scrape_interval', true)) ?? globalScrape ?? DEFAULT_SECONDS;
      scrapeByJob.set(name, smaller(scrapeByJob.get(name), interval));
    }
  }
  return { scrape, scrapeByJob, evaluation };
}

export function mergeConfigIntervals(all: Iterable<ConfigIntervals>): ConfigIntervals | undefined {
  let merged: { scrape: number | undefined; scrapeByJob: Map<string, number>; evaluation: number | undefined } | undefined;
  for (const one of all) {
    merged ??= { scrape: undefined, scrapeByJob: new Map(), evaluation: undefined };
    merged.scrape = smaller(merged.scrape, one.scrape);
    merged.evaluation = smaller(merged.evaluation, one.evaluation);
    for (const [job, interval] of one.scrapeByJob) merged.scrapeByJob.set(job, Math.min(merged.scrapeByJob.get(job) ?? interval, interval));
  }
  return merged;
}

function smaller(a: number | undefined, b: number): number;
function smaller(a: number | undefined, b: number | undefined): number | undefined;
function smaller(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

function seconds(node: unknown): number | undefined {
  if (!isScalar(node) || typeof node.value !== 'string') return undefined;
  const parsed = parseDuration(node.value);
  return 'seconds' in parsed && parsed.seconds > 0 ? parsed.seconds : undefined;
}
