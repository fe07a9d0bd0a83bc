import { isMap } from 'yaml';

/*
 * Where a rule file keeps its groups: `groups:` at the top of a Prometheus rule file, or
 * `spec.groups` of a PrometheusRule resource. Every reader of rule groups (the model's queries, the
 * index, lints, symbols, previews) asks here, so that the two shapes are told apart in one place.
 */

/** The node of a document's rule groups (a sequence in a well-formed file); undefined for a root that is not a map. */
export function ruleGroupsNode(root: unknown): unknown {
  if (!isMap(root)) return undefined;
  const spec = root.get('spec', true);
  return isMap(spec) ? spec.get('groups', true) : root.get('groups', true);
}
