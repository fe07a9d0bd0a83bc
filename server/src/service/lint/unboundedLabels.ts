import type { LintSettings } from './lintSettings';

/*
 * Labels whose values have no bound: one series per request, user, session or address. Known by
 * their name only when the name cannot mean anything bounded (the list below, plus the user's
 * `unboundedLabels`); every other label, and the ambiguous names (`path` may be a queue directory,
 * `url` a remote-write target, `username` a configured user, `ip` a node's address), only by live
 * data, when a source shows more distinct values than the threshold. On real rules the ambiguous
 * names were bounded 13 times out of 13.
 */

const UNBOUNDED_BY_NAME: ReadonlySet<string> = new Set([
  'request_id', 'requestid', 'req_id', 'correlation_id', 'transaction_id', 'message_id', 'order_id', 'event_id',
  'user_id', 'userid', 'user_email', 'email', 'email_address',
  'session_id', 'sessionid', 'trace_id', 'traceid', 'span_id', 'spanid', 'uuid', 'guid',
  'client_ip', 'remote_ip', 'source_ip', 'client_address', 'query_string', 'user_agent', 'useragent',
  'timestamp', 'token', 'cookie',
]);

export interface UnboundedContext {
  readonly settings: LintSettings;
  /** Live label values (a catalog, or one target's exposition). */
  readonly catalog?: { labelValues(label: string, metric?: string): readonly string[] | undefined };
}

/** Why a label is unbounded, or null when nothing says so. */
export function unboundedLabelReason(label: string, metric: string | undefined, context: UnboundedContext): string | null {
  const lower = label.toLowerCase();
  if (UNBOUNDED_BY_NAME.has(lower) || context.settings.unboundedLabels.includes(label)) {
    return `"${label}" is unbounded by nature (a value per request, user or address): keep it in logs or traces, not in labels`;
  }
  const values = context.catalog?.labelValues(label, metric);
  if (values && values.length > context.settings.maxLabelValues) {
    return `"${label}" has ${values.length}${values.length >= 1000 ? '+' : ''} values in live data${metric ? ` on ${metric}` : ''}, over the ${context.settings.maxLabelValues} threshold`;
  }
  return null;
}
