'use strict';
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');

/*
 * The bundle's V8 code cache. Without it the command compiles the bundle's 1.4 MB of text at every
 * start (about 30 ms of a one-file check's 1.1 s here), then each function the first time it runs.
 * Node 22 keeps compiled code itself (module.enableCompileCache), Node 20 does not, and the
 * v8-compile-cache package keeps only what was compiled before the module's first function ran, in
 * the temporary folder, from a first run (a CI machine makes one). So `npm run build` writes the
 * cache beside the bundle after a warm-up check, so that it holds the functions a check runs too
 * (writeCodeCache), and the command loads the bundle through it (requireWithCodeCache).
 *
 * V8 refuses a cache made by another V8 version or with other flags, but it checks only the length
 * of the text: the cache starts with the CRC-32 of the text it was made from, and any other text
 * compiles without it. A checksum, not a cryptographic hash: it guards against a text rebuilt or
 * edited, not against whoever can write the bundle, and it spares every start loading node:crypto
 * (CRC-32 with node:zlib about 4-6 ms of CPU where SHA-1 took 7-10, docs/benchmarks.md 2026-12-07).
 */

const HASH_BYTES = 4;

/** The text's CRC-32, big-endian: zlib.crc32 from Node 20.15; before it, SHA-1's first 4 bytes (such a cache is then stale, never wrong). */
function hashOf(bytes) {
  const zlib = require('node:zlib');
  if (typeof zlib.crc32 !== 'function') return require('node:crypto').createHash('sha1').update(bytes).digest().subarray(0, HASH_BYTES);
  const hash = Buffer.alloc(HASH_BYTES);
  hash.writeUInt32BE(zlib.crc32(bytes));
  return hash;
}

/*
 * How soon V8 optimises a function with TurboFan: after 8 times the bytecode run of its default
 * interrupt budget (67,584). A check of an ordinary repository (60 rule files) is over in well under
 * a second, two thirds of it warming up, and TurboFan's compilations of that time paid back too
 * late: whole-process CPU time 0.85× the default's there, and 0.91× on one file of 10,000 rules,
 * whose hot loops are still optimised (in turns; budgets of 2× to 16× gave 0.74–0.78× on the
 * repository, 16× 1.02× on the file; 10,000 files of 4 rules: 0.94–1.02×, within the noise). Set
 * here, before the bundle compiles and as the cache is made, since V8 takes a code cache only under
 * the flags it was made with.
 */
const V8_FLAGS = '--interrupt-budget=540672';
/** What V8_FLAGS change, at V8 11's defaults (Node 20). */
const DEFAULT_V8_FLAGS = '--interrupt-budget=67584';

function setV8Flags() {
  v8.setFlagsFromString(V8_FLAGS);
}

/**
 * Puts back V8's default tiering once the bundle is loaded, for a process that runs for long (the
 * language server), where optimising early pays. The cache was checked at load; this changes only
 * when functions are optimised from now on.
 */
function restoreDefaultV8Flags() {
  v8.setFlagsFromString(DEFAULT_V8_FLAGS);
}

function cacheFileOf(file) {
  return `${file}.cache`;
}

function compile(file, cachedData) {
  const bytes = readFileSync(file);
  const hash = hashOf(bytes);
  const source = bytes.toString('utf8');
  let status = 'absent';
  let data;
  if (cachedData) {
    if (cachedData.subarray(0, HASH_BYTES).equals(hash)) data = cachedData.subarray(HASH_BYTES);
    else status = 'stale';
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData: data });
  if (data) status = script.cachedDataRejected ? 'rejected' : 'used';
  const module = { exports: {}, filename: file };
  script.runInThisContext()(module.exports, Module.createRequire(file), module, file, path.dirname(file));
  return { exports: module.exports, script, hash, status };
}

/**
 * Loads a CommonJS file as `require` would (a module of its own, not in require's cache), with its
 * code cache when one was written for this very text. `cache` tells how: 'used', 'rejected' (by
 * V8), 'stale' (made from another text), 'absent'.
 */
function requireWithCodeCache(file) {
  setV8Flags();
  let cachedData;
  try {
    cachedData = readFileSync(cacheFileOf(file));
  } catch {
    cachedData = undefined;
  }
  const { exports, status } = compile(file, cachedData);
  return { exports, cache: status };
}

/** What the warm-up checks: a rule file, a configuration and a PromQL file, with the usual shapes. */
const WARM_UP_FILES = {
  'rules.yml': `groups:
  - name: api
    interval: 1m
    rules:
      - record: job:http_requests:rate5m
        expr: sum by (job) (rate(http_requests_total{job="api",code=~"5.."}[5m]))
        labels:
          team: sre
      - alert: HighErrorRate
        expr: job:http_requests:rate5m > 0.5
        for: 10m
        labels:
          severity: page
        annotations:
          summary: "High error rate on {{ $labels.job }}"
          description: '{{ $value | humanizePercentage }} of requests fail'
  - name: latency
    rules:
      - record: job:request_latency_seconds:p99
        expr: histogram_quantile(0.99, sum by (le, job) (rate(request_latency_seconds_bucket[5m])))
      - alert: SlowRequests
        expr: |
          job:request_latency_seconds:p99 > 1
        for: 5m
        annotations:
          summary: Slow requests on {{ $labels.job }}
`,
  'prometheus.yml': `global:
  scrape_interval: 15s
rule_files:
  - rules.yml
scrape_configs:
  - job_name: api
    static_configs:
      - targets: ['localhost:8000']
`,
  'queries.promql': 'sum by (job) (rate(http_requests_total[5m])) / ignoring (code) group_left sum(up)\n',
};

/**
 * Loads the bundle, checks the warm-up files with it (so that the functions a check runs are
 * compiled), and writes the code cache beside it.
 */
async function writeCodeCache(file) {
  setV8Flags();
  const { exports, script, hash } = compile(file, undefined);
  const dir = mkdtempSync(path.join(require('node:os').tmpdir(), 'prometheus-lsp-warm-up-'));
  try {
    for (const [name, text] of Object.entries(WARM_UP_FILES)) writeFileSync(path.join(dir, name), text);
    const ignore = () => undefined;
    await exports.main(['check', '--quiet', dir], { stdout: ignore, stderr: ignore });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  writeFileSync(cacheFileOf(file), Buffer.concat([hash, script.createCachedData()]));
}

module.exports = { requireWithCodeCache, writeCodeCache, cacheFileOf, restoreDefaultV8Flags, hashOf, V8_FLAGS };
