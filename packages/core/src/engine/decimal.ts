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
