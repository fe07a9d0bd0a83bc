import type { QueryAnswer, QueryExecutor } from './queryExecutor';
import { isRecord } from '../json/isRecord';

/*
 * The live state of a rule on a server, for the lens above its `expr:`: whether an alert is firing
 * now (the server's `/api/v1/rules`, or the `ALERTS` series when the server evaluates no rules
 * itself, as VictoriaMetrics leaves that to vmalert), and whether a recording rule's series exist.
 */

export interface RuleState {
  readonly kind: 'alert' | 'record';
  readonly name: string;
  /** `not-loaded`: the server does not evaluate this alert and holds no `ALERTS` series of it. */
  readonly state: 'firing' | 'pending' | 'inactive' | 'not-loaded' | 'recorded' | 'not-recorded' | 'unknown';
  /** Alerts pending or firing now (alerts), series recorded now (recording rules). */
  readonly count?: number;
  /** One line of plain text: `firing · 3 alerts on local` (the lens adds the state's icon, as its client draws icons). */
  readonly title: string;
  /** Why the state is unknown. */
  readonly error?: string;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * @param rulesAnswer `/api/v1/rules?type=alert` of the server (callers cache it: one answer serves every lens of a file)
 */
export async function ruleState(
  rule: { readonly kind: 'alert' | 'record'; readonly name: string; readonly group?: string },
  executor: QueryExecutor,
  rulesAnswer: () => Promise<QueryAnswer>,
  signal?: AbortSignal,
): Promise<RuleState> {
  const server = executor.name;
  const unknown = (error: string): RuleState => ({ kind: rule.kind, name: rule.name, state: 'unknown', title: `state unknown: ${error}`, error });
  if (rule.kind === 'record') {
    const answer = await executor.instant({ query: `count({__name__=${JSON.stringify(rule.name)}})` }, signal);
    if (!answer.ok) return unknown(answer.message);
    const count = firstValue(answer.data);
    return count > 0
      ? { kind: 'record', name: rule.name, state: 'recorded', count, title: `recorded · ${count} series on ${server}` }
      : { kind: 'record', name: rule.name, state: 'not-recorded', count: 0, title: `not recorded on ${server}` };
  }
  const rules = await rulesAnswer();
  if (rules.ok) {
    const found = findAlertingRule(rules.data, rule.name, rule.group);
    if (found) {
      const count = found.alerts;
      if (found.state === 'firing') return { kind: 'alert', name: rule.name, state: 'firing', count, title: `firing · ${plural(count, 'alert')} on ${server}` };
      if (found.state === 'pending') return { kind: 'alert', name: rule.name, state: 'pending', count, title: `pending · ${plural(count, 'alert')} on ${server}` };
      return { kind: 'alert', name: rule.name, state: 'inactive', count: 0, title: `not firing on ${server}` };
    }
  }
  // No such rule on the server (or no rules API): the ALERTS series that a rule evaluator wrote there.
  const answer = await executor.instant({ query: `count by (alertstate) (ALERTS{alertname=${JSON.stringify(rule.name)}})` }, signal);
  if (!answer.ok) return unknown(answer.message);
  const byState = valuesByLabel(answer.data, 'alertstate');
  const firing = byState.get('firing') ?? 0;
  const pending = byState.get('pending') ?? 0;
  if (firing > 0) return { kind: 'alert', name: rule.name, state: 'firing', count: firing, title: `firing · ${plural(firing, 'alert')} on ${server}` };
  if (pending > 0) return { kind: 'alert', name: rule.name, state: 'pending', count: pending, title: `pending · ${plural(pending, 'alert')} on ${server}` };
  return { kind: 'alert', name: rule.name, state: 'not-loaded', title: `not firing on ${server} (no rule of this name loaded there)` };
}

function findAlertingRule(data: unknown, name: string, group?: string): { state: string; alerts: number } | null {
  if (!isRecord(data) || !Array.isArray(data['groups'])) return null;
  let fallback: { state: string; alerts: number } | null = null;
  for (const g of data['groups']) {
    if (!isRecord(g) || !Array.isArray(g['rules'])) continue;
    for (const r of g['rules']) {
      if (!isRecord(r) || r['name'] !== name || (r['type'] !== undefined && r['type'] !== 'alerting')) continue;
      const found = { state: typeof r['state'] === 'string' ? r['state'] : 'inactive', alerts: Array.isArray(r['alerts']) ? r['alerts'].length : 0 };
      if (group === undefined || g['name'] === group) return found;
      fallback ??= found;
    }
  }
  return fallback;
}

function firstValue(data: unknown): number {
  if (!isRecord(data) || !Array.isArray(data['result'])) return 0;
  const first: unknown = data['result'][0];
  if (!isRecord(first) || !Array.isArray(first['value'])) return 0;
  const n = Number(first['value'][1]);
  return Number.isFinite(n) ? n : 0;
}

function valuesByLabel(data: unknown, label: string): Map<string, number> {
  const out = new Map<string, number>();
  if (!isRecord(data) || !Array.isArray(data['result'])) return out;
  for (const item of data['result']) {
    if (!isRecord(item) || !isRecord(item['metric']) || !Array.isArray(item['value'])) continue;
    const key = item['metric'][label];
    const n = Number(item['value'][1]);
    if (typeof key === 'string' && Number.isFinite(n)) out.set(key, n);
  }
  return out;
}
