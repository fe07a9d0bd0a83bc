import { quoteString } from '../../promql/stringLiteral';
import type { LintRule } from '../lintRule';
import { isPlainRegex, matchesEverything } from '../queryFacts';

/* promql/regex-anchors: `^` and `$` in label regexes, which Prometheus anchors already. */

export const regexAnchors: LintRule = {
  code: 'promql/regex-anchors',
  defaultSeverity: 'info',
  description: 'A regex with `^` or `$` anchors: Prometheus anchors every label regex already.',
  summary: '`^`/`$` in label regexes, which Prometheus anchors already',
  documentation: [
    'Finds `^` and `$` that open or close a top-level alternative of a label regex (`=~"^4.."`, `!~"^(fuse.*|tmpfs)$"`; `^a|^b$` is `a|b`).',
    'Why: Prometheus wraps every label regex in `^(?:…)$`, so those anchors say nothing. Anchors inside groups do matter and are left alone.',
    'Fix: remove the anchors (the quick fix, safe: it removes only those that open or close a top-level alternative, which keeps the meaning).',
  ].join('\n\n'),
  quickFix: 'remove the anchors',
  liveData: 'none',
  precision: '0 of 8',
  appliesTo: ['queries'],
  example: {
    language: 'promql',
    reported: 'up{job=~"^api.*$"}\n',
    fixed: 'up{job=~"api.*"}\n',
  },
  promql: {
    VectorSelector(node, walk) {
      for (const matcher of node.matchers) {
        if (!matcher.name || !matcher.value || !matcher.opRange || (matcher.op !== '=~' && matcher.op !== '!~')) continue;
        if (matchesEverything(matcher) || isPlainRegex(matcher)) continue;
        const regex = matcher.value.value;
        const stripped = withoutEdgeAnchors(regex);
        if (stripped === regex) continue;
        walk.report({
          code: regexAnchors,
          range: matcher.value.range,
          message: `Prometheus anchors label regexes at both ends already: "${regex}" is "${stripped}"`,
          fixes: [{ title: 'Remove the anchors', safe: true, changes: [{ range: matcher.value.range, newText: quoteString(stripped) }] }],
        });
      }
    },
  },
};

/**
 * The regex without the `^` that opens and the `$` that closes each of its top-level alternatives
 * (`^a|^b$` → `a|b`): Prometheus wraps the whole regex in `^(?:…)$`, so those anchors say nothing,
 * and removing them keeps the meaning. Anchors inside groups are left: there they do matter.
 */
function withoutEdgeAnchors(regex: string): string {
  const branches: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < regex.length; i++) {
    const c = regex[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      // `[]a]` and `[^]a]`: a `]` first in a class is a literal.
      if (regex[i + 1] === '^') i++;
      if (regex[i + 1] === ']') i++;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      branches.push(regex.slice(start, i));
      start = i + 1;
    }
  }
  branches.push(regex.slice(start));
  return branches.map((branch) => {
    let out = branch.startsWith('^') ? branch.slice(1) : branch;
    if (out.endsWith('$') && !endsEscaped(out)) out = out.slice(0, -1);
    return out;
  }).join('|');
}

/** Whether the last character is escaped (an odd run of backslashes before it). */
function endsEscaped(text: string): boolean {
  let backslashes = 0;
  for (let i = text.length - 2; i >= 0 && text[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}
