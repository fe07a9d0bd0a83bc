import type { SourceSnapshot } from '../catalog/metricCatalog';
import type { DiagnosticCode, Problem } from '../diagnostic';
import type { ScrapeTarget } from '../config/scrapeTargets';
import { severityOf, type LintSettings } from './lintSettings';
import { cardinalityLabel } from './rules/cardinalityLabel';
import { checkLabelName, checkMetricName, helpMissing } from './rules/naming';
import { targetLint } from './rules/targetExposition';
import { escapeMarkdown, inlineCode } from '../remoteText/markdownText';
import { redactUrl } from '../remoteText/urlRedaction';
import { unboundedLabelReason } from './unboundedLabels';
import { familyOfCreatedSeries } from '../catalog/createdSeries';
import { bucketOverflow } from './rules/bucketOverflow';
import { overflowMessage } from '../instrumentation/bucketOverflow';

/*
 * The naming and cardinality rules over what a scrape target really exposes: each metric family of
 * its last /metrics, its type, HELP, label names and how many values each label takes; and
 * instrumentation/bucket-overflow over its histograms' bucket counts. The findings
 * of one target become one diagnostic on its `targets:` entry, with each offending metric in the
 * related information, and a full report on demand.
 */

export interface TargetFinding {
  /** The family (or sample) name. */
  readonly metric: string;
  readonly code: DiagnosticCode;
  readonly message: string;
}

/** How many metrics a diagnostic lists in its related information; the report lists all. */
const RELATED_LIMIT = 20;

export function lintExposition(snapshot: SourceSnapshot, settings: LintSettings): TargetFinding[] {
  const findings: TargetFinding[] = [];
  const seen = new Set<string>();
  const add = (metric: string, code: DiagnosticCode, message: string): void => {
    const key = `${metric}\u0000${code.code}\u0000${message}`;
    if (seen.has(key) || severityOf(code.code, code.defaultSeverity, settings) === null) return;
    seen.add(key);
    findings.push({ metric, code, message });
  };
  const byFamily = new Map<string, typeof snapshot.metrics[number][]>();
  for (const metric of snapshot.metrics) {
    const family = metric.family ?? metric.name;
    const list = byFamily.get(family);
    if (list) list.push(metric);
    else byFamily.set(family, [metric]);
  }
  // prometheus_client's `x_created` gauges are part of their counter's or histogram's family: not reported apart.
  const names = new Set(snapshot.metrics.map((m) => m.name));
  for (const family of [...byFamily.keys()]) if (familyOfCreatedSeries(family, (n) => names.has(n))) byFamily.delete(family);
  const values = { labelValues: (label: string, metric?: string) => (metric ? snapshot.labelValues?.get(metric)?.get(label) : undefined) };
  for (const [family, samples] of byFamily) {
    const first = samples[0];
    // The counter's sample (`x_total`) carries the name users query; histograms and summaries are checked by family.
    const named = first.type === 'counter' ? (samples.find((s) => s.name.endsWith('_total')) ?? first) : first.type === 'histogram' || first.type === 'summary' || first.type === 'gaugehistogram' ? { ...first, name: family } : first;
    for (const finding of checkMetricName(named.name, first.type, 'exported')) add(named.name, finding.code, finding.message);
    if (first.help === undefined || first.help === '') add(family, helpMissing, `"${family}" has no HELP text: say what it measures, and in which unit`);
    const labels = new Set<string>();
    for (const sample of samples) for (const label of sample.labelNames) labels.add(label);
    for (const label of labels) {
      if (label === 'le' || label === 'quantile') continue;
      const style = checkLabelName(label);
      if (style) add(family, style.code, `label ${style.message}`);
      let reason: string | null = null;
      for (const sample of samples) {
        reason = unboundedLabelReason(label, sample.name, { settings, catalog: values });
        if (reason) break;
      }
      if (reason) add(family, cardinalityLabel, `label ${reason}`);
    }
  }
  for (const [family, overflow] of snapshot.histogramOverflow ?? []) {
    const message = overflowMessage(family, overflow);
    if (message) add(family, bucketOverflow, message);
  }
  return findings;
}

/** One diagnostic on the target's entry, or none when its exposition is clean. */
export function targetProblem(target: ScrapeTarget, findings: readonly TargetFinding[]): Problem | null {
  if (findings.length === 0) return null;
  const metrics = new Set(findings.map((f) => f.metric));
  const rules = [...new Set(findings.map((f) => f.code.code))].sort();
  return {
    code: targetLint,
    severity: targetLint.defaultSeverity,
    range: target.range,
    message: `${target.target} exposes ${metrics.size} metric${metrics.size === 1 ? '' : 's'} breaking lint rules (${rules.join(', ')}); "Prometheus: Show Target Report" lists all of them`,
    related: findings.slice(0, RELATED_LIMIT).map((f) => ({ range: target.range, message: `${f.metric}: ${f.code.code}: ${f.message}` })),
  };
}

/** The full report of a target, as Markdown. */
export function targetReport(target: ScrapeTarget, findings: readonly TargetFinding[]): string {
  // Names come from the workspace and the exposition, the URL may hold credentials: escaped and redacted.
  const lines = [`# ${escapeMarkdown(target.job)} — ${escapeMarkdown(target.target)}`, '', inlineCode(redactUrl(target.url), 2000), ''];
  if (findings.length === 0) {
    lines.push('No naming, cardinality or bucket problems in the last scrape.');
    return lines.join('\n');
  }
  lines.push('| metric | rule | problem |', '|---|---|---|');
  for (const f of findings) lines.push(`| ${inlineCode(f.metric).replace(/\|/g, '\\|')} | ${f.code.code} | ${escapeMarkdown(f.message).replace(/\n/g, ' ')} |`);
  return lines.join('\n');
}
