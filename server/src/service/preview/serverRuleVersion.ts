import { isRecord } from '../json/isRecord';
import { parse } from '../promql/parser';
import { printExpr } from '../promql/printer';

/*
 * What a server that already runs a rule of the previewed name says about it, shown beside the
 * preview: its live state, when it last evaluated the rule and the error it got, and whether it runs
 * the same expression as the file. Read from the server's `/api/v1/rules` answer; the two expressions
 * are compared as Prometheus prints them (comments, spacing, line breaks and matcher order do not
 * count as a difference).
 */

export interface ServerRuleVersion {
  /** The group the server runs it in. */
  readonly group: string;
  /** Alerting rules: `firing`, `pending` or `inactive`; recording rules: absent. */
  readonly state?: string;
  /** Alerting rules: alerts pending or firing now. */
  readonly activeAlerts?: number;
  /** `ok`, `err` or `unknown`, as the server reports it. */
  readonly health: string;
  /** RFC 3339, as the server wrote it; absent when it never evaluated the rule. */
  readonly lastEvaluation?: string;
  readonly lastError?: string;
  /** The expression the server runs, as it prints it. */
  readonly serverQuery: string;
  /** The server's expression is not the file's: "the server runs another version of this rule". */
  readonly differs: boolean;
  /** One line of plain text for the view: `firing · 2 alerts · evaluated 2026-12-07T13:00:01Z`. */
  readonly line: string;
}

/** The canonical text of a PromQL expression, or the trimmed text itself when it does not parse. */
export function normalizedPromQL(text: string): string {
  const parsed = parse(text);
  return parsed.problems.length > 0 ? text.trim() : printExpr(parsed.expr);
}

/**
 * The server's version of a rule, or null when it runs none of that name and kind.
 * @param rulesData the `data` of `/api/v1/rules` (all types)
 * @param group the file's group: a rule of that name in a group of the same name wins over another
 */
export function serverRuleVersion(rulesData: unknown, rule: { readonly kind: 'alert' | 'record'; readonly name: string; readonly group?: string; readonly expr: string }): ServerRuleVersion | null {
  if (!isRecord(rulesData) || !Array.isArray(rulesData['groups'])) return null;
  const type = rule.kind === 'alert' ? 'alerting' : 'recording';
  let found: { group: string; rule: Record<string, unknown> } | null = null;
  for (const g of rulesData['groups']) {
    if (!isRecord(g) || !Array.isArray(g['rules'])) continue;
    const groupName = typeof g['name'] === 'string' ? g['name'] : '';
    for (const r of g['rules']) {
      if (!isRecord(r) || r['name'] !== rule.name || (r['type'] !== undefined && r['type'] !== type)) continue;
      if (rule.group === undefined || groupName === rule.group) return versionOf(groupName, r, rule);
      found ??= { group: groupName, rule: r };
    }
  }
  return found ? versionOf(found.group, found.rule, rule) : null;
}

function versionOf(group: string, r: Record<string, unknown>, rule: { readonly kind: 'alert' | 'record'; readonly expr: string }): ServerRuleVersion {
  const serverQuery = typeof r['query'] === 'string' ? r['query'] : '';
  const health = typeof r['health'] === 'string' && r['health'] !== '' ? r['health'] : 'unknown';
  const lastEvaluation = typeof r['lastEvaluation'] === 'string' && !r['lastEvaluation'].startsWith('0001-') ? r['lastEvaluation'] : undefined;
  const lastError = typeof r['lastError'] === 'string' && r['lastError'] !== '' ? r['lastError'] : undefined;
  const differs = serverQuery !== '' && normalizedPromQL(serverQuery) !== normalizedPromQL(rule.expr);
  const state = rule.kind === 'alert' ? (typeof r['state'] === 'string' ? r['state'] : 'inactive') : undefined;
  const activeAlerts = rule.kind === 'alert' ? (Array.isArray(r['alerts']) ? r['alerts'].length : 0) : undefined;
  const parts = [
    state !== undefined ? `${state}${activeAlerts ? ` · ${activeAlerts} alert${activeAlerts === 1 ? '' : 's'}` : ''}` : undefined,
    lastEvaluation ? `evaluated ${lastEvaluation}` : 'never evaluated',
    health === 'ok' ? undefined : `health ${health}`,
    lastError ? `last error: ${lastError}` : undefined,
  ];
  return {
    group, health, serverQuery, differs,
    ...(state !== undefined ? { state } : {}),
    ...(activeAlerts !== undefined ? { activeAlerts } : {}),
    ...(lastEvaluation ? { lastEvaluation } : {}),
    ...(lastError ? { lastError } : {}),
    line: parts.filter((p): p is string => p !== undefined).join(' · '),
  };
}
