import { normalSurvival } from './distributions';
import { quantilesOf } from './quantile';
import { type Accessor, checkProbability, type MaybeNumber, notANumber } from './values';

/** Direction found by the Mann–Kendall test at the chosen significance level. */
export type MannKendallTrend = 'increasing' | 'decreasing' | 'none';

/** Result of `mannKendall`. */
export interface MannKendallResult {
  /** Number of values used (missing ones skipped). */
  readonly count: number;
  /** Kendall's S = Σ_{i<j} sign(x_j − x_i): positive when later values tend to be larger. */
  readonly s: number;
  /** Variance of S under "no trend", corrected for ties: [n(n−1)(2n+5) − Σ t(t−1)(2t+5)] / 18. */
  readonly variance: number;
  /** Normal score with continuity correction: (S−1)/√var if S > 0, (S+1)/√var if S < 0, else 0. */
  readonly z: number;
  /** Two-sided p-value, 2·(1 − Φ(|z|)). */
  readonly pValue: number;
  /** Kendall's tau-a, S / (n(n−1)/2), in [−1, 1]. */
  readonly tau: number;
  /** Sen's slope: the median (type 7) of (x_j − x_i)/(j − i) over all pairs i < j, per position step. */
  readonly senSlope: number;
  /** 'increasing' / 'decreasing' when pValue < alpha (by the sign of S), otherwise 'none'. */
  readonly trend: MannKendallTrend;
}

/** Options of `mannKendall`. */
export interface MannKendallOptions {
  /** Significance level for `trend`, strictly between 0 and 1; default 0.05. */
  readonly alpha?: number;
}

/** Largest series `mannKendall` accepts: it compares every pair (n²/2 slopes in memory). */
export const MANN_KENDALL_MAX_VALUES = 4096;

/**
 * Mann–Kendall trend test (Mann 1945, Kendall 1975) with Sen's slope (Sen 1968), for a series
 * given in time order at equal steps. Missing values are skipped but keep their position, so
 * Sen's slope is per step of the original series. The p-value uses the normal approximation
 * with continuity correction and the tie-corrected variance (reliable from about 10 values;
 * with fewer the test rarely reaches significance, which reads as 'none'). `undefined` for
 * fewer than 3 values. Throws a `RangeError` above `MANN_KENDALL_MAX_VALUES` values.
 */
export function mannKendall(
  values: Iterable<MaybeNumber>,
  options?: MannKendallOptions,
): MannKendallResult | undefined;
export function mannKendall<T>(
  values: Iterable<T>,
  options: MannKendallOptions | undefined,
  valueof: Accessor<T>,
): MannKendallResult | undefined;
export function mannKendall<T>(
  values: Iterable<T>,
  options?: MannKendallOptions,
  valueof?: Accessor<T>,
): MannKendallResult | undefined {
  const alpha = options?.alpha ?? 0.05;
  checkProbability('mannKendall', 'options.alpha', alpha);
  if (alpha === 0 || alpha === 1)
    checkProbability('mannKendall', 'options.alpha (strictly inside)', Number.NaN);
  const xs: number[] = [];
  const ts: number[] = [];
  let i = -1;
  for (const d of values) {
    i++;
    const v = valueof === undefined ? (d as unknown) : valueof(d, i, values);
    if (typeof v === 'number') {
      if (!Number.isNaN(v)) {
        xs.push(v);
        ts.push(i);
      }
    } else if (v != null) notANumber('mannKendall', i, v);
  }
  const n = xs.length;
  if (n < 3) return undefined;
  if (n > MANN_KENDALL_MAX_VALUES) {
    throw new RangeError(
      `mannKendall: the series has ${n} values; at most ${MANN_KENDALL_MAX_VALUES} are supported (every pair is compared)`,
    );
  }
  let s = 0;
  const slopes = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  for (let a = 0; a < n - 1; a++) {
    const xa = xs[a]!;
    const ta = ts[a]!;
    for (let b = a + 1; b < n; b++) {
      const diff = xs[b]! - xa;
      s += diff > 0 ? 1 : diff < 0 ? -1 : 0;
      slopes[k++] = diff / (ts[b]! - ta);
    }
  }
  const sorted = xs.slice().sort((p, q) => p - q);
  let tieTerm = 0;
  for (let a = 0; a < n; ) {
    let b = a + 1;
    while (b < n && sorted[b] === sorted[a]) b++;
    const t = b - a;
    if (t > 1) tieTerm += t * (t - 1) * (2 * t + 5);
    a = b;
  }
  const variance = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
  const z =
    variance > 0 ? (s > 0 ? (s - 1) / Math.sqrt(variance) : s < 0 ? (s + 1) / Math.sqrt(variance) : 0) : 0;
  const pValue = Math.min(1, 2 * normalSurvival(Math.abs(z)));
  const finiteSlopes = slopes.filter((v) => !Number.isNaN(v));
  const senSlope = quantilesOf(finiteSlopes, [0.5])[0] ?? Number.NaN;
  const trend: MannKendallTrend = pValue < alpha ? (s > 0 ? 'increasing' : 'decreasing') : 'none';
  return { count: n, s, variance, z, pValue, tau: s / ((n * (n - 1)) / 2), senSlope, trend };
}
