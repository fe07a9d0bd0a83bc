import type { FileIndex, MetricUse, RuleDefinition } from '../rules/ruleIndex';
import { NameMentions } from './nameMentions';
import { RecordingRuleGraph } from './recordingRuleGraph';

/**
 * The recording rules, alerts and metric uses of every indexed file of the workspace, updated one
 * file at a time: a change to one file touches only that file's entries (the index is updated on
 * every keystroke). Navigation (definition, references, rename, workspace symbols) and the rule
 * graph read it.
 */
export class WorkspaceIndex {
  private readonly files = new Map<string, FileIndex>();
  private readonly definitionsByName = new Map<string, RuleDefinition[]>();
  private readonly usesByName = new Map<string, MetricUse[]>();
  /** Per file: the names each rule's expression reads, by "group/rule" position. */
  private readonly readsByRule = new Map<string, Map<string, string[]>>();
  private readonly recordsByName = new Map<string, RuleDefinition[]>();
  /** Per file: what it adds to the rule graph (each recording rule and the names it reads), as text. */
  private readonly graphShapes = new Map<string, string>();
  /**
   * Built on first use after a change of some file's recording rules or of what they read, so
   * that checking a workspace builds it once and typing elsewhere in a rule file does not rebuild it.
   */
  private graph: RecordingRuleGraph | null = null;
  /**
   * The words of the workspace's text files that are not rule files (dashboards, jsonnet, docs,
   * code): a recording rule one of them names is used. Fed by the editor and by `check` alike.
   */
  readonly mentions = new NameMentions();

  set(file: FileIndex): void {
    const oldShape = this.graphShapes.get(file.uri) ?? '';
    this.remove(file.uri);
    this.files.set(file.uri, file);
    for (const d of file.definitions) {
      add(this.definitionsByName, d);
      if (d.kind === 'record') add(this.recordsByName, d);
    }
    const reads = new Map<string, string[]>();
    for (const u of file.uses) {
      add(this.usesByName, u);
      if (!u.inRule) continue;
      const key = `${u.inRule.groupIndex}/${u.inRule.ruleIndex}`;
      const list = reads.get(key);
      if (list) list.push(u.name);
      else reads.set(key, [u.name]);
    }
    this.readsByRule.set(file.uri, reads);
    const shape = file.definitions.filter((d) => d.kind === 'record').map((d) => `${d.name}<-${this.readsOfRule(d).join(',')}`).join('\n');
    this.graphShapes.set(file.uri, shape);
    if (shape !== oldShape) this.graph = null;
  }

  delete(uri: string): void {
    if (this.graphShapes.get(uri)) this.graph = null;
    this.remove(uri);
  }

  private remove(uri: string): void {
    const old = this.files.get(uri);
    if (!old) return;
    this.files.delete(uri);
    this.readsByRule.delete(uri);
    this.graphShapes.delete(uri);
    removeAll(this.definitionsByName, old.definitions);
    removeAll(this.recordsByName, old.definitions.filter((d) => d.kind === 'record'));
    removeAll(this.usesByName, old.uses);
  }

  has(uri: string): boolean {
    return this.files.has(uri);
  }

  /** The entry of one file. */
  file(uri: string): FileIndex | undefined {
    return this.files.get(uri);
  }

  get size(): number {
    return this.files.size;
  }

  /** Recording rules (and alerts) of this name, in every file. */
  definitions(name: string): readonly RuleDefinition[] {
    return this.definitionsByName.get(name) ?? [];
  }

  /** Recording rules of this name, in every file. */
  records(name: string): readonly RuleDefinition[] {
    return this.recordsByName.get(name) ?? [];
  }

  /**
   * Which recording rules read which, within each file (nodes are `recordingRuleKey`s): rules that
   * read each other across files are not known to run in one Prometheus, and files recording each
   * other's names are usually alternatives (a compatibility file per direction, old names to new and
   * new to old). Built once per change of the index.
   */
  recordingGraph(): RecordingRuleGraph {
    if (this.graph) return this.graph;
    const reads = new Map<string, Set<string>>();
    for (const records of this.recordsByName.values()) {
      for (const record of records) {
        const key = recordingRuleKey(record.uri, record.name);
        const names = reads.get(key) ?? new Set<string>();
        for (const read of this.readsOfRule(record)) names.add(recordingRuleKey(record.uri, read));
        reads.set(key, names);
      }
    }
    this.graph = new RecordingRuleGraph(reads);
    return this.graph;
  }

  /** Every place that reads this metric name. */
  uses(name: string): readonly MetricUse[] {
    return this.usesByName.get(name) ?? [];
  }

  /** The metric names the expression of a rule reads. */
  readsOfRule(definition: RuleDefinition): readonly string[] {
    return this.readsByRule.get(definition.uri)?.get(`${definition.groupIndex}/${definition.ruleIndex}`) ?? [];
  }

  /** Every metric name some indexed file reads. */
  usedNames(): IterableIterator<string> {
    return this.usesByName.keys();
  }

  /** Every metric name some indexed file reads somewhere other than `range` of `uri` (the word being typed there). */
  *usedNamesOutside(uri: string, range: { start: number; end: number }): IterableIterator<string> {
    for (const [name, uses] of this.usesByName) {
      if (uses.some((u) => u.uri !== uri || u.range.end < range.start || u.range.start > range.end)) yield name;
    }
  }

  allDefinitions(): RuleDefinition[] {
    return [...this.definitionsByName.values()].flat();
  }
}

function add<T extends { name: string }>(map: Map<string, T[]>, item: T): void {
  const list = map.get(item.name);
  if (list) list.push(item);
  else map.set(item.name, [item]);
}

/** Removes a file's items: one pass over each name's list, however many items share the name. */
function removeAll<T extends { name: string }>(map: Map<string, T[]>, items: readonly T[]): void {
  const gone = new Set(items);
  for (const name of new Set(items.map((i) => i.name))) {
    const rest = (map.get(name) ?? []).filter((x) => !gone.has(x));
    if (rest.length > 0) map.set(name, rest);
    else map.delete(name);
  }
}

/** A recording rule's node in the rule graph: its name in its file. */
export function recordingRuleKey(uri: string, name: string): string {
  return `${uri}\n${name}`;
}
