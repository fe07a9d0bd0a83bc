import { Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

/*
 * The `yaml` package's nodes, but for where they keep their range: that package keeps the three
 * offsets in an array (72 bytes apiece here: an array and its store), these keep three numbers and
 * build the array when `range` is read. yamlFromEvents.ts builds its nodes so: a rule file of
 * 10,000 rules is 134,000 nodes, and 7.5 MB less to keep is about 60 ms less of page faults and
 * collection for `check` on this machine (bench/check.bench.ts; memory that a file's model keeps
 * costs some 5 ms per MB here, most of it page faults).
 *
 * Everything else is the package's own: isScalar, isMap, `instanceof`, clone(), toJSON(). Reading
 * `range` gives a new array each time: `node.range = [...]` sets it, writing into the array read
 * does not (nothing in the service writes into a YAML node's range).
 *
 * yamlFromEvents.ts makes them (and its pairs) with the functions at the end, which skip the
 * package's constructors: those mark each node's kind with Object.defineProperty, which V8's
 * interpreter runs slowly, and a check runs them cold; here the mark sits once on the prototype.
 */

type Range = [number, number, number];

/**
 * How far the nodes of one item of a document (a rule group) moved since they were read: an edit
 * before the item moves the item by adding to `delta`, not by writing every node's offsets
 * (yamlItemReread.ts; a keystroke in the middle of a file of 10,000 rules moved some 70,000
 * nodes). A node read afresh has none of its own (NO_SHIFT, on the prototype: no memory per node).
 */
export class RangeShift {
  delta = 0;
  /** The item's nodes that keep their range in an array of their own (a float's Scalar): moved one by one. */
  readonly others: { range?: Range | null }[] = [];
}

/** The shift of nodes never moved. Never written. */
export const NO_SHIFT: Readonly<RangeShift> = Object.freeze(new RangeShift());

interface RangeFields {
  r0: number;
  r1: number;
  r2: number;
  shift: RangeShift;
}

const RANGE_FROM_FIELDS: PropertyDescriptor = {
  get(this: RangeFields): Range {
    const delta = this.shift.delta;
    return [this.r0 + delta, this.r1 + delta, this.r2 + delta];
  },
  set(this: RangeFields, range: Range) {
    const delta = this.shift.delta;
    this.r0 = range[0] - delta;
    this.r1 = range[1] - delta;
    this.r2 = range[2] - delta;
  },
  configurable: true,
};

export class CompactScalar extends Scalar {
  r0 = 0;
  r1 = 0;
  r2 = 0;
  declare shift: RangeShift;
}

export class CompactMap extends YAMLMap<Scalar, unknown> {
  r0 = 0;
  r1 = 0;
  r2 = 0;
  declare shift: RangeShift;
}

export class CompactSeq extends YAMLSeq<unknown> {
  r0 = 0;
  r1 = 0;
  r2 = 0;
  declare shift: RangeShift;
}

// An accessor in place of the property the package declares (TypeScript allows no such override in a class body).
for (const node of [CompactScalar, CompactMap, CompactSeq]) {
  Object.defineProperty(node.prototype, 'range', RANGE_FROM_FIELDS);
  (node.prototype as unknown as RangeFields).shift = NO_SHIFT as RangeShift;
}

/** Where the `yaml` package marks a node's kind (isScalar, isMap, isPair… read it). */
const NODE_TYPE = Symbol.for('yaml.node.type');

function kindMarkOf(node: object): unknown {
  return (node as Record<symbol, unknown>)[NODE_TYPE];
}

/** Reads as the package's constructors leave a node: its kind, and no schema of a collection's own. */
function markPrototype(prototype: object, sample: object, collection: boolean): void {
  Object.defineProperty(prototype, NODE_TYPE, { value: kindMarkOf(sample) });
  if (collection) Object.defineProperty(prototype, 'schema', { value: undefined, writable: true, configurable: true, enumerable: false });
}

markPrototype(CompactScalar.prototype, new Scalar(null), false);
markPrototype(CompactMap.prototype, new YAMLMap(), true);
markPrototype(CompactSeq.prototype, new YAMLSeq(), true);

/** A Pair to the package (`instanceof Pair`, isPair), whose kind is marked on its prototype. */
const PAIR_PROTOTYPE: Pair = Object.create(Pair.prototype, { [NODE_TYPE]: { value: kindMarkOf(new Pair(null)) } }) as Pair;

/** A CompactScalar holding `value`, made without running the constructors. */
export function compactScalar(value: unknown): CompactScalar {
  const node = Object.create(CompactScalar.prototype) as CompactScalar;
  node.value = value;
  node.r0 = 0;
  node.r1 = 0;
  node.r2 = 0;
  return node;
}

/**
 * A CompactScalar of a style, with its range, made at once: yamlFromEvents.ts makes every scalar so
 * (one call instead of three, and no range to set after). Fields in compactScalar's order, then `type`.
 */
export function compactScalarAt(value: unknown, type: Scalar.Type, start: number, end: number, after: number): CompactScalar {
  const node = Object.create(CompactScalar.prototype) as CompactScalar;
  node.value = value;
  node.r0 = start;
  node.r1 = end;
  node.r2 = after;
  node.type = type;
  return node;
}

/** An empty CompactMap, made without running the constructors. */
export function compactMap(): CompactMap {
  const node = Object.create(CompactMap.prototype) as CompactMap;
  node.items = [];
  node.r0 = 0;
  node.r1 = 0;
  node.r2 = 0;
  return node;
}

/** An empty CompactSeq, made without running the constructors. */
export function compactSeq(): CompactSeq {
  const node = Object.create(CompactSeq.prototype) as CompactSeq;
  node.items = [];
  node.r0 = 0;
  node.r1 = 0;
  node.r2 = 0;
  return node;
}

/** An empty CompactMap or CompactSeq whose range starts (and for now ends) at `start`. */
export function compactCollectionAt(isMap: boolean, start: number): CompactMap | CompactSeq {
  const node = Object.create(isMap ? CompactMap.prototype : CompactSeq.prototype) as CompactMap | CompactSeq;
  node.items = [];
  node.r0 = start;
  node.r1 = start;
  node.r2 = start;
  return node;
}

/** A pair of the package's, made without running its constructor. */
export function compactPair<K, V>(key: K, value: V): Pair<K, V> {
  const pair = Object.create(PAIR_PROTOTYPE) as Pair<K, V>;
  pair.key = key;
  pair.value = value;
  return pair;
}

/** A compact node (its range in three fields), or one of the package's own (a float's Scalar: an array). */
function isCompact(node: object): node is RangeFields {
  return (node as Partial<RangeFields>).r0 !== undefined;
}

/**
 * Sets a node's range as `node.range = [start, end, after]` does, without the array for a compact
 * node: yamlFromEvents.ts sets and reads one per node it builds, and each array is garbage at once.
 */
export function setRange(node: Scalar | YAMLMap | YAMLSeq, start: number, end: number, after: number): void {
  if (isCompact(node)) {
    const delta = node.shift.delta;
    node.r0 = start - delta;
    node.r1 = end - delta;
    node.r2 = after - delta;
  } else {
    node.range = [start, end, after];
  }
}

/** `node.range![0]`, without building the array of a compact node's range. */
export function rangeStart(node: Scalar | YAMLMap | YAMLSeq): number {
  return isCompact(node) ? node.r0 + node.shift.delta : node.range![0];
}

/** `node.range?.[0]` of any YAML node: a compact node's without building its range's array. */
export function nodeStart(node: object): number | undefined {
  return isCompact(node) ? node.r0 + node.shift.delta : (node as { range?: readonly number[] | null }).range?.[0];
}

/** `node.range![1]`, without building the array of a compact node's range. */
export function valueEnd(node: Scalar | YAMLMap | YAMLSeq): number {
  return isCompact(node) ? node.r1 + node.shift.delta : node.range![1];
}

/** `node.range![2]`, without building the array of a compact node's range. */
export function rangeEnd(node: Scalar | YAMLMap | YAMLSeq): number {
  return isCompact(node) ? node.r2 + node.shift.delta : node.range![2];
}
