/*
 * Go's formatting of values, as alert templates print them: strconv.FormatFloat (shortest, %e, %f,
 * %g with Go's round-half-to-even on the exact decimal value) and fmt.Sprintf's verbs, flags, width
 * and precision, with Go's error texts (`%!d(float64=1.5)`, `%!s(MISSING)`). humanize's `%.4g` and
 * `{{ $value }}` (a float64 printed with %v: `1e+06`) must print what Prometheus prints.
 */

/** A Go int in a template (a number constant without a point or exponent). Floats are JS numbers. */
export class GoInt {
  constructor(readonly value: number) {}
}

/** time.Time (`toTime`), printed as Go prints it: `2024-01-02 03:04:05 +0000 UTC`. */
export class GoTime {
  readonly seconds: number;
  /** Kept to the millisecond, as Prometheus' model.TimeFromUnixNano keeps it. */
  constructor(seconds: number) {
    this.seconds = Math.trunc(Math.trunc(seconds * 1e9) / 1e6) / 1000;
  }
  toString(): string {
    const date = new Date(Math.floor(this.seconds * 1000));
    const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
    const nanos = Math.round((this.seconds - Math.floor(this.seconds)) * 1e9);
    const fraction = nanos === 0 ? '' : `.${String(nanos).padStart(9, '0').replace(/0+$/, '')}`;
    return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}${fraction} +0000 UTC`;
  }
}

/** time.Duration (`toDuration`), printed as Go prints it: `1h2m3.5s`. */
export class GoDuration {
  constructor(readonly seconds: number) {}
  toString(): string {
    let s = Math.abs(this.seconds);
    const sign = this.seconds < 0 ? '-' : '';
    if (s === 0) return '0s';
    if (s < 1) {
      const ns = Math.round(s * 1e9);
      if (ns < 1000) return `${sign}${ns}ns`;
      if (ns < 1e6) return `${sign}${formatFloat(ns / 1000, 'g', -1)}µs`;
      return `${sign}${formatFloat(ns / 1e6, 'g', -1)}ms`;
    }
    const h = Math.floor(s / 3600);
    s -= h * 3600;
    const m = Math.floor(s / 60);
    s -= m * 60;
    const sec = formatFloat(Math.round(s * 1e9) / 1e9, 'f', -1);
    return `${sign}${h > 0 ? `${h}h` : ''}${h > 0 || m > 0 ? `${m}m` : ''}${sec}s`;
  }
}

interface Digits {
  /** Significant digits, no leading or trailing zeros ('' for zero). */
  digits: string;
  /** The decimal point's place: value = 0.digits × 10^dp. */
  dp: number;
}

function shortestDigits(x: number): Digits {
  if (x === 0) return { digits: '', dp: 0 };
  const [mantissa, exponent] = Math.abs(x).toExponential().split('e');
  return { digits: mantissa.replace('.', '').replace(/0+$/, ''), dp: Number(exponent) + 1 };
}

/** The exact decimal digits of x (to 100 places), rounded half to even to `n` significant digits. */
function roundedDigits(x: number, n: number): Digits {
  if (x === 0) return { digits: '', dp: 0 };
  const [mantissa, exponent] = Math.abs(x).toExponential(99).split('e');
  let digits = mantissa.replace('.', '');
  let dp = Number(exponent) + 1;
  if (n < 0) return { digits: '', dp: 0 };
  if (n < digits.length) {
    const next = digits[n];
    const rest = digits.slice(n + 1);
    const previous = n > 0 ? Number(digits[n - 1]) : 0;
    const up = next > '5' || (next === '5' && (/[1-9]/.test(rest) || previous % 2 === 1));
    digits = digits.slice(0, n);
    if (up) {
      const chars = digits.split('');
      let k = chars.length - 1;
      while (k >= 0 && chars[k] === '9') chars[k--] = '0';
      if (k < 0) {
        // All nines (or no digit kept): 0.999… → 1, one place up.
        digits = '1';
        dp++;
      } else {
        chars[k] = String(Number(chars[k]) + 1);
        digits = chars.join('');
      }
    }
  }
  digits = digits.replace(/0+$/, '');
  return digits === '' ? { digits: '', dp: 0 } : { digits, dp };
}

function fmtE(neg: boolean, d: Digits, prec: number, upper: boolean): string {
  let out = neg ? '-' : '';
  out += d.digits[0] ?? '0';
  if (prec > 0) out += `.${d.digits.slice(1, prec + 1).padEnd(prec, '0')}`;
  const exp = d.digits === '' ? 0 : d.dp - 1;
  out += `${upper ? 'E' : 'e'}${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return out;
}

function fmtF(neg: boolean, d: Digits, prec: number): string {
  let out = neg ? '-' : '';
  out += d.dp > 0 ? d.digits.slice(0, d.dp).padEnd(d.dp, '0') : '0';
  if (prec > 0) {
    let fraction = '';
    for (let i = 0; i < prec; i++) {
      const j = d.dp + i;
      fraction += j >= 0 && j < d.digits.length ? d.digits[j] : '0';
    }
    out += `.${fraction}`;
  }
  return out;
}

/** strconv.FormatFloat(x, format, prec, 64); prec -1: the shortest that reads back. */
export function formatFloat(x: number, format: 'e' | 'E' | 'f' | 'g' | 'G', prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  const shortest = prec < 0;
  let d: Digits;
  if (shortest) d = shortestDigits(x);
  else if (format === 'e' || format === 'E') d = roundedDigits(x, prec + 1);
  else if (format === 'f') d = roundedDigits(x, shortestDigits(x).dp + prec);
  else d = roundedDigits(x, prec === 0 ? 1 : prec);
  switch (format) {
    case 'e':
    case 'E':
      return fmtE(neg, d, shortest ? Math.max(d.digits.length - 1, 0) : prec, format === 'E');
    case 'f':
      return fmtF(neg, d, shortest ? Math.max(d.digits.length - d.dp, 0) : prec);
    default: {
      let p = shortest ? d.digits.length : prec === 0 ? 1 : prec;
      let eprec = p;
      if (eprec > d.digits.length && d.digits.length >= d.dp) eprec = d.digits.length;
      if (shortest) eprec = 6;
      const exp = d.dp - 1;
      if (exp < -4 || exp >= eprec) {
        if (p > d.digits.length) p = d.digits.length;
        return fmtE(neg, d, p - 1, format === 'G');
      }
      if (p > d.dp) p = d.digits.length;
      return fmtF(neg, d, Math.max(p - d.dp, 0));
    }
  }
}

/** Go's name of a value's type, for fmt's error texts. */
export function goTypeName(value: unknown): string {
  if (value instanceof GoInt) return 'int';
  if (typeof value === 'number') return 'float64';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (value instanceof GoTime) return '*time.Time';
  if (value instanceof GoDuration) return '*time.Duration';
  if (Array.isArray(value)) return 'template.queryResult';
  if (value instanceof Map) return 'map[string]string';
  return '*template.sample';
}

/** fmt's %v of a value. */
export function printValue(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (value instanceof GoInt) return String(value.value);
  if (typeof value === 'number') return formatFloat(value, 'g', -1);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof GoTime || value instanceof GoDuration) return value.toString();
  if (value instanceof Map) return `map[${[...value.keys()].sort().map((k) => `${printValue(k)}:${printValue(value.get(k))}`).join(' ')}]`;
  if (Array.isArray(value)) return `[${value.map(printValue).join(' ')}]`;
  if (typeof value === 'object' && 'labels' in value && 'value' in value) {
    const sample = value as { labels: Map<string, string>; value: number };
    return `&{${printValue(sample.labels)} ${printValue(sample.value)}}`;
  }
  return String(value);
}

/** Go's strconv.Quote, for %q. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Go's fmt refuses a width or precision past a million (its `tooLarge`). */
const MAX_FORMAT_NUMBER = 1_000_000;

/** The most one verb may print here (Go's limit is ten times more): past it, sprintf throws PrintTooLong. */
export const MAX_PRINTED = 1 << 20;

/** A verb that would print more than MAX_PRINTED: the template stops there, as it does at that much output. */
export class PrintTooLong extends Error {
  constructor() {
    super('the template prints more than 1 MB');
  }
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: readonly unknown[]): string {
  let out = '';
  let argIndex = 0;
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch !== '%') {
      out += ch;
      continue;
    }
    i++;
    const flags = { minus: false, plus: false, sharp: false, space: false, zero: false };
    for (; i < format.length; i++) {
      const f = format[i];
      if (f === '-') flags.minus = true;
      else if (f === '+') flags.plus = true;
      else if (f === '#') flags.sharp = true;
      else if (f === ' ') flags.space = true;
      else if (f === '0') flags.zero = true;
      else break;
    }
    // Go's parsenum and intFromArg: a number past ±1e6 is refused (`tooLarge`); a literal one ends
    // the format (NOVERB), a `*` one prints BADWIDTH or BADPREC.
    let refused = false;
    const number = (): number | undefined => {
      if (format[i] === '*') {
        i++;
        const arg = args[argIndex++];
        if (!(arg instanceof GoInt) || Math.abs(arg.value) > MAX_FORMAT_NUMBER) {
          refused = true;
          return undefined;
        }
        return arg.value;
      }
      const m = /^\d+/.exec(format.slice(i));
      if (!m) return undefined;
      if (Number(m[0].slice(0, -1)) > MAX_FORMAT_NUMBER) {
        i = format.length;
        return undefined;
      }
      i += m[0].length;
      return Number(m[0]);
    };
    let width = number();
    if (refused) out += '%!(BADWIDTH)';
    if (width !== undefined && width < 0) {
      width = -width;
      flags.minus = true;
      flags.zero = false;
    }
    let precision: number | undefined;
    if (format[i] === '.') {
      i++;
      refused = false;
      precision = number() ?? 0;
      if (refused || precision < 0) {
        if (refused) out += '%!(BADPREC)';
        precision = undefined;
      }
    }
    const verb = format[i];
    if (verb === undefined) {
      out += '%!(NOVERB)';
      break;
    }
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argIndex >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const arg = args[argIndex++];
    if ((width ?? 0) > MAX_PRINTED || ((precision ?? 0) > MAX_PRINTED && 'eEfF'.includes(verb))) throw new PrintTooLong();
    out += pad(formatOne(verb, arg, flags, precision), width, flags);
  }
  if (argIndex < args.length) out += `%!(EXTRA ${args.slice(argIndex).map((a) => `${goTypeName(a)}=${printValue(a)}`).join(', ')})`;
  return out;
}

function pad(text: string, width: number | undefined, flags: { minus: boolean; zero: boolean }): string {
  if (width === undefined || text.length >= width) return text;
  if (flags.minus) return text.padEnd(width);
  if (flags.zero && /^[-+]?\d/.test(text)) {
    const sign = /^[-+]/.test(text) ? text[0] : '';
    return sign + text.slice(sign.length).padStart(width - sign.length, '0');
  }
  return text.padStart(width);
}

function formatOne(verb: string, arg: unknown, flags: { plus: boolean; sharp: boolean; space: boolean }, precision: number | undefined): string {
  const bad = (): string => (arg === null || arg === undefined ? `%!${verb}(<nil>)` : `%!${verb}(${goTypeName(arg)}=${printValue(arg)})`);
  const signed = (text: string): string => (text.startsWith('-') || text.startsWith('+') ? text : flags.plus ? `+${text}` : flags.space ? ` ${text}` : text);
  if (arg instanceof GoInt) {
    const n = arg.value;
    switch (verb) {
      case 'd':
      case 'v': return signed(String(n));
      case 'x': return (n < 0 ? '-' : '') + (flags.sharp ? '0x' : '') + Math.abs(n).toString(16);
      case 'X': return (n < 0 ? '-' : '') + (flags.sharp ? '0X' : '') + Math.abs(n).toString(16).toUpperCase();
      case 'o': return (flags.sharp ? '0' : '') + n.toString(8);
      case 'b': return n.toString(2);
      case 'c': return String.fromCodePoint(n);
      case 'q': return `'${String.fromCodePoint(n)}'`;
      default: return bad();
    }
  }
  if (typeof arg === 'number') {
    switch (verb) {
      case 'v':
      case 'g':
      case 'G': return signed(formatFloat(arg, verb === 'G' ? 'G' : 'g', precision ?? -1));
      case 'e':
      case 'E': return signed(formatFloat(arg, verb, precision ?? 6));
      case 'f':
      case 'F': return signed(formatFloat(arg, 'f', precision ?? 6));
      default: return bad();
    }
  }
  if (typeof arg === 'string') {
    const text = precision !== undefined ? [...arg].slice(0, precision).join('') : arg;
    switch (verb) {
      case 's':
      case 'v': return text;
      case 'q': return goQuote(text);
      case 'x': return hex(text);
      case 'X': return hex(text).toUpperCase();
      default: return bad();
    }
  }
  if (typeof arg === 'boolean') return verb === 't' || verb === 'v' ? String(arg) : bad();
  if (verb === 'v' || (verb === 's' && (arg instanceof GoTime || arg instanceof GoDuration))) return printValue(arg);
  if (verb === 'd' && arg instanceof GoDuration) return String(Math.round(arg.seconds * 1e9));
  return bad();
}

function hex(text: string): string {
  return [...new TextEncoder().encode(text)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
