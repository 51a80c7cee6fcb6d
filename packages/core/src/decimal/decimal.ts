/**
 * Rounds to `scale` decimal places, half away from zero, on the number's shortest decimal form
 * (`String(x)`) — what PostgreSQL does when the driver sends `String(x)` into a NUMERIC(p, scale)
 * column or `round(x::numeric, scale)` is called. So `roundDecimal(1.005, 2)` is 1.01 (the binary
 * double is 1.00499999..., but it is written and stored as 1.005). `scale` may be negative
 * (`roundDecimal(1234, -2)` is 1200). Never returns -0. Non-finite input is returned unchanged.
 */
export function roundDecimal(x: number, scale: number): number {
  if (!Number.isFinite(x)) return x;
  if (x === 0) return 0;
  if (!Number.isInteger(scale)) throw new RangeError(`roundDecimal: scale must be an integer, got ${scale}`);
  if (scale >= 0 && scale <= 15) {
    // Fast path: when |x|·10^scale is small and its fraction is clearly away from .5, rounding the binary
    // value and the decimal form agree, and n / 10^scale is the double nearest to the decimal result.
    const factor = 10 ** scale;
    const scaled = Math.abs(x) * factor;
    if (scaled < 1e9) {
      const fraction = scaled - Math.floor(scaled);
      if (Math.abs(fraction - 0.5) > 1e-6) {
        const result = Math.round(scaled) / factor;
        return result === 0 ? 0 : x < 0 ? -result : result;
      }
    }
  }
  const negative = x < 0;
  const text = String(Math.abs(x));
  const [mantissa = '', exponentText] = text.split('e');
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  const dot = mantissa.indexOf('.');
  const digits = (dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1))
    .split('')
    .map(Number);
  // Position of the decimal point within `digits` (digits before the point).
  const point = (dot < 0 ? mantissa.length : dot) + exponent;
  const keep = point + scale; // number of leading digits kept
  if (keep >= digits.length) return x; // already at most `scale` decimals
  if (keep < 0) return 0;
  const roundUp = (digits[keep] as number) >= 5;
  const kept = digits.slice(0, keep);
  let carry = roundUp ? 1 : 0;
  for (let i = kept.length - 1; i >= 0 && carry; i--) {
    const d = (kept[i] as number) + carry;
    kept[i] = d % 10;
    carry = d >= 10 ? 1 : 0;
  }
  if (carry) kept.unshift(1);
  if (kept.length === 0) return 0;
  // The kept digits form an integer whose last digit sits at 10^(-scale).
  const result = Number(`${kept.join('')}e${-scale}`);
  return negative && result !== 0 ? -result : result;
}

/** Largest absolute value a DECIMAL(precision, scale) column accepts, e.g. 999.99 for DECIMAL(5,2). */
export function decimalLimit(precision: number, scale: number): number {
  return roundDecimal(10 ** (precision - scale) - 10 ** -scale, scale);
}

/**
 * Whether `x` lies so near a rounding tie at `scale` decimals (…5 in the next digit) that the
 * rounding errors of computing it could put it on the wrong side: then the caller decides on
 * exact values ({@link roundMeanExactly}).
 */
export function nearDecimalTie(x: number, scale: number): boolean {
  const scaled = Math.abs(x) * 10 ** scale;
  const fraction = scaled - Math.floor(scaled);
  return Math.abs(fraction - 0.5) <= 1e-9 * Math.max(1, scaled);
}

/** 2^1074: every finite double is an integer multiple of 2^-1074. */
const DOUBLE_GRID = 1n << 1074n;

/** A finite double as an exact integer count of 2^-1074. */
function exactUnits(v: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  const biased = (bits >> 52n) & 0x7ffn;
  let mantissa = bits & ((1n << 52n) - 1n);
  let shift = 0n;
  if (biased !== 0n) {
    mantissa |= 1n << 52n;
    shift = biased - 1n;
  }
  const units = mantissa << shift;
  return bits >> 63n ? -units : units;
}

/**
 * The mean of finite `values` rounded to `scale` (≥ 0) decimals, half away from zero, decided on
 * the exact rational mean of the doubles (BigInt arithmetic), not on a rounded double: the mean
 * of 47/32, 2/5 and 1 is 0.95625000000000000740… exactly, so 0.9563 at scale 4, where the double
 * mean (0.9562499999999999) would round down. This is what PostgreSQL's NUMERIC `round(avg(x), s)`
 * gives on the values' exact decimals. Costs a few BigInt operations per value: used only when
 * {@link nearDecimalTie} says the double result is too close to call.
 */
export function roundMeanExactly(values: ArrayLike<number>, scale: number): number {
  if (values.length === 0)
    throw new RangeError('roundMeanExactly: values is empty; allowed: at least one finite number');
  if (!Number.isInteger(scale) || scale < 0) {
    throw new RangeError(`roundMeanExactly: scale is ${scale}; allowed: an integer ≥ 0`);
  }
  let total = 0n;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v))
      throw new RangeError(`roundMeanExactly: a value is ${v}; allowed: finite numbers`);
    total += exactUnits(v);
  }
  const negative = total < 0n;
  const numerator = (negative ? -total : total) * 10n ** BigInt(scale);
  const denominator = BigInt(values.length) * DOUBLE_GRID;
  let quotient = numerator / denominator;
  if (2n * (numerator % denominator) >= denominator) quotient += 1n;
  const result = Number(`${quotient}e-${scale}`);
  return negative && result !== 0 ? -result : result;
}
