import { distance } from 'fastest-levenshtein';
import type { MetricCatalog } from './metricCatalog';

/*
 * The metric a misspelt name most likely meant (`llm_request_total` → `llm_requests_total`): the
 * live catalog's name at the smallest edit distance, when that distance is small for the name's
 * length. Answers are remembered per catalog version: a rule file asks about the same unknown
 * names on every validation.
 */

/** Past this many names the scan costs more than a suggestion is worth. */
const MAX_SCANNED = 200_000;

const remembered = new WeakMap<MetricCatalog, { version: number; answers: Map<string, string | null> }>();

/** The closest name of the catalog, or null when none is close enough (or the catalog is too large to scan). */
export function closestMetric(catalog: MetricCatalog, name: string): string | null {
  let cache = remembered.get(catalog);
  if (!cache || cache.version !== catalog.version) remembered.set(catalog, (cache = { version: catalog.version, answers: new Map() }));
  const known = cache.answers.get(name);
  if (known !== undefined) return known;
  const answer = catalog.size > MAX_SCANNED ? null : scan(catalog, name);
  cache.answers.set(name, answer);
  return answer;
}

function scan(catalog: MetricCatalog, name: string): string | null {
  // One edit per six characters, two at most: `llm_request_total` (17) allows two.
  const allowed = Math.min(2, Math.floor(name.length / 6));
  if (allowed === 0) return null;
  let best: string | null = null;
  let bestDistance = allowed + 1;
  for (const metric of catalog.metrics()) {
    const candidate = metric.name;
    if (Math.abs(candidate.length - name.length) >= bestDistance) continue;
    const d = distance(name, candidate);
    if (d < bestDistance || (d === bestDistance && best !== null && candidate < best)) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best;
}
