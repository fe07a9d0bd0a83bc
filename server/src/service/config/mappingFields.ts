import { isMap, isScalar, type YAMLMap } from 'yaml';

/*
 * Reads of a YAML mapping's fields that the configuration's object checks share (semanticChecks.ts,
 * discoveryChecks.ts): whether a field is set, its scalar text, its nested mapping. Its own module so
 * that the two check tables do not import each other.
 */

export function has(map: YAMLMap, key: string): boolean {
  const node = map.get(key, true);
  if (node === undefined || node === null) return false;
  if (isScalar(node)) return node.value !== null && node.value !== '';
  return true;
}

export function text(map: YAMLMap, key: string): string | null {
  const node = map.get(key, true);
  return isScalar(node) && node.value !== null && typeof node.value !== 'object' ? String(node.value) : null;
}

export function sub(map: YAMLMap, key: string): YAMLMap | null {
  const node = map.get(key, true);
  return isMap(node) ? node : null;
}

export function count(...flags: boolean[]): number {
  return flags.filter(Boolean).length;
}
