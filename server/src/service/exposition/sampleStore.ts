/*
 * The samples of one exposition body, all families together, stored by column in typed arrays: a
 * sample is a name id, a run of label ids, a value and an optional timestamp, where an id indexes
 * `strings`. Each family chains its own samples through `next`, so families may interleave.
 *
 * Why typed arrays: a body holds hundreds of thousands of samples. Kept as objects, or as JS arrays
 * of strings and numbers per family, the result was live while it grew, and the young-generation
 * collector copied and visited every element of it, several times per parse: that was 40% of a
 * parse. A typed array's elements sit outside the JS heap and hold no pointers, so the collector
 * copies nothing of them; growing one is a single memory copy.
 */

/** Label names and values per sample the label array is first sized for (it grows past that). */
const INITIAL_LABEL_IDS_PER_SAMPLE = 8;

export class SampleStore {
  /** Every string a sample names (metric names, label names and values), by id. Ids repeat; a string may appear under several ids. */
  readonly strings: string[] = [];
  /** Samples stored. */
  count = 0;
  nameIds: Int32Array<ArrayBuffer>;
  values: Float64Array<ArrayBuffer>;
  /** Milliseconds, NaN where a sample has none; null while no sample has one. */
  timestamps: Float64Array<ArrayBuffer> | null = null;
  /** The next sample of the same family; -1 after its last. */
  next: Int32Array<ArrayBuffer>;
  /** Sample `s`'s labels are `labelIds[labelStarts[s]]` to `labelIds[labelStarts[s + 1]]`, flat `[name0, value0, name1, value1, …]`. */
  labelStarts: Int32Array<ArrayBuffer>;
  labelIds: Int32Array<ArrayBuffer>;

  /** @param expectedSamples how many samples there may be (the arrays grow past it if need be) */
  constructor(expectedSamples = 1024) {
    const capacity = Math.max(16, expectedSamples);
    this.nameIds = new Int32Array(capacity);
    this.values = new Float64Array(capacity);
    this.next = new Int32Array(capacity);
    this.labelStarts = new Int32Array(capacity + 1);
    this.labelIds = new Int32Array(capacity * INITIAL_LABEL_IDS_PER_SAMPLE);
  }

  /** An id for a string, new each time (for strings the parser does not look up again). */
  add(s: string): number {
    this.strings.push(s);
    return this.strings.length - 1;
  }

  /** Stores a sample, its label ids the first `labelCount` entries of `labelIds`; returns its index. */
  push(nameId: number, labelIds: readonly number[], labelCount: number, value: number, timestamp: number | undefined): number {
    const s = this.count;
    if (s === this.nameIds.length) this.growSamples();
    const from = this.labelStarts[s];
    const to = from + labelCount;
    if (to > this.labelIds.length) this.labelIds = grown(this.labelIds, to);
    for (let k = 0; k < labelCount; k++) this.labelIds[from + k] = labelIds[k];
    this.labelStarts[s + 1] = to;
    this.nameIds[s] = nameId;
    this.values[s] = value;
    this.next[s] = -1;
    if (timestamp !== undefined) {
      if (this.timestamps === null) this.timestamps = new Float64Array(this.nameIds.length).fill(NaN);
      this.timestamps[s] = timestamp;
    }
    this.count = s + 1;
    return s;
  }

  private growSamples(): void {
    const capacity = this.nameIds.length * 2;
    this.nameIds = grown(this.nameIds, capacity);
    this.next = grown(this.next, capacity);
    this.labelStarts = grown(this.labelStarts, capacity + 1);
    const values = new Float64Array(capacity);
    values.set(this.values);
    this.values = values;
    if (this.timestamps !== null) {
      const timestamps = new Float64Array(capacity).fill(NaN);
      timestamps.set(this.timestamps);
      this.timestamps = timestamps;
    }
  }
}

function grown(array: Int32Array<ArrayBuffer>, atLeast: number): Int32Array<ArrayBuffer> {
  let capacity = array.length * 2;
  while (capacity < atLeast) capacity *= 2;
  const out = new Int32Array(capacity);
  out.set(array);
  return out;
}
