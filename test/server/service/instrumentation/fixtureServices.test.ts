import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCodeGrammars } from '../../../../server/src/fileSystem/codeGrammars';
import type { CodeGrammars } from '../../../../server/src/service/instrumentation/codeParser';
import { readCodeMetrics } from '../../../../server/src/service/instrumentation/codeMetrics';
import { multiprocessGaugeProblems } from '../../../../server/src/service/instrumentation/multiprocessGauges';
import { FIXTURES, REPO_ROOT } from '../../../support/paths';

/*
 * The fixture services of issue 21's "Proof" (test/fixtures/services/): whole services of the kind
 * the seeds describe (Python with prometheus_client, Express with prom-client), read as the workspace reads them (multiprocess mode when any file of the
 * service sets it up). Each table lists every finding expected in a file, by rule and the exact text
 * of its range; a finding not listed fails the test too, so the correct code around the mistakes
 * (the near misses) is checked as well.
 */

interface Expected {
  readonly rule: string;
  /** The exact text of the range. */
  readonly text: string;
  /** Which occurrence of `text` in the file, counting from 0, when it occurs more than once. */
  readonly occurrence?: number;
  readonly severity: 'error' | 'warning';
}

interface Service {
  /** Under test/fixtures/services/, or from the repository's root when it starts with `demo/`. */
  readonly folder: string;
  readonly language?: 'javascript';
  readonly files: Readonly<Record<string, readonly Expected[]>>;
}

const SERVICES: readonly Service[] = [
  {
    folder: 'llm',
    files: {
      'inference.py': [
        { rule: 'cardinality/label', text: '"user_id"', severity: 'warning' },
        { rule: 'naming/base-unit', text: '"llm_time_to_first_token_ms"', severity: 'warning' },
        { rule: 'instrumentation/bucket-order', text: '250', occurrence: 1, severity: 'error' },
        { rule: 'instrumentation/buckets', text: '250', occurrence: 1, severity: 'warning' },
        { rule: 'instrumentation/reserved-label', text: '"le"', severity: 'error' },
        { rule: 'cardinality/label', text: 'request.url.path', severity: 'warning' },
        { rule: 'instrumentation/per-call-definition', text: 'Counter', occurrence: 3, severity: 'warning' },
        { rule: 'instrumentation/labels-mismatch', text: '(model="embed", endpoint="/v1/embeddings", tenant="default")', severity: 'error' },
      ],
    },
  },
  {
    folder: 'gunicorn',
    files: {
      'app.py': [
        { rule: 'cardinality/label', text: 'request.path', severity: 'warning' },
        { rule: 'instrumentation/labels-missing', text: 'inc', occurrence: 3, severity: 'error' },
        { rule: 'instrumentation/multiprocess-gauge', text: '"http_requests_in_progress"', severity: 'warning' },
        { rule: 'instrumentation/multiprocess-gauge', text: '"job_queue_depth"', severity: 'warning' },
      ],
      'gunicorn.conf.py': [],
    },
  },
  {
    folder: 'express',
    language: 'javascript',
    files: {
      'server.js': [
        { rule: 'naming/counter-total', text: "'http_requests'", severity: 'warning' },
        { rule: 'naming/base-unit', text: "'http_request_duration_ms'", severity: 'warning' },
        { rule: 'cardinality/label', text: "'user_id'", severity: 'warning' },
        { rule: 'cardinality/label', text: 'req.originalUrl', severity: 'warning' },
      ],
    },
  },
  {
    // The demo's service (`npm run demo`): the mistakes it is there to show.
    folder: 'demo/workspace/service',
    files: {
      'app.py': [
        { rule: 'cardinality/label', text: '"request_id"', severity: 'warning' },
        { rule: 'naming/base-unit', text: '"preprocess_time_ms"', severity: 'warning' },
        { rule: 'cardinality/label', text: 'str(exc)', severity: 'warning' },
        { rule: 'instrumentation/labels-missing', text: 'inc', occurrence: 3, severity: 'error' },
      ],
    },
  },
];

function nthIndexOf(text: string, part: string, n: number): number {
  let at = -1;
  for (let i = 0; i <= n; i++) {
    at = text.indexOf(part, at + 1);
    if (at === -1) throw new Error(`occurrence ${n} of ${part} not in the fixture`);
  }
  return at;
}

describe('fixture services modelled on the seeds, and the demo service', () => {
  let grammars: CodeGrammars;
  before(async () => {
    grammars = await loadCodeGrammars(['python', 'javascript']);
  });

  for (const service of SERVICES) {
    it(`${service.folder}: every expected finding at its exact range, and no other`, () => {
      const folder = service.folder.startsWith('demo/') ? path.join(REPO_ROOT, service.folder) : path.join(FIXTURES, 'services', service.folder);
      const texts = Object.keys(service.files).map((file) => ({ file, text: fs.readFileSync(path.join(folder, file), 'utf8') }));
      const read = texts.map(({ file, text }) => ({ file, text, metrics: readCodeMetrics(service.language ?? 'python', text, grammars) }));
      const multiprocess = read.some((r) => r.metrics.multiprocess);
      for (const { file, text, metrics } of read) {
        metrics.parsed?.release();
        const problems = [...metrics.problems, ...(multiprocess ? multiprocessGaugeProblems(metrics, text) : [])];
        const found = problems.map((p) => ({ rule: p.code.code, start: p.range.start, end: p.range.end, severity: p.severity })).sort((a, b) => a.start - b.start || a.rule.localeCompare(b.rule));
        const expected = service.files[file].map((e) => {
          const start = nthIndexOf(text, e.text, e.occurrence ?? 0);
          return { rule: e.rule, start, end: start + e.text.length, severity: e.severity };
        }).sort((a, b) => a.start - b.start || a.rule.localeCompare(b.rule));
        assert.deepEqual(found, expected, `${file}: ${found.map((f) => `${f.rule} ${text.slice(f.start, f.end)}`).join(' | ')}`);
      }
    });
  }

  it('gunicorn: multiprocess mode comes from the config file, not from the app alone', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'services', 'gunicorn', 'gunicorn.conf.py'), 'utf8');
    const metrics = readCodeMetrics('python', text, grammars);
    metrics.parsed?.release();
    assert.equal(metrics.multiprocess, true);
    assert.equal(metrics.definitions.length, 0);
  });
});
