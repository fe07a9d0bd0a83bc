import * as assert from 'node:assert/strict';
import { DocumentKindPatterns } from '../../../../server/src/service/documents/documentKindPatterns';
import { DEFAULT_LINT_SETTINGS } from '../../../../server/src/service/lint/lintSettings';
import { Workspace, type WorkspaceSettings, type WorkspaceSymbol } from '../../../../server/src/service/workspace/workspace';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { foldEditedSpans, type EditedSpan } from '../../../../server/src/service/documents/editedSpan';
import { random, randomChange, randomEdit } from '../../../support/randomEdits';

/*
 * The workspace host as the editor and `check` drive it: texts in (open or closed), findings and
 * navigation out, in offsets. Offsets are found in the texts themselves, so each case says where.
 */

const RULES_URI = 'file:///w/rules.yml';
const RULES = 'groups:\n  - name: g\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) (up)\n';
const QUERY_URI = 'file:///w/q.promql';
const CONFIG_URI = 'file:///w/prometheus.yml';
const CONFIG = 'global:\n  scrape_interval: 1m\nscrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: [localhost:9100]\n';
const RATE_RULES = 'groups:\n  - name: g\n    rules:\n      - alert: Fast\n        expr: rate(http_requests_total[1m]) > 1\n        for: 5m\n';

/** The offset of the `nth` occurrence (0-based) of `text` in `within`. */
function offsetOf(within: string, text: string, nth = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = within.indexOf(text, at + 1);
  assert.ok(at >= 0, `${text} in ${within}`);
  return at;
}

function codes(workspace: Workspace, uri: string, scope?: 'all' | 'file' | 'graph'): string[] {
  return workspace.findings(uri, scope).map((f) => f.code.code);
}

describe('Workspace', () => {
  it('answers findings in offsets, with the code and the severity after settings', () => {
    const workspace = new Workspace();
    const text = 'up\n\nrate(foo)\n';
    workspace.applyChange(QUERY_URI, text, { open: true, version: 1 });
    const [finding] = workspace.findings(QUERY_URI);
    assert.equal(finding.code.code, 'promql/type');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.range, { start: offsetOf(text, 'foo'), end: offsetOf(text, 'foo') + 3 });
  });

  it('reads a recording rule of a closed file from an open one: definition, references, rename, symbols', () => {
    const workspace = new Workspace();
    workspace.applyChange(RULES_URI, RULES);
    const query = 'sum(job:up:sum)\n';
    workspace.applyChange(QUERY_URI, query, { open: true });
    const use = offsetOf(query, 'job:up:sum');
    const definition = { uri: RULES_URI, range: { start: offsetOf(RULES, 'job:up:sum'), end: offsetOf(RULES, 'job:up:sum') + 10 } };
    assert.deepEqual(workspace.definition(QUERY_URI, use + 2), [definition]);
    workspace.updateFacts(QUERY_URI);
    assert.deepEqual(workspace.references(QUERY_URI, use, true), [definition, { uri: QUERY_URI, range: { start: use, end: use + 10 } }]);
    assert.deepEqual(workspace.renameRange(QUERY_URI, use), { start: use, end: use + 10 });
    const rename = workspace.rename(QUERY_URI, use, 'job:up:total');
    assert.ok('edits' in rename);
    assert.deepEqual(rename.edits.map((e) => e.uri).sort(), [QUERY_URI, RULES_URI]);
    assert.deepEqual(workspace.rename(QUERY_URI, use, 'not a name'), { error: '"not a name" is not a valid metric name ([a-zA-Z_:][a-zA-Z0-9_:]*).' });
    assert.deepEqual(workspace.workspaceSymbols('upsum'), [{ name: 'job:up:sum', kind: 'record', group: 'g', location: definition }]);
    // A closed file's text is kept (for positions), not its model.
    assert.equal(workspace.document(RULES_URI)?.getText(), RULES);
  });

  it('finds a recording rule unused until another file reads it, and scopes the findings', () => {
    const workspace = new Workspace();
    workspace.applyChange(RULES_URI, RULES, { open: true });
    assert.deepEqual(codes(workspace, RULES_URI), ['rules/unused']);
    assert.deepEqual(codes(workspace, RULES_URI, 'file'), []);
    assert.deepEqual(codes(workspace, RULES_URI, 'graph'), ['rules/unused']);
    workspace.applyChange(QUERY_URI, 'job:up:sum\n');
    assert.deepEqual(codes(workspace, RULES_URI), []);
    workspace.applyChange(QUERY_URI, null);
    assert.deepEqual(codes(workspace, RULES_URI), ['rules/unused']);
    // An open file that stops being a rule file leaves the index when its findings are asked.
    const other = 'file:///w/other.rules.yml';
    workspace.applyChange(other, 'groups:\n  - name: h\n    rules:\n      - alert: Down\n        expr: job:up:sum == 0\n        for: 5m\n', { open: true });
    assert.deepEqual(codes(workspace, other), []);
    assert.deepEqual(codes(workspace, RULES_URI), []);
    workspace.applyChange(other, 'x: 1\n', { open: true });
    assert.deepEqual(codes(workspace, other), []);
    assert.deepEqual(codes(workspace, RULES_URI), ['rules/unused']);
    // A dashboard that names the rule uses it too.
    workspace.setMentions('file:///w/dashboard.json', '{"expr": "job:up:sum"}');
    assert.deepEqual(codes(workspace, RULES_URI), []);
  });

  it('reads the intervals and targets of configurations, and forgets them with the file', () => {
    let told = 0;
    const workspace = new Workspace({ onConfigTargetsChanged: () => told++ });
    workspace.applyChange('file:///w/alerts.yml', RATE_RULES, { open: true });
    assert.deepEqual(codes(workspace, 'file:///w/alerts.yml'), []);
    workspace.applyChange(CONFIG_URI, CONFIG);
    assert.equal(workspace.intervals()?.scrape, 60);
    assert.deepEqual(workspace.configurationTargets().map((c) => [c.uri, c.targets.map((t) => t.target)]), [[CONFIG_URI, ['localhost:9100']]]);
    assert.ok(told > 0);
    assert.deepEqual(codes(workspace, 'file:///w/alerts.yml'), ['promql/rate-range']);
    workspace.applyChange(CONFIG_URI, null);
    assert.equal(workspace.intervals(), undefined);
    assert.deepEqual(workspace.configurationTargets(), []);
    assert.deepEqual(codes(workspace, 'file:///w/alerts.yml'), []);
  });

  it('reads rule files in the dialect the workspace names, unless the dialect is given', () => {
    const workspace = new Workspace();
    assert.equal(workspace.ruleDialect(), 'prometheus');
    workspace.applyChange('file:///w/compose.yml', 'services:\n  vmalert:\n    image: victoriametrics/vmalert:v1.100.0\n');
    assert.equal(workspace.ruleDialect(), 'vmalert');
    // The compose file is none of ours: not kept, but its evidence stands.
    assert.equal(workspace.document('file:///w/compose.yml'), undefined);
    const settings: WorkspaceSettings = { lint: DEFAULT_LINT_SETTINGS, documentKinds: new DocumentKindPatterns(), ruleDialect: 'prometheus', dialectForced: true };
    workspace.configure(settings);
    assert.equal(workspace.ruleDialect(), 'prometheus');
  });

  it('does not parse a closed file a textual look says is another tool\'s, but reads its names and tool', () => {
    const workspace = new Workspace();
    workspace.applyChange(RULES_URI, RULES, { open: true });
    const manifest = 'kind: Deployment\nspec:\n  containers:\n    - image: victoriametrics/vmalert:v1.100.0\n      args: [--note=job:up:sum]\n';
    workspace.applyChange('file:///w/deploy.yml', manifest, { mayBePrometheus: false });
    assert.equal(workspace.document('file:///w/deploy.yml'), undefined);
    assert.equal(workspace.ruleDialect(), 'vmalert');
    assert.deepEqual(codes(workspace, RULES_URI), []);
    assert.equal(workspace.indexedFiles, 1, 'the rule file only');
  });

  it('leaves alone the files the settings say are none of ours', () => {
    const workspace = new Workspace();
    workspace.applyChange(RULES_URI, RULES, { open: true });
    assert.equal(workspace.kindOf(RULES_URI), null);
    assert.deepEqual(codes(workspace, RULES_URI), ['rules/unused']);
    assert.equal(workspace.kindOf(RULES_URI), 'rules');
    workspace.configure({ lint: DEFAULT_LINT_SETTINGS, documentKinds: new DocumentKindPatterns({ '**/rules.yml': 'none' }) });
    assert.equal(workspace.model(RULES_URI), null);
    assert.deepEqual(codes(workspace, RULES_URI), []);
    assert.equal(workspace.indexedFiles, 0);
  });

  it('follows the text when an editor opens a file again with a version it used before', () => {
    const workspace = new Workspace();
    workspace.applyChange(QUERY_URI, 'rate(foo)\n', { open: true, version: 1 });
    assert.deepEqual(codes(workspace, QUERY_URI), ['promql/type']);
    workspace.applyChange(QUERY_URI, 'rate(foo[5m])\n', { open: true, version: 1 });
    assert.deepEqual(codes(workspace, QUERY_URI), []);
  });

  it('completes and hovers at an offset of an open file', () => {
    const workspace = new Workspace();
    workspace.applyChange(RULES_URI, RULES);
    const query = 'sum(job:up)\n';
    workspace.applyChange(QUERY_URI, query, { open: true });
    const labels = workspace.completion(QUERY_URI, offsetOf(query, ')')).items.map((i) => i.label);
    assert.ok(labels.includes('job:up:sum'), labels.join(', '));
    assert.match(JSON.stringify(workspace.hover(QUERY_URI, 1)), /sum/);
  });
  it('gives after each keystroke the findings of a fresh workspace, with groups that keep their results', () => {
    // Repeated group names, records written twice, a broken duration, quantile comparisons and
    // rules that read each other: what the group memos keep (ruleFileValidation.ts, documentLint.ts,
    // groupQueryMemo.ts) and what reads across groups.
    const lines = ['groups:'];
    for (let g = 0; g < 12; g++) {
      lines.push(`  - name: g${g % 5}`, '    rules:');
      for (let r = 0; r < 6; r++) {
        if (r % 2 === 0) {
          lines.push(`      - record: job:x_${(g * 3 + r) % 7}:rate5m`, '        expr: sum by (job) (rate(x_total[5m]))', ...(r % 4 === 0 ? ['        labels:', '          team: a'] : []));
        } else {
          lines.push(`      - alert: A${r}`, `        expr: job:x_${r}:rate5m > 0.5 and histogram_quantile(0.9, sum by (le) (rate(h_bucket[5m]))) > 0.3`,
            '        annotations:', '          summary: "{{ $labels.instance }} x"', '        for: 5x');
        }
      }
    }
    const original = `${lines.join('\n')}\n`;
    const next = random(5);
    const workspace = new Workspace();
    let text = original;
    let version = 1;
    workspace.applyChange(RULES_URI, text, { open: true, version });
    /** A character typed into or deleted from a record's name: the records the record checks read change. */
    const recordNameEdit = (within: string): string => {
      const names = [...within.matchAll(/record: (\S{2,})/g)];
      if (names.length === 0) return randomEdit(within, next);
      const name = names[Math.floor(next() * names.length)];
      const at = name.index + 'record: '.length + 1 + Math.floor(next() * (name[1].length - 1));
      return next() < 0.5 ? `${within.slice(0, at)}x${within.slice(at)}` : within.slice(0, at) + within.slice(at + 1);
    };
    const seen = new Set<string>();
    for (let i = 0; i < 120; i++) {
      // Back to the whole file now and then: random edits break it more and more.
      text = i % 40 === 39 ? original : next() < 0.3 ? recordNameEdit(text) : randomEdit(text, next);
      workspace.applyChange(RULES_URI, text, { open: true, version: ++version });
      if (next() < 0.5) workspace.completion(RULES_URI, Math.floor(next() * text.length));
      const fresh = new Workspace();
      fresh.applyChange(RULES_URI, text, { open: true, version });
      const findings = workspace.findings(RULES_URI);
      assert.deepEqual(findings, fresh.findings(RULES_URI), `keystroke ${i + 1}`);
      for (const f of findings) seen.add(f.code.code);
    }
    for (const code of ['rules/duplicate', 'rules/invalid', 'rules/evaluation-order', 'rules/unused', 'rules/alert-for']) assert.ok(seen.has(code), `${code} in ${[...seen].join(', ')}`);
  });

  it('gives after each keystroke the findings of a fresh workspace when the editor says what each change replaced', () => {
    // The editor's document updated in place, as lsp/ does, with the span of each change: several
    // changes in one notification (folded), several notifications before a question (folded by the
    // workspace), edits at the file's two ends, and now and then a change without a span (compared).
    const lines = ['groups:'];
    for (let g = 0; g < 10; g++) {
      lines.push(`  - name: g${g % 4}`, '    rules:');
      for (let r = 0; r < 4; r++) {
        if (r % 2 === 0) lines.push(`      - record: job:x_${(g + r) % 6}:rate5m`, '        expr: sum by (job) (rate(x_total[5m]))');
        else lines.push(`      - alert: A${r}`, `        expr: job:x_${r}:rate5m > 0.5`, '        for: 5x');
      }
    }
    const original = `${lines.join('\n')}\n`;
    const next = random(23);
    const workspace = new Workspace();
    let document = TextDocument.create(RULES_URI, 'yaml', 1, original);
    workspace.applyEditorDocument(document);
    workspace.findings(RULES_URI);
    let compared = 0;
    for (let i = 0; i < 200; i++) {
      const changes = next() < 0.7 ? 1 : 2 + Math.floor(next() * 3);
      let span: EditedSpan | undefined;
      for (let c = 0; c < changes; c++) {
        const text = document.getText();
        const where = next();
        const change = where < 0.1 ? { start: 0, end: 0, text: '#' } : where < 0.2 ? { start: text.length, end: text.length, text: next() < 0.5 ? '\n' : '  - name: end\n' }
          : where < 0.25 && text.length > 0 ? { start: text.length - 1, end: text.length, text: '' } : randomChange(text, next);
        const replaced = { start: change.start, oldEnd: change.end, newEnd: change.start + change.text.length };
        span = span ? foldEditedSpans(span, replaced) : replaced;
        document = TextDocument.update(document, [{ range: { start: document.positionAt(change.start), end: document.positionAt(change.end) }, text: change.text }], document.version + 1);
      }
      if (i % 60 === 59) document = TextDocument.update(document, [{ text: original }], document.version + 1);
      workspace.applyEditorDocument(document, i % 60 === 59 || next() < 0.05 ? undefined : span);
      // Some notifications are followed by another before the next parse.
      if (next() < 0.3) continue;
      if (next() < 0.3) workspace.completion(RULES_URI, Math.floor(next() * document.getText().length));
      const fresh = new Workspace();
      fresh.applyChange(RULES_URI, document.getText(), { open: true, version: document.version });
      assert.deepEqual(workspace.findings(RULES_URI), fresh.findings(RULES_URI), `step ${i + 1}`);
      compared++;
    }
    assert.ok(compared > 100, `${compared} steps compared`);
  });

  it('gives after each keystroke the rule graph\'s findings of a fresh workspace, while other files read and name the records', () => {
    // The rule graph's findings are kept per group while what they asked stays (features/ruleGraph.ts):
    // whether a name is read (here by a query file typed into, and by the rule file itself), whether
    // another file names it (a record per group that only they may read), and the cycles of records
    // (here records that read each other).
    const lines = ['groups:'];
    for (let g = 0; g < 10; g++) {
      lines.push(`  - name: g${g}`, '    rules:', `      - record: job:y_${g}:rate5m`, '        expr: sum(y_total)');
      for (let r = 0; r < 4; r++) {
        const n = g * 4 + r;
        if (r === 3) lines.push(`      - alert: A${n}`, `        expr: job:x_${n - 2}:rate5m > 1`);
        else lines.push(`      - record: job:x_${n}:rate5m`, `        expr: sum(job:x_${(n + 4) % 40}:rate5m) or job:x_${n + 1}:rate5m`);
      }
    }
    const original = `${lines.join('\n')}\n`;
    const next = random(11);
    const workspace = new Workspace();
    const DASHBOARD_URI = 'file:///w/dashboard.json';
    let text = original;
    let query = 'job:x_4:rate5m\n';
    let mentioned = '';
    let version = 1;
    workspace.applyChange(RULES_URI, text, { open: true, version });
    workspace.applyChange(QUERY_URI, query, { open: true, version });
    workspace.findings(RULES_URI);
    const seen = new Set<string>();
    for (let i = 0; i < 150; i++) {
      const what = next();
      if (what < 0.25) {
        // The query file reads another record, or a name being typed.
        query = next() < 0.5 ? `job:${'xy'[Math.floor(next() * 2)]}_${Math.floor(next() * 10)}:rate5m\n` : `${query.trimEnd()}${'x_:'[Math.floor(next() * 3)]}\n`;
        workspace.applyChange(QUERY_URI, query, { open: true, version: ++version });
        workspace.findings(QUERY_URI);
      } else if (what < 0.35) {
        mentioned = `{"expr": "job:${'xy'[Math.floor(next() * 2)]}_${Math.floor(next() * 10)}:rate5m"}`;
        workspace.setMentions(DASHBOARD_URI, mentioned);
      } else {
        text = i % 50 === 49 ? original : randomEdit(text, next);
        workspace.applyChange(RULES_URI, text, { open: true, version: ++version });
      }
      const fresh = new Workspace();
      fresh.applyChange(QUERY_URI, query, { open: true, version });
      fresh.findings(QUERY_URI);
      if (mentioned) fresh.setMentions(DASHBOARD_URI, mentioned);
      fresh.applyChange(RULES_URI, text, { open: true, version });
      const findings = workspace.findings(RULES_URI);
      assert.deepEqual(findings, fresh.findings(RULES_URI), `step ${i + 1}`);
      for (const f of findings) seen.add(f.code.code);
      // The index entries of the groups an edit moved are moved in place (ruleIndex.ts): navigation reads them.
      const names = [...text.matchAll(/job:[xy]_/g)];
      const at = names.length > 0 ? names[Math.floor(next() * names.length)].index + 5 : 0;
      assert.deepEqual(workspace.references(RULES_URI, at, true), fresh.references(RULES_URI, at, true), `references at ${at}, step ${i + 1}`);
      // Symbols come name by name, in the order names came to the index: compared in the file's order.
      const symbols = (w: Workspace): WorkspaceSymbol[] => w.workspaceSymbols('job').sort((a, b) => a.location.range.start - b.location.range.start);
      assert.deepEqual(symbols(workspace), symbols(fresh), `symbols, step ${i + 1}`);
    }
    for (const code of ['rules/evaluation-order', 'rules/unused', 'rules/cycle']) assert.ok(seen.has(code), `${code} in ${[...seen].join(', ')}`);
  });

  describe('gives after an edit of whole groups and records what a fresh workspace gives', () => {
    // The queries follow their nodes and the index skips the groups whose entries it kept
    // (nodeBoundQuery.ts, WorkspaceIndex.set): edits that add, remove or reorder groups, rename a
    // record, or move a rule to another group, each followed by keystrokes into an `expr:` after it.
    const group = (g: number): string => [`  - name: g${g}`, '    rules:',
      `      - record: job:z_${g}:rate5m`, `        expr: sum(rate(z_total{g="${g}"}[5m]))`,
      `      - alert: Z${g}`, `        expr: job:z_${(g + 1) % 6}:rate5m > 1 and job:z_${g}:rate5m > 2`, ''].join('\n');
    const original = `groups:\n${[0, 1, 2, 3, 4, 5].map(group).join('')}`;
    const rule = (g: number): string => `      - alert: Z${g}\n        expr: job:z_${(g + 1) % 6}:rate5m > 1 and job:z_${g}:rate5m > 2\n`;
    const cases: { name: string; edit: (text: string) => string }[] = [
      { name: 'a group added in the middle', edit: (t) => t.replace('  - name: g3\n', `${group(9)}  - name: g3\n`) },
      { name: 'a group added at the end', edit: (t) => t + group(9) },
      { name: 'a group removed in the middle', edit: (t) => t.replace(group(2), '') },
      { name: 'the first group removed', edit: (t) => t.replace(group(0), '') },
      { name: 'two groups swapped', edit: (t) => t.replace(group(1) + group(2), group(2) + group(1)) },
      { name: 'a record renamed', edit: (t) => t.replace('record: job:z_2:rate5m', 'record: job:z_2x:rate5m') },
      { name: 'a record renamed where another group reads it', edit: (t) => t.replace('job:z_3:rate5m > 1', 'job:z_3x:rate5m > 1') },
      { name: 'a rule cut from one group', edit: (t) => t.replace(rule(1), '') },
      { name: 'a rule moved to another group', edit: (t) => t.replace(rule(1), '').replace(`        expr: job:z_5:rate5m > 1 and job:z_4:rate5m > 2\n`, `        expr: job:z_5:rate5m > 1 and job:z_4:rate5m > 2\n${rule(1)}`) },
      { name: 'an expr grown by a line in the first group', edit: (t) => t.replace('sum(rate(z_total{g="0"}[5m]))', 'sum(rate(z_total{g="0"}[5m]))\n          + 1') },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const workspace = new Workspace();
        let version = 1;
        workspace.applyChange(RULES_URI, original, { open: true, version });
        workspace.findings(RULES_URI);
        let text = c.edit(original);
        assert.notEqual(text, original);
        for (const [k, typed] of ['', ' ', 'o', 'r', '\b', '\b', '\b', ' ', 'x', '\b', '\b'].entries()) {
          // Keystrokes at the end of the last `expr:`, then of the first: after and before the edit's place.
          const at = (k < 7 ? text.lastIndexOf('> 2\n') : text.indexOf('> 2\n')) + 3;
          text = typed === '\b' ? text.slice(0, at - 1) + text.slice(at) : text.slice(0, at) + typed + text.slice(at);
          workspace.applyChange(RULES_URI, text, { open: true, version: ++version });
          const fresh = new Workspace();
          fresh.applyChange(RULES_URI, text, { open: true, version });
          const where = `${c.name}, after ${JSON.stringify(typed)}`;
          assert.deepEqual(workspace.findings(RULES_URI), fresh.findings(RULES_URI), where);
          for (const name of ['job:z_1:rate5m', 'job:z_3:rate5m', 'job:z_4:rate5m']) {
            const offset = text.indexOf(name) + 1;
            assert.deepEqual(workspace.references(RULES_URI, offset, true), fresh.references(RULES_URI, offset, true), `${where}, ${name}`);
          }
          assert.deepEqual(workspace.workspaceSymbols('job').sort((a, b) => a.location.range.start - b.location.range.start),
            fresh.workspaceSymbols('job').sort((a, b) => a.location.range.start - b.location.range.start), where);
          const hover = text.lastIndexOf('z_total') + 2;
          assert.deepEqual(workspace.hover(RULES_URI, hover), fresh.hover(RULES_URI, hover), where);
        }
      });
    }
  });
});
