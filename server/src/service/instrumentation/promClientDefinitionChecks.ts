import type { Problem } from '../diagnostic';
import type { LintSettings } from '../lint/lintSettings';
import { counterTotal } from '../lint/rules/counterTotal';
import { instrumentationPerCallDefinition } from '../lint/rules/instrumentationPerCallDefinition';
import { checkDefinition } from './definitionChecks';
import type { PromClientDefinition } from './promClientDefinition';

/*
 * The checks of a prom-client definition: the language-agnostic ones (definitionChecks.ts: naming,
 * label names, buckets), said the way prom-client behaves (it appends no `_total`, so
 * `naming/counter-total` applies to the name as written), and a metric constructed inside a
 * request handler, which registers its name again on the second request (prom-client throws "A
 * metric with the name … has already been registered").
 */

export function checkPromClientDefinition(definition: PromClientDefinition, settings: LintSettings): Problem[] {
  const problems = checkDefinition(definition, settings).map((problem) => {
    const name = definition.nameArgument?.value;
    if (problem.code !== counterTotal || definition.promClass !== 'Counter' || !name || name.endsWith('_total')) return problem;
    return { ...problem, message: `prom-client appends no "_total": this counter is exposed as "${name}"; name it "${name}_total"` };
  });
  if (definition.requestHandler) {
    problems.push({
      code: instrumentationPerCallDefinition,
      severity: instrumentationPerCallDefinition.defaultSeverity,
      range: definition.range,
      message: `constructed in the request handler ${definition.requestHandler}: the second request registers ${definition.family ? `"${definition.family}"` : 'the name'} again and prom-client throws "A metric with the name … has already been registered"; define it once, at module level`,
    });
  }
  return problems;
}
