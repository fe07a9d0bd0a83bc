/*
 * How the results view writes a sample value: as Prometheus' own UI writes numbers for reading, with
 * a few significant digits (0.0606, 1.23e+9), while the exact value Prometheus sent stays in the
 * cell's hover and in what is copied.
 */

/** Significant digits shown. */
const DIGITS = 6;

/** A sample value (Prometheus sends it as a string: "0.060606060606060606061", "NaN", "+Inf") for reading. */
export function readableValue(exact: string): string {
  const n = Number(exact);
  if (exact.trim() === '' || Number.isNaN(n)) return exact;
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  const abs = Math.abs(n);
  if (Number.isInteger(n) && abs < 1e15) return String(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e15)) return n.toExponential(DIGITS - 1).replace(/\.?0+e/, 'e');
  return String(Number(n.toPrecision(DIGITS)));
}
