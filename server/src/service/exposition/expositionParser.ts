/*
 * The Prometheus exposition formats: the text format 0.0.4 and OpenMetrics 1.0, parsed from bytes.
 *
 * Written here because no maintained npm package parses both formats with line-accurate errors and
 * recovery (parse-prometheus-text-format, the one in use, knows only the text format, stops at the
 * first error and is several times slower): completion reads `/metrics` bodies of tens of MB, and
 * the lints report every bad line. Rules and messages follow Prometheus' own parsers (expfmt and
 * textparse); the code is ours.
 *
 * Speed: the body is scanned once as bytes, with no regex, split or substring per line. The bytes a
 * sample line shares with the previous one (a histogram's buckets differ only in `le` and the value)
 * are compared, not parsed: the tokens inside them are the previous line's. Other names and values
 * are found in a table by a hash of their bytes, so a repeated one costs a lookup, not a new string;
 * plain decimals are read without making a string. Every string is a fresh copy (no slice keeps the
 * body alive). Samples go to typed arrays as string ids and numbers (sampleStore.ts): while the
 * result grows, the garbage collector copies none of it but the strings themselves, each once.
 */

import { SampleStore } from './sampleStore';

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'gaugehistogram' | 'summary' | 'info' | 'stateset' | 'unknown' | 'untyped';
export type ExpositionFormat = 'text' | 'openmetrics';

export interface ExpositionSample {
  /** The sample's own name (`x_bucket`). */
  name: string;
  /** Flat `[name0, value0, name1, value1, …]`, values unescaped, in input order. */
  labels: string[];
  value: number;
  /** Milliseconds. */
  timestamp?: number;
}

export class ExpositionFamily {
  type: MetricType;
  help?: string;
  unit?: string;
  /** Its first and last sample in the store; -1 while it has none. */
  firstSample = -1;
  lastSample = -1;
  sampleCount = 0;

  /**
   * @param name without `_bucket`/`_sum`/`_count` for histograms and summaries, without `_total` for OpenMetrics counters
   * @param store where its samples are, shared by every family of the body
   */
  constructor(readonly name: string, type: MetricType, readonly store: SampleStore) {
    this.type = type;
  }

  /** Chains the store's sample `index` to this family's. */
  addSample(index: number): void {
    if (this.lastSample < 0) this.firstSample = index;
    else this.store.next[this.lastSample] = index;
    this.lastSample = index;
    this.sampleCount++;
  }

  /** The samples as objects (made on each call). */
  get samples(): ExpositionSample[] {
    const store = this.store;
    const out: ExpositionSample[] = [];
    for (let s = this.firstSample; s >= 0; s = store.next[s]) {
      const labels: string[] = [];
      for (let k = store.labelStarts[s]; k < store.labelStarts[s + 1]; k++) labels.push(store.strings[store.labelIds[k]]);
      const sample: ExpositionSample = { name: store.strings[store.nameIds[s]], labels, value: store.values[s] };
      const timestamp = store.timestamps?.[s];
      if (timestamp !== undefined && !Number.isNaN(timestamp)) sample.timestamp = timestamp;
      out.push(sample);
    }
    return out;
  }
}

export interface ExpositionProblem {
  /** 0-based. */
  line: number;
  /** 0-based, in bytes of that line (equal to characters for ASCII). */
  column: number;
  message: string;
}

export interface ParsedExposition {
  format: ExpositionFormat;
  families: ExpositionFamily[];
  /** The first MAX_PROBLEMS problems, in line order. */
  problems: ExpositionProblem[];
  /** Every problem, counted: a body of a million bad lines keeps a thousand objects, not a million. */
  problemCount: number;
  sampleCount: number;
}

/** Problems kept at most per exposition (the rest are counted). */
export const MAX_PROBLEMS = 1000;

export const EXPOSITION_ACCEPT = 'application/openmetrics-text;version=1.0.0;q=0.9,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

export function expositionFormatOf(contentType: string | undefined): ExpositionFormat {
  return contentType && /^\s*application\/openmetrics-text/i.test(contentType) ? 'openmetrics' : 'text';
}

const TYPES = new Set<string>(['counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset', 'unknown', 'untyped']);

/** Suffixes that tie a sample to its family, per family type. */
const SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  histogram: ['_bucket', '_count', '_sum', '_created'],
  gaugehistogram: ['_bucket', '_gcount', '_gsum'],
  summary: ['_count', '_sum', '_created'],
  counter: ['_total', '_created'],
  info: ['_info'],
};

class LineError extends Error {
  constructor(readonly column: number, message: string) {
    super(message);
  }
}

// Byte classes: one table lookup per byte on the hot path instead of a chain of comparisons.
const NAME_START = 1;
const NAME_CHAR = 2;
const LABEL_START = 4;
const LABEL_CHAR = 8;
const CLASS = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
  const digit = c >= 48 && c <= 57;
  CLASS[c] = (letter || c === 58 ? NAME_START | NAME_CHAR : 0) | (digit ? NAME_CHAR | LABEL_CHAR : 0) | (letter ? LABEL_START | LABEL_CHAR : 0);
}

const isNameStart = (c: number): boolean => (CLASS[c] & NAME_START) !== 0;
const isNameChar = (c: number): boolean => (CLASS[c] & NAME_CHAR) !== 0;

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Go's ParseFloat, as expfmt uses it: decimal forms, Inf and NaN in any case; no hex, no underscores. */
function parseGoFloat(text: string): number | null {
  if (DECIMAL.test(text)) return Number(text);
  switch (text.toLowerCase()) {
    case 'inf': case '+inf': case 'infinity': case '+infinity':
      return Infinity;
    case '-inf': case '-infinity':
      return -Infinity;
    case 'nan': case '+nan': case '-nan':
      return NaN;
    default:
      return null;
  }
}

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * The common case of a number, `123`, `-4.5`, `0.25`, read from the bytes without making a string:
 * the digits (at most 15) are exact in a double and the division by an exact power of ten is
 * correctly rounded, so the result equals Number(text). NaN for anything else (exponents, Inf, NaN,
 * longer numbers), which the general path reads; NaN rather than null keeps the result a plain double.
 */
function parseSimpleDecimal(buf: Uint8Array, start: number, end: number): number {
  if (start >= end) return NaN;
  let i = start;
  const sign = buf[i];
  if (sign === 45 || sign === 43) i++;
  let mantissa = 0;
  let digits = 0;
  let dot = -1;
  for (; i < end; i++) {
    const c = buf[i];
    const d = c - 48;
    if (d >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      digits++;
    } else if (c === 46 && dot < 0) {
      dot = digits;
    } else {
      return NaN;
    }
  }
  if (digits === 0 || digits > 15) return NaN;
  const value = dot < 0 || dot === digits ? mantissa : mantissa / POWERS_OF_TEN[digits - dot];
  return sign === 45 ? -value : value;
}

function sameBytes(buf: Uint8Array, start: number, end: number, s: string): boolean {
  if (s.length !== end - start) return false;
  for (let i = 0; i < s.length; i++) if (buf[start + i] !== s.charCodeAt(i)) return false;
  return true;
}

/**
 * How many bytes at `a` and `b` are equal, up to `limit`: four at a time (an unaligned 32-bit load is
 * one instruction; byte by byte costs about three times as much), then one at a time.
 */
function commonLength(view: DataView, buf: Uint8Array, a: number, b: number, limit: number): number {
  let k = 0;
  while (k + 4 <= limit && view.getInt32(a + k) === view.getInt32(b + k)) k += 4;
  while (k < limit && buf[a + k] === buf[b + k]) k++;
  return k;
}

/** More entries than this and new strings are no longer kept (a body of unique values must not grow the table without end). */
const MAX_TABLE_ENTRIES = 1 << 18;

/**
 * The ASCII strings of a body (metric names, label names, label values), found again by a hash of
 * their bytes computed during the scan and checked against the bytes where the string was first met:
 * a string seen before on another line costs a probe, not a new string. Open addressing in flat
 * arrays, no object per entry. Gives the string's id in the sample store.
 */
class StringTable {
  private hashes = new Int32Array(1024);
  /** Where in the body each string's bytes were first met. */
  private offsets = new Int32Array(1024);
  /** The store id of the string in each slot, plus one (0: an empty slot). */
  private ids = new Int32Array(1024);
  private mask = 1023;
  private size = 0;

  private readonly view: DataView;
  private readonly strings: string[];

  constructor(private readonly buf: Buffer, private readonly store: SampleStore) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.strings = store.strings;
    this.empty = store.add('');
  }

  /** The id of the empty string. */
  readonly empty: number;

  /**
   * The id of the string of the ASCII bytes `start..end`, whose hash is `hash` (`hash = Math.imul(hash, 31) + byte | 0`
   * over the bytes, computed by the caller's scan).
   */
  get(start: number, end: number, hash: number): number {
    const length = end - start;
    if (length === 0) return this.empty;
    const ids = this.ids;
    const mask = this.mask;
    let slot = spread(hash) & mask;
    for (let id = ids[slot]; id !== 0; id = ids[slot]) {
      if (this.hashes[slot] === hash && this.strings[id - 1].length === length && commonLength(this.view, this.buf, this.offsets[slot], start, length) === length) return id - 1;
      slot = (slot + 1) & mask;
    }
    const id = this.store.add(this.buf.toString('latin1', start, end));
    if (this.size < MAX_TABLE_ENTRIES) {
      ids[slot] = id + 1;
      this.hashes[slot] = hash;
      this.offsets[slot] = start;
      if (++this.size * 2 > mask) this.grow();
    }
    return id;
  }

  private grow(): void {
    const oldIds = this.ids;
    const oldHashes = this.hashes;
    const oldOffsets = this.offsets;
    const capacity = oldIds.length * 2;
    const mask = capacity - 1;
    const ids = new Int32Array(capacity);
    const hashes = new Int32Array(capacity);
    const offsets = new Int32Array(capacity);
    for (let k = 0; k < oldIds.length; k++) {
      if (oldIds[k] === 0) continue;
      let slot = spread(oldHashes[k]) & mask;
      while (ids[slot] !== 0) slot = (slot + 1) & mask;
      ids[slot] = oldIds[k];
      hashes[slot] = oldHashes[k];
      offsets[slot] = oldOffsets[k];
    }
    this.ids = ids;
    this.hashes = hashes;
    this.offsets = offsets;
    this.mask = mask;
  }
}

/** Spreads the scan's hash over the low bits, which pick the slot (values often differ in their last byte only). */
function spread(hash: number): number {
  const h = Math.imul(hash ^ (hash >>> 16), 0x45d9f3b);
  return h ^ (h >>> 16);
}

export function parseExposition(body: Uint8Array | string, format: ExpositionFormat = 'text'): ParsedExposition {
  // A string input is re-encoded, so that no result string is a slice of the caller's text.
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return new Parser(buf, format).run();
}

class Parser {
  private readonly families = new Map<string, ExpositionFamily>();
  private readonly ordered: ExpositionFamily[] = [];
  private readonly problems: ExpositionProblem[] = [];
  private problemCount = 0;
  private sampleCount = 0;
  private line = 0;
  private lineStart = 0;
  /** Families that already have samples (a TYPE after them is an error). */
  private readonly sampled = new Set<string>();
  private readonly helped = new Set<string>();
  private readonly typed = new Set<string>();
  private lastName = '';
  private lastFamily: ExpositionFamily | null = null;
  /**
   * The previous sample's labels (its first `previousLabelCount` pairs; the array is the scratch of
   * the line before, swapped, and may hold more): when a label name sits where it sat there, it
   * cannot be a duplicate.
   */
  private previousLabels: string[] = [];
  /** Their ids in the store, in the same places. */
  private previousLabelIds: number[] = [];
  private previousLabelCount = 0;
  /**
   * Where the previous sample line began (-1: none, or not in the plain `name{label="value",…}` form),
   * its length, where its name ended and where each of its labels ended (after the closing quote),
   * relative to its start. Lines of a family share long prefixes (a histogram's buckets differ only
   * in `le` and the value): the tokens inside the bytes a line shares with the previous one are
   * taken from it without being read again.
   */
  private previousStart = -1;
  private previousLength = 0;
  private previousName = '';
  private previousNameId = -1;
  private previousNameEnd = 0;
  private previousLabelEnds: number[] = [];
  /** The same for the line being read, swapped with the above when it is accepted. */
  private labelEnds: number[] = [];
  /** Whether the line being read is in the plain form (no quoted names). */
  private plain = true;
  private sawEof = false;
  private readonly om: boolean;
  private readonly familyByName = new Map<string, ExpositionFamily>();
  /** `le` and `quantile` values already checked (they repeat on every series). */
  private readonly goodBounds = new Set<string>();
  private readonly store: SampleStore;
  private readonly strings: StringTable;
  /** A sample's labels are gathered here (as strings and as ids), then their ids copied into the store. */
  private scratch: string[] = [];
  private scratchIds: number[] = [];
  private readonly exemplarScratch: string[] = [];
  private readonly exemplarScratchIds: number[] = [];

  private readonly view: DataView;

  constructor(private readonly buf: Buffer, private readonly format: ExpositionFormat) {
    this.om = format === 'openmetrics';
    this.store = new SampleStore(sampleBound(buf));
    this.strings = new StringTable(buf, this.store);
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  run(): ParsedExposition {
    const buf = this.buf;
    const length = buf.length;
    let start = 0;
    while (start < length) {
      let end = buf.indexOf(10, start);
      const terminated = end >= 0;
      if (!terminated) end = length;
      this.lineStart = start;
      if (this.sawEof && (end > start)) {
        this.problem(0, 'unexpected content after # EOF');
        break;
      }
      try {
        this.parseLine(start, end > start && buf[end - 1] === 13 && !this.om ? end - 1 : end);
        if (!terminated && !this.om && end > start && !this.isBlank(start, end)) this.problem(end - start, 'unexpected end of input stream');
      } catch (error) {
        if (error instanceof LineError) this.problem(error.column, error.message);
        else throw error;
      }
      start = end + 1;
      this.line++;
    }
    if (this.om && !this.sawEof) {
      this.line = Math.max(0, this.line - 1);
      this.problem(0, 'expected # EOF at the end of an OpenMetrics exposition');
    }
    return { format: this.format, families: this.ordered, problems: this.problems, problemCount: this.problemCount, sampleCount: this.sampleCount };
  }

  private isBlank(start: number, end: number): boolean {
    for (let i = start; i < end; i++) if (this.buf[i] !== 32 && this.buf[i] !== 9 && this.buf[i] !== 13) return false;
    return true;
  }

  private problem(column: number, message: string): void {
    this.problemCount++;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ line: this.line, column, message });
  }

  private col(offset: number): number {
    return offset - this.lineStart;
  }

  private parseLine(start: number, end: number): void {
    const buf = this.buf;
    let i = start;
    if (!this.om) while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
    if (i >= end) {
      if (this.om && end === start && start < buf.length) throw new LineError(0, 'empty line in an OpenMetrics exposition');
      return;
    }
    if (buf[i] === 35 /* # */) return this.parseComment(i, end);
    this.parseSample(i, end);
  }

  private parseComment(start: number, end: number): void {
    const buf = this.buf;
    let i = start + 1;
    if (this.om && sameBytes(buf, start, end, '# EOF')) {
      this.sawEof = true;
      return;
    }
    while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
    const wordStart = i;
    while (i < end && buf[i] !== 32 && buf[i] !== 9) i++;
    const keyword = buf.toString('latin1', wordStart, i);
    if (keyword !== 'HELP' && keyword !== 'TYPE' && keyword !== 'UNIT') return; // an ordinary comment
    if (keyword === 'UNIT' && !this.om) return;
    while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
    let name: string;
    if (buf[i] === 34 /* " */) {
      const read = this.readQuoted(i, end, 'metric name');
      name = read.value;
      i = read.end;
    } else {
      const nameStart = i;
      if (i >= end || !isNameStart(buf[i])) throw new LineError(this.col(i), 'invalid metric name in comment');
      let hash = 0;
      while (i < end && isNameChar(buf[i])) hash = (Math.imul(hash, 31) + buf[i++]) | 0;
      if (i < end && buf[i] !== 32 && buf[i] !== 9) throw new LineError(this.col(i), 'invalid metric name in comment');
      name = this.store.strings[this.strings.get(nameStart, i, hash)];
    }
    while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
    if (keyword === 'HELP') {
      if (this.helped.has(name)) throw new LineError(this.col(start), `second HELP line for metric name "${name}"`);
      this.helped.add(name);
      this.family(name).help = unescapeHelp(buf.toString('utf8', i, end), this.om);
      return;
    }
    if (keyword === 'UNIT') {
      this.family(name).unit = buf.toString('utf8', i, end).trim();
      return;
    }
    const typeName = buf.toString('latin1', i, end).trim();
    if (this.typed.has(name) || this.sampled.has(name)) {
      throw new LineError(this.col(start), `second TYPE line for metric name "${name}", or TYPE reported after samples`);
    }
    if (!TYPES.has(typeName) || (this.om && typeName === 'untyped') || (!this.om && (typeName === 'unknown' || typeName === 'info' || typeName === 'stateset' || typeName === 'gaugehistogram'))) {
      throw new LineError(this.col(i), `unknown metric type "${typeName}"`);
    }
    this.typed.add(name);
    this.family(name).type = typeName as MetricType;
  }

  /** The family of this name, created (without samples) when new. */
  private family(name: string): ExpositionFamily {
    let family = this.families.get(name);
    if (!family) {
      family = new ExpositionFamily(name, this.om ? 'unknown' : 'untyped', this.store);
      this.families.set(name, family);
      this.ordered.push(family);
    }
    return family;
  }

  /** The family a sample name belongs to: its own, or the one its suffix points to. */
  private familyOfSample(name: string): ExpositionFamily {
    if (name === this.lastName && this.lastFamily) return this.lastFamily;
    // A histogram's lines alternate between _bucket, _sum and _count: remember where each name went.
    const known = this.familyByName.get(name);
    if (known && (known.sampleCount > 0 || known.name === name)) {
      this.lastName = name;
      this.lastFamily = known;
      return known;
    }
    let family = this.families.get(name);
    if (!family || (family.sampleCount === 0 && family.type !== 'untyped' && family.type !== 'unknown' && SUFFIXES[family.type] && !this.typedOwn(name))) {
      family = this.suffixFamily(name) ?? family ?? this.family(name);
    }
    this.lastName = name;
    this.lastFamily = family;
    this.familyByName.set(name, family);
    return family;
  }

  private typedOwn(name: string): boolean {
    return this.typed.has(name) || this.helped.has(name);
  }

  private suffixFamily(name: string): ExpositionFamily | undefined {
    for (const type of Object.keys(SUFFIXES)) {
      for (const suffix of SUFFIXES[type]) {
        if (!name.endsWith(suffix)) continue;
        const base = this.families.get(name.slice(0, -suffix.length));
        if (base && base.type === type) return base;
      }
    }
    return undefined;
  }

  private parseSample(start: number, end: number): void {
    const buf = this.buf;
    let i = start;
    let name: string | null = null;
    let nameId = -1;
    let count = 0;
    // How many bytes this line shares with the previous sample line.
    let shared = 0;
    const previousStart = this.previousStart;
    if (previousStart >= 0) shared = commonLength(this.view, buf, previousStart, start, Math.min(end - start, this.previousLength));
    let c = buf[i];
    if (shared > this.previousNameEnd) {
      // The same name, and the same byte after it.
      name = this.previousName;
      nameId = this.previousNameId;
      i += this.previousNameEnd;
    } else if ((CLASS[c] & NAME_START) !== 0) {
      let hash = 0;
      do {
        hash = (Math.imul(hash, 31) + c) | 0;
        c = buf[++i];
      } while (i < end && (CLASS[c] & NAME_CHAR) !== 0);
      nameId = this.strings.get(start, i, hash);
      name = this.store.strings[nameId];
    } else if (c !== 123 /* { */) {
      throw new LineError(this.col(i), 'invalid metric name');
    }
    const nameEnd = i - start;
    this.plain = name !== null;
    if (i < end && buf[i] === 123) {
      count = this.parseSampleLabels(start, i, end, name, shared);
      i = this.labelsEnd;
      if (this.labelsName !== name) {
        // A quoted name inside the braces.
        name = this.labelsName;
        if (name !== null) nameId = this.store.add(name);
      }
    }
    if (name === null) throw new LineError(this.col(start), 'invalid metric name');
    if (i >= end || (buf[i] !== 32 && buf[i] !== 9)) {
      throw new LineError(this.col(i), i >= end ? 'unexpected end of input stream' : `invalid metric name`);
    }
    while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
    const valueStart = i;
    while (i < end && buf[i] !== 32 && buf[i] !== 9) i++;
    let value = parseSimpleDecimal(buf, valueStart, i);
    if (value !== value) {
      const valueText = buf.toString('latin1', valueStart, i);
      const general = parseGoFloat(valueText);
      if (general === null) throw new LineError(this.col(valueStart), `expected float as value, got "${valueText}"`);
      value = general;
    }
    while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
    let timestamp: number | undefined;
    if (i < end && !(this.om && buf[i] === 35)) {
      const tsStart = i;
      while (i < end && buf[i] !== 32 && buf[i] !== 9) i++;
      timestamp = this.om ? this.openMetricsTimestamp(tsStart, i) : this.textTimestamp(tsStart, i);
      while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
    }
    if (i < end) {
      if (this.om && buf[i] === 35) this.checkExemplar(i, end);
      else throw new LineError(this.col(i), 'spurious string after timestamp');
    }
    const labels = this.scratch;
    const repeated = name === this.lastName && this.lastFamily !== null;
    const family = this.familyOfSample(name);
    this.checkSample(family, name, labels, count * 2, value);
    if (!repeated) {
      this.sampled.add(family.name);
      this.sampled.add(name);
    }
    const labelIds = this.scratchIds;
    family.addSample(this.store.push(nameId, labelIds, count * 2, value, timestamp));
    this.sampleCount++;
    // The line's labels become the previous ones; their arrays are the next line's scratch.
    this.scratch = this.previousLabels;
    this.previousLabels = labels;
    this.scratchIds = this.previousLabelIds;
    this.previousLabelIds = labelIds;
    this.previousLabelCount = count;
    if (this.plain) {
      this.previousStart = start;
      this.previousLength = end - start;
      this.previousName = name;
      this.previousNameId = nameId;
      this.previousNameEnd = nameEnd;
      const ends = this.labelEnds;
      this.labelEnds = this.previousLabelEnds;
      this.previousLabelEnds = ends;
    } else {
      this.previousStart = -1;
    }
  }

  /**
   * A sample's labels, `{` at `open`: those inside the `shared` bytes the line has in common with the
   * previous sample line are that line's, the rest are read. Returns how many; sets labelsEnd and labelsName.
   */
  private parseSampleLabels(start: number, open: number, end: number, name: string | null, shared: number): number {
    const out = this.scratch;
    const outIds = this.scratchIds;
    const previous = this.previousLabels;
    const previousIds = this.previousLabelIds;
    const previousEnds = this.previousLabelEnds;
    const ends = this.labelEnds;
    let count = 0;
    if (this.previousStart >= 0) {
      const reusable = Math.min(previousEnds.length, this.previousLabelCount);
      while (count < reusable && previousEnds[count] <= shared) {
        out[count * 2] = previous[count * 2];
        out[count * 2 + 1] = previous[count * 2 + 1];
        outIds[count * 2] = previousIds[count * 2];
        outIds[count * 2 + 1] = previousIds[count * 2 + 1];
        ends[count] = previousEnds[count];
        count++;
      }
    }
    return this.parseLabels(count === 0 ? open : start + ends[count - 1], end, name, out, outIds, previous, this.previousLabelCount, count, start);
  }

  /** Milliseconds, written as an integer. */
  private textTimestamp(start: number, end: number): number {
    const buf = this.buf;
    let i = start < end && buf[start] === 45 ? start + 1 : start;
    const digitsStart = i;
    let ms = 0;
    for (; i < end; i++) {
      const d = buf[i] - 48;
      if (d < 0 || d > 9) break;
      ms = ms * 10 + d;
    }
    if (i < end || i === digitsStart) throw new LineError(this.col(start), `expected integer as timestamp, got "${this.buf.toString('latin1', start, end)}"`);
    // Up to 15 digits the sum above is exact; longer ones round as Number() does.
    if (end - digitsStart > 15) return Number(buf.toString('latin1', start, end));
    return buf[start] === 45 ? -ms : ms;
  }

  /** Seconds, written as a float, returned in milliseconds. */
  private openMetricsTimestamp(start: number, end: number): number {
    const text = this.buf.toString('latin1', start, end);
    const seconds = parseGoFloat(text);
    if (seconds === null || !Number.isFinite(seconds)) throw new LineError(this.col(start), `expected float as timestamp, got "${text}"`);
    return seconds * 1000;
  }

  /** An OpenMetrics exemplar: ` # {labels} value [timestamp]`. Checked, not kept. */
  private checkExemplar(start: number, end: number): void {
    const buf = this.buf;
    let i = start + 1;
    while (i < end && buf[i] === 32) i++;
    if (buf[i] !== 123) throw new LineError(this.col(i), 'expected "{" to start an exemplar\'s labels');
    this.parseLabels(i, end, '', this.exemplarScratch, this.exemplarScratchIds, [], 0, 0, -1);
    i = this.labelsEnd;
    while (i < end && buf[i] === 32) i++;
    const valueStart = i;
    while (i < end && buf[i] !== 32) i++;
    if (parseGoFloat(buf.toString('latin1', valueStart, i)) === null) throw new LineError(this.col(valueStart), 'expected float as exemplar value');
  }

  private checkSample(family: ExpositionFamily, name: string, labels: string[], length: number, value: number): void {
    const type = family.type;
    if (type === 'summary' && name === family.name) {
      const q = labelValue(labels, length, 'quantile');
      if (q !== undefined && !this.isBound(q)) throw new LineError(0, `expected float as value for 'quantile' label, got "${q}"`);
    }
    if (type === 'histogram' || type === 'gaugehistogram') {
      if (name.endsWith('_bucket')) {
        const le = labelValue(labels, length, 'le');
        if (le !== undefined && !this.isBound(le)) throw new LineError(0, `expected float as value for 'le' label, got "${le}"`);
        if (value < 0) throw new LineError(0, `negative bucket population for histogram "${family.name}"`);
      } else if (name.endsWith('_count') && value < 0) {
        throw new LineError(0, `negative count for histogram "${family.name}"`);
      }
    }
  }

  private isBound(text: string): boolean {
    if (this.goodBounds.has(text)) return true;
    if (parseGoFloat(text) === null) return false;
    if (this.goodBounds.size < 1000) this.goodBounds.add(text);
    return true;
  }

  /** Where the last parseLabels ended and the name it found (fields, not a returned object: one less allocation per sample). */
  private labelsEnd = 0;
  private labelsName: string | null = null;

  /**
   * `{name="value",…}`, with the quoted metric name form `{"my.metric",l="v"}`. Writes names and
   * values to `out`, and their store ids to `outIds`, and returns how many labels there are; sets labelsEnd and labelsName. From `open`
   * (the `{`), or, when `resumed` labels are already in `out`, from just after the last one's closing
   * quote. `previous` is a label list known to hold no duplicate name (the previous sample's). For a
   * sample (`lineStart` ≥ 0) the end of each label, relative to the line, goes to labelEnds.
   */
  private parseLabels(open: number, end: number, name: string | null, out: string[], outIds: number[], previous: string[], previousCount: number, resumed: number, lineStart: number): number {
    const buf = this.buf;
    const strings = this.strings;
    const store = this.store;
    const ends = this.labelEnds;
    let i = open;
    let count = resumed;
    // True while every label name so far is the one at the same place in `previous`.
    let asBefore = true;
    let afterValue = resumed > 0;
    if (!afterValue) i++;
    for (;;) {
      if (afterValue) {
        while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
        if (buf[i] === 44 /* , */) {
          i++;
        } else if (buf[i] === 125 /* } */) {
          this.labelsEnd = i + 1;
          this.labelsName = name;
          return count;
        } else {
          throw new LineError(this.col(i), 'unexpected end of label value');
        }
      }
      afterValue = true;
      while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
      if (i >= end) throw new LineError(this.col(i), 'unexpected end of label value');
      let c = buf[i];
      if (c === 125 /* } */) {
        this.labelsEnd = i + 1;
        this.labelsName = name;
        return count;
      }
      let labelName: string;
      let labelNameId: number;
      if (c === 34) {
        this.plain = false;
        const read = this.readQuoted(i, end, 'label name');
        i = read.end;
        while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
        if (buf[i] === 44 || buf[i] === 125) {
          // A bare quoted string: the metric's name.
          if (name !== null && name !== '') throw new LineError(this.col(i), 'multiple metric names');
          name = read.value;
          if (buf[i] === 44) i++;
          afterValue = false;
          continue;
        }
        if (buf[i] !== 61) throw new LineError(this.col(i), name === null ? 'unexpected end of metric name' : "expected '=' after label name");
        labelName = read.value;
        labelNameId = store.add(labelName);
        if (labelName === '__name__') throw new LineError(this.col(i), 'label name "__name__" is reserved');
      } else {
        const nameStart = i;
        if ((CLASS[c] & LABEL_START) === 0) throw new LineError(this.col(i), 'invalid label name for metric');
        let hash = 0;
        do {
          hash = (Math.imul(hash, 31) + c) | 0;
          c = buf[++i];
        } while (i < end && (CLASS[c] & LABEL_CHAR) !== 0);
        labelNameId = strings.get(nameStart, i, hash);
        labelName = store.strings[labelNameId];
        while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
        if (buf[i] !== 61 /* = */) throw new LineError(this.col(i), "expected '=' after label name");
        if (i - nameStart >= 8 && labelName === '__name__') throw new LineError(this.col(i), 'label name "__name__" is reserved');
      }
      i++;
      while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
      if (buf[i] !== 34) throw new LineError(this.col(i), "expected '\"' at start of label value");
      const valueStart = ++i;
      let hash = 0;
      let escaped = false;
      let high = false;
      while (i < end) {
        c = buf[i];
        if (c === 34) break;
        if (c === 92) {
          escaped = true;
          i += 2;
        } else {
          if (c >= 0x80) high = true;
          hash = (Math.imul(hash, 31) + c) | 0;
          i++;
        }
      }
      if (i >= end) {
        const partial = buf.toString('utf8', valueStart, Math.min(i, end));
        throw new LineError(this.col(valueStart), end < buf.length ? `label value "${partial}" contains unescaped new-line` : 'unexpected end of label value');
      }
      const valueId = escaped || high ? store.add(this.decodeValue(valueStart, i, escaped, high)) : strings.get(valueStart, i, hash);
      const value = store.strings[valueId];
      if (!(asBefore && count < previousCount && labelName === previous[count * 2])) {
        asBefore = false;
        for (let k = 0; k < count * 2; k += 2) {
          if (out[k] === labelName) throw new LineError(this.col(valueStart), `duplicate label names for metric "${name ?? ''}"`);
        }
      }
      out[count * 2] = labelName;
      out[count * 2 + 1] = value;
      outIds[count * 2] = labelNameId;
      outIds[count * 2 + 1] = valueId;
      i++;
      if (lineStart >= 0) ends[count] = i - lineStart;
      count++;
    }
  }

  /** A label value with escapes or non-ASCII bytes (`start..end` inside the quotes). */
  private decodeValue(start: number, end: number, escaped: boolean, high: boolean): string {
    const buf = this.buf;
    let text = high ? buf.toString('utf8', start, end) : buf.toString('latin1', start, end);
    if (high && text.includes('\uFFFD') && !buf.subarray(start, end).includes(Buffer.from([0xef, 0xbf, 0xbd]))) {
      throw new LineError(this.col(start), `invalid label value ${JSON.stringify(buf.toString('latin1', start, end)).replace(/[\u0080-\u00ff]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16)}`)}`);
    }
    if (escaped) text = unescapeValue(text, this.col(start));
    return text;
  }

  /** A quoted metric or label name (`"my.metric"`), with the value escapes. */
  private readQuoted(open: number, end: number, what: string): { value: string; end: number } {
    const buf = this.buf;
    let j = open + 1;
    let escaped = false;
    while (j < end && buf[j] !== 34) {
      if (buf[j] === 92) {
        escaped = true;
        j += 2;
      } else j++;
    }
    if (j >= end) {
      const partial = buf.toString('utf8', open + 1, Math.min(j, end));
      throw new LineError(this.col(open), end < buf.length ? `${what} "${partial}" contains unescaped new-line` : `unexpected end of ${what}`);
    }
    let value = buf.toString('utf8', open + 1, j);
    if (escaped) value = unescapeValue(value, this.col(open + 1));
    return { value, end: j + 1 };
  }
}

/**
 * At most how many samples the body holds: no more than its lines, nor than a sample per four bytes
 * (`a 1` and a line break). One pass of indexOf (about 1 ms for 10 MB) lets the store take its
 * arrays at their final size instead of growing them by copies into fresh memory: in the benchmark,
 * with other parsers run in between, growing took a parse from 40 ms to 70 ms of page faults.
 */
function sampleBound(buf: Buffer): number {
  let lines = 1;
  for (let at = buf.indexOf(10); at >= 0; at = buf.indexOf(10, at + 1)) lines++;
  return Math.min(lines, Math.ceil(buf.length / 4));
}

/** The value of a label among the first `length` entries of a flat label list. */
function labelValue(labels: string[], length: number, name: string): string | undefined {
  for (let k = 0; k < length; k += 2) if (labels[k] === name) return labels[k + 1];
  return undefined;
}

/** Label values and quoted names: `\\`, `\"` and `\n` only. */
function unescapeValue(text: string, column: number): string {
  let out = '';
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = text[++k];
    if (next === '\\') out += '\\';
    else if (next === '"') out += '"';
    else if (next === 'n') out += '\n';
    else throw new LineError(column + k - 1, 'invalid escape sequence');
  }
  return out;
}

/** HELP text: `\\` and `\n` in the text format (other backslashes stay), and `\"` too in OpenMetrics. */
function unescapeHelp(text: string, om: boolean): string {
  if (!text.includes('\\')) return text;
  return text.replace(om ? /\\([\\n"])/g : /\\([\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
}
