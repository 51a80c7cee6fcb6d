/**
 * Exact decimal text of doubles, for PostgreSQL NUMERIC references (test-only): every double is a
 * finite decimal, so `avg(d)`, `stddev_samp(d)` and `round(d)` over these texts are exact to the
 * digits NUMERIC keeps (at least 16 significant).
 */

/** The exact decimal expansion of a finite double, e.g. `0.1` → `0.1000000000000000055511151231257827…`. */
export function exactDecimal(v: number): string {
  if (v === 0) return '0';
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n ? '-' : '';
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  let exponent = -1074;
  if (biased !== 0) {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  if (exponent >= 0) return sign + (mantissa << BigInt(exponent)).toString();
  // mantissa / 2^k = mantissa · 5^k / 10^k
  const k = -exponent;
  const digits = (mantissa * 5n ** BigInt(k)).toString().padStart(k + 1, '0');
  return `${sign}${digits.slice(0, digits.length - k)}.${digits.slice(digits.length - k)}`;
}

/** A PostgreSQL NUMERIC array literal holding the exact values of the doubles; missing → NULL. */
export function numericArray(values: readonly (number | null | undefined)[]): string {
  return `{${values.map((v) => (v == null || Number.isNaN(v) ? 'NULL' : exactDecimal(v))).join(',')}}`;
}
