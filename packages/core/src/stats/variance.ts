import { NeumaierSum } from './sum';
import { type Accessor, collect, type MaybeNumber } from './values';

/** Spreads (largest − smallest) between these bounds are summed as they are; others are rescaled first. */
const SAFE_SPREAD_LOW = 1e-140;
const SAFE_SPREAD_HIGH = 1e140;

/**
 * Sum of squared deviations from the mean of `x[0..n)`, by the corrected two-pass algorithm
 * (Chan, Golub & LeVeque 1983): `Σ(x−m)² − (Σ(x−m))²/n` with `m` the compensated mean.
 * The second term removes the error left in `m`; this is what keeps NIST NumAcc4 accurate.
 * `Σ(x−m)²` is itself a compensated (2Sum) sum: on large sets with many equal values the plain
 * sum's rounding errors do not cancel (they all lean the same way), the compensated one's do.
 */
export function sumOfSquaredDeviations(x: Float64Array, mean: number): number {
  let s1 = 0;
  let s2 = 0;
  let e2 = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i]! - mean;
    s1 += d;
    const q = d * d;
    const t = s2 + q;
    const bv = t - s2;
    e2 += s2 - (t - bv) + (q - bv);
    s2 = t;
  }
  return (Number.isFinite(s2) ? s2 + e2 : s2) - (s1 * s1) / x.length;
}

/**
 * Sample standard deviation from `x` and its mean, safe at every magnitude: when the spread
 * is so small that squared deviations underflow (below ~1e-140) or so large that they
 * overflow (above ~1e140, including spreads past the double range such as `[-1.7e308, 1.7e308]`),
 * the deviations are divided by the spread first and the result scaled back. The result is
 * Infinity only when the exact deviation lies past the double range; NaN when a value is infinite.
 */
export function deviationOf(x: Float64Array, mean: number, spread: number): number {
  const n = x.length;
  const finite = Number.isFinite(mean);
  if ((spread > SAFE_SPREAD_LOW && spread < SAFE_SPREAD_HIGH) || !(spread > 0) || !finite) {
    const ss = sumOfSquaredDeviations(x, mean);
    return ss > 0 ? Math.sqrt(ss / (n - 1)) : Number.isNaN(ss) ? ss : 0;
  }
  // Halves: x/2 − mean/2 never overflows, and halving numbers this large is exact.
  const half = spread < SAFE_SPREAD_HIGH ? spread : halfSpreadOf(x);
  const m = spread < SAFE_SPREAD_HIGH ? mean : mean * 0.5;
  const k = spread < SAFE_SPREAD_HIGH ? 1 : 0.5;
  let s1 = 0;
  let s2 = 0;
  let e2 = 0;
  for (let i = 0; i < n; i++) {
    const d = (x[i]! * k - m) / half;
    s1 += d;
    const q = d * d;
    const t = s2 + q;
    const bv = t - s2;
    e2 += s2 - (t - bv) + (q - bv);
    s2 = t;
  }
  const ss = s2 + e2 - (s1 * s1) / n;
  if (!(ss > 0)) return 0;
  const root = Math.sqrt(ss / (n - 1));
  return spread < SAFE_SPREAD_HIGH ? half * root : half * (2 * root);
}

/** (largest − smallest) / 2 of finite values, computed without overflow. */
function halfSpreadOf(x: Float64Array): number {
  let lo = x[0]!;
  let hi = lo;
  for (let i = 1; i < x.length; i++) {
    const v = x[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi * 0.5 - lo * 0.5;
}

/** Largest minus smallest value of a non-empty Float64Array. */
export function spreadOf(x: Float64Array): number {
  let lo = x[0]!;
  let hi = lo;
  for (let i = 1; i < x.length; i++) {
    const v = x[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi - lo;
}

/** Compensated mean of a Float64Array with no missing values (internal helper). */
export function meanOf(x: Float64Array): number {
  const acc = new NeumaierSum();
  for (let i = 0; i < x.length; i++) acc.add(x[i]!);
  return acc.mean(x.length);
}

/**
 * Sample variance, `Σ(x−mean)² / (n−1)` (the n−1 "Bessel" denominator, like PostgreSQL
 * `var_samp`), computed with the corrected two-pass algorithm; `undefined` for fewer than
 * two values. Never negative. When the exact variance lies past the double range (e.g.
 * `variance([1e308, 1.5e308])` = 1.25e615) the result is Infinity, the nearest double; PostgreSQL's
 * float8 `var_samp` raises "value out of range" there and its NUMERIC `var_samp` gives the digits.
 */
export function variance(values: Iterable<MaybeNumber>): number | undefined;
export function variance<T>(values: Iterable<T>, valueof: Accessor<T>): number | undefined;
export function variance<T>(values: Iterable<T>, valueof?: Accessor<T>): number | undefined {
  return varianceOf(collect('variance', values, valueof));
}

/** Sample variance of a Float64Array with no missing values; `undefined` below two values. */
export function varianceOf(x: Float64Array): number | undefined {
  if (x.length < 2) return undefined;
  const mean = meanOf(x);
  const spread = spreadOf(x);
  if (Number.isFinite(mean) && spread > 0 && !(spread > SAFE_SPREAD_LOW && spread < SAFE_SPREAD_HIGH)) {
    // Squares of such deviations underflow or overflow: square the rescaled deviation instead.
    const sd = deviationOf(x, mean, spread);
    return sd * sd;
  }
  const ss = sumOfSquaredDeviations(x, mean);
  return ss > 0 ? ss / (x.length - 1) : !Number.isNaN(ss) ? 0 : ss;
}

/** Sample standard deviation of a Float64Array with no missing values; `undefined` below two values. */
export function deviationOfValues(x: Float64Array): number | undefined {
  if (x.length < 2) return undefined;
  return deviationOf(x, meanOf(x), spreadOf(x));
}

/**
 * Sample standard deviation, the square root of `variance` (n−1 denominator, like PostgreSQL
 * `stddev_samp`); `undefined` for fewer than two values. Deviations are rescaled when their
 * squares would underflow or overflow, so tiny (subnormal) and huge values keep their digits.
 */
export function deviation(values: Iterable<MaybeNumber>): number | undefined;
export function deviation<T>(values: Iterable<T>, valueof: Accessor<T>): number | undefined;
export function deviation<T>(values: Iterable<T>, valueof?: Accessor<T>): number | undefined {
  return deviationOfValues(collect('deviation', values, valueof));
}
