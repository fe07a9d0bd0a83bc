import type { LintRule } from '../lintRule';
import { isPlainRegex, matchesEverything } from '../queryFacts';

/* promql/regex-literal: a regex matcher whose regex is a plain string. */

export const regexLiteral: LintRule = {
  code: 'promql/regex-literal',
  defaultSeverity: 'info',
  description: 'A regex matcher whose regex is a plain string (`=~"api"`): an equality matcher says the same and is cheaper.',
  summary: '`=~"api"`, a regex without regex syntax',
  documentation: [
    'Finds `=~"api"` and `!~"api"`: a regex matcher whose regex has no regex syntax.',
    'Why: an equality matcher (`="api"`, `!="api"`) says the same, is cheaper for the server, and tells the reader that no pattern is meant.',
    'Fix: use `=` or `!=` (the quick fix, safe: the selector matches the same series).',
  ].join('\n\n'),
  quickFix: 'use `=` / `!=`',
  liveData: 'none',
  precision: '0 of 36',
  appliesTo: ['queries'],
  example: {
    language: 'promql',
    reported: 'up{job=~"api"}\n',
    fixed: 'up{job="api"}\n',
  },
  promql: {
    VectorSelector(node, walk) {
      for (const matcher of node.matchers) {
        if (!matcher.name || !matcher.value || !matcher.opRange || (matcher.op !== '=~' && matcher.op !== '!~')) continue;
        if (matchesEverything(matcher) || !isPlainRegex(matcher)) continue;
        const regex = matcher.value.value;
        const op = matcher.op === '=~' ? '=' : '!=';
        walk.report({
          code: regexLiteral,
          range: matcher.range,
          message: `"${regex}" has no regex syntax: ${matcher.name.value}${op}"${regex}" says the same without a regex`,
          fixes: [{ title: `Use ${op}`, safe: true, changes: [{ range: matcher.opRange, newText: op }] }],
        });
      }
    },
  },
};
