/**
 * Which recording rules read which, by metric name, over the whole workspace: an edge a → b when
 * some rule recording `a` has an expression that reads `b`, and `b` is itself recorded somewhere.
 * Built once per change of the workspace index (linear in rules and reads), so that finding the
 * recording rules that lie on a cycle costs the same for 10 files as for 10,000 that all record the
 * same name.
 */
export class RecordingRuleGraph {
  private readonly edges = new Map<string, string[]>();
  private readonly onCycle: Set<string>;

  constructor(recordReads: ReadonlyMap<string, ReadonlySet<string>>) {
    for (const [name, reads] of recordReads) {
      this.edges.set(name, [...reads].filter((r) => recordReads.has(r)));
    }
    this.onCycle = namesOnCycles(this.edges);
  }

  /** Whether some recording rules read each other in a cycle (or one reads itself): when none do, no rule need be asked about. */
  get hasCycles(): boolean {
    return this.onCycle.size > 0;
  }

  /** The shortest path of recording rules from `start` back to itself, or null when it lies on no cycle. */
  cycleThrough(start: string): string[] | null {
    if (!this.onCycle.has(start)) return null;
    const parent = new Map<string, string>();
    const queue = [start];
    for (let head = 0; head < queue.length; head++) {
      const name = queue[head];
      for (const next of this.edges.get(name) ?? []) {
        if (next === start) {
          const path = [start];
          for (let at = name; at !== start; at = parent.get(at)!) path.push(at);
          return [start, ...path.slice(1).reverse(), start];
        }
        if (parent.has(next)) continue;
        parent.set(next, name);
        queue.push(next);
      }
    }
    return null;
  }
}

/*
 * Tarjan's strongly connected components, written iteratively: a chain of thousands of recording
 * rules reading each other is a real workspace, and a recursive walk (as graph libraries such as
 * graphlib do) would overflow the stack on it. A name is on a cycle when its component has more than
 * one name, or it reads itself.
 */
function namesOnCycles(edges: ReadonlyMap<string, readonly string[]>): Set<string> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result = new Set<string>();
  let counter = 0;
  for (const root of edges.keys()) {
    if (index.has(root)) continue;
    const work: { name: string; next: number }[] = [{ name: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const out = edges.get(frame.name) ?? [];
      if (frame.next < out.length) {
        const next = out[frame.next++];
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter++);
          stack.push(next);
          onStack.add(next);
          work.push({ name: next, next: 0 });
        } else if (onStack.has(next)) {
          low.set(frame.name, Math.min(low.get(frame.name)!, index.get(next)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const up = work[work.length - 1].name;
        low.set(up, Math.min(low.get(up)!, low.get(frame.name)!));
      }
      if (low.get(frame.name) !== index.get(frame.name)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.name);
      if (component.length > 1 || out.includes(frame.name)) for (const m of component) result.add(m);
    }
  }
  return result;
}
