import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { formatDuration, parseDuration } from '../promql/duration';
import type { TextRange } from '../promql/syntaxTree';

/*
 * Run tests: what `promtool test rules` printed for a test file, placed on the test cases it names.
 * promtool (2.42 and later) prints, after `FAILED:`, one block per failed case: `alertname: A,
 * time: T,` or `expr: "E", time: T,` (the first of a group preceded by `name: G,` when the group
 * has a name), then its expected and got values. Cases are reported in file order, each group's
 * alert tests before its PromQL tests, so a block goes to the next case after the last one placed
 * that has its alert name or expression and its time. Anything else promtool says (a rule file
 * that does not load, a series it cannot parse) goes on the file's first line.
 */

export interface RuleTestFailure {
  /** The case's `alertname:` or `expr:` value; the first line for failures of the whole file. */
  readonly range: TextRange;
  /** promtool's words: the case and its diff. */
  readonly message: string;
}

interface TestCase {
  readonly group: string;
  readonly kind: 'alertname' | 'expr';
  readonly key: string;
  /** `eval_time` as promtool prints it. */
  readonly time: string;
  readonly range: TextRange;
}

export interface RuleTestRun {
  /** promtool's exit status: 0 when every test passed. */
  readonly status: number;
  /** What it printed, stdout and stderr together. */
  readonly output: string;
}

export function ruleTestFailures(text: string, run: RuleTestRun): RuleTestFailure[] {
  if (run.status === 0) return [];
  const cases = testCases(text);
  const firstLine: TextRange = { start: 0, end: Math.max(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n')) };
  const lines = run.output.split('\n');
  const failedAt = lines.findIndex((line) => /^\s*FAILED:\s*$/.test(line));
  if (failedAt === -1) {
    const message = run.output.trim() || `promtool exited with status ${run.status}`;
    return [{ range: firstLine, message }];
  }
  const failures: RuleTestFailure[] = [];
  const general: string[] = [];
  let cursor = 0;
  let block: { range: TextRange | null; lines: string[] } | null = null;
  const close = (): void => {
    if (!block) return;
    const message = block.lines.join('\n').trimEnd();
    if (block.range) failures.push({ range: block.range, message });
    else general.push(message);
    block = null;
  };
  for (const line of lines.slice(failedAt + 1)) {
    if (line.trim() === '') continue;
    const indent = /^ */.exec(line)![0].length;
    const body = line.trim();
    const named = indent <= 4 ? /^name: (.*),$/.exec(body) : null;
    if (named) {
      close();
      const at = cases.findIndex((c, i) => i >= cursor && c.group === named[1]);
      const anywhere = at === -1 ? cases.findIndex((c) => c.group === named[1]) : at;
      if (anywhere !== -1) cursor = anywhere;
      continue;
    }
    const head = indent <= 4 ? caseHead(body) : null;
    if (head) {
      close();
      const matches = (c: TestCase): boolean => c.kind === head.kind && c.key === head.key && c.time === head.time;
      let at = cases.findIndex((c, i) => i >= cursor && matches(c));
      if (at === -1) at = cases.findIndex(matches);
      if (at !== -1) cursor = at + 1;
      block = { range: at === -1 ? null : cases[at].range, lines: [body] };
      continue;
    }
    if (indent <= 4 || !block) {
      close();
      block = { range: null, lines: [body] };
      continue;
    }
    // Deeper lines belong to the block: promtool's diff, kept with its indentation below the case's.
    (block as { lines: string[] }).lines.push(line.slice(Math.min(indent, 4)));
  }
  close();
  if (general.length > 0) failures.unshift({ range: firstLine, message: general.join('\n') });
  return failures;
}

/** `alertname: A, time: 5m,` or `expr: "E", time: 5m,`. */
function caseHead(body: string): { kind: TestCase['kind']; key: string; time: string } | null {
  const alert = /^alertname: (.*), time: (\S+),\s*$/.exec(body);
  if (alert) return { kind: 'alertname', key: alert[1], time: alert[2] };
  const expr = /^expr: (".*"), time: (\S+),\s*$/.exec(body);
  if (!expr) return null;
  try {
    return { kind: 'expr', key: JSON.parse(expr[1]) as string, time: expr[2] };
  } catch {
    return null;
  }
}

/** The test cases of a test file in promtool's order: group by group, alert tests then PromQL tests. */
function testCases(text: string): TestCase[] {
  const document = parseDocument(text);
  const out: TestCase[] = [];
  if (!isMap(document.contents)) return out;
  const tests = document.contents.get('tests', true);
  if (!isSeq(tests)) return out;
  for (const group of tests.items) {
    if (!isMap(group)) continue;
    const name = String(group.get('name') ?? '');
    for (const [list, kind] of [['alert_rule_test', 'alertname'], ['promql_expr_test', 'expr']] as const) {
      const items = group.get(list, true);
      if (!isSeq(items)) continue;
      for (const item of items.items) {
        if (!isMap(item)) continue;
        const keyNode = item.get(kind, true);
        const time = item.get('eval_time');
        const parsed = parseDuration(String(time ?? '0s'));
        const range = rangeOf(keyNode) ?? rangeOf(item);
        if (!range) continue;
        out.push({ group: name, kind, key: isScalar(keyNode) ? String(keyNode.value ?? '') : '', time: 'seconds' in parsed ? formatDuration(parsed.seconds) : String(time), range });
      }
    }
  }
  return out;
}

function rangeOf(node: unknown): TextRange | null {
  const range = (node as Node | undefined)?.range;
  return range ? { start: range[0], end: range[1] } : null;
}
