import { COUNTER_FUNCTIONS } from '../../promql/functions';
import type { LintRule, PromQLLintContext } from '../lintRule';
import { rangeSelectorOf } from '../queryFacts';

/*
 * promql/rate-non-counter: the functions of counters over gauges, and those of gauges over
 * counters. The live TYPE decides; without it, the name does (`_total` and the other sample
 * suffixes), and only when live sources are configured.
 */

/** The functions of gauges, and the counter function to use instead ('' when there is none). */
const GAUGE_FUNCTIONS: ReadonlyMap<string, string> = new Map([['deriv', 'rate'], ['delta', 'increase'], ['idelta', 'irate'], ['predict_linear', '']]);
const COUNTER_SUFFIXES = ['_total', '_count', '_sum', '_bucket'];

export const rateNonCounter: LintRule = {
  code: 'promql/rate-non-counter',
  defaultSeverity: 'warning',
  description: '`rate`, `irate`, `increase` or `resets` over a gauge (by TYPE, or by name when no type is known); `deriv`, `delta`, `predict_linear` or `idelta` over a counter.',
  summary: '`rate` over a gauge, `deriv` over a counter',
  documentation: [
    'Finds `rate`, `irate`, `increase` or `resets` over a gauge (by its live TYPE), or over a name that is no counter by convention (no `_total`) when live sources are configured; and `deriv`, `delta`, `idelta` or `predict_linear` over a counter.',
    'The by-name verdict stays silent where another rule says something of the same name: when a source knows the name\'s `_total` counter (`naming/counter-total` gives it), when a recording rule of the workspace records the name, or when the configured server lacks it (`promql/unknown-metric` says so).',
    'Why: `rate` reads every decrease as a counter reset, so over a gauge it invents increases; `delta` and `deriv` over a counter jump at every reset.',
    'Fix: `rate`→`deriv`, `increase`→`delta` over a gauge; `deriv`→`rate`, `delta`→`increase`, `idelta`→`irate` over a counter (the quick fix).',
  ].join('\n\n'),
  quickFix: '`rate`→`deriv`, `increase`→`delta`, `deriv`→`rate`, `delta`→`increase`',
  liveData: 'sharpens',
  precision: '0 of 2',
  appliesTo: ['queries'],
  example: {
    language: 'promql',
    reported: 'delta(http_requests_total[5m])\n',
    fixed: 'increase(http_requests_total[5m])\n',
  },
  promql: {
    Call(node, walk) {
      const read = rangeSelectorOf(node);
      const name = read?.name;
      if (!name) return;
      const type = walk.typeOf(name);
      if (COUNTER_FUNCTIONS.has(node.name)) {
        const context = walk.context;
        const byName = type === undefined && !name.includes(':') && !COUNTER_SUFFIXES.some((s) => name.endsWith(s)) && !context.catalog?.metric(name) && !byNameSilenced(name, context);
        if (type === 'gauge' || (byName && context.catalog !== undefined && context.catalog.size > 0)) {
          const replacement = node.name === 'increase' ? 'delta' : node.name === 'resets' ? '' : 'deriv';
          walk.report({
            code: rateNonCounter,
            range: node.nameRange,
            message: `${node.name}() is for counters, and "${name}" is ${type === 'gauge' ? 'a gauge' : 'not a counter by its name (no _total)'}${replacement ? `: use ${replacement}()` : ''}`,
            fixes: replacement && node.name !== 'irate' ? [{ title: `Use ${replacement}()`, safe: false, changes: [{ range: node.nameRange, newText: replacement }] }] : undefined,
          });
        }
      }
      const gaugeReplacement = GAUGE_FUNCTIONS.get(node.name);
      if (gaugeReplacement !== undefined && (type === 'counter' || (type === undefined && name.endsWith('_total')))) {
        walk.report({
          code: rateNonCounter,
          range: node.nameRange,
          message: `${node.name}() is for gauges, and "${name}" is a counter: its resets make ${node.name}() jump${gaugeReplacement ? `; use ${gaugeReplacement}()` : ''}`,
          fixes: gaugeReplacement ? [{ title: `Use ${gaugeReplacement}()`, safe: false, changes: [{ range: node.nameRange, newText: gaugeReplacement }] }] : undefined,
        });
      }
    },
  },
};

/**
 * When the by-name verdict ("no _total: not a counter") would contradict what another rule says of
 * the same name: a source knows its `_total` counter (naming/counter-total gives that name), a
 * recording rule of the workspace records it (its type is the rule's), or the server's full list
 * lacks it (promql/unknown-metric says it does not exist).
 */
function byNameSilenced(name: string, context: PromQLLintContext): boolean {
  const catalog = context.catalog;
  if (catalog?.metric(`${name}_total`)) return true;
  if (context.isRecorded?.(name)) return true;
  return context.server !== undefined && catalog !== undefined && catalog.size > 0 && catalog.size < 200_000;
}
