import { NeumaierSum } from './sum';
import { type Accessor, collect, type MaybeNumber } from './values';

/**
 * Sum of squared deviations from the mean of `x[0..n)`, by the corrected two-pass algorithm
 * (Chan, Golub & LeVeque 1983): `Σ(x−m)² − (Σ(x−m))²/n` with `m` the compensated mean.
 * The second term removes the error left in `m`; this is what keeps NIST NumAcc4 accurate.
 */
export function sumOfSquaredDeviations(x: Float64Array, mean: number): number {
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i]! - mean;
    s1 += d;
    s2 += d * d;
  }
  return s2 - (s1 * s1) / x.length;
}

/**
 * Sample standard deviation from `x` and its mean, safe at every magnitude: when the spread
 * is so small that squared deviations underflow (below ~1e-150) or so large that they
 * overflow, the deviations are divided by the spread first and the result scaled back.
 */
export function deviationOf(x: Float64Array, mean: number, spread: number): number {
  const n = x.length;
  if (spread > 1e-140 && spread < 1e140) {
    const ss = sumOfSquaredDeviations(x, mean);
    return ss > 0 ? Math.sqrt(ss / (n - 1)) : Number.isNaN(ss) ? ss : 0;
  }
  if (!(spread > 0) || !Number.isFinite(spread)) {
    const ss = sumOfSquaredDeviations(x, mean);
    return ss > 0 ? Math.sqrt(ss / (n - 1)) : Number.isNaN(ss) ? ss : 0;
  }
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const d = (x[i]! - mean) / spread;
    s1 += d;
    s2 += d * d;
  }
  const ss = s2 - (s1 * s1) / n;
  return ss > 0 ? spread * Math.sqrt(ss / (n - 1)) : 0;
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
  return acc.value() / x.length;
}

/**
 * Sample variance, `Σ(x−mean)² / (n−1)` (the n−1 "Bessel" denominator, like PostgreSQL
 * `var_samp`), computed with the corrected two-pass algorithm; `undefined` for fewer than
 * two values. Never negative.
 */
export function variance(values: Iterable<MaybeNumber>): number | undefined;
export function variance<T>(values: Iterable<T>, valueof: Accessor<T>): number | undefined;
export function variance<T>(values: Iterable<T>, valueof?: Accessor<T>): number | undefined {
  return varianceOf(collect('variance', values, valueof));
}

/** Sample variance of a Float64Array with no missing values; `undefined` below two values. */
export function varianceOf(x: Float64Array): number | undefined {
  if (x.length < 2) return undefined;
  const ss = sumOfSquaredDeviations(x, meanOf(x));
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
