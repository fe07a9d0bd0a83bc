import * as assert from 'node:assert/strict';
import { decodeApiResponse, type ApiResponse } from '../../../server/src/sources/prometheusApiResponse';
import { startPrometheus, startVictoriaMetrics, type LiveService } from '../../support/liveServices';

/*
 * The one reader of Prometheus API answers, on what real servers answer (Debian's Prometheus and
 * VictoriaMetrics on loopback: a success, a refusal of a query, an endpoint's list, a page that is
 * not JSON), and on the answers no server here gives but a proxy or a broken server can.
 */

/** What a decoded answer says, in short: its outcome, and the fields a test can rely on. */
function gist(answer: ApiResponse): Record<string, unknown> {
  switch (answer.outcome) {
    case 'success': return { outcome: 'success', data: Array.isArray(answer.data) ? 'a list' : typeof answer.data, warnings: answer.warnings.length };
    case 'error': return { outcome: 'error', error: answer.error !== undefined, errorType: answer.errorType };
    default: return { outcome: answer.outcome };
  }
}

describe('Prometheus API answers, decoded once', function () {
  this.timeout(60_000);
  let prometheus: LiveService;
  let victoria: LiveService;

  before(async () => {
    [prometheus, victoria] = await Promise.all([startPrometheus({ scrapeTargets: [] }), startVictoriaMetrics({ scrapeTargets: [] })]);
  });
  after(async () => {
    await Promise.all([prometheus, victoria].filter(Boolean).map((s) => s.stop()));
  });

  const REAL: readonly { server: 'Prometheus' | 'VictoriaMetrics'; path: string; expected: Record<string, unknown> }[] = [
    { server: 'Prometheus', path: '/api/v1/query?query=1', expected: { outcome: 'success', data: 'object', warnings: 0 } },
    { server: 'VictoriaMetrics', path: '/api/v1/query?query=1', expected: { outcome: 'success', data: 'object', warnings: 0 } },
    { server: 'Prometheus', path: '/api/v1/label/__name__/values', expected: { outcome: 'success', data: 'a list', warnings: 0 } },
    { server: 'VictoriaMetrics', path: '/api/v1/label/__name__/values', expected: { outcome: 'success', data: 'a list', warnings: 0 } },
    { server: 'Prometheus', path: '/api/v1/query?query=sum(', expected: { outcome: 'error', error: true, errorType: 'bad_data' } },
    { server: 'VictoriaMetrics', path: '/api/v1/query?query=sum(', expected: { outcome: 'error', error: true, errorType: '422' } },
    { server: 'Prometheus', path: '/metrics', expected: { outcome: 'not-json' } },
  ];
  for (const c of REAL) {
    it(`reads ${c.server}'s answer to ${c.path}`, async () => {
      const response = await fetch(`${c.server === 'Prometheus' ? prometheus.url : victoria.url}${c.path}`);
      const answer = decodeApiResponse(await response.text(), response.status);
      assert.deepEqual(gist(answer), c.expected, `HTTP ${response.status}`);
      if (answer.outcome === 'error') assert.match(answer.error ?? '', /parse|unexpected|unclosed|cannot/i, 'the server\'s own words');
    });
  }

  const WRITTEN: readonly { what: string; body: string; status: number; expected: ApiResponse }[] = [
    {
      what: 'warnings and infos of a success, other values in them dropped',
      body: '{"status":"success","data":{"resultType":"vector","result":[]},"warnings":["remote read failed",3],"infos":["PromQL info: metric might not be a counter"]}',
      status: 200,
      expected: { outcome: 'success', data: { resultType: 'vector', result: [] }, warnings: ['remote read failed'], infos: ['PromQL info: metric might not be a counter'] },
    },
    { what: 'a success envelope with an error status', body: '{"status":"success","data":[]}', status: 503, expected: { outcome: 'error', warnings: [], infos: [] } },
    { what: 'an error without words', body: '{"status":"error","errorType":"execution","error":""}', status: 422, expected: { outcome: 'error', errorType: 'execution', warnings: [], infos: [] } },
    { what: 'an envelope without a status', body: '{"data":[]}', status: 200, expected: { outcome: 'error', warnings: [], infos: [] } },
    { what: 'JSON that is no envelope', body: '["up"]', status: 200, expected: { outcome: 'not-an-envelope' } },
    { what: 'null', body: 'null', status: 200, expected: { outcome: 'not-an-envelope' } },
    { what: 'a proxy\'s page', body: '<html><body>502 Bad Gateway</body></html>', status: 502, expected: { outcome: 'not-json' } },
    { what: 'a body cut short', body: '{"status":"success","data":[', status: 200, expected: { outcome: 'not-json' } },
  ];
  for (const c of WRITTEN) {
    it(`reads ${c.what}`, () => {
      assert.deepEqual(decodeApiResponse(c.body, c.status), c.expected);
    });
  }
});
