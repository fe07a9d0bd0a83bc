import type { Problem, QuickFix } from '../diagnostic';
import type { MetricUse } from '../rules/ruleIndex';
import { unexposedName } from '../lint/rules/unexposedName';
import type { MetricDefinition } from './metricDefinition';

/*
 * instrumentation/unexposed-name, which needs the queries and the code together: a name a query
 * reads that the code writes in a definition but never exposes under (the seeds' `request_count`
 * for `Counter('request_count')`, exposed as `request_count_total`).
 */

/** What the checks read of the workspace. */
export interface ExposedNames {
  /** Whether the code exposes the name, a live source has it or a recording rule records it. */
  isKnown(name: string): boolean;
  /** The definitions written with this name (their name argument or family) that expose others. */
  writtenAs(name: string): readonly { readonly definition: MetricDefinition; readonly place: string }[];
}

/** The findings on the uses of a file that read a name the code writes but does not expose. */
export function unexposedNameProblems(uses: readonly MetricUse[], names: ExposedNames): Problem[] {
  const problems: Problem[] = [];
  for (const use of uses) {
    const written = names.writtenAs(use.name);
    if (written.length === 0 || names.isKnown(use.name)) continue;
    const { definition, place } = written[0];
    const exposed = definition.exposed.map((e) => e.name);
    const meant = meantName(definition);
    const fixes: QuickFix[] = meant ? [{ title: `Use ${meant}`, safe: false, changes: [{ range: use.range, newText: meant }] }] : [];
    problems.push({
      code: unexposedName,
      severity: unexposedName.defaultSeverity,
      range: use.range,
      message: `${definition.library} exposes the ${definition.metricClass} "${use.name}" (${place}) as ${exposed.join(', ')}: no series is named ${use.name}${meant ? `; did you mean ${meant}?` : ''}`,
      fixes,
    });
  }
  return problems;
}

/** The one series a query of the written name means, when there is one: a Counter's `_total`, an Info's `_info`. */
function meantName(definition: MetricDefinition): string | undefined {
  const family = definition.family;
  if (family === undefined) return undefined;
  const wanted = definition.metricClass === 'Counter' ? `${family}_total` : definition.metricClass === 'Info' ? `${family}_info` : undefined;
  return wanted !== undefined && definition.exposed.some((e) => e.name === wanted) ? wanted : undefined;
}
