import type { FileIndex, MetricUse, RuleDefinition } from '../rules/ruleIndex';

/**
 * The recording rules, alerts and metric uses of every indexed file of the workspace, updated one
 * file at a time. Navigation (definition, references, rename, workspace symbols) and the rule graph
 * read it.
 */
export class WorkspaceIndex {
  private readonly files = new Map<string, FileIndex>();
  private byName: Map<string, RuleDefinition[]> | null = null;
  private usesByName: Map<string, MetricUse[]> | null = null;
  /** Bumped on every change: lets callers tell whether what they derived is still current. */
  version = 0;

  set(file: FileIndex): void {
    this.files.set(file.uri, file);
    this.changed();
  }

  delete(uri: string): void {
    if (this.files.delete(uri)) this.changed();
  }

  has(uri: string): boolean {
    return this.files.has(uri);
  }

  get size(): number {
    return this.files.size;
  }

  /** Recording rules (and alerts) of this name, in every file. */
  definitions(name: string): readonly RuleDefinition[] {
    this.byName ??= group([...this.files.values()].flatMap((f) => f.definitions));
    return this.byName.get(name) ?? [];
  }

  /** Every place that reads this metric name. */
  uses(name: string): readonly MetricUse[] {
    this.usesByName ??= group([...this.files.values()].flatMap((f) => f.uses));
    return this.usesByName.get(name) ?? [];
  }

  /** The metric names the expression of a rule reads. */
  readsOfRule(definition: RuleDefinition): string[] {
    const file = this.files.get(definition.uri);
    if (!file) return [];
    return file.uses.filter((u) => u.inRule && u.inRule.groupIndex === definition.groupIndex && u.inRule.ruleIndex === definition.ruleIndex).map((u) => u.name);
  }

  allDefinitions(): RuleDefinition[] {
    return [...this.files.values()].flatMap((f) => f.definitions);
  }

  private changed(): void {
    this.byName = null;
    this.usesByName = null;
    this.version++;
  }
}

function group<T extends { name: string }>(items: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const list = out.get(item.name);
    if (list) list.push(item);
    else out.set(item.name, [item]);
  }
  return out;
}
