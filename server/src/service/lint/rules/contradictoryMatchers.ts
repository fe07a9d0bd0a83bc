import type { LabelMatcher } from '../../promql/syntaxTree';
import type { LintRule } from '../lintRule';
import { matchesRegex } from '../queryFacts';

/*
 * promql/contradictory-matchers: matchers on one label that cannot all hold. Regexes are tried with
 * an RE2 engine, fully anchored as Prometheus anchors them; an invalid one is left alone rather
 * than guessed at.
 */

export const contradictoryMatchers: LintRule = {
  code: 'promql/contradictory-matchers',
  defaultSeverity: 'warning',
  description: 'Matchers on one label that no value satisfies together (`job="api", job=~"web.*"`, `job="a", job="b"`), or a regex no label value can match: the selector matches nothing.',
  summary: 'matchers on one label that cannot all hold',
  documentation: [
    'Finds matchers on one label that no value satisfies together: `job="api", job=~"web.*"`, `job="a", job="b"`, `job="a", job!="a"`.',
    'Why: the selector matches nothing, so the query returns nothing however the data looks; usually one matcher is a leftover of an edit.',
    'Fix: keep the matcher that says what you mean.',
  ].join('\n\n'),
  liveData: 'none',
  precision: '0 of 0',
  appliesTo: ['queries'],
  example: {
    language: 'promql',
    reported: 'up{job="api", job=~"web.*"}\n',
    fixed: 'up{job=~"api|web.*"}\n',
  },
  promql: {
    VectorSelector(node, walk) {
      // A label matched once cannot contradict itself: most selectors.
      if (!hasRepeatedLabel(node.matchers)) return;
      const byLabel = new Map<string, LabelMatcher[]>();
      for (const m of node.matchers) {
        if (!m.name || !m.op || !m.value) continue;
        const list = byLabel.get(m.name.value);
        if (list) list.push(m);
        else byLabel.set(m.name.value, [m]);
      }
      for (const [label, list] of byLabel) {
        const equal = list.filter((m) => m.op === '=');
        const values = new Set(equal.map((m) => m.value!.value));
        if (values.size > 1) {
          walk.report({ code: contradictoryMatchers, range: equal[1].range, message: `${label} cannot equal both ${[...values].map((v) => JSON.stringify(v)).join(' and ')}: this selector matches nothing` });
          continue;
        }
        if (values.size !== 1) continue;
        const value = [...values][0];
        for (const m of list) {
          if (m.op === '=') continue;
          const pattern = m.value!.value;
          const holds = m.op === '!=' ? value !== pattern : matchesRegex(pattern, value, m.op === '=~');
          if (holds === false) {
            walk.report({ code: contradictoryMatchers, range: m.range, message: `${label}="${value}" does not satisfy ${label}${m.op}${JSON.stringify(pattern)}: this selector matches nothing` });
          }
        }
      }
    },
  },
};

function hasRepeatedLabel(matchers: readonly LabelMatcher[]): boolean {
  for (let i = 1; i < matchers.length; i++) {
    const name = matchers[i].name?.value;
    if (name === undefined) continue;
    for (let j = 0; j < i; j++) if (matchers[j].name?.value === name) return true;
  }
  return false;
}
