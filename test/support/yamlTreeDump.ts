import * as assert from 'node:assert/strict';
import { isMap, isScalar, isSeq, parseAllDocuments, type Document } from 'yaml';
import { yamlDocumentsFromEvents } from '../../server/src/service/documents/yamlFromEvents';

/** A YAML node tree as plain data (values, scalar styles, flow, ranges), to compare two parses. */
export function dumpYamlTree(node: unknown): unknown {
  if (node === null || node === undefined) return null;
  if (isScalar(node)) {
    const value = typeof node.value === 'number' && !Number.isFinite(node.value) ? String(node.value) : node.value;
    return { scalar: value, type: node.type, range: node.range, format: node.format };
  }
  if (isMap(node)) return { map: node.items.map((p) => [dumpYamlTree(p.key), dumpYamlTree(p.value)]), flow: node.flow === true, range: node.range };
  if (isSeq(node)) return { seq: node.items.map(dumpYamlTree), flow: node.flow === true, range: node.range };
  return { other: String(node) };
}

export function dumpYamlDocuments(documents: readonly Document[]): unknown[] {
  return documents.map((d) => dumpYamlTree(d.contents));
}

/** The `yaml` parser's documents as the language service parses them, and whether it found errors. */
export function parseWithYaml(text: string): { documents: Document.Parsed[]; errors: number } {
  const parsed = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true, merge: true });
  const documents = (Array.isArray(parsed) ? parsed : []) as Document.Parsed[];
  return { documents, errors: documents.reduce((n, d) => n + d.errors.length, 0) };
}

/**
 * Documents built from js-yaml's events must be the very documents the `yaml` parser makes (values,
 * styles, ranges), or not be built at all. Returns whether they were built.
 */
export function assertBuiltAsYamlParserBuilds(text: string, where = ''): boolean {
  const fast = yamlDocumentsFromEvents(text);
  if (fast === null) return false;
  const reference = parseWithYaml(text);
  assert.equal(reference.errors, 0, `${where}: built from events, but the yaml parser finds errors`);
  assert.deepEqual(dumpYamlDocuments(fast), dumpYamlDocuments(reference.documents), where);
  return true;
}
