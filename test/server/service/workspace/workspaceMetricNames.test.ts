import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../../../server/src/service/languageService';
import { indexDocument, type FileIndex } from '../../../../server/src/service/rules/ruleIndex';
import { WorkspaceIndex } from '../../../../server/src/service/workspace/workspaceIndex';
import { random, randomEdit } from '../../../support/randomEdits';

/*
 * Completion's workspace names (workspaceMetricNames.ts) are kept by the workspace index between
 * changes and updated in place as names come and go: after any sequence of edits they must be the
 * list built afresh from the same index, in the same order (it decides among equal scores), with the
 * same character sets and the same number of recording rules first.
 */

const service = getLanguageService();

/** A file's entry; none when an edit made it no rule file. */
function indexed(uri: string, text: string): FileIndex {
  const model = service.parseDocument(TextDocument.create(uri, 'yaml', 1, text));
  return model ? indexDocument(uri, model) : { uri, definitions: [], uses: [] };
}

/** A rule file whose records and alerts read each other's names and a few metrics. */
function ruleFile(seed: number): string {
  const lines = ['groups:'];
  for (let g = 0; g < 4; g++) {
    lines.push(`  - name: g${g}`, '    rules:');
    for (let r = 0; r < 6; r++) {
      const n = (seed * 7 + g * 3 + r) % 9;
      if (r % 2 === 0) lines.push(`      - record: job:m_${n}:rate5m`, `        expr: sum by (job) (rate(m_${n}_total[5m]))`);
      else lines.push(`      - alert: A${n}`, `        expr: job:m_${(n + 1) % 9}:rate5m > 0.5 or up_${n} == 0`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The list as completion reads it. */
function names(index: WorkspaceIndex): unknown {
  const list = index.metricNames();
  return { names: [...list.names], masks: [...list.masks], records: list.records };
}

/** One more character typed into or deleted from a record's name: the set of recording rules changes. */
function recordNameEdit(text: string, next: () => number): string {
  const found = [...text.matchAll(/record: (\S{2,})/g)];
  if (found.length === 0) return randomEdit(text, next);
  const name = found[Math.floor(next() * found.length)];
  const at = name.index + 'record: '.length + 1 + Math.floor(next() * (name[1].length - 1));
  return next() < 0.5 ? `${text.slice(0, at)}x${text.slice(at)}` : text.slice(0, at) + text.slice(at + 1);
}

describe('WorkspaceIndex: completion\'s names kept between edits', () => {
  it('equal the names built afresh from the same changes, in order, after each of 150 random edits', () => {
    const next = random(17);
    const texts = new Map([0, 1, 2].map((i) => [`file:///w/rules${i}.yml`, ruleFile(i)]));
    const kept = new WorkspaceIndex();
    /** Every change so far, replayed into a new index each time (whose names are built once, at the end). */
    const history: FileIndex[] = [];
    const apply = (entry: FileIndex): void => {
      kept.set(entry);
      history.push(entry);
    };
    for (const [uri, text] of texts) apply(indexed(uri, text));
    let recordChanges = 0;
    for (let i = 0; i < 150; i++) {
      const uri = [...texts.keys()][Math.floor(next() * texts.size)];
      const before = texts.get(uri)!;
      const text = i % 50 === 49 ? ruleFile(i) : next() < 0.3 ? recordNameEdit(before, next) : randomEdit(before, next);
      texts.set(uri, text);
      const recordsBefore = kept.metricNames().records;
      apply(indexed(uri, text));
      const afresh = new WorkspaceIndex();
      for (const entry of history) afresh.set(entry);
      assert.deepEqual(names(kept), names(afresh), `edit ${i + 1} of ${uri}`);
      if (kept.metricNames().records !== recordsBefore) recordChanges++;
    }
    assert.ok(recordChanges >= 5, `${recordChanges} edits changed the recording rules`);
  });
});
