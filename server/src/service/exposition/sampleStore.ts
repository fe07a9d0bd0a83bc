/*
 * The samples of one exposition body, all families together, stored by column in typed arrays: a
 * sample is a name id, a run of label ids, a value and an optional timestamp, where an id indexes
 * `strings`. Each family chains its own samples through `next`, so families may interleave.
 *
 * Why typed arrays: a body holds hundreds of thousands of samples. Kept as objects, or as JS arrays
 * of strings and numbers per family, the result was live while it grew, and the young-generation
 * collector copied and visited every element of it, several times per parse: that was 40% of a
 * parse. A typed array's elements sit outside the JS heap and hold no pointers, so the collector
 * copies nothing of them. Growing one copies it into fresh memory, which costs a page fault per
 * 4 KB (about 10 µs each on the virtual machines measured here): the parser sizes the store from
 * the body's line count, and the label array grows at most once or twice, to a size projected
 * from the samples read so far.
 */

/** The most samples the store is first sized for, whatever it is told (a body of a million blank lines must not reserve memory for a million samples). */
const MAX_INITIAL_SAMPLES = 1 << 20;
/** Label names and values per sample the label array is first sized for. */
const INITIAL_LABEL_IDS_PER_SAMPLE = 4;

export class SampleStore {
  /**
   * The strings samples refer to (metric names, label names and values), by id. Samples share the
   * ids of the strings the parser's table finds again; other strings (escaped or non-ASCII values,
   * quoted names, every string once the table is full) get a new id each time they occur.
   */
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
    const capacity = Math.min(MAX_INITIAL_SAMPLES, Math.max(16, expectedSamples));
    this.nameIds = new Int32Array(capacity);
    this.values = new Float64Array(capacity);
    this.next = new Int32Array(capacity);
    this.labelStarts = new Int32Array(capacity + 1);
    this.labelIds = new Int32Array(capacity * INITIAL_LABEL_IDS_PER_SAMPLE);
  }

  /** A new id for a string. */
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
    if (to > this.labelIds.length) {
      // As many label ids per sample as so far, for as many samples as the arrays hold, and some room.
      const projected = Math.ceil((to / (s + 1)) * this.nameIds.length * 1.25);
      this.labelIds = resized(this.labelIds, Math.max(to, projected, this.labelIds.length + (this.labelIds.length >> 1)));
    }
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
    this.nameIds = resized(this.nameIds, capacity);
    this.next = resized(this.next, capacity);
    this.labelStarts = resized(this.labelStarts, capacity + 1);
    this.values = resized(this.values, capacity);
    if (this.timestamps !== null) this.timestamps = resized(this.timestamps, capacity).fill(NaN, this.timestamps.length);
  }
}

/** A copy of the array in a new one of `capacity` elements, zero past the copy. */
function resized<T extends Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer>>(array: T, capacity: number): T {
  const out = new (array.constructor as new (length: number) => T)(capacity);
  out.set(array);
  return out;
}
