import * as assert from 'node:assert/strict';
import { RecordingRuleGraph } from '../../../../server/src/service/workspace/recordingRuleGraph';

/** Builds a graph from "a: b c" lines: the rules recording a read b and c. */
function graph(...lines: string[]): RecordingRuleGraph {
  const reads = new Map<string, Set<string>>();
  for (const line of lines) {
    const [name, rest] = line.split(':');
    reads.set(name.trim(), new Set(rest.trim().split(/\s+/).filter(Boolean)));
  }
  return new RecordingRuleGraph(reads);
}

describe('RecordingRuleGraph', () => {
  const cases: { name: string; lines: string[]; start: string; cycle: string[] | null }[] = [
    { name: 'no edges', lines: ['a:', 'b:'], start: 'a', cycle: null },
    { name: 'a chain', lines: ['a: b', 'b: c', 'c: raw'], start: 'a', cycle: null },
    { name: 'a rule reading itself', lines: ['a: a raw'], start: 'a', cycle: ['a', 'a'] },
    { name: 'two rules reading each other', lines: ['a: b', 'b: a'], start: 'b', cycle: ['b', 'a', 'b'] },
    { name: 'the shortest way round', lines: ['a: b c', 'b: c', 'c: a'], start: 'a', cycle: ['a', 'c', 'a'] },
    { name: 'a rule that reads into a cycle without lying on it', lines: ['x: a', 'a: b', 'b: a'], start: 'x', cycle: null },
    { name: 'reads of names nothing records are not edges', lines: ['a: b', 'c: a'], start: 'a', cycle: null },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(graph(...c.lines).cycleThrough(c.start), c.cycle));
  }

  it('walks a chain of 50,000 rules, and a ring of as many, without overflowing the stack', () => {
    const chain = new Map<string, Set<string>>();
    const n = 50_000;
    for (let i = 0; i < n; i++) chain.set(`r${i}`, new Set(i + 1 < n ? [`r${i + 1}`] : []));
    assert.equal(new RecordingRuleGraph(chain).cycleThrough('r0'), null);
    chain.set(`r${n - 1}`, new Set(['r0']));
    const ring = new RecordingRuleGraph(chain).cycleThrough('r0');
    assert.equal(ring?.length, n + 1);
    assert.equal(ring?.[0], 'r0');
    assert.equal(ring?.[n - 1], `r${n - 1}`);
  });
});
