import type { LintRule } from '../lintRule';
import { matchesEverything, metricNameOf } from '../queryFacts';

/*
 * cardinality/series: a selector that narrows nothing, over a metric with many live series, or a
 * matcher that matches every series.
 */

export const cardinalitySeries: LintRule = {
  code: 'cardinality/series',
  defaultSeverity: 'warning',
  description: 'A selector with no narrowing matcher over a metric with more live series than the threshold, or a regex matcher that matches everything (`=~".*"`).',
  summary: 'a selector over too many live series, or `=~".*"`',
  documentation: [
    'Finds a selector with no narrowing label matcher over a metric that has more live series than `prometheus.lint.maxSeries`, and a matcher `=~".*"` (or `^.*$`, `(.*)`) that matches every series, even those without the label. A recording rule whose **Preview** shows it would record more series than the threshold is reported on its `record:` name.',
    'Why: such a selector reads every series of the metric, which costs memory and time on the server; a matcher that matches everything says nothing.',
    'Fix: add a label matcher that narrows the selector (`job="api"`), or remove the matcher that narrows nothing.',
  ].join('\n\n'),
  settings: ['prometheus.lint.maxSeries (default 10000)'],
  liveData: 'sharpens',
  precision: '0 of 1',
  appliesTo: ['queries', 'recording rules'],
  example: {
    language: 'promql',
    reported: 'http_requests_total{path=~".*"}\n',
    fixed: 'http_requests_total{job="api"}\n',
  },
  promql: {
    VectorSelector(node, walk) {
      for (const matcher of node.matchers) {
        if (!matcher.name || !matcher.value || !matcher.opRange || !matchesEverything(matcher)) continue;
        walk.report({
          code: cardinalitySeries,
          range: matcher.range,
          message: `${matcher.name.value}=~"${matcher.value.value}" matches every series (even those without the label): it narrows nothing`,
        });
      }
      const name = metricNameOf(node);
      const metric = name ? walk.context.catalog?.metric(name) : undefined;
      const maxSeries = walk.context.settings.maxSeries;
      if (metric?.seriesCount === undefined || metric.seriesCount <= maxSeries) return;
      const narrowing = node.matchers.some((m) => m.op !== null && m.name && m.name.value !== '__name__' && !matchesEverything(m));
      if (!narrowing) {
        walk.report({
          code: cardinalitySeries,
          range: node.range,
          message: `"${name}" has ${metric.seriesCount} series in live data (over the ${maxSeries} threshold) and nothing narrows this selector: add a label matcher`,
        });
      }
    },
  },
};

/** What a recording rule's preview says about its size: a finding when it records more series than the threshold. */
export function recordedSeriesFinding(rule: string, series: number, maxSeries: number): string | null {
  if (series <= maxSeries) return null;
  return `this rule records ${series.toLocaleString('en-US')} series (over the prometheus.lint.maxSeries threshold of ${maxSeries.toLocaleString('en-US')}): "${rule}" is costly to store and to query`;
}
