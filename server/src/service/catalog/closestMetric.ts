import { distance } from 'fastest-levenshtein';
import { charMask } from './fuzzyMatch';
import type { MetricCatalog } from './metricCatalog';

/*
 * The metric a misspelt name most likely meant (`llm_request_total` → `llm_requests_total`): the
 * live catalog's name at the smallest edit distance, when that distance is small for the name's
 * length. The names are grouped by length with their character sets once per change of the
 * catalog's metrics, and a candidate must hold one of the name's pieces whole (pigeonhole), so a
 * lookup measures only names that can be close; answers are remembered
 * until the metrics change (label values fetched on demand do not count).
 */

/** Past this many names the lookup is not worth its memory. */
const MAX_NAMES = 200_000;

interface Names {
  readonly version: number;
  /** Names by length, with the character set of each (fuzzyMatch's mask). */
  readonly byLength: Map<number, { names: string[]; masks: number[] }>;
  readonly answers: Map<string, string | null>;
}

const prepared = new WeakMap<MetricCatalog, Names>();

/** The closest name of the catalog, or null when none is close enough (or the catalog is too large). */
export function closestMetric(catalog: MetricCatalog, name: string): string | null {
  if (catalog.size > MAX_NAMES) return null;
  let names = prepared.get(catalog);
  if (!names || names.version !== catalog.metricsVersion) prepared.set(catalog, (names = prepare(catalog)));
  const known = names.answers.get(name);
  if (known !== undefined) return known;
  const answer = closest(names, name);
  names.answers.set(name, answer);
  return answer;
}

function prepare(catalog: MetricCatalog): Names {
  const byLength = new Map<number, { names: string[]; masks: number[] }>();
  for (const metric of catalog.metrics()) {
    let group = byLength.get(metric.name.length);
    if (!group) byLength.set(metric.name.length, (group = { names: [], masks: [] }));
    group.names.push(metric.name);
    group.masks.push(charMask(metric.name));
  }
  return { version: catalog.metricsVersion, byLength, answers: new Map() };
}

function closest(names: Names, name: string): string | null {
  // One edit per six characters, two at most: `llm_request_total` (17) allows two.
  const allowed = Math.min(2, Math.floor(name.length / 6));
  if (allowed === 0) return null;
  const mask = charMask(name);
  // Split into allowed + 1 pieces: with at most `allowed` edits, one piece is left whole in the candidate.
  const size = Math.ceil(name.length / (allowed + 1));
  const pieces = Array.from({ length: allowed + 1 }, (_, i) => name.slice(i * size, (i + 1) * size)).filter((p) => p !== '');
  let best: string | null = null;
  let bestDistance = allowed + 1;
  for (let length = name.length - allowed; length <= name.length + allowed; length++) {
    const group = names.byLength.get(length);
    if (!group) continue;
    for (let i = 0; i < group.names.length; i++) {
      // An edit adds or removes at most one character of each set: the sets' difference bounds the distance.
      if (Math.abs(length - name.length) >= bestDistance || popcount(group.masks[i] ^ mask) > 2 * (bestDistance - 1)) continue;
      const candidate = group.names[i];
      if (!pieces.some((p) => candidate.includes(p))) continue;
      const d = distance(name, candidate);
      if (d < bestDistance || (d === bestDistance && best !== null && candidate < best)) {
        bestDistance = d;
        best = candidate;
      }
    }
  }
  return best;
}

function popcount(n: number): number {
  let count = 0;
  for (let x = n >>> 0; x !== 0; x &= x - 1) count++;
  return count;
}
