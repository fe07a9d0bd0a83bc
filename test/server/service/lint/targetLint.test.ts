import * as assert from 'node:assert/strict';
import { snapshotOfExposition } from '../../../../server/src/service/catalog/expositionSnapshot';
import { parseExposition } from '../../../../server/src/service/exposition/expositionParser';
import { DEFAULT_LINT_SETTINGS } from '../../../../server/src/service/lint/lintSettings';
import { lintExposition } from '../../../../server/src/service/lint/targetLint';

/*
 * The target report over an exposition as prometheus_client writes it (text format 0.0.4): each
 * counter and histogram comes with an `x_created` gauge family of its own, which belongs to its
 * family and is never reported apart.
 */

/** prometheus_client 0.x output, as `generate_latest` gives it. */
const PROMETHEUS_CLIENT = `# HELP llm_requests_total Requests served.
# TYPE llm_requests_total counter
llm_requests_total{model="a",session_id="s1"} 1.0
llm_requests_total{model="a",session_id="s2"} 1.0
# HELP llm_requests_created Requests served.
# TYPE llm_requests_created gauge
llm_requests_created{model="a",session_id="s1"} 1.79e+09
llm_requests_created{model="a",session_id="s2"} 1.79e+09
# HELP llm_latency_ms Latency.
# TYPE llm_latency_ms histogram
llm_latency_ms_bucket{le="1.0"} 1.0
llm_latency_ms_bucket{le="+Inf"} 1.0
llm_latency_ms_count 1.0
llm_latency_ms_sum 0.5
# HELP llm_latency_ms_created Latency.
# TYPE llm_latency_ms_created gauge
llm_latency_ms_created 1.79e+09
# HELP account_created Accounts created, a gauge of its own.
# TYPE account_created gauge
account_created{planName="pro"} 3.0
`;

describe('target report', () => {
  it('reports prometheus_client\'s _created series with their family, never apart', () => {
    const findings = lintExposition(snapshotOfExposition(parseExposition(PROMETHEUS_CLIENT), 'api'), DEFAULT_LINT_SETTINGS);
    const metrics = [...new Set(findings.map((f) => f.metric))].sort();
    assert.deepEqual(metrics, ['account_created', 'llm_latency_ms', 'llm_requests_total']);
    // The families themselves keep their findings.
    assert.ok(findings.some((f) => f.metric === 'llm_requests_total' && f.code.code === 'cardinality/label'));
    assert.ok(findings.some((f) => f.metric === 'llm_latency_ms' && f.code.code === 'naming/base-unit'));
  });
});
