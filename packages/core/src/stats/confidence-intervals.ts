import { chiSquareQuantile, normalQuantile, studentTQuantile } from './distributions';
import { type Accessor, checkConfidence, collect, describeValue, type MaybeNumber } from './values';
import { deviationOf, meanOf, spreadOf } from './variance';

/** A two-sided confidence interval: `[lower, upper]` around `estimate` at level `confidence`. */
export interface ConfidenceInterval {
  /** Lower bound. */
  readonly lower: number;
  /** Upper bound. */
  readonly upper: number;
  /** The point estimate the interval is built around (mean, proportion or count). */
  readonly estimate: number;
  /** The confidence level, e.g. 0.95. */
  readonly confidence: number;
}

/** Options of the interval functions. */
export interface IntervalOptions {
  /** Two-sided confidence level strictly between 0 and 1; default 0.95. */
  readonly confidence?: number;
}

function level(fn: string, options: IntervalOptions | undefined): number {
  return checkConfidence(fn, options?.confidence ?? 0.95);
}

/**
 * Student t confidence interval for the mean: `mean ± t(1−α/2, n−1) · s / √n`, with `s` the
 * sample standard deviation (n−1) and α = 1 − confidence. Assumes independent values from a
 * roughly normal population (or n large enough for the central limit theorem). Missing values
 * are skipped; `undefined` for fewer than two values. With zero spread the interval is the mean.
 */
export function meanConfidenceInterval(
  values: Iterable<MaybeNumber>,
  options?: IntervalOptions,
): ConfidenceInterval | undefined;
export function meanConfidenceInterval<T>(
  values: Iterable<T>,
  options: IntervalOptions | undefined,
  valueof: Accessor<T>,
): ConfidenceInterval | undefined;
export function meanConfidenceInterval<T>(
  values: Iterable<T>,
  options?: IntervalOptions,
  valueof?: Accessor<T>,
): ConfidenceInterval | undefined {
  const confidence = level('meanConfidenceInterval', options);
  return meanIntervalOf(collect('meanConfidenceInterval', values, valueof), confidence);
}

/**
 * `meanConfidenceInterval` of a Float64Array without missing values, at a checked level
 * (internal: the engine's values are already screened, so it skips the policy's copy).
 */
export function meanIntervalOf(x: Float64Array, confidence = 0.95): ConfidenceInterval | undefined {
  const n = x.length;
  if (n < 2) return undefined;
  const m = meanOf(x);
  const standardError = deviationOf(x, m, spreadOf(x)) / Math.sqrt(n);
  const margin = studentTQuantile(1 - (1 - confidence) / 2, n - 1) * standardError;
  return { lower: m - margin, upper: m + margin, estimate: m, confidence };
}

function checkCount(fn: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`${fn}: ${field} is ${describeValue(value)}; expected a whole number ≥ 0`);
  }
  return value;
}

/**
 * Wilson score interval for a proportion `successes / trials` (Wilson 1927):
 * `(p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n)` with z the normal quantile at
 * 1 − α/2. Stays inside [0, 1] and behaves well at 0 and n successes, unlike the Wald
 * interval. `undefined` when `trials` is 0. Throws a `RangeError` unless
 * 0 ≤ successes ≤ trials are whole numbers.
 */
export function wilsonInterval(
  successes: number,
  trials: number,
  options?: IntervalOptions,
): ConfidenceInterval | undefined {
  const confidence = level('wilsonInterval', options);
  const k = checkCount('wilsonInterval', 'successes', successes);
  const n = checkCount('wilsonInterval', 'trials', trials);
  if (k > n) {
    throw new RangeError(
      `wilsonInterval: successes is ${k} but trials is ${n}; successes cannot exceed trials`,
    );
  }
  if (n === 0) return undefined;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = k / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return {
    lower: k === 0 ? 0 : Math.max(0, centre - half),
    upper: k === n ? 1 : Math.min(1, centre + half),
    estimate: p,
    confidence,
  };
}

/** Options of `poissonInterval`. */
export interface PoissonIntervalOptions extends IntervalOptions {
  /** Exposure the count was observed over (e.g. 12 months, 1000 devices); bounds are divided by it. Default 1. */
  readonly exposure?: number;
}

/**
 * Exact (Garwood 1936) interval for a Poisson count k: lower = χ²(α/2; 2k)/2 (0 when k = 0),
 * upper = χ²(1−α/2; 2k+2)/2, i.e. the Gamma(k) and Gamma(k+1) quantiles. Guarantees at least
 * the stated coverage. With `exposure` the bounds and estimate are rates `k / exposure`.
 * Throws a `RangeError` unless `count` is a whole number ≥ 0 and `exposure` > 0.
 */
export function poissonInterval(count: number, options?: PoissonIntervalOptions): ConfidenceInterval {
  const confidence = level('poissonInterval', options);
  const k = checkCount('poissonInterval', 'count', count);
  const exposure = options?.exposure ?? 1;
  if (typeof exposure !== 'number' || !(exposure > 0) || !Number.isFinite(exposure)) {
    throw new RangeError(
      `poissonInterval: options.exposure is ${describeValue(exposure)}; expected a finite number greater than 0`,
    );
  }
  const alpha = 1 - confidence;
  const lower = k === 0 ? 0 : chiSquareQuantile(alpha / 2, 2 * k) / 2;
  const upper = chiSquareQuantile(alpha / 2, 2 * k + 2, true) / 2;
  return { lower: lower / exposure, upper: upper / exposure, estimate: k / exposure, confidence };
}
