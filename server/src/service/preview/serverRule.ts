/*
 * The rule of a preview's name that the server already evaluates, from its `/api/v1/rules`: its
 * live state, last evaluation and last error, and whether its expression is the file's, so that
 * the preview can say "the server runs another version of this rule". Servers that evaluate no
 * rules (VictoriaMetrics leaves that to vmalert) give none.
 */

import { isRecord } from '../json/isRecord';
import { normalizedPromQL } from '../promql/normalizedPromQL';
import type { QueryExecutor } from '../query/queryExecutor';
import type { RulePreviewInput } from './previewInput';
import type { ServerRuleState } from './rulePreview';

export async function serverRuleState(input: Pick<RulePreviewInput, 'kind' | 'name' | 'group' | 'expr'>, executor: QueryExecutor, signal?: AbortSignal): Promise<ServerRuleState | undefined> {
  const answer = await executor.rules(input.kind, signal);
  if (!answer.ok || !isRecord(answer.data) || !Array.isArray(answer.data['groups'])) return undefined;
  const type = input.kind === 'alert' ? 'alerting' : 'recording';
  let found: Record<string, unknown> | undefined;
  for (const group of answer.data['groups']) {
    if (!isRecord(group) || !Array.isArray(group['rules'])) continue;
    for (const rule of group['rules']) {
      if (!isRecord(rule) || rule['name'] !== input.name || (rule['type'] !== undefined && rule['type'] !== type)) continue;
      // The rule of the same group first; another group's of the same name otherwise.
      if (group['name'] === input.group) {
        found = rule;
        break;
      }
      found ??= rule;
    }
  }
  if (!found) return undefined;
  const expr = typeof found['query'] === 'string' ? found['query'] : '';
  const evaluated = typeof found['lastEvaluation'] === 'string' ? Date.parse(found['lastEvaluation']) / 1000 : NaN;
  return {
    ...(typeof found['state'] === 'string' ? { state: found['state'] } : {}),
    health: typeof found['health'] === 'string' ? found['health'] : 'unknown',
    // Go's zero time (0001-01-01) until the first evaluation.
    ...(Number.isFinite(evaluated) && evaluated > 0 ? { lastEvaluation: evaluated } : {}),
    ...(typeof found['lastError'] === 'string' && found['lastError'] !== '' ? { lastError: found['lastError'] } : {}),
    expr,
    differs: normalizedPromQL(expr) !== normalizedPromQL(input.expr),
  };
}
