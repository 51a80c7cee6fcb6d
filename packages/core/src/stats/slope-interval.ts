import type { ConfidenceInterval, IntervalOptions } from './confidence-intervals';
import { studentTQuantile } from './distributions';
import { centredSums } from './linear-regression';
import { type Accessor, checkConfidence, collectPairs } from './values';
import { meanOf } from './variance';

/**
 * Student t confidence interval for the least-squares slope of y on x (see `linearRegression`):
 * `slope ± t(1−α/2, n−2) · √(SSE / (n−2) / Σ(x−x̄)²)`, with SSE the sum of squared residuals
 * (summed from the residuals themselves, not as `Syy − Sxy²/Sxx`, so a near-perfect fit keeps
 * its digits). Assumes independent normal errors of constant variance. `[x, y]` pairs or
 * accessors; a pair with a missing side is skipped. `undefined` for fewer than three pairs or
 * when all x are equal. The estimate is the slope.
 *
 * @example slopeConfidenceInterval([[0, 1], [1, 3], [2, 5]]) // { lower: 2, upper: 2, estimate: 2, confidence: 0.95 }
 */
export function slopeConfidenceInterval(
  points: Iterable<readonly [number | null | undefined, number | null | undefined]>,
  options?: IntervalOptions,
): ConfidenceInterval | undefined;
export function slopeConfidenceInterval<T>(
  data: Iterable<T>,
  options: IntervalOptions | undefined,
  x: Accessor<T>,
  y: Accessor<T>,
): ConfidenceInterval | undefined;
export function slopeConfidenceInterval<T>(
  data: Iterable<T>,
  options?: IntervalOptions,
  x?: Accessor<T>,
  y?: Accessor<T>,
): ConfidenceInterval | undefined {
  const confidence = checkConfidence('slopeConfidenceInterval', options?.confidence ?? 0.95);
  const { xs, ys } = collectPairs('slopeConfidenceInterval', data, x, y);
  const n = xs.length;
  if (n < 3) return undefined;
  const mx = meanOf(xs);
  const my = meanOf(ys);
  const { sxx, sxy, scaleX, scaleY } = centredSums(xs, ys, mx, my);
  if (!(sxx > 0)) return undefined;
  const scaledSlope = sxy / sxx;
  // Residuals about the fitted line; their mean (0 in exact arithmetic, not when the rounded
  // means are off) is removed the same way as in `centredSums`.
  let sr = 0;
  let sse = 0;
  for (let i = 0; i < n; i++) {
    const r = (ys[i]! - my) / scaleY - (scaledSlope * (xs[i]! - mx)) / scaleX;
    sr += r;
    sse += r * r;
  }
  sse = Math.max(0, sse - (sr * sr) / n);
  const estimate = (scaledSlope * scaleY) / scaleX;
  const standardError = (scaleY * Math.sqrt(sse / (n - 2) / sxx)) / scaleX;
  const margin = studentTQuantile(1 - (1 - confidence) / 2, n - 2) * standardError;
  return { lower: estimate - margin, upper: estimate + margin, estimate, confidence };
}
