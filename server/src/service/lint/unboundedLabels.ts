import type { LintSettings } from './lintSettings';

/*
 * Labels whose values have no bound: one series per request, user, session or address. Known by
 * their name (the list below, plus the user's `unboundedLabels`), or by live data, when a source
 * shows more distinct values than the threshold.
 */

const UNBOUNDED_BY_NAME: ReadonlySet<string> = new Set([
  'request_id', 'requestid', 'req_id', 'correlation_id', 'transaction_id', 'message_id', 'order_id', 'event_id',
  'user_id', 'userid', 'username', 'user_name', 'customer_id', 'account_id', 'email', 'user_email',
  'session_id', 'sessionid', 'session', 'trace_id', 'traceid', 'span_id', 'spanid', 'uuid', 'guid',
  'ip', 'client_ip', 'remote_ip', 'remote_addr', 'source_ip', 'ip_address', 'client_address',
  'path', 'url', 'uri', 'raw_path', 'full_path', 'request_path', 'query', 'query_string', 'user_agent', 'useragent',
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
