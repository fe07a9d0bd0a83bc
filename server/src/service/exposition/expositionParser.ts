/*
 * The Prometheus exposition formats: the text format 0.0.4 and OpenMetrics 1.0, parsed from bytes.
 *
 * Written here because no maintained npm package parses both formats with line-accurate errors and
 * recovery (parse-prometheus-text-format, the one in use, knows only the text format, stops at the
 * first error and is several times slower): completion reads `/metrics` bodies of tens of MB, and
 * the lints report every bad line. Rules and messages follow Prometheus' own parsers (expfmt and
 * textparse); the code is ours.
 *
 * Speed: the body is scanned as bytes; names, label names and values repeated from the previous
 * sample are reused rather than decoded again, and every string is a fresh copy (no slice keeps the
 * body alive).
 */

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

export interface ExpositionFamily {
  /** Without `_bucket`/`_sum`/`_count` for histograms and summaries, without `_total` for OpenMetrics counters. */
  name: string;
  type: MetricType;
  help?: string;
  unit?: string;
  samples: ExpositionSample[];
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
  problems: ExpositionProblem[];
  sampleCount: number;
}

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

const isNameStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58;
const isNameChar = (c: number): boolean => isNameStart(c) || (c >= 48 && c <= 57);
const isLabelStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isLabelChar = (c: number): boolean => isLabelStart(c) || (c >= 48 && c <= 57);

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
 * The common case of a sample value, `123`, `-4.5`, `0.25`, read from the bytes without making a
 * string: the digits (at most 15) are exact in a double and the division by an exact power of ten is
 * correctly rounded, so the result equals Number(text). Null for anything else (exponents, Inf, NaN,
 * longer numbers), which the general path reads.
 */
function parseSimpleDecimal(buf: Uint8Array, start: number, end: number): number | null {
  let i = start;
  let negative = false;
  if (buf[i] === 45 || buf[i] === 43) {
    negative = buf[i] === 45;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  let seenDot = false;
  for (; i < end; i++) {
    const c = buf[i];
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (seenDot) fraction++;
    } else if (c === 46 && !seenDot) {
      seenDot = true;
    } else {
      return null;
    }
  }
  if (digits === 0 || digits > 15) return null;
  const value = fraction === 0 ? mantissa : mantissa / POWERS_OF_TEN[fraction];
  return negative ? -value : value;
}

function sameBytes(buf: Uint8Array, start: number, end: number, s: string): boolean {
  if (s.length !== end - start) return false;
  for (let i = 0; i < s.length; i++) if (buf[start + i] !== s.charCodeAt(i)) return false;
  return true;
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
  private sampleCount = 0;
  private line = 0;
  private lineStart = 0;
  /** Families that already have samples (a TYPE after them is an error). */
  private readonly sampled = new Set<string>();
  private readonly helped = new Set<string>();
  private readonly typed = new Set<string>();
  private lastName = '';
  private lastFamily: ExpositionFamily | null = null;
  /** The previous sample's label names and values, reused when the bytes are the same. */
  private previousLabels: string[] = [];
  private sawEof = false;
  private readonly om: boolean;
  private readonly familyByName = new Map<string, ExpositionFamily>();
  /** `le` and `quantile` values already checked (they repeat on every series). */
  private readonly goodBounds = new Set<string>();

  constructor(private readonly buf: Buffer, private readonly format: ExpositionFormat) {
    this.om = format === 'openmetrics';
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
    if (this.om && !this.sawEof) this.problems.push({ line: Math.max(0, this.line - 1), column: 0, message: 'expected # EOF at the end of an OpenMetrics exposition' });
    return { format: this.format, families: this.ordered, problems: this.problems, sampleCount: this.sampleCount };
  }

  private isBlank(start: number, end: number): boolean {
    for (let i = start; i < end; i++) if (this.buf[i] !== 32 && this.buf[i] !== 9 && this.buf[i] !== 13) return false;
    return true;
  }

  private problem(column: number, message: string): void {
    this.problems.push({ line: this.line, column, message });
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
      while (i < end && isNameChar(buf[i])) i++;
      if (i < end && buf[i] !== 32 && buf[i] !== 9) throw new LineError(this.col(i), 'invalid metric name in comment');
      name = buf.toString('latin1', nameStart, i);
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
      family = { name, type: this.om ? 'unknown' : 'untyped', samples: [] };
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
    if (known && (known.samples.length > 0 || known.name === name)) {
      this.lastName = name;
      this.lastFamily = known;
      return known;
    }
    let family = this.families.get(name);
    if (!family || (family.samples.length === 0 && family.type !== 'untyped' && family.type !== 'unknown' && SUFFIXES[family.type] && !this.typedOwn(name))) {
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
    const labels: string[] = [];
    if (isNameStart(buf[i])) {
      const nameStart = i;
      while (i < end && isNameChar(buf[i])) i++;
      name = sameBytes(buf, nameStart, i, this.lastName) ? this.lastName : buf.toString('latin1', nameStart, i);
    } else if (buf[i] !== 123 /* { */) {
      throw new LineError(this.col(i), 'invalid metric name');
    }
    if (i < end && buf[i] === 123) {
      this.parseLabels(i, end, name, labels);
      i = this.labelsEnd;
      name = this.labelsName;
    }
    if (name === null) throw new LineError(this.col(start), 'invalid metric name');
    if (i >= end || (buf[i] !== 32 && buf[i] !== 9)) {
      throw new LineError(this.col(i), i >= end ? 'unexpected end of input stream' : `invalid metric name`);
    }
    while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
    const valueStart = i;
    while (i < end && buf[i] !== 32 && buf[i] !== 9) i++;
    let value = parseSimpleDecimal(buf, valueStart, i);
    if (value === null) {
      const valueText = buf.toString('latin1', valueStart, i);
      value = parseGoFloat(valueText);
      if (value === null) throw new LineError(this.col(valueStart), `expected float as value, got "${valueText}"`);
    }
    while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
    let timestamp: number | undefined;
    if (i < end && !(this.om && buf[i] === 35)) {
      const tsStart = i;
      while (i < end && buf[i] !== 32 && buf[i] !== 9) i++;
      const tsText = buf.toString('latin1', tsStart, i);
      if (this.om) {
        const seconds = parseGoFloat(tsText);
        if (seconds === null || !Number.isFinite(seconds)) throw new LineError(this.col(tsStart), `expected float as timestamp, got "${tsText}"`);
        timestamp = seconds * 1000;
      } else {
        if (!/^-?\d+$/.test(tsText)) throw new LineError(this.col(tsStart), `expected integer as timestamp, got "${tsText}"`);
        timestamp = Number(tsText);
      }
      while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
    }
    if (i < end) {
      if (this.om && buf[i] === 35) this.checkExemplar(i, end);
      else throw new LineError(this.col(i), 'spurious string after timestamp');
    }
    const repeated = name === this.lastName && this.lastFamily !== null;
    const family = this.familyOfSample(name);
    this.checkSample(family, name, labels, value);
    if (!repeated) {
      this.sampled.add(family.name);
      this.sampled.add(name);
    }
    const sample: ExpositionSample = { name, labels, value };
    if (timestamp !== undefined) sample.timestamp = timestamp;
    family.samples.push(sample);
    this.sampleCount++;
    this.previousLabels = labels;
  }

  /** An OpenMetrics exemplar: ` # {labels} value [timestamp]`. Checked, not kept. */
  private checkExemplar(start: number, end: number): void {
    const buf = this.buf;
    let i = start + 1;
    while (i < end && buf[i] === 32) i++;
    if (buf[i] !== 123) throw new LineError(this.col(i), 'expected "{" to start an exemplar\'s labels');
    this.parseLabels(i, end, '', []);
    i = this.labelsEnd;
    while (i < end && buf[i] === 32) i++;
    const valueStart = i;
    while (i < end && buf[i] !== 32) i++;
    if (parseGoFloat(buf.toString('latin1', valueStart, i)) === null) throw new LineError(this.col(valueStart), 'expected float as exemplar value');
  }

  private checkSample(family: ExpositionFamily, name: string, labels: string[], value: number): void {
    const type = family.type;
    if (type === 'summary' && name === family.name) {
      const q = labelValue(labels, 'quantile');
      if (q !== undefined && !this.isBound(q)) throw new LineError(0, `expected float as value for 'quantile' label, got "${q}"`);
    }
    if (type === 'histogram' || type === 'gaugehistogram') {
      if (name.endsWith('_bucket')) {
        const le = labelValue(labels, 'le');
        if (le !== undefined && !this.isBound(le)) throw new LineError(0, `expected float as value for 'le' label, got "${le}"`);
        if (value < 0) throw new LineError(0, `negative bucket population for histogram "${family.name}"`);
      } else if (name.endsWith('_count') && value < 0) {
        throw new LineError(0, `negative count for histogram "${family.name}"`);
      }
    }
  }

  /**
   * Label values repeat across lines (`job`, `instance`, `le`, …). Values are found by a hash of
   * their bytes computed during the scan and compared byte for byte, so a value seen before costs
   * no new string. Bounded, so that a body of unique values cannot grow it without end.
   */
  private readonly internTable = new Map<number, string | string[]>();

  private interned(hash: number, start: number, end: number): string {
    const entry = this.internTable.get(hash);
    if (entry === undefined) return '';
    if (typeof entry === 'string') return sameBytes(this.buf, start, end, entry) && entry !== '' ? entry : '';
    for (const candidate of entry) if (sameBytes(this.buf, start, end, candidate) && candidate !== '') return candidate;
    return '';
  }

  private intern(hash: number, value: string): void {
    if (this.internTable.size >= 200_000 || value === '') return;
    const entry = this.internTable.get(hash);
    if (entry === undefined) this.internTable.set(hash, value);
    else if (typeof entry === 'string') this.internTable.set(hash, [entry, value]);
    else if (entry.length < 8) entry.push(value);
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

  /** `{name="value",…}`, with the quoted metric name form `{"my.metric",l="v"}`. Fills `labels`; sets labelsEnd and labelsName. */
  private parseLabels(open: number, end: number, name: string | null, labels: string[]): void {
    const buf = this.buf;
    let i = open + 1;
    let index = 0;
    const previous = this.previousLabels;
    for (;;) {
      while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
      if (i >= end) throw new LineError(this.col(i), 'unexpected end of label value');
      if (buf[i] === 125 /* } */) {
        this.labelsEnd = i + 1;
        this.labelsName = name;
        return;
      }
      let labelName: string;
      if (buf[i] === 34) {
        const read = this.readQuoted(i, end, 'label name');
        i = read.end;
        while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
        if (buf[i] === 44 || buf[i] === 125) {
          // A bare quoted string: the metric's name.
          if (name !== null && name !== '') throw new LineError(this.col(i), 'multiple metric names');
          name = read.value;
          if (buf[i] === 44) i++;
          continue;
        }
        if (buf[i] !== 61) throw new LineError(this.col(i), name === null ? 'unexpected end of metric name' : "expected '=' after label name");
        labelName = read.value;
      } else {
        const nameStart = i;
        if (!isLabelStart(buf[i])) throw new LineError(this.col(i), 'invalid label name for metric');
        while (i < end && isLabelChar(buf[i])) i++;
        const prior = previous[index * 2];
        labelName = prior !== undefined && sameBytes(buf, nameStart, i, prior) ? prior : buf.toString('latin1', nameStart, i);
        while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
        if (buf[i] !== 61 /* = */) throw new LineError(this.col(i), "expected '=' after label name");
      }
      if (labelName === '__name__') throw new LineError(this.col(i), 'label name "__name__" is reserved');
      i++;
      while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
      if (buf[i] !== 34) throw new LineError(this.col(i), "expected '\"' at start of label value");
      const valueStart = i + 1;
      let j = valueStart;
      let escaped = false;
      let high = false;
      let hash = 0;
      while (j < end && buf[j] !== 34) {
        if (buf[j] === 92) {
          escaped = true;
          j += 2;
        } else {
          if (buf[j] >= 0x80) high = true;
          hash = (Math.imul(hash, 31) + buf[j]) | 0;
          j++;
        }
      }
      if (j >= end) {
        const partial = buf.toString('utf8', valueStart, Math.min(j, end));
        throw new LineError(this.col(valueStart), end < this.buf.length ? `label value "${partial}" contains unescaped new-line` : 'unexpected end of label value');
      }
      let labelValueText: string;
      const prior = previous[index * 2 + 1];
      if (!escaped && prior !== undefined && sameBytes(buf, valueStart, j, prior)) labelValueText = prior;
      else if (!escaped && !high && (labelValueText = this.interned(hash, valueStart, j)) !== '') {
        // an ASCII value seen before on another line: the same string, no new allocation
      } else {
        labelValueText = high ? buf.toString('utf8', valueStart, j) : buf.toString('latin1', valueStart, j);
        if (high && labelValueText.includes('\uFFFD') && !buf.subarray(valueStart, j).includes(Buffer.from([0xef, 0xbf, 0xbd]))) {
          throw new LineError(this.col(valueStart), `invalid label value ${JSON.stringify(buf.toString('latin1', valueStart, j)).replace(/[\u0080-\u00ff]/g, (c) => `\\x${c.charCodeAt(0).toString(16)}`)}`);
        }
        if (escaped) labelValueText = unescapeValue(labelValueText, this.col(valueStart));
        else if (!high) this.intern(hash, labelValueText);
      }
      for (let k = 0; k < labels.length; k += 2) {
        if (labels[k] === labelName) throw new LineError(this.col(valueStart), `duplicate label names for metric "${name ?? ''}"`);
      }
      labels.push(labelName, labelValueText);
      index++;
      i = j + 1;
      while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
      if (buf[i] === 44 /* , */) {
        i++;
        continue;
      }
      if (buf[i] === 125) {
        this.labelsEnd = i + 1;
        this.labelsName = name;
        return;
      }
      throw new LineError(this.col(i), 'unexpected end of label value');
    }
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

function labelValue(labels: string[], name: string): string | undefined {
  for (let k = 0; k < labels.length; k += 2) if (labels[k] === name) return labels[k + 1];
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
