import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry, type IGrammar } from 'vscode-textmate';
import { REPO_ROOT } from '../support/paths';

/*
 * The TextMate grammars as VS Code runs them (vscode-textmate with the Oniguruma engine): PromQL
 * files, and PromQL injected into the `expr:` values of YAML, over the YAML grammar VS Code ships
 * (from the tm-grammars package). Each case names a token and the scope it must carry.
 */

const PACKAGE = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { grammars: { scopeName: string; path: string; injectTo?: string[] }[] } };

async function registry(): Promise<Registry> {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const files = new Map<string, string>(PACKAGE.contributes.grammars.map((g) => [g.scopeName, join(REPO_ROOT, g.path)]));
  files.set('source.yaml', join(REPO_ROOT, 'node_modules', 'tm-grammars', 'grammars', 'yaml.json'));
  return new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (s) => new oniguruma.OnigScanner(s), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scopeName) => {
      const file = files.get(scopeName);
      return file ? parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
    },
    getInjections: (scopeName) => PACKAGE.contributes.grammars.filter((g) => g.injectTo?.includes(scopeName)).map((g) => g.scopeName),
  });
}

/** The scopes of the first token that covers `needle` (the `occurrence`-th match) in `text`. */
function scopesAt(grammar: IGrammar, text: string, needle: string, occurrence = 0): string[] {
  let stack = INITIAL;
  let seen = 0;
  for (const line of text.split('\n')) {
    const { tokens, ruleStack } = grammar.tokenizeLine(line, stack);
    stack = ruleStack;
    let from = 0;
    for (let at = line.indexOf(needle, from); at !== -1; at = line.indexOf(needle, from)) {
      if (seen++ === occurrence) return tokens.find((t) => t.startIndex <= at && at < t.endIndex)?.scopes ?? [];
      from = at + 1;
    }
  }
  throw new Error(`"${needle}" #${occurrence} not in the text`);
}

const CASES: { title: string; scope: 'source.promql' | 'source.yaml'; text: string; token: string; occurrence?: number; expect: string; absent?: boolean }[] = [
  { title: 'a function in a .promql file', scope: 'source.promql', text: 'sum by (job) (rate(http_requests_total[5m]))', token: 'rate', expect: 'support.function.promql' },
  { title: 'an aggregation', scope: 'source.promql', text: 'sum by (job) (x)', token: 'sum', expect: 'keyword.other.aggregation.promql' },
  { title: 'a duration', scope: 'source.promql', text: 'rate(x[5m])', token: '5m', expect: 'constant.numeric.duration.promql' },
  { title: 'a label name in braces', scope: 'source.promql', text: 'up{job="api"}', token: 'job', expect: 'entity.name.tag.label.promql' },
  { title: 'a comment', scope: 'source.promql', text: '# errors\nup', token: 'errors', expect: 'comment.line.number-sign.promql' },
  { title: 'PromQL in a plain expr', scope: 'source.yaml', text: 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: rate(x_total[5m]) > 1\n', token: 'rate', expect: 'support.function.promql' },
  { title: 'PromQL in a double-quoted expr', scope: 'source.yaml', text: 'rules:\n  - record: r\n    expr: "sum(rate(x{job=\\"a\\"}[5m]))"\n', token: 'rate', expect: 'support.function.promql' },
  { title: 'a label inside a double-quoted expr', scope: 'source.yaml', text: 'rules:\n  - record: r\n    expr: "sum(rate(x{job=\\"a\\"}[5m]))"\n', token: 'job', expect: 'entity.name.tag.label.promql' },
  { title: 'PromQL in a single-quoted expr', scope: 'source.yaml', text: "rules:\n  - record: r\n    expr: 'histogram_quantile(0.9, y)'\n", token: 'histogram_quantile', expect: 'support.function.promql' },
  { title: 'PromQL in a literal block', scope: 'source.yaml', text: 'rules:\n  - alert: A\n    expr: |\n      sum by (job) (\n        rate(errors_total[5m])\n      ) > 0\n    for: 5m\n', token: 'rate', expect: 'support.function.promql' },
  { title: 'PromQL in a folded block with a list dash', scope: 'source.yaml', text: 'rules:\n  - expr: >-\n      avg(up)\n    record: r\n', token: 'avg', expect: 'keyword.other.aggregation.promql' },
  { title: 'the key after a block is YAML again', scope: 'source.yaml', text: 'rules:\n  - alert: A\n    expr: |\n      sum(x)\n    for: 5m\n', token: 'for', expect: 'meta.embedded.block.promql', absent: true },
  { title: 'other keys are not PromQL', scope: 'source.yaml', text: 'rules:\n  - alert: rate\n', token: 'rate', expect: 'support.function.promql', absent: true },
];

describe('TextMate grammars', () => {
  let reg: Registry;
  before(async () => {
    reg = await registry();
  });
  for (const c of CASES) {
    it(`${c.title}: ${c.token} ${c.absent ? 'is not' : 'is'} ${c.expect}`, async () => {
      const grammar = await reg.loadGrammar(c.scope);
      assert.ok(grammar, c.scope);
      const scopes = scopesAt(grammar, c.text, c.token, c.occurrence);
      assert.equal(scopes.includes(c.expect), !c.absent, scopes.join(' '));
    });
  }
});
