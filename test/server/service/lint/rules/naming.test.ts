import * as assert from 'node:assert/strict';
import { checkMetricName, type NameOrigin } from '../../../../../server/src/service/lint/rules/naming';
import type { MetricType } from '../../../../../server/src/service/exposition/expositionParser';

/*
 * The naming rules over single names: what fires (rule id, suggested name, scale) and the near
 * misses that must stay silent, for exported metrics and recording rules.
 */

interface Case {
  readonly name: string;
  readonly type?: MetricType;
  readonly origin?: NameOrigin;
  /** Rule ids expected, in order; empty for a clean name. */
  readonly codes: readonly string[];
  readonly suggestion?: string;
  readonly scale?: number;
}

const CASES: Case[] = [
  { name: 'http_request_duration_seconds', type: 'histogram', codes: [] },
  { name: 'request_latency_ms', type: 'gauge', codes: ['naming/base-unit'], suggestion: 'request_latency_seconds', scale: 0.001 },
  { name: 'request_latency_milliseconds_bucket', type: 'histogram', codes: ['naming/base-unit'], suggestion: 'request_latency_seconds_bucket', scale: 0.001 },
  { name: 'disk_used_kb', type: 'gauge', codes: ['naming/base-unit'], suggestion: 'disk_used_bytes', scale: 1000 },
  { name: 'job_duration_minutes', type: 'gauge', codes: ['naming/base-unit'], suggestion: 'job_duration_seconds', scale: 60 },
  { name: 'cpu_usage_percent', type: 'gauge', codes: ['naming/base-unit'], suggestion: 'cpu_usage_ratio', scale: 0.01 },
  { name: 'upload_size_mb_total', type: 'counter', codes: ['naming/base-unit'], suggestion: 'upload_size_bytes_total' },
  { name: 'requests_s', type: 'gauge', codes: ['naming/base-unit'] },
  { name: 'ms_since_start', type: 'gauge', codes: [] },
  // A unit only in unit position: last, or before _per_; never after _by_.
  { name: 'apiserver_requests_by_ns', type: 'gauge', codes: [] },
  { name: 'namespace:pods_by_ns:sum', origin: 'recorded', codes: [] },
  { name: 'queue_ns_depth', type: 'gauge', codes: [] },
  { name: 'latency_window_min', type: 'gauge', codes: [] },
  { name: 'upload_mb_per_second', type: 'gauge', codes: ['naming/base-unit'], suggestion: 'upload_bytes_per_second', scale: 1e6 },
  { name: 'http_requests', type: 'counter', codes: ['naming/counter-total'], suggestion: 'http_requests_total' },
  { name: 'queue_depth_total', type: 'gauge', codes: ['naming/counter-total'], suggestion: 'queue_depth' },
  { name: 'http_requests_total', type: 'counter', codes: [] },
  { name: 'http_requests_created', type: 'counter', codes: [] },
  { name: 'cache_hits_count', type: 'gauge', codes: ['naming/reserved-suffix'] },
  { name: 'payload_sum', type: 'counter', codes: ['naming/counter-total', 'naming/reserved-suffix'] },
  { name: 'httpRequestsTotal', type: 'counter', codes: ['naming/style', 'naming/counter-total'] },
  { name: 'http.server.duration', type: 'histogram', codes: ['naming/style'] },
  { name: 'app:requests_total', type: 'counter', codes: ['naming/colon'] },
  { name: 'request_seconds_duration', type: 'gauge', codes: ['naming/unit-position'] },
  { name: 'network_bytes_per_second', type: 'gauge', codes: [] },
  { name: 'job:request_latency_ms:avg5m', origin: 'recorded', codes: ['naming/base-unit'], suggestion: 'job:request_latency_seconds:avg5m', scale: 0.001 },
  { name: 'job:http_requests:rate5m', origin: 'recorded', codes: [] },
  { name: 'instance:node_network_receive_bytes_excluding_lo:rate5m', origin: 'recorded', codes: [] },
  { name: 'HighErrorRate', origin: 'recorded', codes: ['naming/style'] },
];

describe('metric naming rules', () => {
  for (const c of CASES) {
    it(`${c.name} (${c.origin ?? 'exported'} ${c.type ?? ''}): ${c.codes.join(', ') || 'clean'}`, () => {
      const findings = checkMetricName(c.name, c.type, c.origin ?? 'exported');
      assert.deepEqual(findings.map((f) => f.code.code), c.codes, findings.map((f) => f.message).join('; '));
      if (c.suggestion) assert.equal(findings[0].suggestion, c.suggestion);
      if (c.scale !== undefined) assert.equal(findings[0].scale, c.scale);
    });
  }

  it('names the unit apart from the name, so that a caller can name the rule', () => {
    const [finding] = checkMetricName('job:request_latency_ms:avg5m', undefined, 'recorded');
    assert.equal(finding.message, 'the unit "_ms" is not a base unit: use "_seconds" (divide the value by 1000), as in "job:request_latency_seconds:avg5m"');
  });
});
