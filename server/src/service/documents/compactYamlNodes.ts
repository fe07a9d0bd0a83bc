import { Scalar, YAMLMap, YAMLSeq } from 'yaml';

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
 */

type Range = [number, number, number];

interface RangeFields {
  r0: number;
  r1: number;
  r2: number;
}

const RANGE_FROM_FIELDS: PropertyDescriptor = {
  get(this: RangeFields): Range {
    return [this.r0, this.r1, this.r2];
  },
  set(this: RangeFields, range: Range) {
    this.r0 = range[0];
    this.r1 = range[1];
    this.r2 = range[2];
  },
  configurable: true,
};

export class CompactScalar extends Scalar {
  r0 = 0;
  r1 = 0;
  r2 = 0;
}

export class CompactMap extends YAMLMap<Scalar, unknown> {
  r0 = 0;
  r1 = 0;
  r2 = 0;
}

export class CompactSeq extends YAMLSeq<unknown> {
  r0 = 0;
  r1 = 0;
  r2 = 0;
}

// An accessor in place of the property the package declares (TypeScript allows no such override in a class body).
for (const node of [CompactScalar, CompactMap, CompactSeq]) Object.defineProperty(node.prototype, 'range', RANGE_FROM_FIELDS);
