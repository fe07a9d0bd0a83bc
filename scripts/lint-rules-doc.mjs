// Writes docs/lint-rules.md and README's lint table (between `<!-- lint-rules:start -->` and
// `<!-- lint-rules:end -->`) from the lint-rule registry of the built server (out/), so that the
// rules' documentation has one source: their files in server/src/service/lint/rules/. README's
// table has no links (vsce refuses relative links when it packages README); the section of rule
// `a/b` in docs/lint-rules.md is `#a-b`.
// `npm run docs:lint` builds and writes; `--check` writes nothing and exits 1 when a file differs
// (test/scripts/lintRulesDoc.test.ts runs it).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { LINT_RULES } = require(join(ROOT, 'out/server/src/service/lint/lintRegistry.js'));
const { DIAGNOSTIC_CODES } = require(join(ROOT, 'out/server/src/service/diagnostic.js'));

const START = '<!-- lint-rules:start -->';
const END = '<!-- lint-rules:end -->';
const DOC = 'docs/lint-rules.md';
const SOURCE = 'server/src/service/lint/rules/';
const LIVE_DATA = {
  required: 'needed: silent without a live source or a configuration',
  sharpens: 'sharpens it; it runs without',
  none: 'not read',
};

/** The anchor of a rule's section: its id with `/` as `-` (`naming-counter-total`). */
const anchorOf = (id) => id.replace(/\//g, '-');
/** A table cell: one line, `|` escaped. */
const cell = (text) => text.replace(/\n+/g, ' ').replace(/\|/g, '\\|');

/**
 * A rule's false positives on real files in one README cell, "wrong/findings": the figures its
 * precision states (Prometheus files and the corpus, Python code, prom-client code; the tests of
 * test/server/cli/lintPrecision.test.ts and test/server/service/instrumentation/*Precision.test.ts
 * keep each equal to its review), summed. "live" when the rule needs live data; "—" for hints, a
 * convention these files cannot settle.
 */
function falsePositivesCell(precision) {
  if (/^live only\b/.test(precision)) return 'live';
  if (/^[\d,]+ hints\b/.test(precision)) return '—';
  const figures = [/^([\d,]+) of ([\d,]+)\b/, /\bon code: ([\d,]+) wrong of ([\d,]+)\b/, /\bon prom-client code: ([\d,]+) wrong of ([\d,]+)\b/]
    .map((pattern) => pattern.exec(precision))
    .filter((match) => match !== null);
  const number = (text) => Number(text.replace(/,/g, ''));
  const wrong = figures.reduce((sum, m) => sum + number(m[1]), 0);
  const findings = figures.reduce((sum, m) => sum + number(m[2]), 0);
  return `${wrong}/${findings}`;
}

function readmeTable() {
  return [
    '| rule id | default | what | false positives |',
    '|---|---|---|---|',
    ...LINT_RULES.map((r) => `| \`${r.code}\` | ${r.defaultSeverity} | ${cell(r.summary)} | ${falsePositivesCell(r.precision)} |`),
  ].join('\n');
}

function lintRulesDocument() {
  const ruleIds = new Set(LINT_RULES.map((r) => r.code));
  const others = Object.values(DIAGNOSTIC_CODES).filter((c) => !ruleIds.has(c.code));
  const lines = [
    '# Lint rules',
    '',
    `<!-- Written by \`npm run docs:lint\` from ${SOURCE}: edit the rules there, not this file. -->`,
    '',
    'Naming and cardinality mistakes, and PromQL that Prometheus accepts but that gives wrong or costly',
    'answers. None of them is an error but the `instrumentation/` rules on code the client library raises on',
    'at run time: Prometheus runs all the rest. `warning` is for answers that are wrong',
    'or costly; `info` for what is redundant or for a verdict that only a naming convention backs; `hint`',
    'for conventions. Each rule\'s severity is a setting: `prometheus.lint.rules` in the editor',
    '(`{ "promql/regex-literal": "off", "naming/base-unit": "error" }`), `check --rule id=severity` in CI;',
    'a disable comment (`# prometheus-lsp-disable-next-line id`) silences it on one line.',
    '',
    'The last column is the precision, measured on what users write: every finding on the Prometheus files',
    'of `../shared/realworld` (each repository one workspace) and on the real-world rule files of',
    '`../shared/corpus`, read by hand, false positives out of findings (the review, row by row, is in',
    '`test/server/cli/lintPrecision.test.ts`, which asserts the counts). "live only": the rule needs live',
    'data or a configuration, which these files run without.',
    '',
    'Each rule that runs without live data shows an example it reports and the same file fixed; a test',
    'checks both with `check`, beside a `prometheus.yml` whose scrape and evaluation intervals are 1m.',
    '',
    '| rule id | default | where | live data | quick fix | false positives |',
    '|---|---|---|---|---|---|',
    ...LINT_RULES.map((r) => `| [\`${r.code}\`](#${anchorOf(r.code)}) | ${r.defaultSeverity} | ${r.appliesTo.join(', ')} | ${r.liveData === 'required' ? 'needed' : r.liveData === 'sharpens' ? 'sharpens' : '—'} | ${cell(r.quickFix ?? '—')} | ${cell(r.precision)} |`),
    '',
  ];
  for (const r of LINT_RULES) {
    lines.push(
      `<a id="${anchorOf(r.code)}"></a>`,
      `## \`${r.code}\``,
      '',
      `*${r.description}*`,
      '',
      `- Default severity: \`${r.defaultSeverity}\``,
      `- Looks at: ${r.appliesTo.join(', ')}`,
      `- Live data: ${LIVE_DATA[r.liveData]}`,
      ...(r.settings ? [`- Settings: ${r.settings.map((s) => s.replace(/^([\w.]+)/, '`$1`')).join('; ')}`] : []),
      `- Quick fix: ${r.quickFix ?? 'none'}`,
      `- False positives on real files: ${r.precision}`,
      '',
      r.documentation,
      '',
      ...(r.example ? exampleOf(r.example) : []),
    );
  }
  lines.push(
    '## Diagnostics that are not lint rules',
    '',
    'The checks of what Prometheus, promtool or the configured server reject or cannot run. An `error`',
    'here means the owning tool rejects the file or the query; docs/diagnostics.md says what each one',
    'covers and why it has its severity.',
    '',
    '| id | default | what |',
    '|---|---|---|',
    ...others.map((c) => `| \`${c.code}\` | ${c.defaultSeverity} | ${cell(c.description)} |`),
    '',
  );
  return lines.join('\n');
}

/** A rule's example: the text it reports, then the same text fixed (test/server/service/lint/lintRegistry.test.ts checks both). */
function exampleOf({ language, reported, fixed, beside }) {
  const fence = (text, lang = language) => [`\`\`\`${lang}`, text.replace(/\n$/, ''), '```'];
  const context = beside ? [`With \`${beside.path}\` in the workspace:`, '', ...fence(beside.text, beside.language), ''] : [];
  return [...context, 'Reported:', '', ...fence(reported), '', 'Not reported:', '', ...fence(fixed), ''];
}

function withTable(readme) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end < start) throw new Error(`README.md has no ${START} … ${END} block`);
  return `${readme.slice(0, start + START.length)}\n${readmeTable()}\n${readme.slice(end)}`;
}

const check = process.argv.includes('--check');
const outputs = [
  [join(ROOT, DOC), lintRulesDocument()],
  [join(ROOT, 'README.md'), withTable(readFileSync(join(ROOT, 'README.md'), 'utf8'))],
];
let stale = 0;
for (const [file, text] of outputs) {
  let current = null;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // Not written yet.
  }
  if (current === text) continue;
  if (check) {
    stale++;
    console.error(`${file.slice(ROOT.length + 1)} differs from the lint-rule registry: run npm run docs:lint`);
  } else {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    console.log(`wrote ${file.slice(ROOT.length + 1)}`);
  }
}
process.exitCode = stale > 0 ? 1 : 0;
