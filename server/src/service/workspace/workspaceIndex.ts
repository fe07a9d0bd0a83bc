import type { FileIndex, MetricUse, RuleDefinition } from '../rules/ruleIndex';
import { charMask } from '../catalog/fuzzyMatch';
import { NameMentions } from './nameMentions';
import type { WorkspaceMetricNames } from './workspaceMetricNames';
import { RecordingRuleGraph } from './recordingRuleGraph';
import { detachedCopy } from '../documents/detachedCopy';

/**
 * The recording rules, alerts and metric uses of every indexed file of the workspace, updated one
 * file at a time: a change to one file touches only that file's entries (the index is updated on
 * every keystroke). Navigation (definition, references, rename, workspace symbols) and the rule
 * graph read it.
 *
 * A file indexed again is compared with what it gave before, entry by entry in document order:
 * after a keystroke the entries before and after the edit are the same rules, moved (same name,
 * kind, group and rule position), and replace their old selves in place; only the names of the
 * entries in between have their lists rebuilt, and only the rules in between have their reads read
 * again. In a file of 10,000 rules a keystroke so costs a compare of its entries, not a rebuild.
 */
export class WorkspaceIndex {
  private readonly files = new Map<string, IndexedFile>();
  private readonly definitionsByName = new NameLists<RuleDefinition>(true);
  private readonly usesByName = new NameLists<MetricUse>(false, (name, added) => this.usedNameChanged(name, added));
  private readonly recordsByName = new NameLists<RuleDefinition>();
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
  /**
   * Completion's names, as of the version of the recording rules' names they were built from (a
   * name leaves or rejoins the definitions' order only with its records, so an edit of an alert's or
   * a rule's expression keeps them): a name read that comes or goes (each keystroke that types a
   * word does) is added or removed in place.
   */
  private metricNamesKept: { recordNames: number; names: string[]; masks: number[]; records: Set<string>; list: WorkspaceMetricNames } | null = null;
  /**
   * The names read that came or went, in order, since the `readNamesDropped`-th: what the rule
   * graph's kept findings check (features/ruleGraph.ts). Dropped when long (a workspace scan).
   * Each is a copy: a name cut from the text would keep its version of the whole text alive.
   */
  private readNameChanges: string[] = [];
  private readNamesDropped = 0;

  set(file: FileIndex): void {
    const old = this.files.get(file.uri);
    if (!old) {
      this.files.set(file.uri, this.added(file));
      return;
    }
    const uri = file.uri;
    const kept = keptEnds(old.file, file);
    const definitions = this.definitionsByName.update(uri, old.file.definitions, old.definitionSlots, file.definitions, sameDefinition, kept?.definitions);
    const records = this.recordsByName.update(uri, old.records, old.recordSlots, recordsOf(file, kept && { old: old.records, ends: kept }), sameDefinition, kept?.records);
    const uses = this.usesByName.update(uri, old.file.uses, old.useSlots, file.uses, sameUse, kept?.uses);
    const indexed: IndexedFile = {
      file, definitionSlots: definitions.slots, useSlots: uses.slots, records: records.items, recordSlots: records.slots,
      reads: old.reads, recordKeys: old.recordKeys,
    };
    this.files.set(uri, indexed);
    // What the rule graph reads changed when a recording rule came or went, or a rule that records
    // (before or after) reads other names.
    let graphChanged = records.changed.start < records.changed.oldEnd || records.changed.start < records.changed.newEnd;
    const wereRecords = new Set<string>();
    for (let i = definitions.changed.start; i < definitions.changed.oldEnd; i++) {
      const d = old.file.definitions[i];
      if (d.kind !== 'record') continue;
      wereRecords.add(ruleKey(d.groupIndex, d.ruleIndex));
      indexed.recordKeys.delete(ruleKey(d.groupIndex, d.ruleIndex));
    }
    for (let i = definitions.changed.start; i < definitions.changed.newEnd; i++) {
      const d = file.definitions[i];
      if (d.kind === 'record') indexed.recordKeys.add(ruleKey(d.groupIndex, d.ruleIndex));
    }
    const { start, oldEnd, newEnd } = uses.changed;
    if (start < oldEnd || start < newEnd) {
      const touched = new Set<string>();
      for (let i = start; i < oldEnd; i++) addRuleOf(touched, old.file.uses[i]);
      for (let i = start; i < newEnd; i++) addRuleOf(touched, file.uses[i]);
      const before = new Map<string, readonly string[]>();
      for (const key of touched) {
        before.set(key, indexed.reads.get(key) ?? []);
        indexed.reads.delete(key);
      }
      // The uses of a touched rule may lie outside the changed span (and, in a file of several YAML
      // documents, apart): one pass compares two numbers per use.
      const touchedByGroup = new Map<number, Set<number>>();
      for (const key of touched) {
        const [group, rule] = key.split('/').map(Number);
        const rules = touchedByGroup.get(group);
        if (rules) rules.add(rule);
        else touchedByGroup.set(group, new Set([rule]));
      }
      for (const [from, to] of usesOfGroups(file, touchedByGroup.keys())) {
        for (let i = from; i < to; i++) {
          const use = file.uses[i];
          if (use.inRule && touchedByGroup.get(use.inRule.groupIndex)?.has(use.inRule.ruleIndex)) addRead(indexed.reads, use);
        }
      }
      for (const key of touched) {
        if (!indexed.recordKeys.has(key) && !wereRecords.has(key)) continue;
        if (!sameNames(before.get(key)!, indexed.reads.get(key) ?? [])) graphChanged = true;
      }
    }
    if (graphChanged) this.graph = null;
  }

  private added(file: FileIndex): IndexedFile {
    const records = recordsOf(file);
    const reads = new Map<string, string[]>();
    for (const use of file.uses) addRead(reads, use);
    const recordKeys = new Set(records.map((d) => ruleKey(d.groupIndex, d.ruleIndex)));
    if (records.length > 0) this.graph = null;
    return {
      file, reads, recordKeys, records,
      definitionSlots: this.definitionsByName.add(file.uri, file.definitions),
      recordSlots: this.recordsByName.add(file.uri, records),
      useSlots: this.usesByName.add(file.uri, file.uses),
    };
  }

  delete(uri: string): void {
    const old = this.files.get(uri);
    if (!old) return;
    if (old.records.length > 0) this.graph = null;
    this.files.delete(uri);
    this.definitionsByName.remove(uri, old.file.definitions);
    this.recordsByName.remove(uri, old.records);
    this.usesByName.remove(uri, old.file.uses);
  }

  has(uri: string): boolean {
    return this.files.has(uri);
  }

  /** The entry of one file. */
  file(uri: string): FileIndex | undefined {
    return this.files.get(uri)?.file;
  }

  get size(): number {
    return this.files.size;
  }

  /** Recording rules (and alerts) of this name, in every file. */
  definitions(name: string): readonly RuleDefinition[] {
    return this.definitionsByName.get(name);
  }

  /** Recording rules of this name, in every file. */
  records(name: string): readonly RuleDefinition[] {
    return this.recordsByName.get(name);
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
    for (const records of this.recordsByName.lists()) {
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
    return this.usesByName.get(name);
  }

  /** Whether some indexed file reads this metric name (as `uses(name).length > 0`, without building the list). */
  isRead(name: string): boolean {
    return this.usesByName.has(name);
  }

  /** The metric names the expression of a rule reads. */
  readsOfRule(definition: RuleDefinition): readonly string[] {
    return this.files.get(definition.uri)?.reads.get(ruleKey(definition.groupIndex, definition.ruleIndex)) ?? [];
  }

  /** Every metric name some indexed file reads. */
  usedNames(): IterableIterator<string> {
    return this.usesByName.names();
  }

  /**
   * The recording rules' names and the names read, for completion (workspaceMetricNames.ts): built
   * again only when a name came or went (or a name's definitions changed), not when entries moved.
   */
  metricNames(): WorkspaceMetricNames {
    const kept = this.metricNamesKept;
    if (kept && kept.recordNames === this.recordsByName.version) return kept.list;
    const names: string[] = [];
    const masks: number[] = [];
    const seen = new Set<string>();
    for (const [name, byFile] of this.definitionsByName.entries()) {
      let recorded = false;
      for (const list of byFile.values()) if (list.some((d) => d.kind === 'record')) recorded = true;
      if (!recorded) continue;
      names.push(name);
      masks.push(this.definitionsByName.maskOf(name));
      seen.add(name);
    }
    const records = names.length;
    for (const name of this.usesByName.names()) {
      if (seen.has(name)) continue;
      names.push(name);
      masks.push(this.usesByName.maskOf(name));
    }
    const record = (name: string): RuleDefinition | undefined => this.definitions(name).find((d) => d.kind === 'record');
    const list: WorkspaceMetricNames = { names, masks, records, record };
    this.metricNamesKept = { recordNames: this.recordsByName.version, names, masks, records: seen, list };
    return list;
  }

  /** Counts the names read that came or went. */
  get readNamesVersion(): number {
    return this.readNamesDropped + this.readNameChanges.length;
  }

  /** The names read that came or went since `readNamesVersion` was `version` (some twice); null when that is no longer known. */
  readNamesChangedSince(version: number): readonly string[] | null {
    return version < this.readNamesDropped ? null : this.readNameChanges.slice(version - this.readNamesDropped);
  }

  /** A name read came (it goes last, as in the map of uses) or went: completion's names follow. */
  private usedNameChanged(name: string, added: boolean): void {
    if (this.readNameChanges.length >= MAX_READ_NAME_CHANGES) {
      this.readNamesDropped += this.readNameChanges.length;
      this.readNameChanges = [];
    }
    this.readNameChanges.push(detachedCopy(name));
    const kept = this.metricNamesKept;
    if (!kept || kept.records.has(name)) return;
    if (added) {
      kept.names.push(name);
      kept.masks.push(this.usesByName.maskOf(name));
      return;
    }
    const at = kept.names.indexOf(name, kept.list.records);
    if (at < 0) return;
    kept.names.splice(at, 1);
    kept.masks.splice(at, 1);
  }

  /**
   * The names `uri` reads only inside `range` (the word being typed there), and nowhere else in the
   * workspace: the word is no use of its own. Only the file's uses that meet the range are looked at.
   */
  namesReadOnlyWithin(uri: string, range: { start: number; end: number }): Set<string> {
    const only = new Set<string>();
    const outside = (u: MetricUse): boolean => u.range.end < range.start || u.range.start > range.end;
    const file = this.files.get(uri)?.file;
    const uses = file?.uses ?? NOTHING;
    const look = (from: number, to: number): void => {
      for (let i = from; i < to; i++) {
        const use = uses[i];
        if (outside(use) || only.has(use.name)) continue;
        const byFile = this.usesByName.byFileOf(use.name);
        if (byFile && byFile.size === 1 && !byFile.get(uri)!.some(outside)) only.add(use.name);
      }
    };
    // A file's groups give its uses in order, each group's inside the group's text (which ends where
    // the next group starts): only the groups that can meet the range are looked at, not 10,000 uses.
    const groups = file?.groups;
    if (!groups || groups.reduce((sum, g) => sum + g.uses, 0) !== uses.length) {
      look(0, uses.length);
      return only;
    }
    let at = 0;
    groups.forEach((group, g) => {
      const next = groups[g + 1] as (typeof groups)[number] | undefined;
      if (group.start <= range.end && (next === undefined || next.start >= range.start)) look(at, at + group.uses);
      at += group.uses;
    });
    return only;
  }

  allDefinitions(): RuleDefinition[] {
    const all: RuleDefinition[] = [];
    this.definitionsByName.forEach((definition) => all.push(definition));
    return all;
  }
}

/** One indexed file: its entries, where each lies in its name's list, and what its rules read. */
interface IndexedFile {
  readonly file: FileIndex;
  /**
   * Where each entry sits in its name's list; null until the file is indexed again (found then, in
   * one pass): `check` indexes 10,000 files once each and keeps no slot object per entry.
   */
  readonly definitionSlots: readonly Slot<RuleDefinition>[] | null;
  readonly records: readonly RuleDefinition[];
  readonly recordSlots: readonly Slot<RuleDefinition>[] | null;
  readonly useSlots: readonly Slot<MetricUse>[] | null;
  /** The names each rule's expression reads, by `ruleKey`. */
  readonly reads: Map<string, string[]>;
  /** The `ruleKey`s of the recording rules. */
  readonly recordKeys: Set<string>;
}

/** The entries of one name, by file (in the order files gave it first), and all of them in one list once asked for. */
interface NameEntries<T> {
  readonly byFile: Map<string, T[]>;
  all: readonly T[] | null;
  /** The name's character set (charMask), once asked for. */
  mask?: number;
}

/** Where one entry of a file lies: its place in its name's list for that file. */
interface Slot<T> {
  readonly entries: NameEntries<T>;
  readonly list: T[];
  /** Where the entry was put; a splice of its name's list for an edit before it may move it (NameLists.indexOf). */
  index: number;
}

/** Which entries of a file, re-indexed, differ from before: [start, oldEnd) of the old ones became [start, newEnd) of the new ones. */
interface ChangedSpan {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
}

const NOTHING: readonly never[] = [];

/** How far from its slot's index an entry is looked for before its whole list is (a splice moves the entries of a name by a few). */
const NEAR = 8;

/**
 * `list.splice(at, count, ...items)` for any number of items: a spread passes each item as an
 * argument, and V8 overflows its stack past about 120,000 (a paste of that many uses of one name).
 */
function spliceInPlace<T>(list: T[], at: number, count: number, items: readonly T[]): void {
  if (items.length <= 1024) {
    list.splice(at, count, ...items);
    return;
  }
  const tail = list.slice(at + count);
  list.length = at;
  for (const item of items) list.push(item);
  for (const item of tail) list.push(item);
}

/** The names read that came or went kept at most (typing adds one or two per keystroke). */
const MAX_READ_NAME_CHANGES = 1024;

/** Entries (definitions, records or uses) by name, each name's by file. */
class NameLists<T extends { readonly name: string }> {
  private readonly byName = new Map<string, NameEntries<T>>();
  /**
   * `changesOfEntries`: a change of a name's entries (not a move) counts as a change too (a
   * definition's kind decides whether its name is a recording rule's). `onName`: told of each name
   * that comes or goes.
   */
  constructor(private readonly changesOfEntries = false, private readonly onName?: (name: string, added: boolean) => void) {}

  /** Counts the changes of the set of names (and of a name's entries, other than moves): what is built from the names is built again when it changes. */
  version = 0;

  /** The entries of a name by file, if any. */
  byFileOf(name: string): ReadonlyMap<string, readonly T[]> | undefined {
    return this.byName.get(name)?.byFile;
  }

  /** The character set of a name the lists hold (0 for another). */
  maskOf(name: string): number {
    const entries = this.byName.get(name);
    if (!entries) return 0;
    entries.mask ??= charMask(name);
    return entries.mask;
  }

  get(name: string): readonly T[] {
    const entries = this.byName.get(name);
    if (!entries) return NOTHING;
    if (entries.byFile.size === 1) return entries.byFile.values().next().value!;
    entries.all ??= [...entries.byFile.values()].flat();
    return entries.all;
  }

  names(): IterableIterator<string> {
    return this.byName.keys();
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Calls `f` on every entry: name by name, file by file. */
  forEach(f: (item: T) => void): void {
    for (const entries of this.byName.values()) {
      for (const list of entries.byFile.values()) for (const item of list) f(item);
    }
  }

  /** Each name with its entries by file. */
  *entries(): IterableIterator<[string, ReadonlyMap<string, readonly T[]>]> {
    for (const [name, entries] of this.byName) yield [name, entries.byFile];
  }

  /** Each name's entries, over all files. */
  *lists(): IterableIterator<readonly T[]> {
    for (const name of this.byName.keys()) yield this.get(name);
  }

  /** Adds the entries of a file not indexed before (`update` finds where each went when it needs to). */
  add(uri: string, items: readonly T[]): null {
    for (const item of items) this.push(uri, item, null);
    return null;
  }

  /** Where each of a file's entries sits: its name's list of the file holds them in the file's order. */
  private slotsOf(uri: string, items: readonly T[]): Slot<T>[] {
    const seen = new Map<string, number>();
    return items.map((item) => {
      const entries = this.byName.get(item.name)!;
      const index = seen.get(item.name) ?? 0;
      seen.set(item.name, index + 1);
      return { entries, list: entries.byFile.get(uri)!, index };
    });
  }

  /**
   * Replaces a file's entries `old` (at `oldSlots`) by `items`: the entries alike at both ends (by
   * `same`) replace their old selves in place; the lists of this file of the names of the others are rebuilt.
   */
  update(uri: string, old: readonly T[], knownSlots: readonly Slot<T>[] | null, items: readonly T[], same: (a: T, b: T) => boolean,
    kept?: KeptEnds): { items: readonly T[]; slots: Slot<T>[]; changed: ChangedSpan } {
    const oldSlots = knownSlots ?? this.slotsOf(uri, old);
    const shorter = Math.min(old.length, items.length);
    // The entries known to be the very same objects at both ends are not compared (the loops would pass them).
    const keptHead = Math.min(kept?.head ?? 0, shorter);
    let start = keptHead;
    let moved = false;
    while (start < shorter && same(old[start], items[start])) {
      if (old[start] !== items[start]) moved = true;
      start++;
    }
    const keptTail = Math.min(kept?.tail ?? 0, shorter - start);
    let tail = keptTail;
    while (tail < shorter - start && same(old[old.length - 1 - tail], items[items.length - 1 - tail])) {
      if (old[old.length - 1 - tail] !== items[items.length - 1 - tail]) moved = true;
      tail++;
    }
    const oldEnd = old.length - tail;
    const newEnd = items.length - tail;
    const changed = { start, oldEnd, newEnd };
    const changedNames = new Set<string>();
    for (let i = start; i < oldEnd; i++) changedNames.add(old[i].name);
    for (let i = start; i < newEnd; i++) changedNames.add(items[i].name);
    if (changedNames.size > 0 && this.changesOfEntries) this.version++;
    const spliced = this.splicedSpan(uri, old, oldSlots, items, changed, changedNames);
    if (!spliced) return { items, slots: this.rebuiltSlots(uri, old, oldSlots, items, changed, changedNames), changed };
    // Entries outside the span that are other objects (a file indexed afresh, a re-read group's
    // rules) replace their old selves; those known to be the very same are not looked at (a pass
    // over 20,000 entries per keystroke when the re-read group's were alike).
    if (moved) {
      for (let i = keptHead; i < start; i++) if (items[i] !== old[i]) this.replace(spliced[i], old[i], items[i]);
      for (let i = newEnd; i < items.length - keptTail; i++) {
        const j = i - items.length + old.length;
        if (items[i] !== old[j]) this.replace(spliced[i], old[j], items[i]);
      }
    }
    return { items, slots: spliced, changed };
  }

  /**
   * The update of a keystroke: each changed name's list of this file is spliced where the span's
   * entries of that name were, and the slots outside the span are kept (their index may then be
   * off, and is found again when read: `replace`). Null when a name of the new span has entries of
   * this file outside the span only (where its new ones go is not known without a pass).
   */
  private splicedSpan(uri: string, old: readonly T[], oldSlots: readonly Slot<T>[], items: readonly T[], changed: ChangedSpan, changedNames: ReadonlySet<string>): Slot<T>[] | null {
    const { start, oldEnd, newEnd } = changed;
    const before = new Map<string, { list: T[]; at: number; count: number }>();
    for (let j = start; j < oldEnd; j++) {
      const known = before.get(old[j].name);
      if (known) known.count++;
      else {
        const slot = oldSlots[j];
        before.set(old[j].name, { list: slot.list, at: this.indexOf(slot, old[j]), count: 1 });
      }
    }
    for (let i = start; i < newEnd; i++) {
      const name = items[i].name;
      if (before.has(name)) continue;
      if (this.byName.get(name)?.byFile.has(uri)) return null;
    }
    const slots: Slot<T>[] = oldSlots.slice(0, start);
    const added = new Map<string, T[]>();
    for (let i = start; i < newEnd; i++) {
      const item = items[i];
      const list = added.get(item.name);
      if (list) list.push(item);
      else added.set(item.name, [item]);
    }
    const placed = new Map<string, Slot<T>[]>();
    for (const name of changedNames) {
      const span = before.get(name);
      const fresh = added.get(name) ?? [];
      let entries = this.byName.get(name);
      if (!entries) {
        entries = { byFile: new Map(), all: null };
        this.byName.set(name, entries);
        this.version++;
        this.onName?.(name, true);
      }
      let list = span?.list;
      if (!list) {
        list = [];
        entries.byFile.set(uri, list);
      }
      const at = span?.at ?? 0;
      spliceInPlace(list, at, span?.count ?? 0, fresh);
      entries.all = null;
      placed.set(name, fresh.map((_, k) => ({ entries: entries!, list: list!, index: at + k })));
      if (list.length === 0) {
        entries.byFile.delete(uri);
        if (entries.byFile.size === 0) this.deleteName(name);
      }
    }
    const taken = new Map<string, number>();
    for (let i = start; i < newEnd; i++) {
      const name = items[i].name;
      const k = taken.get(name) ?? 0;
      taken.set(name, k + 1);
      slots.push(placed.get(name)![k]);
    }
    for (let j = oldEnd; j < old.length; j++) slots.push(oldSlots[j]);
    return slots;
  }

  /** Where an entry is in its slot's list: at the slot's index, or near it after a splice moved the entries of its name. */
  private indexOf(slot: Slot<T>, item: T): number {
    const { list } = slot;
    if (list[slot.index] === item) return slot.index;
    for (let d = 1; d <= NEAR; d++) {
      if (list[slot.index + d] === item) return (slot.index += d);
      if (list[slot.index - d] === item) return (slot.index -= d);
    }
    slot.index = list.indexOf(item);
    return slot.index;
  }

  private replace(slot: Slot<T>, oldItem: T, item: T): void {
    const at = this.indexOf(slot, oldItem);
    slot.list[at] = item;
    slot.index = at;
    slot.entries.all = null;
  }

  /** The update of any other change: every entry visited, the lists of the changed names rebuilt. */
  private rebuiltSlots(uri: string, old: readonly T[], oldSlots: readonly Slot<T>[], items: readonly T[], changed: ChangedSpan, changedNames: ReadonlySet<string>): Slot<T>[] {
    const { start } = changed;
    const slots: Slot<T>[] = new Array(items.length);
    const rebuilt = changedNames.size > 0 ? new Map<string, T[]>() : null;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (rebuilt && changedNames.has(item.name)) {
        slots[i] = this.append(uri, item, rebuilt);
        continue;
      }
      const j = i < start ? i : i - items.length + old.length;
      const slot = oldSlots[j];
      if (old[j] !== item) this.replace(slot, old[j], item);
      slots[i] = slot;
    }
    for (const name of changedNames) {
      if (rebuilt!.has(name)) continue;
      const entries = this.byName.get(name);
      if (!entries) continue;
      entries.byFile.delete(uri);
      entries.all = null;
      if (entries.byFile.size === 0) this.deleteName(name);
    }
    return slots;
  }

  private deleteName(name: string): void {
    this.byName.delete(name);
    this.version++;
    this.onName?.(name, false);
  }

  /** Drops a file's entries. */
  remove(uri: string, items: readonly T[]): void {
    for (const item of items) {
      const entries = this.byName.get(item.name);
      if (!entries || !entries.byFile.delete(uri)) continue;
      entries.all = null;
      if (entries.byFile.size === 0) this.deleteName(item.name);
    }
  }

  /** Appends an entry to its name's list of this file; with `fresh`, the lists it holds are this file's new ones (the old ones replaced). */
  private append(uri: string, item: T, fresh: Map<string, T[]> | null): Slot<T> {
    const { entries, list } = this.push(uri, item, fresh);
    return { entries, list, index: list.length - 1 };
  }

  /** Appends an entry to its name's list of this file (see append); gives the list. */
  private push(uri: string, item: T, fresh: Map<string, T[]> | null): { entries: NameEntries<T>; list: T[] } {
    let entries = this.byName.get(item.name);
    if (!entries) {
      entries = { byFile: new Map(), all: null };
      this.byName.set(item.name, entries);
      this.version++;
      this.onName?.(item.name, true);
    }
    let list = fresh ? fresh.get(item.name) : entries.byFile.get(uri);
    if (!list) {
      list = [];
      entries.byFile.set(uri, list);
      fresh?.set(item.name, list);
    }
    entries.all = null;
    list.push(item);
    return { entries, list };
  }
}

/** How many entries at the start and at the end of a file's list are the same objects as before. */
interface KeptEnds {
  readonly head: number;
  readonly tail: number;
}

/** KeptEnds of a file's definitions, uses and recording rules. */
interface FileKeptEnds {
  readonly definitions: KeptEnds;
  readonly uses: KeptEnds;
  readonly records: KeptEnds;
}

/**
 * From the group shares of a file indexed again and of its last entry (ruleIndex.ts): the entries of
 * the groups at both ends that kept their share (the same objects, moved in place), which the
 * compare of the entries then skips: 500 shares instead of 15,000 entries after a keystroke in a file
 * of 10,000 rules. Undefined when either has no shares.
 */
function keptEnds(old: FileIndex, file: FileIndex): FileKeptEnds | undefined {
  const before = old.groups;
  const after = file.groups;
  if (!before || !after) return undefined;
  const shorter = Math.min(before.length, after.length);
  let head = 0;
  const definitions = { head: 0, tail: 0 };
  const uses = { head: 0, tail: 0 };
  const records = { head: 0, tail: 0 };
  for (; head < shorter && before[head].id === after[head].id; head++) {
    definitions.head += after[head].definitions;
    uses.head += after[head].uses;
    records.head += after[head].records;
  }
  for (let tail = 1; tail <= shorter - head && before[before.length - tail].id === after[after.length - tail].id; tail++) {
    const share = after[after.length - tail];
    definitions.tail += share.definitions;
    uses.tail += share.uses;
    records.tail += share.records;
  }
  return { definitions, uses, records };
}

/** The spans of a file's uses that the groups at these places gave: all of them when the file has no group shares. */
function usesOfGroups(file: FileIndex, groupIndexes: Iterable<number>): [number, number][] {
  const shares = file.groups;
  if (!shares) return [[0, file.uses.length]];
  const wanted = new Set(groupIndexes);
  const spans: [number, number][] = [];
  let at = 0;
  for (let g = 0; g < shares.length; g++) {
    if (wanted.has(g)) spans.push([at, at + shares[g].uses]);
    at += shares[g].uses;
  }
  return spans;
}

/** A file's recording rules; `kept`: those at both ends are the last entry's (`old`), and only the definitions between are looked at. */
function recordsOf(file: FileIndex, kept?: { old: readonly RuleDefinition[]; ends: FileKeptEnds }): RuleDefinition[] {
  if (!kept) return file.definitions.filter((d) => d.kind === 'record');
  const { old, ends } = kept;
  const records = old.slice(0, ends.records.head);
  for (let i = ends.definitions.head; i < file.definitions.length - ends.definitions.tail; i++) if (file.definitions[i].kind === 'record') records.push(file.definitions[i]);
  for (let i = old.length - ends.records.tail; i < old.length; i++) records.push(old[i]);
  return records;
}

function sameDefinition(a: RuleDefinition, b: RuleDefinition): boolean {
  return a === b || (a.name === b.name && a.kind === b.kind && a.groupIndex === b.groupIndex && a.ruleIndex === b.ruleIndex);
}

function sameUse(a: MetricUse, b: MetricUse): boolean {
  if (a === b) return true;
  if (a.name !== b.name) return false;
  if (!a.inRule || !b.inRule) return a.inRule === b.inRule;
  return a.inRule.groupIndex === b.inRule.groupIndex && a.inRule.ruleIndex === b.inRule.ruleIndex;
}

/** A rule's place in its file: group position and rule position. */
function ruleKey(groupIndex: number, ruleIndex: number): string {
  return `${groupIndex}/${ruleIndex}`;
}

function addRuleOf(keys: Set<string>, use: MetricUse): void {
  if (use.inRule) keys.add(ruleKey(use.inRule.groupIndex, use.inRule.ruleIndex));
}

function addRead(reads: Map<string, string[]>, use: MetricUse): void {
  if (!use.inRule) return;
  const key = ruleKey(use.inRule.groupIndex, use.inRule.ruleIndex);
  const list = reads.get(key);
  if (list) list.push(use.name);
  else reads.set(key, [use.name]);
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

/** A recording rule's node in the rule graph: its name in its file. */
export function recordingRuleKey(uri: string, name: string): string {
  return `${uri}\n${name}`;
}
